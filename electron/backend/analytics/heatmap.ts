/**
 * The heatmap's data for a window: the cases themselves as packed points while the view holds at
 * most `maxPoints` of them, else counts in square-on-screen bins sized for the zoom, so the GPU
 * never gets a year of raw points.
 */
import type {
  HeatmapBins,
  HeatmapPointsRequest,
  HeatmapPointsResult,
  HeatmapRequest,
  HeatmapResult,
} from '../../../shared/api/analytics-contract.ts';
import { LIVE_POINT_FIELDS } from '../../../shared/api/analytics-contract.ts';
import { packRecords, stateCode } from '../../../shared/metrics/point-codec.ts';
import { isOpen } from '../../../shared/metrics/rates.ts';
import { resolveWindow } from '../../../shared/metrics/time-window.ts';
import type { CaseColumns } from './case-columns.ts';
import { rowFactsReader } from './case-facts.ts';
import { compileFilters } from './filter.ts';

/** Level A cases count three times a C case when weighting by level. */
const LEVEL_WEIGHT = [1, 3, 2, 1] as const;
/** Screen pixels per bin side: fine enough for a smooth heatmap, coarse enough to stay small. */
const BIN_PX = 8;

const toBase64 = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

/** Degrees of longitude per bin at a zoom (web mercator, 256-px tiles). */
export function binStepLon(zoom: number): number {
  return (360 / (256 * 2 ** zoom)) * BIN_PX;
}

export function heatmap(
  cols: CaseColumns,
  req: HeatmapRequest,
  now: number,
  maxPoints: number,
  forceBins: boolean,
): HeatmapResult {
  const window = resolveWindow(req.window, now);
  const pass = compileFilters(cols, req.filters);
  const [w, s, e, n] = req.bbox ?? [-180, -90, 180, 90];
  const { lon, lat } = cols;
  let total = 0;
  let rows = new Uint32Array(4096);
  let inView = 0;
  cols.forEachInWindow(window.from, window.to, (r) => {
    if (!pass(r)) return;
    total++;
    const x = lon[r]!;
    const y = lat[r]!;
    if (x < w || x > e || y < s || y > n) return;
    if (inView === rows.length) {
      const b = new Uint32Array(rows.length * 2);
      b.set(rows);
      rows = b;
    }
    rows[inView++] = r;
  });
  const limit = Math.min(maxPoints, req.maxPoints ?? maxPoints);
  const base = { window, now, total, inView, maxPoints: limit };
  const weight = (r: number): number => (req.weightByLevel ? LEVEL_WEIGHT[cols.level[r]!]! : 1);
  if (!forceBins && inView <= limit) {
    const facts = rowFactsReader(cols, now);
    const out = new Float32Array(inView * 4);
    for (let i = 0; i < inView; i++) {
      const r = rows[i]!;
      out[i * 4] = lon[r]!;
      out[i * 4 + 1] = lat[r]!;
      out[i * 4 + 2] = weight(r);
      out[i * 4 + 3] = stateCode(cols.statusOf(r), facts(r).openOverdue);
    }
    return { ...base, mode: 'points', points: packRecords(out, 4, toBase64) };
  }
  return {
    ...base,
    mode: 'bins',
    bins: binRows(cols, rows.subarray(0, inView), req.zoom, (s + n) / 2, weight),
  };
}

/**
 * heatmap.points: the window's points with time, level, case number, codes and due time, or (over
 * the threshold) the same bins as heatmap.get, or with overflow 'report' only the counts. With
 * `since` from the same columns, only rows written after it.
 */
export function heatmapPoints(
  cols: CaseColumns,
  req: HeatmapPointsRequest,
  now: number,
  maxPoints: number,
  generation: number,
): HeatmapPointsResult {
  const cursor = `${generation}.${cols.version}`;
  const [sinceGen, sinceVersion] = (req.since ?? '-1.0').split('.').map(Number) as [number, number];
  // A cursor from before a rebuild (drill purge, restart) names rows that may no longer exist.
  const delta = sinceGen === generation && sinceVersion <= cols.version;
  const pass = compileFilters(cols, req.filters);
  const [w, s, e, n] = req.bbox ?? [-180, -90, 180, 90];
  const { lon, lat, rowVersion } = cols;
  const limit = Math.min(maxPoints, req.maxPoints ?? maxPoints);
  const inBox = (r: number): boolean => lon[r]! >= w && lon[r]! <= e && lat[r]! >= s && lat[r]! <= n;
  const window = resolveWindow(req.window, now);
  let total = 0;
  let inView = 0;
  const rows: number[] = [];
  const removed: number[] = [];
  const seqOf = cols.seq;
  cols.forEachInWindow(window.from, window.to, (r) => {
    const fresh = !delta || rowVersion[r]! > sinceVersion;
    if (!pass(r)) {
      if (delta && fresh) removed.push(seqOf[r]!);
      return;
    }
    total++;
    if (!inBox(r)) return;
    inView++;
    if (fresh) rows.push(r);
  });
  const base = { window, now, total, inView, maxPoints: limit };
  if (inView > limit) {
    if (req.overflow === 'report') return { ...base, mode: 'over', cursor };
    const all: number[] = [];
    cols.forEachInWindow(window.from, window.to, (r) => {
      if (pass(r) && inBox(r)) all.push(r);
    });
    const weight = (r: number): number => (req.weightByLevel ? LEVEL_WEIGHT[cols.level[r]!]! : 1);
    return {
      ...base,
      mode: 'bins',
      cursor,
      bins: binRows(cols, Uint32Array.from(all), req.zoom, (s + n) / 2, weight),
    };
  }
  const facts = rowFactsReader(cols, now);
  const stride = LIVE_POINT_FIELDS.length;
  const out = new Float32Array(rows.length * stride);
  rows.forEach((r, i) => {
    const o = i * stride;
    const overdue = facts(r).openOverdue;
    const status = cols.statusOf(r);
    out[o] = lon[r]!;
    out[o + 1] = lat[r]!;
    out[o + 2] = cols.level[r]!;
    out[o + 3] = stateCode(status, overdue);
    out[o + 4] = (cols.time[r]! - window.from) / 1000;
    out[o + 5] = seqOf[r]!;
    out[o + 6] = cols.category[r]!;
    out[o + 7] = cols.item[r]!;
    out[o + 8] = cols.channel[r]!;
    out[o + 9] = cols.town[r]!;
    // The one state that changes with nothing written: a running clock passing its due time.
    const due = cols.dueAt[r]!;
    out[o + 10] =
      !overdue && isOpen(status) && Number.isNaN(cols.pausedAt[r]!) && !Number.isNaN(due)
        ? (due - window.from) / 1000
        : -1;
  });
  return {
    ...base,
    mode: 'points',
    points: packRecords(out, stride, toBase64),
    codes: {
      categories: cols.categories.values,
      items: cols.items.values,
      channels: cols.channels.values,
      towns: cols.towns.values,
    },
    base: window.from,
    cursor,
    delta,
    removed,
  };
}

function binRows(
  cols: CaseColumns,
  rows: Uint32Array,
  zoom: number,
  midLat: number,
  weight: (r: number) => number,
): HeatmapBins {
  const stepLon = binStepLon(zoom);
  // Mercator squeezes longitude by cos(lat): this keeps bins square on screen around the view.
  const stepLat = stepLon * Math.max(0.05, Math.cos((Math.max(-85, Math.min(85, midLat)) * Math.PI) / 180));
  const index = new Map<number, number>();
  const ix: number[] = [];
  const iy: number[] = [];
  const count: number[] = [];
  const sum: number[] = [];
  const OFFSET = 2 ** 26;
  for (const r of rows) {
    const bx = Math.floor(cols.lon[r]! / stepLon);
    const by = Math.floor(cols.lat[r]! / stepLat);
    const key = (bx + OFFSET) * 2 ** 27 + (by + OFFSET);
    let b = index.get(key);
    if (b === undefined) {
      b = count.length;
      index.set(key, b);
      ix.push(bx);
      iy.push(by);
      count.push(0);
      sum.push(0);
    }
    count[b]!++;
    sum[b]! += weight(r);
  }
  const out = new Float32Array(count.length * 4);
  let maxCount = 0;
  let maxWeight = 0;
  for (let b = 0; b < count.length; b++) {
    out[b * 4] = (ix[b]! + 0.5) * stepLon;
    out[b * 4 + 1] = (iy[b]! + 0.5) * stepLat;
    out[b * 4 + 2] = count[b]!;
    out[b * 4 + 3] = sum[b]!;
    maxCount = Math.max(maxCount, count[b]!);
    maxWeight = Math.max(maxWeight, sum[b]!);
  }
  return { stepLon, stepLat, records: packRecords(out, 4, toBase64), maxCount, maxWeight };
}
