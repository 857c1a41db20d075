/**
 * The UI's remembered state, stored by the backend (settings.get/set) so it follows the data file
 * rather than one browser profile. Values arrive as untrusted JSON: each parser accepts only sane shapes.
 */
import type { GridLevel } from '../../../shared/grid/types.ts';
import { GRID_LEVELS } from '../../../shared/grid/types.ts';
import { isLocale, type Locale } from '../i18n/i18n.ts';

export const SETTING_LOCALE = 'ui.locale';
export const SETTING_MAP_VIEW = 'map.view';
export const SETTING_MAP_LAYERS = 'map.layers';
/** The heatmap's switch, window, filters and choropleth (renderer/src/heatmap/heat-settings.ts). */
export const SETTING_HEATMAP = 'heatmap.view';

export interface MapView {
  center: [number, number];
  zoom: number;
}

export type LayerVisibility = Record<GridLevel, boolean>;

export const ALL_VISIBLE: LayerVisibility = {
  city: true,
  district: true,
  town: true,
  community: true,
  cell: true,
};

export function parseLocale(v: unknown): Locale | null {
  return isLocale(v) ? v : null;
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

export function parseMapView(v: unknown): MapView | null {
  if (typeof v !== 'object' || v === null) return null;
  const { center, zoom } = v as { center?: unknown; zoom?: unknown };
  if (!Array.isArray(center) || center.length !== 2) return null;
  const [lng, lat] = center as unknown[];
  if (!finite(lng) || !finite(lat) || !finite(zoom)) return null;
  if (Math.abs(lng) > 180 || Math.abs(lat) > 85 || zoom < 0 || zoom > 24) return null;
  return { center: [lng, lat], zoom };
}

/** Unknown levels and non-boolean values are ignored; a level not mentioned stays visible. */
export function parseLayerVisibility(v: unknown): LayerVisibility {
  const out: LayerVisibility = { ...ALL_VISIBLE };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
  for (const l of GRID_LEVELS) {
    const x = (v as Record<string, unknown>)[l];
    if (typeof x === 'boolean') out[l] = x;
  }
  return out;
}
