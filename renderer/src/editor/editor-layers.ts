/**
 * The editor's own layers over the grid style: coverage defects, the highlighted defect, a version
 * comparison, the selection's vertices, the line being drawn and the snap target.
 */
import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl';

export const SRC = {
  defects: 'ed-defects',
  focus: 'ed-focus',
  diff: 'ed-diff',
  vertices: 'ed-vertices',
  draw: 'ed-draw',
  snap: 'ed-snap',
} as const;
export const VERTEX_LAYER = 'ed-vertex';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
export const DEFECT_ERROR = '#ff4d5e';
export const DEFECT_WARNING = '#fbbf24';
/** An accepted warning: still drawn, in a quiet grey-blue, so it is seen but not mistaken for work. */
export const DEFECT_ACCEPTED = '#94a3b8';
export const DIFF_COLORS = { added: '#34d399', removed: '#ff4d5e', reshaped: '#fbbf24', recoded: '#c084fc' };
/** A reshaped unit's outline in the older version. */
export const DIFF_BEFORE = '#f8fafc';

export function overlaySources(): Record<string, SourceSpecification> {
  const out: Record<string, SourceSpecification> = {};
  for (const id of Object.values(SRC)) out[id] = { type: 'geojson', data: EMPTY };
  return out;
}

const severityColor: ExpressionSpecification = [
  'match',
  ['get', 'severity'],
  'error',
  DEFECT_ERROR,
  'accepted',
  DEFECT_ACCEPTED,
  DEFECT_WARNING,
];
const diffColor: ExpressionSpecification = [
  'match',
  ['get', 'change'],
  'added',
  DIFF_COLORS.added,
  'removed',
  DIFF_COLORS.removed,
  'reshaped',
  DIFF_COLORS.reshaped,
  DIFF_COLORS.recoded,
];
const isArea: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
const isPoint: ExpressionSpecification = ['==', ['geometry-type'], 'Point'];

export function overlayLayers(scale: number): LayerSpecification[] {
  return [
    {
      id: 'ed-diff-fill',
      type: 'fill',
      source: SRC.diff,
      filter: ['==', ['get', 'fill'], 1],
      paint: { 'fill-color': diffColor, 'fill-opacity': 0.4 },
    },
    {
      id: 'ed-diff-line',
      type: 'line',
      source: SRC.diff,
      filter: ['!=', ['get', 'change'], 'before'],
      paint: { 'line-color': diffColor, 'line-width': 2 * scale },
    },
    {
      // Where a reshaped unit's boundary ran in the older version, dashed over the newer outline.
      id: 'ed-diff-before',
      type: 'line',
      source: SRC.diff,
      filter: ['==', ['get', 'change'], 'before'],
      paint: {
        'line-color': DIFF_BEFORE,
        'line-width': 1.5 * scale,
        'line-dasharray': [3, 2],
      },
    },
    {
      id: 'ed-defect-fill',
      type: 'fill',
      source: SRC.defects,
      filter: isArea,
      paint: { 'fill-color': severityColor, 'fill-opacity': 0.55 },
    },
    {
      id: 'ed-defect-line',
      type: 'line',
      source: SRC.defects,
      filter: ['!', isPoint],
      paint: { 'line-color': severityColor, 'line-width': 2 * scale },
    },
    {
      id: 'ed-defect-point',
      type: 'circle',
      source: SRC.defects,
      filter: isPoint,
      paint: {
        'circle-color': severityColor,
        'circle-radius': 6 * scale,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5 * scale,
      },
    },
    {
      id: 'ed-focus-line',
      type: 'line',
      source: SRC.focus,
      paint: { 'line-color': '#ffffff', 'line-width': 3 * scale, 'line-dasharray': [2, 1] },
    },
    {
      id: 'ed-focus-point',
      type: 'circle',
      source: SRC.focus,
      filter: isPoint,
      paint: {
        'circle-radius': 14 * scale,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2.5 * scale,
      },
    },
    {
      id: 'ed-draw-line',
      type: 'line',
      source: SRC.draw,
      paint: { 'line-color': '#f472b6', 'line-width': 2.5 * scale, 'line-dasharray': [2, 1] },
    },
    {
      id: 'ed-draw-point',
      type: 'circle',
      source: SRC.draw,
      filter: isPoint,
      paint: { 'circle-radius': 4.5 * scale, 'circle-color': '#f472b6' },
    },
    {
      id: VERTEX_LAYER,
      type: 'circle',
      source: SRC.vertices,
      // Small with a town or the district in view, where hundreds of them would merge into a rope;
      // full size from the zoom at which communities and cells are edited.
      paint: {
        'circle-radius': [
          'interpolate',
          ['linear'],
          ['zoom'],
          10,
          ['case', ['>', ['get', 'shared'], 1], 2 * scale, 1.5 * scale],
          13,
          ['case', ['>', ['get', 'shared'], 1], 5.5 * scale, 4.5 * scale],
        ],
        'circle-color': ['case', ['>', ['get', 'shared'], 1], '#ffd166', '#ffffff'],
        'circle-stroke-color': '#030812',
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 10, 0.5 * scale, 13, 1.5 * scale],
      },
    },
    {
      id: 'ed-snap',
      type: 'circle',
      source: SRC.snap,
      paint: {
        'circle-radius': 10 * scale,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': '#f472b6',
        'circle-stroke-width': 2.5 * scale,
      },
    },
  ];
}
