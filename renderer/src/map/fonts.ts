/**
 * Noto Sans SC, shipped with the app (from @fontsource, bundled by Vite): one woff2 file per
 * unicode-range subset and weight, so only the subsets a text actually uses are ever loaded.
 *
 * The same files serve both the UI (registered with the CSS Font Loading API) and the map labels
 * (the style's `font-faces`, which MapLibre rasterizes locally: no glyph server, no network).
 */
import type { FontFacesSpecification } from 'maplibre-gl';
import unicodeRanges from '@fontsource/noto-sans-sc/unicode.json';

// `no-inline`: MapLibre fetches the files, and the CSP's connect-src does not allow data: URLs.
const regular = import.meta.glob<string>(
  '../../../node_modules/@fontsource/noto-sans-sc/files/*-400-normal.woff2',
  {
    query: '?no-inline',
    import: 'default',
    eager: true,
  },
);
const bold = import.meta.glob<string>(
  '../../../node_modules/@fontsource/noto-sans-sc/files/*-700-normal.woff2',
  {
    query: '?no-inline',
    import: 'default',
    eager: true,
  },
);

export const UI_FONT_FAMILY = 'Noto Sans SC';
/** Font names used in the map style's `text-font`. */
export const MAP_FONT_REGULAR = 'Noto Sans SC Regular';
export const MAP_FONT_BOLD = 'Noto Sans SC Bold';

interface FontFile {
  url: string;
  ranges: string[];
}

/** Pairs each file with its subset's unicode-range; '[12]' in unicode.json is the file '…-12-400-normal'. */
function filesOf(urls: Record<string, string>, weight: number): FontFile[] {
  const ranges = unicodeRanges as Record<string, string>;
  const out: FontFile[] = [];
  for (const [path, url] of Object.entries(urls)) {
    const m = new RegExp(`noto-sans-sc-(.+)-${weight}-normal\\.woff2$`).exec(path);
    if (!m?.[1]) continue;
    const subset = /^\d+$/.test(m[1]) ? `[${m[1]}]` : m[1];
    const range = ranges[subset];
    // 'chinese-simplified' is one big file duplicating the numbered subsets; the subsets load less.
    if (!range) continue;
    out.push({ url, ranges: range.split(',').map((r) => r.trim()) });
  }
  return out;
}

const REGULAR_FILES = filesOf(regular, 400);
const BOLD_FILES = filesOf(bold, 700);

export function mapFontFaces(): FontFacesSpecification {
  const toSpec = (files: FontFile[]) => files.map((f) => ({ url: f.url, 'unicode-range': f.ranges }));
  return { [MAP_FONT_REGULAR]: toSpec(REGULAR_FILES), [MAP_FONT_BOLD]: toSpec(BOLD_FILES) };
}

/**
 * Registers the UI font. Faces added to document.fonts load lazily, per subset, the first time text
 * in their range is laid out, exactly like @font-face rules.
 */
export function registerUiFonts(): void {
  const add = (files: FontFile[], weight: string): void => {
    for (const f of files) {
      const face = new FontFace(UI_FONT_FAMILY, `url("${f.url}") format("woff2")`, {
        weight,
        style: 'normal',
        display: 'swap',
        unicodeRange: f.ranges.join(','),
      });
      document.fonts.add(face);
    }
  };
  add(REGULAR_FILES, '400');
  add(BOLD_FILES, '700');
}
