/**
 * The heatmap's point filter: the expression MapLibre evaluates on the map and the JS rule the
 * counts beside the map use must pick the same cases (evaluated with MapLibre's own filter code).
 * The dots' colour reads a state set as feature-state over the loaded property, so a case turning
 * overdue on the clock is recoloured without re-tiling.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Color,
  createPropertyExpression,
  featureFilter,
  latest,
  type StylePropertySpecification,
} from '@maplibre/maplibre-gl-style-spec';
import { CASE_STATUSES } from '../../shared/cases/types.ts';
import { OVERDUE_FLAG, stateCode } from '../../shared/metrics/point-codec.ts';
import { OVERDUE_COLOR, STATUS_COLOR } from '../../renderer/src/dispatch/case-colors.ts';
import {
  NO_CODES,
  pointFilter,
  stateColor,
  pointPasses,
  type HeatPointProps,
  type PointFilter,
} from '../../renderer/src/heatmap/heat-style.ts';
import { parseCodes } from '../../renderer/src/heatmap/codes.ts';

const points: HeatPointProps[] = [];
for (let t = -50; t <= 250; t += 25)
  for (const [i, status] of CASE_STATUSES.entries())
    for (const l of [0, 1, 2, 3])
      points.push({
        t: t + i,
        l,
        s: stateCode(status, (t + l) % 2 === 0),
        c: (t + i) % 3,
        i: (t + l) % 5,
        ch: l % 3,
        w: (i + l) % 4,
        d: -1,
      });

const filters: PointFilter[] = [
  { fromSec: 0, toSec: 200, statuses: null, levels: null, ...NO_CODES },
  {
    fromSec: 0,
    toSec: Number.MAX_SAFE_INTEGER,
    statuses: ['handling', 'reported'],
    levels: null,
    ...NO_CODES,
  },
  { fromSec: 25, toSec: 100, statuses: null, levels: ['A', 'C'], ...NO_CODES },
  { fromSec: -10, toSec: 150, statuses: ['closed'], levels: ['B'], ...NO_CODES },
  // Category, item, channel and town are map filters too (indexes into the loaded codes).
  { fromSec: -100, toSec: 300, statuses: null, levels: null, ...NO_CODES, categories: [1, 2] },
  { fromSec: -100, toSec: 300, statuses: null, levels: null, ...NO_CODES, items: [3], channels: [0, 2] },
  { fromSec: 0, toSec: 200, statuses: ['closed'], levels: null, ...NO_CODES, towns: [1, 3], items: [0, 4] },
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
  const p = { l: 1, s: 0, c: 1, i: 1, ch: 1, w: 1, d: -1 };
  assert.equal(pointPasses(f, { ...p, t: 0 }), false);
  assert.equal(pointPasses(f, { ...p, t: 200 }), true);
  // An overdue case keeps its status under a status filter.
  assert.equal(pointPasses(filters[1]!, { ...p, t: 5, s: stateCode('handling', true) }), true);
  // A code no loaded case has (an empty index list) matches nothing, as on the backend.
  assert.equal(pointPasses({ ...f, towns: [] }, { ...p, t: 5 }), false);
});

test('category and item codes are told apart; anything else is reported back', () => {
  assert.deepEqual(parseCodes('E01, e0101；C02  X9'), {
    categories: ['E01', 'C02'],
    items: ['E0101'],
    bad: ['X9'],
  });
  assert.deepEqual(parseCodes('  '), { categories: [], items: [], bad: [] });
});

test('dots take their colour from the state set on the map over the loaded one', () => {
  const spec = latest.paint_circle['circle-color'] as StylePropertySpecification;
  const color = createPropertyExpression(stateColor(), 'paint.circle-color', spec);
  assert.equal(color.result, 'success');
  if (color.result !== 'success') return;
  const shown = (s: number, state: Record<string, number> = {}): string =>
    String(
      color.value.evaluate({ zoom: 15 }, { type: 'Point', properties: { s }, geometry: [] } as never, state),
    );
  const is = (css: string): string => String(Color.parse(css));
  const dispatched = CASE_STATUSES.indexOf('dispatched');
  assert.equal(shown(dispatched), is(STATUS_COLOR.dispatched));
  assert.equal(shown(dispatched + OVERDUE_FLAG), is(OVERDUE_COLOR));
  // The clock ran out: only the feature-state says so.
  assert.equal(shown(dispatched, { s: dispatched + OVERDUE_FLAG }), is(OVERDUE_COLOR));
  // A status change kept as feature-state.
  assert.equal(shown(dispatched, { s: CASE_STATUSES.indexOf('handling') }), is(STATUS_COLOR.handling));
});
