/**
 * One-click fixes on small hand-made coverages: each fix leaves no defect where it was (the check
 * itself says so) and the fixed boundary is made of the neighbour's own vertices, exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import {
  applyFixToUnits,
  checkCoverage,
  planFix,
  type CoverageUnit,
  type Defect,
  type FixKind,
  type RuleId,
} from '../../shared/coverage/index.ts';
import { community, poly, pt, rect, ring, unit } from '../helpers/coverage-shapes.ts';

function defectOf(units: CoverageUnit[], rule: RuleId): Defect {
  const ds = checkCoverage(units).defects.filter((d) => d.rule === rule);
  assert.equal(ds.length, 1, `one ${rule}: ${JSON.stringify(ds.map((d) => d.id))}`);
  return ds[0]!;
}

function fix(units: CoverageUnit[], rule: RuleId, kind: FixKind, choice?: string) {
  const d = defectOf(units, rule);
  const out = planFix(d, units, kind, choice);
  assert.ok(out.ok, `planned: ${out.ok ? '' : out.reason}`);
  const after = applyFixToUnits(units, out.plan);
  return { plan: out.plan, after, result: checkCoverage(after) };
}

const coords = (g: Polygon | MultiPolygon): Position[] =>
  (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2);
const geometryOf = (units: CoverageUnit[], code: string) => units.find((u) => u.code === code)!.geometry;
const holds = (g: Polygon | MultiPolygon, p: Position): boolean =>
  coords(g).some((q) => q[0] === p[0] && q[1] === p[1]);

test('a gap between two cells goes to the one that borders it most, and the check is clean after', () => {
  // P001's corner (50,50) was dragged to (45,50): a notch of P001 borders the gap along 2 × 50.2 m.
  const units = community(
    ['001', poly(ring([0, 0], [50, 0], [45, 50], [50, 100], [0, 100]))],
    ['002', poly(ring([50, 0], [100, 0], [100, 100], [50, 100], [50, 50]))],
  );
  const { plan, after, result } = fix(units, 'gap', 'gap');
  assert.equal(plan.target, 'P001');
  assert.deepEqual(
    plan.options.map((o) => o.code),
    ['P001', 'P002'],
  );
  assert.ok(plan.options[0]!.borderM > plan.options[1]!.borderM);
  assert.deepEqual(result.defects, [], 'no defect anywhere after the fix');
  assert.ok(holds(geometryOf(after, 'P001'), pt(50, 50)), "P001 now runs through P002's own vertex");
  assert.ok(!holds(geometryOf(after, 'P001'), pt(45, 50)), 'the dragged vertex is gone from P001');
});

test('the planner can give the gap to the other sibling instead', () => {
  const units = community(
    ['001', poly(ring([0, 0], [50, 0], [45, 50], [50, 100], [0, 100]))],
    ['002', poly(ring([50, 0], [100, 0], [100, 100], [50, 100], [50, 50]))],
  );
  const { plan, after, result } = fix(units, 'gap', 'gap', 'P002');
  assert.equal(plan.target, 'P002');
  assert.deepEqual(result.defects, []);
  assert.ok(holds(geometryOf(after, 'P002'), pt(45, 50)), "P002 now runs through P001's vertex");
  assert.deepEqual(geometryOf(after, 'P001'), geometryOf(units, 'P001'), 'P001 untouched');
});

test('a choice that does not border the gap is refused', () => {
  const units = community(
    ['001', poly(rect(0, 0, 49, 100))],
    ['002', poly(rect(50, 0, 80, 100))],
    ['003', poly(rect(80, 0, 100, 100))],
  );
  const d = defectOf(units, 'gap');
  const out = planFix(d, units, 'gap', 'P003');
  assert.deepEqual(out, { ok: false, reason: 'fix.badChoice' });
});

test('a gap meeting the parent boundary (T-junctions on the parent edge) is filled exactly', () => {
  const units = community(['001', poly(rect(0, 0, 50, 90))], ['002', poly(rect(50, 0, 100, 100))]);
  const { plan, after, result } = fix(units, 'gap', 'gap');
  assert.equal(plan.target, 'P001', 'P001 borders the strip along 50 m, P002 along 10 m');
  assert.deepEqual(result.defects, []);
  assert.ok(holds(geometryOf(after, 'P001'), pt(0, 100)) && holds(geometryOf(after, 'P001'), pt(50, 100)));
});

test('a lake no cell covers (a hole) is given to the cell around it', () => {
  const units = community(['001', poly(rect(0, 0, 100, 100), rect(40, 40, 60, 60).reverse())]);
  const { plan, after, result } = fix(units, 'gap', 'gap');
  assert.equal(plan.target, 'P001');
  assert.deepEqual(result.defects, []);
  const g = geometryOf(after, 'P001');
  assert.equal(g.type, 'Polygon');
  assert.equal((g as Polygon).coordinates.length, 1, 'the hole is gone');
});

test('a gap in a multipolygon cell (an island part) is filled without losing the other part', () => {
  const units = [
    unit('P', null, poly(rect(0, 0, 100, 100))),
    unit('P1', 'P', { type: 'MultiPolygon', coordinates: [[rect(0, 0, 30, 100)], [rect(70, 0, 100, 100)]] }),
    unit('P2', 'P', poly(rect(31, 0, 70, 100))),
  ];
  const { plan, after, result } = fix(units, 'gap', 'gap', 'P1');
  assert.equal(plan.target, 'P1');
  assert.deepEqual(result.defects, []);
  assert.equal(geometryOf(after, 'P1').type, 'MultiPolygon', 'both parts kept');
});

test('an overlap is taken from the side that loses least by default, or the side the planner picks', () => {
  const units = community(['001', poly(rect(0, 0, 52, 100))], ['002', poly(rect(50, 0, 100, 100))]);
  const def = fix(units, 'overlap', 'overlap');
  assert.equal(def.plan.target, 'P001', 'the larger cell gives up the strip (2 m of 52 m, not of 50 m)');
  assert.deepEqual(def.result.defects, []);
  assert.ok(holds(geometryOf(def.after, 'P001'), pt(50, 0)));
  const other = fix(units, 'overlap', 'overlap', 'P002');
  assert.equal(other.plan.target, 'P002');
  assert.deepEqual(other.result.defects, []);
  assert.ok(holds(geometryOf(other.after, 'P002'), pt(52, 100)));
  assert.deepEqual(geometryOf(other.after, 'P001'), geometryOf(units, 'P001'));
});

test('collinear overlapping edges: an overlap along part of a shared edge is removed exactly', () => {
  const units = community(
    ['001', poly(ring([0, 0], [50, 0], [50, 40], [55, 50], [50, 60], [50, 100], [0, 100]))],
    ['002', poly(ring([50, 0], [100, 0], [100, 100], [50, 100], [50, 60], [50, 40]))],
  );
  const { result, plan } = fix(units, 'overlap', 'overlap', 'P001');
  assert.equal(plan.kind, 'overlap');
  assert.deepEqual(result.defects, []);
});

test('near-coincident vertices (a 0.3 m sliver) are snapped onto the neighbour and nothing is left', () => {
  const units = community(
    ['001', poly(ring([0, 0], [50, 0], [50.3, 50], [50, 100], [0, 100]))],
    ['002', poly(ring([50, 0], [100, 0], [100, 100], [50, 100], [50, 50]))],
  );
  const d = checkCoverage(units).defects;
  assert.ok(d.length > 0 && d.every((x) => x.rule === 'overlap' || x.rule === 'sliver'));
  const overlap = d.find((x) => x.rule === 'overlap')!;
  const out = planFix(overlap, units, 'snap');
  assert.ok(out.ok);
  assert.equal(out.plan.moves.length, 1);
  const [from, to] = out.plan.moves[0]!;
  assert.deepEqual(
    [from, to].sort((a, b) => a[0] - b[0]),
    [pt(50, 50), pt(50.3, 50)],
    'one copy moves exactly onto the other',
  );
  const after = applyFixToUnits(units, out.plan);
  const r = checkCoverage(after);
  assert.deepEqual(r.defects, [], 'nothing left, not even below tolerance');
});

test('vertices too far apart are not snapped; rules without a fix offer none', () => {
  const units = community(
    ['001', poly(ring([0, 0], [50, 0], [45, 50], [50, 100], [0, 100]))],
    ['002', poly(ring([50, 0], [100, 0], [100, 100], [50, 100], [50, 50]))],
  );
  const gap = defectOf(units, 'gap');
  assert.deepEqual(planFix(gap, units, 'snap'), { ok: false, reason: 'fix.tooFar' });
  assert.deepEqual(planFix(gap, units, 'overlap'), { ok: false, reason: 'fix.notFixable' });
  const bad = [
    unit('P', null, poly(rect(0, 0, 100, 100))),
    unit('P1', 'P', poly(ring([0, 0], [100, 100], [100, 0], [0, 100]))),
  ];
  const v = checkCoverage(bad).defects.find((x) => x.rule === 'validity')!;
  assert.deepEqual(planFix(v, bad, 'gap'), { ok: false, reason: 'fix.notFixable' });
});

test('boundaries crossing between vertices: the overlap and the gap either side are each fixed', () => {
  const units = community(
    ['001', poly(ring([0, 0], [50, 0], [60, 30], [40, 70], [50, 100], [0, 100]))],
    ['002', poly(rect(50, 0, 100, 100))],
  );
  const first = fix(units, 'overlap', 'overlap', 'P001');
  assert.deepEqual(
    first.result.defects.map((d) => d.rule),
    ['gap'],
    'the overlap is gone, the gap remains',
  );
  const second = fix(first.after, 'gap', 'gap', 'P001');
  assert.deepEqual(second.result.defects, []);
  const x = pt(50, 50);
  assert.ok(
    coords(geometryOf(second.after, 'P001')).some(
      (q) => Math.abs(q[0]! - x[0]!) < 1e-9 && Math.abs(q[1]! - x[1]!) < 1e-9,
    ),
    'through the crossing point',
  );
});
