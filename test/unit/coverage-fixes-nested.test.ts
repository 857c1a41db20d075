/**
 * Fixes at town and community level carried down the hierarchy, on a small hand-made district: two
 * 100 m towns, two communities each, two cells per community. One fix of a town's gap or overlap
 * leaves the whole district clean (no follow-on gap, overlap or part outside a parent one level
 * down), and the boundary the descendants take is their ancestor's, vertex for vertex.
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
import type { GridLevel } from '../../shared/grid/types.ts';
import { poly, pt, rect, ring as closedRing } from '../helpers/coverage-shapes.ts';

/** A ring through metre coordinates, a point repeated in a row (a region on the edge) said once. */
const ring = (...xy: [number, number][]): Position[] =>
  closedRing(...xy.filter((p, i) => i === 0 || p[0] !== xy[i - 1]![0] || p[1] !== xy[i - 1]![1]));

const D = '440115';
const T1 = '440115001';
const T2 = '440115002';
const C11 = `${T1}001`;
const C12 = `${T1}002`;
const C21 = `${T2}001`;
const cell = (c: string, n: number): string => `${c}00${n}`;

const u = (code: string, parentCode: string | null, level: GridLevel, g: Polygon): CoverageUnit => ({
  code,
  parentCode,
  level,
  geometry: g,
});

type Shapes = Partial<Record<string, Polygon>>;

/**
 * The district, x 0–200 m, y 0–100 m: towns split at x = 100, communities at x = 50 and 150, cells
 * of each community at y = 50 (cell 1 below, cell 2 above). `change` replaces some outlines.
 */
function district(change: Shapes = {}): CoverageUnit[] {
  const out: CoverageUnit[] = [u(D, null, 'district', poly(rect(0, 0, 200, 100)))];
  const towns: [string, number][] = [
    [T1, 0],
    [T2, 100],
  ];
  for (const [t, x] of towns) {
    out.push(u(t, D, 'town', change[t] ?? poly(rect(x, 0, x + 100, 100))));
    for (const [k, cx] of [
      [1, x],
      [2, x + 50],
    ] as const) {
      const c = `${t}00${k}`;
      out.push(u(c, t, 'community', change[c] ?? poly(rect(cx, 0, cx + 50, 100))));
      out.push(u(cell(c, 1), c, 'cell', change[cell(c, 1)] ?? poly(rect(cx, 0, cx + 50, 50))));
      out.push(u(cell(c, 2), c, 'cell', change[cell(c, 2)] ?? poly(rect(cx, 50, cx + 50, 100))));
    }
  }
  return out;
}

const brief = (ds: readonly Defect[]): string =>
  JSON.stringify(ds.map((d) => `${d.rule}:${d.codes.join('+')}:${Math.round(d.areaM2)}`));

function onlyDefect(units: CoverageUnit[], rule: RuleId): Defect {
  const ds = checkCoverage(units).defects;
  assert.equal(ds.length, 1, `one defect: ${brief(ds)}`);
  assert.equal(ds[0]!.rule, rule);
  return ds[0]!;
}

function fix(units: CoverageUnit[], rule: RuleId, kind: FixKind, choice?: string) {
  const d = onlyDefect(units, rule);
  const out = planFix(d, units, kind, choice);
  assert.ok(out.ok, `planned: ${out.ok ? '' : `${out.reason} ${out.code ?? ''}`}`);
  const after = applyFixToUnits(units, out.plan);
  return { plan: out.plan, after, defects: checkCoverage(after).defects };
}

const coords = (g: Polygon | MultiPolygon): Position[] =>
  (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2);
const geometryOf = (units: CoverageUnit[], code: string): Polygon | MultiPolygon =>
  units.find((x) => x.code === code)!.geometry;
const holds = (g: Polygon | MultiPolygon, p: Position): boolean =>
  coords(g).some((q) => q[0] === p[0] && q[1] === p[1]);
const areaOf = (g: Polygon | MultiPolygon): number => {
  let s = 0;
  for (const rings of g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
    rings.forEach((r, k) => {
      let a = 0;
      for (let i = 0; i + 1 < r.length; i++) a += r[i]![0]! * r[i + 1]![1]! - r[i + 1]![0]! * r[i]![1]!;
      s += (k === 0 ? 1 : -1) * Math.abs(a / 2);
    });
  return s;
};

/** T1's chain (town, community C12, cell 1 of C12) pulled back from x = 100 to 90 for y 0–50. */
function notched(): CoverageUnit[] {
  return district({
    [T1]: poly(ring([0, 0], [90, 0], [90, 50], [100, 50], [100, 100], [0, 100])),
    [C12]: poly(ring([50, 0], [90, 0], [90, 50], [100, 50], [100, 100], [50, 100])),
    [cell(C12, 1)]: poly(rect(50, 0, 90, 50)),
  });
}

test('the hand-made district is clean to start with', () => {
  assert.equal(brief(checkCoverage(district()).defects), '[]');
});

test('a gap between two towns goes to the town that borders it most and down to its community and cell', () => {
  const units = notched();
  const gap = onlyDefect(units, 'gap');
  assert.equal(gap.parentCode, D, 'the check reports it once, at town level');
  const { plan, after, defects } = fix(units, 'gap', 'gap');
  assert.equal(plan.target, T1, 'T1 borders it along 60 m, T2 along 50 m');
  assert.deepEqual(
    plan.reshape.map((r) => r.code),
    [T1, C12, cell(C12, 1)],
    'one fix, top-down: the town, its community, its cell',
  );
  assert.equal(brief(defects), '[]', 'nothing left at any level, not even below tolerance');
  for (const code of [T1, C12, cell(C12, 1)]) {
    assert.ok(holds(geometryOf(after, code), pt(100, 0)), `${code} reaches the town boundary`);
    const gained = areaOf(geometryOf(after, code)) - areaOf(geometryOf(units, code));
    assert.ok(Math.abs(gained - areaOf(poly(rect(90, 0, 100, 50)))) < 1e-12, `${code} took the notch`);
  }
  assert.ok(!holds(geometryOf(after, T1), pt(90, 50)), 'the notch’s corner is gone from the town');
});

test('the planner gives the town gap to the other town: its bordering community and cell take it', () => {
  const units = notched();
  const { plan, after, defects } = fix(units, 'gap', 'gap', T2);
  assert.deepEqual(
    plan.reshape.map((r) => r.code),
    [T2, C21, cell(C21, 1)],
  );
  assert.equal(brief(defects), '[]');
  for (const code of [T2, C21, cell(C21, 1)]) {
    assert.ok(holds(geometryOf(after, code), pt(90, 0)) && holds(geometryOf(after, code), pt(90, 50)));
    assert.ok(Math.abs(areaOf(geometryOf(after, code)) - areaOf(geometryOf(units, code))) > 0);
  }
  assert.deepEqual(geometryOf(after, C12), geometryOf(units, C12), 'the other town’s chain is untouched');
});

test('a gap spanning two cells of the town that takes it: the cell bordering most takes all of it', () => {
  // T1, C12 and both of C12's cells pulled back to x = 90 between y = 25 and 75.
  const units = district({
    [T1]: poly(ring([0, 0], [100, 0], [100, 25], [90, 25], [90, 75], [100, 75], [100, 100], [0, 100])),
    [C12]: poly(ring([50, 0], [100, 0], [100, 25], [90, 25], [90, 75], [100, 75], [100, 100], [50, 100])),
    [cell(C12, 1)]: poly(ring([50, 0], [100, 0], [100, 25], [90, 25], [90, 50], [50, 50])),
    [cell(C12, 2)]: poly(ring([50, 50], [90, 50], [90, 75], [100, 75], [100, 100], [50, 100])),
  });
  const { plan, defects } = fix(units, 'gap', 'gap', T1);
  assert.equal(plan.reshape.length, 3);
  assert.equal(plan.reshape[0]!.code, T1);
  assert.equal(plan.reshape[1]!.code, C12);
  assert.ok([cell(C12, 1), cell(C12, 2)].includes(plan.reshape[2]!.code));
  assert.equal(brief(defects), '[]');
});

test('a gap between two communities is carried down to a cell', () => {
  const units = district({
    [C11]: poly(ring([0, 0], [45, 0], [45, 50], [50, 50], [50, 100], [0, 100])),
    [cell(C11, 1)]: poly(rect(0, 0, 45, 50)),
  });
  const gap = onlyDefect(units, 'gap');
  assert.equal(gap.parentCode, T1);
  const { plan, defects } = fix(units, 'gap', 'gap', C12);
  assert.deepEqual(
    plan.reshape.map((r) => r.code),
    [C12, cell(C12, 1)],
  );
  assert.equal(brief(defects), '[]');
});

/** T2's chain (town, C21, cell 1 of C21) grown over `region` of T1. */
function grown(region: [number, number, number, number], cells: 'one' | 'split'): CoverageUnit[] {
  const [x0, y0, , y1] = region;
  const over = (y: number, y2: number): Position[] =>
    ring([x0, y], [100, y], [100, 0], [150, 0], [150, 50], [100, 50], [100, y2], [x0, y2]);
  if (cells === 'one')
    return district({
      [T2]: poly(ring([x0, y0], [100, y0], [100, 0], [200, 0], [200, 100], [100, 100], [100, y1], [x0, y1])),
      [C21]: poly(ring([x0, y0], [100, y0], [100, 0], [150, 0], [150, 100], [100, 100], [100, y1], [x0, y1])),
      [cell(C21, 1)]: poly(over(y0, y1)),
    });
  // The region straddles y = 50: C21's lower cell takes the lower half, the upper cell the upper.
  return district({
    [T2]: poly(ring([x0, y0], [100, y0], [100, 0], [200, 0], [200, 100], [100, 100], [100, y1], [x0, y1])),
    [C21]: poly(ring([x0, y0], [100, y0], [100, 0], [150, 0], [150, 100], [100, 100], [100, y1], [x0, y1])),
    [cell(C21, 1)]: poly(ring([x0, y0], [100, y0], [100, 0], [150, 0], [150, 50], [x0, 50])),
    [cell(C21, 2)]: poly(ring([x0, 50], [150, 50], [150, 100], [100, 100], [100, y1], [x0, y1])),
  });
}

test('an overlap between towns taken from the larger town: its community and cell give it up too', () => {
  const units = grown([90, 0, 100, 50], 'one');
  const { plan, after, defects } = fix(units, 'overlap', 'overlap');
  assert.equal(plan.target, T2, 'T2 (10,500 m²) loses the smaller share');
  assert.deepEqual(
    plan.reshape.map((r) => r.code),
    [T2, C21, cell(C21, 1)],
  );
  assert.equal(brief(defects), '[]');
  assert.deepEqual(checkCoverage(after).defects, [], 'T2’s chain is back inside x ≥ 100 at every level');
});

test('an overlap taken from the other town: every descendant lying in it loses its part', () => {
  const units = grown([90, 25, 100, 75], 'split');
  const { plan, after, defects } = fix(units, 'overlap', 'overlap', T1);
  assert.deepEqual(
    plan.reshape.map((r) => r.code).sort(),
    [T1, C12, cell(C12, 1), cell(C12, 2)].sort(),
    'the town, its community and both cells the overlap cut across',
  );
  assert.equal(plan.reshape[0]!.code, T1);
  assert.equal(brief(defects), '[]');
  for (const code of [T1, C12, cell(C12, 1), cell(C12, 2)]) {
    const g = geometryOf(after, code);
    const through = code.length === 15 ? [pt(90, 50)] : [pt(90, 25), pt(90, 75)];
    assert.ok(
      through.every((p) => holds(g, p)),
      `${code} runs along T2’s new boundary at x = 90`,
    );
  }
});

test('an overlap covering a whole cell cannot be taken from that cell’s side; the default takes the other', () => {
  // T2's chain grown over all of T1's cell 1 of C12 (x 50–100, y 0–50).
  const units = grown([50, 0, 100, 50], 'one');
  const d = onlyDefect(units, 'overlap');
  const no = planFix(d, units, 'overlap', T1);
  assert.deepEqual(no, { ok: false, reason: 'fix.childEmpty', code: cell(C12, 1) });
  const { plan, defects } = fix(units, 'overlap', 'overlap');
  assert.equal(plan.target, T2);
  assert.equal(brief(defects), '[]');
});

test('without the descendants the fix reshapes the group alone, as before', () => {
  const units = notched();
  const gap = onlyDefect(units, 'gap');
  const group = units.filter((x) => x.code === D || x.parentCode === D);
  const out = planFix(gap, group, 'gap');
  assert.ok(out.ok);
  assert.deepEqual(
    out.plan.reshape.map((r) => r.code),
    [T1],
  );
});

test('a cell that took all of an overlap bordering its sibling too gives it all back (rings touching along a stretch)', () => {
  // T2's lower cell of C21 holds the whole strip x 90–100, y 25–75, so along x = 100, y 50–75 its
  // boundary runs where its sibling and the community's restored boundary also run.
  const units = district({
    [T2]: poly(ring([90, 25], [100, 25], [100, 0], [200, 0], [200, 100], [100, 100], [100, 75], [90, 75])),
    [C21]: poly(ring([90, 25], [100, 25], [100, 0], [150, 0], [150, 100], [100, 100], [100, 75], [90, 75])),
    [cell(C21, 1)]: poly(
      ring([150, 0], [150, 50], [100, 50], [100, 75], [90, 75], [90, 25], [100, 25], [100, 0]),
    ),
  });
  const { plan, after, defects } = fix(units, 'overlap', 'overlap', T2);
  assert.deepEqual(
    plan.reshape.map((r) => r.code),
    [T2, C21, cell(C21, 1)],
  );
  assert.equal(brief(defects), '[]');
  assert.equal(areaOf(geometryOf(after, cell(C21, 1))), areaOf(poly(rect(100, 0, 150, 50))));
});
