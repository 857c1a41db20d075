/**
 * The heatmap's point filter: the expression MapLibre evaluates on the map and the JS rule the
 * counts beside the map use must pick the same cases (evaluated with MapLibre's own filter code).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { featureFilter } from '@maplibre/maplibre-gl-style-spec';
import { CASE_STATUSES } from '../../shared/cases/types.ts';
import { stateCode } from '../../shared/metrics/point-codec.ts';
import { pointFilter, pointPasses, type PointFilter } from '../../renderer/src/heatmap/heat-style.ts';
import { parseCodes } from '../../renderer/src/heatmap/codes.ts';

const points: { t: number; l: number; s: number }[] = [];
for (let t = -50; t <= 250; t += 25)
  for (const [i, status] of CASE_STATUSES.entries())
    for (const l of [0, 1, 2, 3]) points.push({ t: t + i, l, s: stateCode(status, (t + l) % 2 === 0) });

const filters: PointFilter[] = [
  { fromSec: 0, toSec: 200, statuses: null, levels: null },
  { fromSec: 0, toSec: Number.MAX_SAFE_INTEGER, statuses: ['handling', 'reported'], levels: null },
  { fromSec: 25, toSec: 100, statuses: null, levels: ['A', 'C'] },
  { fromSec: -10, toSec: 150, statuses: ['closed'], levels: ['B'] },
];

test('the map filter and the JS rule agree on every point', () => {
  for (const f of filters) {
    const map = featureFilter(pointFilter(f), 'layers[0].filter');
    let shown = 0;
    for (const p of points) {
      const feature = { type: 'Point' as const, properties: p, geometry: [] };
      const byMap = map.filter({ zoom: 12 }, feature as never);
      assert.equal(pointPasses(f, p), byMap, `${JSON.stringify(f)} ${JSON.stringify(p)}`);
      if (byMap) shown++;
    }
    assert.ok(shown > 0 && shown < points.length, 'each filter keeps some points and drops others');
  }
  // The window is half-open like the backend's: (from, to].
  const f = filters[0]!;
  assert.equal(pointPasses(f, { t: 0, l: 1, s: 0 }), false);
  assert.equal(pointPasses(f, { t: 200, l: 1, s: 0 }), true);
  // An overdue case keeps its status under a status filter.
  assert.equal(pointPasses(filters[1]!, { t: 5, l: 1, s: stateCode('handling', true) }), true);
});

test('category and item codes are told apart; anything else is reported back', () => {
  assert.deepEqual(parseCodes('E01, e0101；C02  X9'), {
    categories: ['E01', 'C02'],
    items: ['E0101'],
    bad: ['X9'],
  });
  assert.deepEqual(parseCodes('  '), { categories: [], items: [], bad: [] });
});
