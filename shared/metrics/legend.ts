/**
 * A choropleth legend from class breaks: each class's value range and how many units fall in it,
 * so the legend a person reads is derived from the same breaks and classes as the map's colours.
 */
import type { ClassBreaks } from './breaks.ts';
import type { ChoroplethMetric } from './ranking.ts';

export interface LegendClass {
  /** Exclusive lower bound (inclusive for the first class, which starts at the minimum). */
  lower: number;
  /** Inclusive upper bound. */
  upper: number;
  units: number;
}

export function legendClasses(b: ClassBreaks, classes: readonly (number | null)[]): LegendClass[] {
  if (b.min === null || b.max === null) return [];
  const bounds = [b.min, ...b.breaks, b.max];
  const out: LegendClass[] = [];
  for (let i = 0; i + 1 < bounds.length; i++)
    out.push({ lower: bounds[i]!, upper: bounds[i + 1]!, units: 0 });
  for (const c of classes) if (c !== null && out[c]) out[c].units++;
  return out;
}

/** Units without a value (no cases for a rate, no population for per-1,000). */
export const unitsWithoutValue = (classes: readonly (number | null)[]): number =>
  classes.reduce<number>((n, c) => (c === null ? n + 1 : n), 0);

/** A metric's value as the legend and the top list show it: rates in %, per-1,000 to 2 decimals. */
export function metricText(metric: ChoroplethMetric, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (metric === 'closureRate' || metric === 'onTimeRate') return `${(value * 100).toFixed(1)}%`;
  if (metric === 'perThousand') return value.toFixed(2);
  return String(Math.round(value));
}
