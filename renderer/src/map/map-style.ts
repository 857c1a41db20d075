/**
 * The map style, built from the data and the level looks. Pure (no map instance), so the same
 * function serves the first render and later rescaling for the video wall.
 */
import type { FeatureCollection } from 'geojson';
import type {
  ExpressionSpecification,
  FontFacesSpecification,
  LayerSpecification,
  StyleSpecification,
} from 'maplibre-gl';
import type { ResponseOf } from '../../../shared/api/contract.ts';
import { GRID_LEVELS, type GridLevel } from '../../../shared/grid/types.ts';
import {
  LABEL_HALO,
  LEVEL_LOOK,
  MAP_BACKGROUND,
  SELECTED_FILL,
  SELECTED_GLOW,
  SELECTED_LINE,
  type Stops,
} from './levels.ts';
import { MAP_FONT_BOLD, MAP_FONT_REGULAR } from './fonts.ts';

export const sourceId = (l: GridLevel): string => `grid-${l}`;
export const labelSourceId = (l: GridLevel): string => `labels-${l}`;
export const fillLayerId = (l: GridLevel): string => `fill-${l}`;
const lineLayerId = (l: GridLevel): string => `line-${l}`;
const glowLayerId = (l: GridLevel): string => `glow-${l}`;
/** The source holding only the selected unit, when the selection is drawn from its own source. */
export const SELECTION_SOURCE = 'selection';

/**
 * How the selection outline is drawn. 'feature-state': an outline layer per level over the whole
 * level, shown by feature-state (many units can be selected: the editor). 'source': one outline over
 * a small source holding just the selected unit, so no extra full-size line bucket per level is
 * tiled and uploaded to the GPU (the operator map, where one unit is selected at a time).
 */
export type SelectionDrawing = 'feature-state' | 'source';
const labelLayerId = (l: GridLevel): string => `label-${l}`;

/** The layers a level's visibility toggle shows and hides. The selection outline stays visible. */
export function toggledLayerIds(l: GridLevel): string[] {
  return [fillLayerId(l), lineLayerId(l), glowLayerId(l), labelLayerId(l)];
}

export interface MapData {
  levels: readonly GridLevel[];
  layers: Partial<Record<GridLevel, ResponseOf<'grid.layer'>>>;
  labels: Partial<Record<GridLevel, ResponseOf<'grid.labels'>>>;
}

export function byZoom(stops: Stops, scale = 1): ExpressionSpecification | number {
  if (stops.length === 1) return stops[0]![1] * scale;
  const flat = stops.flatMap(([z, v]) => [z, v * scale]);
  return ['interpolate', ['linear'], ['zoom'], ...flat] as ExpressionSpecification;
}

const state = (name: 'selected' | 'hover'): ExpressionSpecification => [
  'boolean',
  ['feature-state', name],
  false,
];

/** Style layers in drawing order: fills coarse → fine, outlines fine → coarse, selection, labels. */
export function buildLayers(
  levels: readonly GridLevel[],
  scale: number,
  visible: (l: GridLevel) => boolean = () => true,
  selection: SelectionDrawing = 'feature-state',
): LayerSpecification[] {
  const vis = (l: GridLevel): 'visible' | 'none' => (visible(l) ? 'visible' : 'none');
  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': MAP_BACKGROUND } },
  ];
  for (const l of levels) {
    const look = LEVEL_LOOK[l];
    layers.push({
      id: fillLayerId(l),
      type: 'fill',
      source: sourceId(l),
      minzoom: look.minZoom,
      layout: { visibility: vis(l) },
      paint: {
        'fill-color': [
          'case',
          state('selected'),
          SELECTED_FILL,
          state('hover'),
          SELECTED_FILL,
          look.fill ?? SELECTED_FILL,
        ],
        'fill-opacity': ['case', state('selected'), 0.26, state('hover'), 0.1, look.fillOpacity],
        // The outlines are their own line layers; the fill's 1-px antialiasing outline would be a second
        // shader program to compile and a second pass over every polygon, for nothing visible.
        'fill-antialias': false,
      },
    });
  }
  for (const l of [...levels].reverse()) {
    const look = LEVEL_LOOK[l];
    if (look.glow) {
      layers.push({
        id: glowLayerId(l),
        type: 'line',
        source: sourceId(l),
        layout: { 'line-join': 'round', visibility: vis(l) },
        paint: {
          'line-color': look.line,
          'line-width': byZoom(look.lineWidth, scale * 4),
          'line-blur': byZoom(look.lineWidth, scale * 3),
          'line-opacity': 0.28,
        },
      });
    }
    layers.push({
      id: lineLayerId(l),
      type: 'line',
      source: sourceId(l),
      minzoom: look.minZoom,
      layout:
        look.lineJoin === 'round'
          ? { 'line-join': 'round', 'line-cap': 'round', visibility: vis(l) }
          : { 'line-join': 'miter', visibility: vis(l) },
      paint: {
        'line-color': look.line,
        'line-width': byZoom(look.lineWidth, scale),
        'line-opacity': byZoom(look.lineOpacity),
      },
    });
  }
  const outline = (id: string, source: string, opacity: 'state' | 'always'): LayerSpecification[] => [
    {
      id: `selected-glow-${id}`,
      type: 'line',
      source,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': SELECTED_GLOW,
        'line-width': 10 * scale,
        'line-blur': 6 * scale,
        'line-opacity': opacity === 'state' ? ['case', state('selected'), 0.75, 0] : 0.75,
      },
    },
    {
      id: `selected-line-${id}`,
      type: 'line',
      source,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': SELECTED_LINE,
        'line-width': 2.6 * scale,
        'line-opacity': opacity === 'state' ? ['case', state('selected'), 1, 0] : 1,
      },
    },
  ];
  if (selection === 'source') layers.push(...outline(SELECTION_SOURCE, SELECTION_SOURCE, 'always'));
  else for (const l of levels) layers.push(...outline(l, sourceId(l), 'state'));
  for (const l of [...levels].reverse()) {
    const { label } = LEVEL_LOOK[l];
    const name: ExpressionSpecification = ['get', 'name'];
    const text: ExpressionSpecification =
      label.codeFromZoom === null
        ? name
        : [
            'step',
            ['zoom'],
            ['format', name, {}],
            label.codeFromZoom,
            ['format', name, {}, '\n', {}, ['get', 'code'], { 'font-scale': 0.8 }],
          ];
    layers.push({
      id: labelLayerId(l),
      type: 'symbol',
      source: labelSourceId(l),
      minzoom: label.minZoom,
      maxzoom: label.maxZoom,
      layout: {
        visibility: vis(l),
        'text-field': text,
        'text-font': [label.bold ? MAP_FONT_BOLD : MAP_FONT_REGULAR],
        'text-size': byZoom(label.size, scale),
        'text-max-width': 8,
        'text-padding': 3 * scale,
        'text-letter-spacing': label.bold ? 0.08 : 0.02,
      },
      paint: {
        'text-color': label.color,
        'text-halo-color': LABEL_HALO,
        'text-halo-width': 1.6 * scale,
        'text-halo-blur': 0.4 * scale,
      },
    });
  }
  return layers;
}

export interface StyleOptions {
  visible?: (l: GridLevel) => boolean;
  selection?: SelectionDrawing;
  /**
   * How far (screen px) the map may simplify the grid's outlines at each zoom (MapLibre's GeoJSON
   * `tolerance`; its default 0.375 when absent). The operator's map takes a coarser one: at the city
   * view it halves the vertices to draw, and an outline is never off by more than that at any zoom.
   * The planner's editor keeps the default, where a gap of a pixel must not be a drawing artefact.
   */
  simplify?: number;
}

export function buildStyle(
  data: MapData,
  fontFaces: FontFacesSpecification,
  scale: number,
  { visible, selection = 'feature-state', simplify }: StyleOptions = {},
): StyleSpecification {
  const sources: StyleSpecification['sources'] = {};
  const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
  // Every level gets its source and layers from the start, empty until its data arrives: the map can
  // then be created before the grid has loaded, and a level loaded later needs no style change.
  for (const l of GRID_LEVELS) {
    // promoteId: feature-state (selection, hover) is keyed by the unit's code.
    sources[sourceId(l)] = {
      type: 'geojson',
      data: data.layers[l] ?? empty,
      promoteId: 'code',
      ...(simplify !== undefined ? { tolerance: simplify } : {}),
    };
    sources[labelSourceId(l)] = { type: 'geojson', data: data.labels[l] ?? empty };
  }
  if (selection === 'source') sources[SELECTION_SOURCE] = { type: 'geojson', data: empty };
  return {
    version: 8,
    name: 'GeZhi command center',
    // No `glyphs` and no `sprite`: every label is drawn locally from the shipped font files.
    'font-faces': fontFaces,
    sources,
    layers: buildLayers(GRID_LEVELS, scale, visible, selection),
  };
}

/** Line widths and type grow with the screen: a 4K wall at 1:1 pixels needs about twice the size. */
export function screenScale(width: number, height: number): number {
  const s = Math.min(width / 1920, height / 1080);
  return Math.max(1, Math.min(2.2, Math.round(s * 10) / 10));
}
