/**
 * The heatmap's MapLibre expressions: the point filter (time window, status, level, codes) that
 * moves the window and filters without resending points, the level weight, the status colours, the density ramp and the
 * choropleth palette. Pure, so the layer class only wires them.
 */
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import { CASE_STATUSES, type CaseStatus, type ItemLevel } from '../../../shared/cases/types.ts';
import { OVERDUE_FLAG } from '../../../shared/metrics/point-codec.ts';
import { OVERDUE_COLOR, STATUS_COLOR } from '../dispatch/case-colors.ts';

/**
 * Feature properties of a heatmap point: level (0 none, 1 A, 2 B, 3 C), state code, report time
 * (epoch seconds); category, item, channel and town as indexes into the answer's codes; due: the
 * epoch second at which a running clock makes it overdue (-1: none). Short names: they travel to
 * the map worker once per point.
 */
export interface HeatPointProps {
  l: number;
  s: number;
  t: number;
  c: number;
  i: number;
  ch: number;
  w: number;
  d: number;
}

/** The code filters as indexes into the loaded points' codes; null: no filter on that field. */
export interface CodeFilter {
  categories: readonly number[] | null;
  items: readonly number[] | null;
  channels: readonly number[] | null;
  towns: readonly number[] | null;
}

export interface PointFilter extends CodeFilter {
  /** Epoch seconds: (fromSec, toSec]. */
  fromSec: number;
  toSec: number;
  statuses: readonly CaseStatus[] | null;
  levels: readonly ItemLevel[] | null;
}

export const NO_CODES: CodeFilter = { categories: null, items: null, channels: null, towns: null };

export const LEVEL_CODE: Readonly<Record<ItemLevel, number>> = { A: 1, B: 2, C: 3 };

const CODE_PROPS = [
  ['categories', 'c'],
  ['items', 'i'],
  ['channels', 'ch'],
  ['towns', 'w'],
] as const satisfies readonly (readonly [keyof CodeFilter, keyof HeatPointProps])[];

/**
 * The map's filter for the shown points: window, status, level and the code filters, all over
 * properties the points already carry, so changing any of them sends the map worker no data.
 */
export function pointFilter(f: PointFilter): FilterSpecification {
  const parts: ExpressionSpecification[] = [
    ['>', ['get', 't'], f.fromSec],
    ['<=', ['get', 't'], f.toSec],
  ];
  if (f.statuses)
    parts.push([
      'in',
      ['%', ['get', 's'], OVERDUE_FLAG],
      ['literal', f.statuses.map((s) => CASE_STATUSES.indexOf(s))],
    ]);
  if (f.levels) parts.push(['in', ['get', 'l'], ['literal', f.levels.map((l) => LEVEL_CODE[l])]]);
  for (const [key, prop] of CODE_PROPS) {
    const ids = f[key];
    if (ids) parts.push(['in', ['get', prop], ['literal', [...ids]]]);
  }
  return ['all', ...parts];
}

/** pointFilter's rule in JS: the map and the counts beside it must agree (unit-tested against MapLibre's). */
export function pointPasses(f: PointFilter, p: HeatPointProps): boolean {
  if (p.t <= f.fromSec || p.t > f.toSec) return false;
  if (f.levels && !f.levels.some((l) => LEVEL_CODE[l] === p.l)) return false;
  for (const [key, prop] of CODE_PROPS) {
    const ids = f[key];
    if (ids && !ids.includes(p[prop])) return false;
  }
  return !f.statuses || f.statuses.some((s) => CASE_STATUSES.indexOf(s) === p.s % OVERDUE_FLAG);
}

/** Weight A 3, B 2, C 1 (as the backend's bins), or 1 per case. */
export function pointWeight(byLevel: boolean): ExpressionSpecification | number {
  return byLevel ? ['match', ['get', 'l'], 1, 3, 2, 2, 1] : 1;
}

/**
 * A point's state code as the map should colour it: the feature-state `s` when set (a status change
 * or the clock making it overdue, applied without re-tiling the source), else the property.
 */
export const STATE_CODE: ExpressionSpecification = [
  'to-number',
  ['coalesce', ['feature-state', 's'], ['get', 's']],
];

export function stateColor(): ExpressionSpecification {
  const pairs = CASE_STATUSES.flatMap((s, i) => [i, STATUS_COLOR[s]]);
  return [
    'case',
    ['>=', STATE_CODE, OVERDUE_FLAG],
    OVERDUE_COLOR,
    ['match', STATE_CODE, ...pairs, '#94a3b8'],
    // A spread of pairs is a valid `match`, but its tuple type is too loose for the spec's typing.
  ] as unknown as ExpressionSpecification;
}

/** Dark-wall ramp: nothing where there are no cases, deep blue → cyan → amber → red-white at the hottest. */
export const HEAT_RAMP: ExpressionSpecification = [
  'interpolate',
  ['linear'],
  ['heatmap-density'],
  0,
  'rgba(0, 0, 0, 0)',
  0.08,
  'rgba(30, 64, 175, 0.45)',
  0.25,
  'rgba(14, 165, 233, 0.7)',
  0.45,
  'rgba(45, 212, 191, 0.8)',
  0.65,
  'rgba(250, 204, 21, 0.88)',
  0.85,
  'rgba(249, 115, 22, 0.92)',
  1,
  'rgba(254, 226, 226, 0.96)',
];

/** Sequential palette for up to 9 classes, dark to hot; read on the dark map. */
const PALETTE_9 = [
  '#0c4a6e',
  '#0e7490',
  '#0d9488',
  '#65a30d',
  '#ca8a04',
  '#ea580c',
  '#dc2626',
  '#be123c',
  '#f43f5e',
];

/**
 * Colours for `classes` classes: spread over the palette so 3 classes are still far apart; reversed
 * for rates, where low is the problem and should look hot.
 */
export function classColors(classes: number, higherIsWorse: boolean): string[] {
  const n = Math.max(1, classes);
  const out = Array.from({ length: n }, (_, i) =>
    n === 1 ? PALETTE_9[4]! : PALETTE_9[Math.round((i * (PALETTE_9.length - 1)) / (n - 1))]!,
  );
  return higherIsWorse ? out : out.reverse();
}

export function choroplethColor(colors: readonly string[]): ExpressionSpecification {
  const pairs = colors.flatMap((c, i) => [i, c]);
  return [
    'match',
    ['coalesce', ['feature-state', 'cls'], -1],
    ...pairs,
    'rgba(0, 0, 0, 0)',
  ] as unknown as ExpressionSpecification;
}
