/**
 * Which reader a file goes to, decided by its bytes (not only its name): a zip (Shapefile parts,
 * or a GeoPackage / GeoJSON / KML inside), a SQLite file (GeoPackage), JSON or XML.
 */
import type { DbfEncoding } from './dbf.ts';
import { TransferError } from './errors.ts';
import { readGeoJson } from './read-geojson.ts';
import { readKml } from './read-kml.ts';
import { readShapefile } from './read-shapefile.ts';
import type { SourceLayer } from './source.ts';

export interface ReadOptions {
  encoding?: DbfEncoding | undefined;
  /** Which layer (Shapefile base name, GeoPackage table) when the file has several. */
  layer?: string | undefined;
  /** GeoPackage needs SQLite, which lives with the host; the backend passes its reader in. */
  readGpkg: (bytes: Uint8Array, name: string, layer: string | undefined) => Promise<SourceLayer>;
}

const startsWith = (b: Uint8Array, sig: number[]): boolean => sig.every((x, i) => b[i] === x);
const SQLITE = [...'SQLite format 3'].map((c) => c.charCodeAt(0));

function firstChar(b: Uint8Array): string {
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  return String.fromCharCode(b[i] ?? 0);
}

const text = (b: Uint8Array): string => new TextDecoder('utf-8').decode(b);
const baseName = (path: string): string => (path.split('/').pop() ?? path).replace(/\.[^.]*$/, '');
const ext = (path: string): string => (/\.([^./]+)$/.exec(path)?.[1] ?? '').toLowerCase();

export async function readSourceFile(
  bytes: Uint8Array,
  fileName: string,
  opts: ReadOptions,
): Promise<SourceLayer> {
  if (!bytes.length) throw new TransferError('unknownFormat', `${fileName} is empty`, { name: fileName });
  if (startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]) || (startsWith(bytes, [0x50, 0x4b]) && bytes.length <= 22))
    throw new TransferError('emptyZip', `${fileName}: the zip file is empty`, { name: fileName });
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return readZip(bytes, fileName, opts);
  if (startsWith(bytes, SQLITE)) return opts.readGpkg(bytes, fileName, opts.layer);
  if (startsWith(bytes, [0x00, 0x00, 0x27, 0x0a]))
    throw new TransferError(
      'missingDbf',
      `${fileName}: a .shp alone has no attributes; zip it with its .dbf, .shx and .prj`,
      {
        name: fileName,
      },
    );
  const c = firstChar(bytes);
  if (c === '{') return readGeoJson(text(bytes), baseName(fileName));
  if (c === '<') return readKml(text(bytes), baseName(fileName));
  throw new TransferError('unknownFormat', `${fileName}: not a Shapefile zip, GeoPackage, GeoJSON or KML`, {
    name: fileName,
  });
}

async function readZip(bytes: Uint8Array, fileName: string, opts: ReadOptions): Promise<SourceLayer> {
  let files: Record<string, Uint8Array>;
  const { unzipSync } = await import('fflate');
  try {
    files = unzipSync(bytes, { filter: (f) => !f.name.startsWith('__MACOSX/') && !f.name.endsWith('/') });
  } catch (e) {
    throw new TransferError(
      'unknownFormat',
      `${fileName}: the zip cannot be opened (${(e as Error).message})`,
      {
        name: fileName,
      },
    );
  }
  const paths = Object.keys(files);
  if (!paths.length)
    throw new TransferError('emptyZip', `${fileName}: the zip file is empty`, { name: fileName });
  const byExt = (e: string): string[] => paths.filter((p) => ext(p) === e);
  const shps = byExt('shp');
  const dbfs = byExt('dbf');
  const bases = [...new Set([...shps, ...dbfs].map((p) => p.replace(/\.[^.]*$/, '')))];
  if (bases.length) {
    const base = bases.find((b) => baseName(b) === opts.layer) ?? (bases[0] as string);
    const part = (e: string): Uint8Array | undefined =>
      files[paths.find((p) => p.replace(/\.[^.]*$/, '') === base && ext(p) === e) ?? ''];
    const prj = part('prj');
    const cpg = part('cpg');
    const layer = await readShapefile(
      {
        name: baseName(base),
        shp: part('shp'),
        dbf: part('dbf'),
        prj: prj ? text(prj) : undefined,
        cpg: cpg ? text(cpg) : undefined,
      },
      opts.encoding,
    );
    return { ...layer, otherLayers: bases.filter((b) => b !== base).map(baseName) };
  }
  const inner = [...byExt('gpkg'), ...byExt('geojson'), ...byExt('json'), ...byExt('kml')][0];
  if (inner) return readSourceFile(files[inner] as Uint8Array, inner, opts);
  throw new TransferError('missingShp', `${fileName}: the zip holds no .shp, .gpkg, .geojson or .kml`, {
    name: fileName,
  });
}
