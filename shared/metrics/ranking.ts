/**
 * The top-N list beside the choropleth: the units that need attention first under a metric. For
 * counts that is the most; for rates the least (a low closure or on-time rate is the problem).
 */

export type ChoroplethMetric = 'count' | 'perThousand' | 'closureRate' | 'onTimeRate' | 'overdue';
export const CHOROPLETH_METRICS: readonly ChoroplethMetric[] = [
  'count',
  'perThousand',
  'closureRate',
  'onTimeRate',
  'overdue',
];

/** Whether a higher value is the worse one. */
export const HIGHER_IS_WORSE: Readonly<Record<ChoroplethMetric, boolean>> = {
  count: true,
  perThousand: true,
  closureRate: false,
  onTimeRate: false,
  overdue: true,
};

export interface Ranked {
  index: number;
  value: number;
}

/**
 * Indices of the `n` worst units; units without a value (null) and, for count-like metrics, units
 * with 0 are left out. Ties go to the unit with more cases, then the earlier index (stable).
 */
export function topN(
  values: readonly (number | null)[],
  metric: ChoroplethMetric,
  n: number,
  caseCounts: readonly number[],
): Ranked[] {
  const worse = HIGHER_IS_WORSE[metric];
  const cand: Ranked[] = [];
  values.forEach((v, index) => {
    if (v === null || !Number.isFinite(v)) return;
    if (worse && v <= 0) return;
    cand.push({ index, value: v });
  });
  cand.sort(
    (a, b) =>
      (worse ? b.value - a.value : a.value - b.value) ||
      (caseCounts[b.index] ?? 0) - (caseCounts[a.index] ?? 0) ||
      a.index - b.index,
  );
  return cand.slice(0, n);
}
