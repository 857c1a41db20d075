/**
 * Class breaks for a choropleth legend. Both methods return the upper bounds of the classes except
 * the last, ascending and without repeats, so `classOf` is the same lookup for either: a value v is
 * in class i where breaks[i-1] < v <= breaks[i]. Fewer breaks come back when the data has fewer
 * distinct values than classes (all-equal data: one class, no breaks).
 */

export type BreakMethod = 'quantile' | 'jenks';

export interface ClassBreaks {
  method: BreakMethod;
  /** Upper bound of each class but the last; classes = breaks.length + 1. */
  breaks: number[];
  min: number | null;
  max: number | null;
}

const finiteSorted = (values: readonly (number | null)[]): number[] =>
  values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);

/** Distinct ascending bounds strictly inside [min, max), so no class is empty by construction. */
function tidy(bounds: number[], max: number): number[] {
  const out: number[] = [];
  for (const b of bounds) if (b < max && (out.length === 0 || b > out[out.length - 1]!)) out.push(b);
  return out;
}

/** Equal-count classes: the bound of class i is the value at rank ⌈n·i/k⌉ (nearest rank). */
export function quantileBreaks(values: readonly (number | null)[], classes: number): ClassBreaks {
  const v = finiteSorted(values);
  if (!v.length) return { method: 'quantile', breaks: [], min: null, max: null };
  const max = v[v.length - 1]!;
  const bounds: number[] = [];
  for (let i = 1; i < classes; i++) bounds.push(v[Math.max(0, Math.ceil((v.length * i) / classes) - 1)]!);
  return { method: 'quantile', breaks: tidy(bounds, max), min: v[0]!, max };
}

/**
 * Above this many distinct values Jenks runs on weighted groups of neighbouring values instead:
 * the exact method is O(k·n²), too slow for 30,000 cells, and grouping adjacent sorted values moves
 * a break by at most one group.
 */
export const JENKS_MAX_GROUPS = 1000;

interface Group {
  /** Largest value in the group (the candidate break). */
  upper: number;
  weight: number;
  sum: number;
  sumSq: number;
}

function groupsOf(v: readonly number[], maxGroups: number): Group[] {
  const distinct: Group[] = [];
  for (const x of v) {
    const last = distinct[distinct.length - 1];
    if (last && last.upper === x) {
      last.weight++;
      last.sum += x;
      last.sumSq += x * x;
    } else distinct.push({ upper: x, weight: 1, sum: x, sumSq: x * x });
  }
  if (distinct.length <= maxGroups) return distinct;
  const out: Group[] = [];
  const per = distinct.length / maxGroups;
  for (let g = 0; g < maxGroups; g++) {
    const from = Math.floor(g * per);
    const to = Math.floor((g + 1) * per);
    const acc: Group = { upper: distinct[to - 1]!.upper, weight: 0, sum: 0, sumSq: 0 };
    for (let i = from; i < to; i++) {
      acc.weight += distinct[i]!.weight;
      acc.sum += distinct[i]!.sum;
      acc.sumSq += distinct[i]!.sumSq;
    }
    out.push(acc);
  }
  return out;
}

/**
 * Jenks natural breaks (Fisher's exact optimal partition of sorted data, minimising the sum of
 * squared deviations within classes), by dynamic programming over weighted groups of equal values.
 */
export function jenksBreaks(
  values: readonly (number | null)[],
  classes: number,
  maxGroups = JENKS_MAX_GROUPS,
): ClassBreaks {
  const v = finiteSorted(values);
  if (!v.length) return { method: 'jenks', breaks: [], min: null, max: null };
  const g = groupsOf(v, maxGroups);
  const n = g.length;
  const k = Math.min(classes, n);
  // Prefix sums make the within-class variance of groups a..b O(1).
  const W = new Float64Array(n + 1);
  const S = new Float64Array(n + 1);
  const Q = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    W[i + 1] = W[i]! + g[i]!.weight;
    S[i + 1] = S[i]! + g[i]!.sum;
    Q[i + 1] = Q[i]! + g[i]!.sumSq;
  }
  const ssd = (a: number, b: number): number => {
    const w = W[b + 1]! - W[a]!;
    const s = S[b + 1]! - S[a]!;
    return Math.max(0, Q[b + 1]! - Q[a]! - (s * s) / w);
  };
  // cost[c][j]: best total for groups 0..j in c+1 classes; from[c][j]: first group of the last class.
  const cost: Float64Array[] = [];
  const from: Int32Array[] = [];
  cost.push(Float64Array.from({ length: n }, (_, j) => ssd(0, j)));
  from.push(new Int32Array(n));
  for (let c = 1; c < k; c++) {
    const cc = new Float64Array(n).fill(Infinity);
    const ff = new Int32Array(n);
    const prev = cost[c - 1]!;
    for (let j = c; j < n; j++) {
      for (let i = c; i <= j; i++) {
        const t = prev[i - 1]! + ssd(i, j);
        if (t < cc[j]!) {
          cc[j] = t;
          ff[j] = i;
        }
      }
    }
    cost.push(cc);
    from.push(ff);
  }
  const bounds: number[] = [];
  let j = n - 1;
  for (let c = k - 1; c > 0; c--) {
    const i = from[c]![j]!;
    bounds.unshift(g[i - 1]!.upper);
    j = i - 1;
  }
  const max = v[v.length - 1]!;
  return { method: 'jenks', breaks: tidy(bounds, max), min: v[0]!, max };
}

export function classBreaks(
  values: readonly (number | null)[],
  classes: number,
  method: BreakMethod,
): ClassBreaks {
  return method === 'jenks' ? jenksBreaks(values, classes) : quantileBreaks(values, classes);
}

/** The class index of a value (0 … breaks.length); null stays null (no data, drawn apart). */
export function classOf(value: number | null, breaks: readonly number[]): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  let lo = 0;
  let hi = breaks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= breaks[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
