/** Class breaks (quantile, Jenks), class lookup, top-N, time windows and the point codec. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  classOf,
  decodeState,
  jenksBreaks,
  packRecords,
  quantileBreaks,
  resolveWindow,
  inWindow,
  stateCode,
  topN,
  unpackRecords,
  bytesToBase64,
  base64ToBytes,
} from '../../shared/metrics/index.ts';

test('quantile breaks split into equal-count classes (nearest rank)', () => {
  const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const b = quantileBreaks(v, 5);
  assert.deepEqual(b.breaks, [2, 4, 6, 8]);
  assert.equal(b.min, 1);
  assert.equal(b.max, 10);
  const classes = v.map((x) => classOf(x, b.breaks));
  assert.deepEqual(classes, [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
});

test('all-equal values: one class, no breaks, every value in class 0', () => {
  for (const b of [quantileBreaks([7, 7, 7, 7], 5), jenksBreaks([7, 7, 7, 7], 5)]) {
    assert.deepEqual(b.breaks, []);
    assert.equal(b.min, 7);
    assert.equal(classOf(7, b.breaks), 0);
  }
});

test('empty and null-only input: no breaks, null min/max; null values have no class', () => {
  for (const b of [quantileBreaks([], 5), jenksBreaks([null, null], 4)]) {
    assert.deepEqual(b.breaks, []);
    assert.equal(b.min, null);
    assert.equal(b.max, null);
  }
  assert.equal(classOf(null, [1, 2]), null);
});

test('nulls are ignored and skewed data gives no empty classes', () => {
  const v = [null, 0, 0, 0, 0, 0, 0, 0, 1, 50, null];
  const b = quantileBreaks(v, 4);
  assert.deepEqual(b.breaks, [0]);
  for (let i = 1; i < b.breaks.length; i++) assert.ok(b.breaks[i]! > b.breaks[i - 1]!);
});

test('Jenks finds the natural groups', () => {
  const v = [1, 2, 3, 20, 21, 22, 50, 52, 55];
  assert.deepEqual(jenksBreaks(v, 3).breaks, [3, 22]);
  assert.deepEqual(jenksBreaks(v, 2).breaks, [22]);
  // More classes than distinct values: as many classes as values.
  assert.deepEqual(jenksBreaks([1, 1, 5, 5], 4).breaks, [1]);
});

test('Jenks matches the exact result on a known small series', () => {
  // Classic example (Jenks 1977 style): optimal 3-class split by brute force.
  const v = [4, 5, 9, 10, 11, 28, 30, 31, 33, 60, 61];
  const best = bruteForce(v, 3);
  assert.deepEqual(jenksBreaks(v, 3).breaks, best);
});

test('Jenks on many distinct values groups them and stays fast and close to exact', () => {
  let s = 1;
  const rand = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
  const v = Array.from(
    { length: 30_000 },
    (_, i) => (i % 3 === 0 ? 100 : i % 3 === 1 ? 500 : 900) + rand() * 50,
  );
  const t0 = performance.now();
  const b = jenksBreaks(v, 3);
  assert.ok(performance.now() - t0 < 2000);
  assert.equal(b.breaks.length, 2);
  // Grouped into 1,000 runs of 30 values, a break may land one group off the exact one.
  const sizes = [0, 0, 0];
  for (const x of v) sizes[classOf(x, b.breaks)!]!++;
  for (const n of sizes) assert.ok(Math.abs(n - 10_000) <= 30, String(sizes));
});

test('top-N: most for counts, least for rates; zeros and nulls left out; ties by case count', () => {
  assert.deepEqual(
    topN([3, 0, 9, 3, null], 'count', 10, [3, 0, 9, 3, 0]).map((r) => r.index),
    [2, 0, 3],
  );
  assert.deepEqual(
    topN([0.9, null, 0.2, 0.2, 0], 'onTimeRate', 2, [1, 0, 5, 9, 4]).map((r) => r.index),
    [4, 3],
  );
});

test('preset windows end now (or at the playback clock) and are half-open at the start', () => {
  const now = Date.parse('2025-06-02T12:00:00Z');
  const w = resolveWindow({ preset: '24h' }, now);
  assert.deepEqual(w, { from: now - 86_400_000, to: now });
  assert.equal(inWindow(now, w), true);
  assert.equal(inWindow(now - 86_400_000, w), false);
  assert.deepEqual(resolveWindow({ preset: '1h', end: 7_200_000 }, now), { from: 3_600_000, to: 7_200_000 });
  assert.deepEqual(resolveWindow({ from: 1, to: 2 }, now), { from: 1, to: 2 });
});

test('packed records round-trip through base64, all lengths', () => {
  for (const n of [0, 1, 2, 3, 5, 1000]) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37) & 255);
    assert.deepEqual(base64ToBytes(bytesToBase64(bytes)), bytes);
    assert.equal(bytesToBase64(bytes), Buffer.from(bytes).toString('base64'));
  }
  const v = new Float32Array([113.5, 22.75, 3, stateCode('handling', true)]);
  const back = unpackRecords(packRecords(v, 4));
  assert.deepEqual(Array.from(back), Array.from(v));
  assert.deepEqual(decodeState(back[3]!), { status: 'handling', overdue: true });
  assert.deepEqual(decodeState(stateCode('closed', false)), { status: 'closed', overdue: false });
});

function bruteForce(v: number[], k: number): number[] {
  const sorted = [...v].sort((a, b) => a - b);
  const ssd = (xs: number[]): number => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return xs.reduce((a, b) => a + (b - m) ** 2, 0);
  };
  let best = Infinity;
  let cut: number[] = [];
  const n = sorted.length;
  for (let i = 1; i < n; i++)
    for (let j = i + 1; j < n && k === 3; j++) {
      const t = ssd(sorted.slice(0, i)) + ssd(sorted.slice(i, j)) + ssd(sorted.slice(j));
      if (t < best) {
        best = t;
        cut = [sorted[i - 1]!, sorted[j - 1]!];
      }
    }
  return cut;
}
