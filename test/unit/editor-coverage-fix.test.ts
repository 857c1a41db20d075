/**
 * Coverage fixes as editor edits on a real topology: one undoable edit, the check clean after it, and
 * the fixed boundary shared (one arc walked both ways), so dragging it later moves both sides.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Position } from 'geojson';
import {
  checkCoverage,
  planFix,
  type Defect,
  type FixKind,
  type RuleId,
} from '../../shared/coverage/index.ts';
import type { GridLevel, GridUnit } from '../../shared/grid/types.ts';
import {
  EditHistory,
  arcIndex,
  buildTopology,
  type EditSuccess,
  type Topology,
} from '../../shared/editor/index.ts';

const X0 = 113.5;
const Y0 = 22.7;
const D = 0.001;
const P = (x: number, y: number): Position => [X0 + x * D, Y0 + y * D];
const A = '440115001001001';
const B = '440115001001002';
const COMMUNITY = '440115001001';

function unit(code: string, level: GridLevel, parentCode: string | null, ring: Position[]): GridUnit {
  return {
    code,
    name: code,
    level,
    parentCode,
    kind: level === 'cell' ? 'comprehensive' : null,
    subtype: null,
    population: 1,
    chief: null,
    staffFullTime: 0,
    staffPartTime: 0,
    staffVolunteer: 0,
    geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]!]] },
  };
}

/**
 * A community of two cells whose common edge has a middle vertex; A's copy of it is 1e-9° off (float
 * noise from an import), so the topology holds that stretch twice: once for A, once for B.
 */
function noisyPair(): { t: Topology; mid: number; midA: number } {
  const noisy: Position = [P(1, 0.5)[0]! + 1e-9, P(1, 0.5)[1]!];
  const units = [
    unit('440115', 'district', null, [P(0, 0), P(2, 0), P(2, 1), P(0, 1)]),
    unit('440115001', 'town', '440115', [P(0, 0), P(2, 0), P(2, 1), P(0, 1)]),
    unit(COMMUNITY, 'community', '440115001', [P(0, 0), P(2, 0), P(2, 1), P(0, 1)]),
    unit(A, 'cell', COMMUNITY, [P(0, 0), P(1, 0), noisy, P(1, 1), P(0, 1)]),
    unit(B, 'cell', COMMUNITY, [P(1, 0), P(2, 0), P(2, 1), P(1, 1), P(1, 0.5)]),
  ];
  const t = buildTopology(units);
  const find = (p: Position): number => t.vx.findIndex((x, i) => x === p[0] && t.vy[i] === p[1]);
  return { t, mid: find(P(1, 0.5)), midA: find(noisy) };
}

function onlyDefect(t: Topology, rule: RuleId): Defect {
  const ds = checkCoverage(t.toUnits()).defects.filter((d) => !d.belowTolerance || rule === 'overlap');
  const mine = ds.filter((d) => d.rule === rule);
  assert.equal(mine.length, 1, JSON.stringify(ds.map((d) => d.id)));
  return mine[0]!;
}

function fix(h: EditHistory, rule: RuleId, kind: FixKind, choice?: string): EditSuccess {
  const d = onlyDefect(h.topology, rule);
  const out = planFix(d, h.topology.toUnits(), kind, choice);
  assert.ok(out.ok, out.ok ? '' : out.reason);
  const { plan } = out;
  const r = h.apply({
    op: 'fixCoverage',
    kind: plan.kind,
    defectId: plan.defectId,
    target: plan.target,
    reshape: plan.reshape,
    moves: plan.moves,
  });
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.error));
  return r;
}

/** True when one arc of the topology is walked by both cells: their boundary is one, not two copies. */
function shareAnArc(t: Topology, a: string, b: string): boolean {
  for (const [id, users] of t.arcUsers) if (t.arcs.has(id) && users.has(a) && users.has(b)) return true;
  return false;
}

const snapshot = (t: Topology): string =>
  JSON.stringify(t.toUnits().sort((a, b) => a.code.localeCompare(b.code)));
const clean = (t: Topology): void => assert.deepEqual(checkCoverage(t.toUnits()).defects, []);

test('the noisy pair is clean to the check but not shared in the topology', () => {
  const { t, mid, midA } = noisyPair();
  clean(t);
  assert.notEqual(mid, midA);
  assert.ok(t.unitsAtVertex(midA).has(A) && !t.unitsAtVertex(midA).has(B));
});

test('drag opens a gap; the fix gives it to a bordering cell in one undoable edit; the edge is shared after', () => {
  const { t, midA } = noisyPair();
  const h = new EditHistory(t);
  assert.ok(h.apply({ op: 'moveVertex', vertex: midA, to: [P(0.8, 0.5)[0]!, P(0.8, 0.5)[1]!] }).ok);
  const gapState = snapshot(t);
  onlyDefect(t, 'gap');
  const r = fix(h, 'gap', 'gap');
  assert.ok(r.changed.some((u) => u.code === A));
  clean(t);
  assert.ok(shareAnArc(t, A, B), 'A now walks B’s arc');
  // A later drag of the middle vertex moves both cells: still clean.
  const mid = t.vx.findIndex((x, i) => x === P(1, 0.5)[0] && t.vy[i] === P(1, 0.5)[1]);
  assert.ok(t.unitsAtVertex(mid).has(A) && t.unitsAtVertex(mid).has(B));
  assert.ok(h.apply({ op: 'moveVertex', vertex: mid, to: [P(1.1, 0.5)[0]!, P(1.1, 0.5)[1]!] }).ok);
  clean(t);
  h.undo();
  h.undo();
  assert.equal(snapshot(t), gapState, 'undo brings the gap back exactly');
  h.redo();
  clean(t);
});

test('the planner gives the gap to the other cell', () => {
  const { t, midA } = noisyPair();
  const h = new EditHistory(t);
  assert.ok(h.apply({ op: 'moveVertex', vertex: midA, to: [P(0.8, 0.5)[0]!, P(0.8, 0.5)[1]!] }).ok);
  fix(h, 'gap', 'gap', B);
  clean(t);
  assert.ok(shareAnArc(t, A, B));
  assert.ok(t.unitsAtVertex(midA).has(B), 'B runs through A’s dragged vertex');
});

test('an overlap is subtracted from the chosen side, leaving one shared edge', () => {
  for (const side of [A, B]) {
    const { t, midA } = noisyPair();
    const h = new EditHistory(t);
    assert.ok(h.apply({ op: 'moveVertex', vertex: midA, to: [P(1.2, 0.5)[0]!, P(1.2, 0.5)[1]!] }).ok);
    const r = fix(h, 'overlap', 'overlap', side);
    assert.ok(r.changed.some((u) => u.code === side));
    clean(t);
    assert.ok(shareAnArc(t, A, B), `shared after taking the overlap from ${side}`);
  }
});

test('near-coincident vertices 0.3 m apart are snapped into one shared vertex', () => {
  const { t, midA } = noisyPair();
  const h = new EditHistory(t);
  const off = P(1, 0.5);
  const to: [number, number] = [off[0]! + 0.3 / (111_320 * Math.cos((off[1]! * Math.PI) / 180)), off[1]!];
  assert.ok(h.apply({ op: 'moveVertex', vertex: midA, to }).ok);
  assert.ok(checkCoverage(t.toUnits()).defects.length > 0);
  fix(h, 'overlap', 'snap');
  clean(t);
  assert.ok(shareAnArc(t, A, B));
  const at = (code: string): Set<number> =>
    new Set(
      t
        .unit(code)!
        .polygons.flat(2)
        .flatMap((ref) => t.arc(arcIndex(ref))),
    );
  const common = [...at(A)].filter((v) => at(B).has(v));
  assert.ok(common.length >= 3, 'the corners and the middle vertex are one and the same');
});

test('a cell deleted leaving a gap: the fix hands the area to a neighbour', () => {
  const { t } = noisyPair();
  const h = new EditHistory(t);
  assert.ok(h.apply({ op: 'deleteCell', code: B }).ok);
  onlyDefect(t, 'gap');
  fix(h, 'gap', 'gap');
  clean(t);
  assert.equal(t.unit(A)!.polygons.length, 1);
});

test('a 5 cm notch in one cell (vertices mid-edge, none across) is snapped onto the neighbour’s edge', () => {
  const units = [
    unit('440115', 'district', null, [P(0, 0), P(2, 0), P(2, 1), P(0, 1)]),
    unit('440115001', 'town', '440115', [P(0, 0), P(2, 0), P(2, 1), P(0, 1)]),
    unit(COMMUNITY, 'community', '440115001', [P(0, 0), P(2, 0), P(2, 1), P(0, 1)]),
    unit(A, 'cell', COMMUNITY, [
      P(0, 0),
      P(1, 0),
      P(1 - 0.00045, 0.3),
      P(1 - 0.00045, 0.7),
      P(1, 1),
      P(0, 1),
    ]),
    unit(B, 'cell', COMMUNITY, [P(1, 0), P(2, 0), P(2, 1), P(1, 1)]),
  ];
  const t = buildTopology(units);
  const h = new EditHistory(t);
  const gap = checkCoverage(t.toUnits()).defects.find((d) => d.rule === 'gap');
  assert.ok(gap && gap.widthM! < 0.1, 'a thin gap');
  const out = planFix(gap, t.toUnits(), 'snap');
  assert.ok(out.ok, out.ok ? '' : out.reason);
  assert.equal(out.plan.moves.length, 2);
  const r = h.apply({
    op: 'fixCoverage',
    kind: 'snap',
    defectId: gap.id,
    target: out.plan.target,
    reshape: [],
    moves: out.plan.moves,
  });
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.error));
  assert.deepEqual(checkCoverage(t.toUnits()).defects, [], 'not even below tolerance');
  assert.ok(shareAnArc(t, A, B), 'B now walks the stretch through A’s snapped vertices');
  h.undo();
  assert.equal(checkCoverage(t.toUnits()).defects.filter((d) => d.rule === 'gap').length, 1);
});

test('boundaries that cross between vertices: the overlap and then the gap are fixed, the edge ends shared', () => {
  const units = [
    unit('440115', 'district', null, [P(0, 0), P(2, 0), P(2, 1), P(0, 1)]),
    unit('440115001', 'town', '440115', [P(0, 0), P(2, 0), P(2, 1), P(0, 1)]),
    unit(COMMUNITY, 'community', '440115001', [P(0, 0), P(2, 0), P(2, 1), P(0, 1)]),
    unit(A, 'cell', COMMUNITY, [P(0, 0), P(1, 0), P(1.1, 0.3), P(0.9, 0.7), P(1, 1), P(0, 1)]),
    unit(B, 'cell', COMMUNITY, [P(1, 0), P(2, 0), P(2, 1), P(1, 1)]),
  ];
  const h = new EditHistory(buildTopology(units));
  fix(h, 'overlap', 'overlap', A);
  fix(h, 'gap', 'gap', A);
  clean(h.topology);
  assert.ok(shareAnArc(h.topology, A, B));
});

/**
 * Two towns of one community each, two cells per community; T1's chain (town, community, lower
 * cell) pulled back from x = 2 to 1.8 below y = 1: a gap between the towns, reported once.
 */
function notchedTowns(): GridUnit[] {
  const D0 = '440115';
  const T1 = '440115001';
  const T2 = '440115002';
  const notch = [P(0, 0), P(1.8, 0), P(1.8, 1), P(2, 1), P(2, 2), P(0, 2)];
  return [
    unit(D0, 'district', null, [P(0, 0), P(4, 0), P(4, 2), P(0, 2)]),
    unit(T1, 'town', D0, notch),
    unit(`${T1}001`, 'community', T1, notch),
    unit(`${T1}001001`, 'cell', `${T1}001`, [P(0, 0), P(1.8, 0), P(1.8, 1), P(0, 1)]),
    unit(`${T1}001002`, 'cell', `${T1}001`, [P(0, 1), P(1.8, 1), P(2, 1), P(2, 2), P(0, 2)]),
    unit(T2, 'town', D0, [P(2, 0), P(4, 0), P(4, 2), P(2, 2)]),
    unit(`${T2}001`, 'community', T2, [P(2, 0), P(4, 0), P(4, 2), P(2, 2)]),
    unit(`${T2}001001`, 'cell', `${T2}001`, [P(2, 0), P(4, 0), P(4, 1), P(2, 1)]),
    unit(`${T2}001002`, 'cell', `${T2}001`, [P(2, 1), P(4, 1), P(4, 2), P(2, 2)]),
  ];
}

test('a gap between towns fixed as one edit reaches the community and the cell, sharing one boundary', () => {
  for (const [choice, chain] of [
    ['440115002', ['440115002', '440115002001', '440115002001001']],
    [undefined, ['440115001', '440115001001', '440115001001001']],
  ] as const) {
    const h = new EditHistory(buildTopology(notchedTowns()));
    const before = snapshot(h.topology);
    const gap = onlyDefect(h.topology, 'gap');
    assert.equal(gap.parentCode, '440115');
    const out = planFix(gap, h.topology.toUnits(), 'gap', choice);
    assert.ok(out.ok, out.ok ? '' : out.reason);
    assert.deepEqual(
      out.plan.reshape.map((r) => r.code),
      chain,
    );
    const r = h.apply({
      op: 'fixCoverage',
      kind: out.plan.kind,
      defectId: out.plan.defectId,
      target: out.plan.target,
      reshape: out.plan.reshape,
      moves: out.plan.moves,
    });
    assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.error));
    clean(h.topology);
    // The stretch the fix drew is one arc walked by the town, its community and its cell, and by
    // the other side across it: moving a vertex there later moves every level together.
    const t = h.topology;
    const across = choice ? '440115001001001' : '440115002001001';
    const common = [...t.arcUsers].filter(
      ([id, users]) => t.arcs.has(id) && chain.every((c) => users.has(c)) && users.has(across),
    );
    assert.ok(common.length > 0, `one arc for ${chain.join(', ')} and ${across}`);
    h.undo();
    assert.equal(snapshot(t), before, 'one undo takes the whole fix back');
  }
});

/**
 * Two towns, one community and two cells each, meeting along x = 2, where T1's town and community
 * have a boundary vertex 0.3 m into T2 at y = 1: a thin overlap between the towns. The cells of one
 * town hold their own copy of the vertex that town has there, 1e-9° off (import noise: the check
 * sees one vertex, the topology two). `across`: T2 has a vertex at y = 1 (the snap moves T2's onto
 * T1's, and T2's cells hold the copy); otherwise T2's side is straight (T1's vertex goes onto T2's
 * edge, and T1's cells hold the copy).
 */
function nearCopyTowns(across: boolean): { units: GridUnit[]; copy: Position; mover: string } {
  const D0 = '440115';
  const T1 = '440115001';
  const T2 = '440115002';
  const dx = 0.3 / (111_320 * Math.cos((Y0 * Math.PI) / 180));
  const bulge: Position = [P(2, 1)[0]! + dx, P(2, 1)[1]!];
  const noisy = (p: Position): Position => [p[0]! + 1e-9, p[1]!];
  const t1 = [P(0, 0), P(2, 0), bulge, P(2, 2), P(0, 2)];
  const c1 = across ? bulge : noisy(bulge);
  const w = P(2, 1);
  const t2 = across ? [P(2, 0), P(4, 0), P(4, 2), P(2, 2), w] : [P(2, 0), P(4, 0), P(4, 2), P(2, 2)];
  const c2 = noisy(w);
  return {
    copy: across ? c2 : c1,
    mover: across ? T2 : T1,
    units: [
      unit(D0, 'district', null, [P(0, 0), P(4, 0), P(4, 2), P(0, 2)]),
      unit(T1, 'town', D0, t1),
      unit(`${T1}001`, 'community', T1, t1),
      unit(`${T1}001001`, 'cell', `${T1}001`, [P(0, 0), P(2, 0), c1, P(0, 1)]),
      unit(`${T1}001002`, 'cell', `${T1}001`, [P(0, 1), c1, P(2, 2), P(0, 2)]),
      unit(T2, 'town', D0, t2),
      unit(`${T2}001`, 'community', T2, t2),
      ...(across
        ? [
            unit(`${T2}001001`, 'cell', `${T2}001`, [P(2, 0), P(4, 0), P(4, 1), c2]),
            unit(`${T2}001002`, 'cell', `${T2}001`, [c2, P(4, 1), P(4, 2), P(2, 2)]),
          ]
        : [
            unit(`${T2}001001`, 'cell', `${T2}001`, [P(2, 0), P(4, 0), P(4, 2), P(3, 2)]),
            unit(`${T2}001002`, 'cell', `${T2}001`, [P(2, 0), P(3, 2), P(2, 2)]),
          ]),
    ],
  };
}

test('a town-level snap moves the cells’ own near-copies of the vertex too: every level ends clean', () => {
  for (const across of [false, true]) {
    const { units, copy, mover } = nearCopyTowns(across);
    const cells = [`${mover}001001`, `${mover}001002`];
    const t = buildTopology(units);
    const h = new EditHistory(t);
    const copyId = t.vx.findIndex((x, i) => x === copy[0] && t.vy[i] === copy[1]);
    assert.ok(copyId >= 0);
    assert.deepEqual([...t.unitsAtVertex(copyId)].sort(), cells, 'the copy is the cells’ alone');
    const before = snapshot(t);
    const found = checkCoverage(t.toUnits()).defects;
    assert.deepEqual(
      found.map((d) => [d.rule, d.parentCode]),
      [['overlap', '440115']],
      'one thin overlap between the towns; the 1e-9° copy is no defect',
    );
    const out = planFix(found[0]!, t.toUnits(), 'snap');
    assert.ok(out.ok, out.ok ? '' : out.reason);
    assert.equal(out.plan.target, mover);
    const r = h.apply({
      op: 'fixCoverage',
      kind: 'snap',
      defectId: out.plan.defectId,
      target: out.plan.target,
      reshape: [],
      moves: out.plan.moves,
    });
    assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.error));
    for (const c of cells)
      assert.ok(
        r.changed.some((u) => u.code === c),
        `${c} moved with its town`,
      );
    clean(t);
    // The mover's town, community and cells walk one vertex there now, no copy of it.
    assert.equal(t.arcsAt(copyId).length, 0, 'the copy is gone');
    const at = out.plan.moves[0]![1];
    const v = t.vx.findIndex((x, i) => x === at[0] && t.vy[i] === at[1]);
    assert.ok(v >= 0);
    for (const c of [mover, `${mover}001`, ...cells])
      assert.ok(t.unitsAtVertex(v).has(c), `${c} at the vertex`);
    h.undo();
    assert.equal(snapshot(t), before, 'one undo takes it all back');
  }
});
