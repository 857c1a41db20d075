import { test } from 'node:test';
import assert from 'node:assert/strict';
import { area } from '@turf/area';
import type { Polygon, Position } from 'geojson';
import { checkCoverage } from '../../shared/coverage/index.ts';
import type { GridLevel, GridUnit } from '../../shared/grid/types.ts';
import {
  EditHistory,
  applyEdit,
  arcIndex,
  buildTopology,
  formatEditorMessage,
  type EditResult,
  type EditSuccess,
  type Topology,
} from '../../shared/editor/index.ts';

// A hand-made hierarchy on a lattice of 0.001° (~100 m): district = town (4×2), two communities
// (2×2 each), eight 1×1 cells. Every ring passes through every lattice point on its edges.
const X0 = 113.5;
const Y0 = 22.7;
const D = 0.001;
const P = (i: number, j: number): Position => [X0 + i * D, Y0 + j * D];

function rect(i0: number, j0: number, i1: number, j1: number): Position[] {
  const r: Position[] = [];
  for (let i = i0; i < i1; i++) r.push(P(i, j0));
  for (let j = j0; j < j1; j++) r.push(P(i1, j));
  for (let i = i1; i > i0; i--) r.push(P(i, j1));
  for (let j = j1; j > j0; j--) r.push(P(i0, j));
  r.push(P(i0, j0));
  return r;
}

function unit(code: string, level: GridLevel, parentCode: string | null, rings: Position[][]): GridUnit {
  return {
    code,
    name: code,
    level,
    parentCode,
    kind: level === 'cell' ? 'comprehensive' : null,
    subtype: null,
    population: 100,
    chief: null,
    staffFullTime: 1,
    staffPartTime: 0,
    staffVolunteer: 0,
    geometry: { type: 'Polygon', coordinates: rings },
  };
}

const C1 = '440115001001';
const C2 = '440115001002';
const cell = (c: string, n: number): string => `${c}${String(n).padStart(3, '0')}`;

function lattice(): GridUnit[] {
  const units = [
    unit('440115', 'district', null, [rect(0, 0, 4, 2)]),
    unit('440115001', 'town', '440115', [rect(0, 0, 4, 2)]),
    unit(C1, 'community', '440115001', [rect(0, 0, 2, 2)]),
    unit(C2, 'community', '440115001', [rect(2, 0, 4, 2)]),
  ];
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 2; j++) {
      const c = i < 2 ? C1 : C2;
      units.push(unit(cell(c, (i % 2) * 2 + j + 1), 'cell', c, [rect(i, j, i + 1, j + 1)]));
    }
  return units;
}

function errors(t: Topology): number {
  const r = checkCoverage(t.toUnits());
  return r.counts.errors;
}

function ok(r: EditResult | null): EditSuccess {
  assert.ok(r, 'no result');
  assert.ok(r.ok, r.ok ? '' : `refused: ${r.error.key} ${JSON.stringify(r.error.params)}`);
  return r;
}

/** The vertex at lattice point (i, j). */
function vertexAt(t: Topology, p: Position): number {
  for (let v = 0; v < t.vertexCount(); v++)
    if (t.vx[v] === p[0] && t.vy[v] === p[1] && t.hasVertex(v)) return v;
  throw new Error(`no vertex at ${String(p)}`);
}

const snapshot = (t: Topology): string =>
  JSON.stringify(t.toUnits().sort((a, b) => a.code.localeCompare(b.code)));

const ringOf = (u: GridUnit): Position[] => (u.geometry as Polygon).coordinates[0] as Position[];
const has = (u: GridUnit, p: Position): boolean => ringOf(u).some((q) => q[0] === p[0] && q[1] === p[1]);

test('a boundary shared by cell, community, town and district is one arc, and geometry round-trips', () => {
  const units = lattice();
  const t = buildTopology(units);
  assert.equal(errors(t), 0);
  // Bottom edge of the first cell lies on all four levels.
  const a = vertexAt(t, P(0, 0));
  const b = vertexAt(t, P(1, 0));
  const arcs = t.arcsAt(a).filter((id) => t.arcsAt(b).includes(id));
  assert.equal(arcs.length, 1);
  assert.deepEqual(
    [...(t.arcUsers.get(arcs[0] as number) ?? [])].sort(),
    ['440115', '440115001', C1, cell(C1, 1)].sort(),
  );
  // Each unit comes back with the same closed ring up to its starting point.
  for (const u of units) {
    const back = t.gridUnit(u.code);
    const key = (r: Position[]): string[] =>
      r
        .slice(0, -1)
        .map((p) => p.join(','))
        .sort();
    assert.deepEqual(key(ringOf(back)), key(ringOf(u)), u.code);
    const r = ringOf(back);
    assert.deepEqual(r[0], r[r.length - 1]);
  }
});

test('moving a vertex shared by four cells and two communities moves it in all of them; undo restores', () => {
  const t = buildTopology(lattice());
  const before = snapshot(t);
  const h = new EditHistory(t);
  const v = vertexAt(t, P(2, 1));
  const to: [number, number] = [X0 + 2.3 * D, Y0 + 1.2 * D];
  const r = ok(h.apply({ op: 'moveVertex', vertex: v, to }));
  const codes = r.changed.map((u) => u.code).sort();
  assert.deepEqual(codes, [C1, C2, cell(C1, 3), cell(C1, 4), cell(C2, 1), cell(C2, 2)].sort());
  for (const u of r.changed) assert.ok(has(u, to), u.code);
  assert.equal(errors(t), 0);
  ok(h.undo());
  assert.equal(snapshot(t), before);
  ok(h.redo());
  assert.equal(errors(t), 0);
});

test('a vertex on the town boundary drags cell, community, town and district together', () => {
  const t = buildTopology(lattice());
  const v = vertexAt(t, P(2, 0));
  const to: [number, number] = [X0 + 2 * D, Y0 - 0.3 * D];
  const r = ok(applyEdit(t, { op: 'moveVertex', vertex: v, to }));
  const levels = new Set(r.changed.map((u) => u.level));
  assert.deepEqual([...levels].sort(), ['cell', 'community', 'district', 'town']);
  for (const u of r.changed) assert.ok(has(u, to), u.code);
  assert.equal(errors(t), 0);
});

test('a move that would make a ring cross itself is refused and changes nothing', () => {
  const t = buildTopology(lattice());
  const before = snapshot(t);
  const v = vertexAt(t, P(1, 1));
  const r = applyEdit(t, { op: 'moveVertex', vertex: v, to: [X0 + 2.5 * D, Y0 + 1.5 * D] });
  assert.equal(r.ok, false);
  assert.equal(r.ok ? '' : r.error.key, 'editor.selfIntersection');
  assert.equal(snapshot(t), before);
  const bad = applyEdit(t, { op: 'moveVertex', vertex: v, to: [200, 0] });
  assert.equal(bad.ok ? '' : bad.error.key, 'editor.badCoordinate');
  const unknown = applyEdit(t, { op: 'moveVertex', vertex: 99999, to: [X0, Y0] });
  assert.equal(unknown.ok ? '' : unknown.error.key, 'editor.unknownVertex');
  if (!r.ok) {
    assert.match(formatEditorMessage(r.error.key, r.error.params, 'en'), /intersect itself/);
    assert.match(formatEditorMessage(r.error.key, r.error.params), /自相交/);
  }
});

test('folding a cell over its neighbour without any crossing is refused (orientation check)', () => {
  const t = buildTopology(lattice());
  // Push the outer corner (0,0) across the cell's diagonal: the triangle-like fold flips the ring.
  const v = vertexAt(t, P(0, 0));
  const r = applyEdit(t, { op: 'moveVertex', vertex: v, to: [X0 + 1.5 * D, Y0 + 1.5 * D] });
  assert.equal(r.ok, false);
});

test('inserting a vertex on a shared edge puts it in every ring; deleting it takes it out of all', () => {
  const t = buildTopology(lattice());
  const before = snapshot(t);
  const a = vertexAt(t, P(2, 0));
  const b = vertexAt(t, P(2, 1));
  const arc = t.arcsAt(a).find((id) => t.arcsAt(b).includes(id)) as number;
  const vs = t.arc(arc);
  const index = vs[0] === a || vs[0] === b ? 0 : vs.length - 2;
  const at: [number, number] = [X0 + 2.1 * D, Y0 + 0.5 * D];
  const r = ok(applyEdit(t, { op: 'insertVertex', arc, index, at }));
  const v = r.createdVertices[0] as number;
  assert.deepEqual(r.changed.map((u) => u.code).sort(), [C1, C2, cell(C1, 3), cell(C2, 1)].sort());
  for (const u of r.changed) assert.ok(has(u, at));
  assert.equal(errors(t), 0);
  const d = ok(applyEdit(t, { op: 'deleteVertex', vertex: v }));
  for (const u of d.changed) assert.ok(!has(u, at));
  assert.equal(snapshot(t), before);
});

test('deleting a corner where two boundaries run on joins the arcs; a junction is refused', () => {
  const t = buildTopology(lattice());
  // (0,0) is a degree-2 corner: removing it turns the first cell into a triangle at every level.
  const corner = vertexAt(t, P(0, 0));
  ok(applyEdit(t, { op: 'deleteVertex', vertex: corner }));
  assert.equal(errors(t), 0);
  const junction = vertexAt(t, P(1, 1));
  const r = applyEdit(t, { op: 'deleteVertex', vertex: junction });
  assert.equal(r.ok ? '' : r.error.key, 'editor.deleteJunction');
});

test('deleting a vertex of a triangle is refused: the ring would have fewer than 4 positions', () => {
  const tri: Position[] = [P(0, 0), P(1, 0), P(0, 1), P(0, 0)];
  const t = buildTopology([unit('440115', 'district', null, [tri])]);
  for (const p of tri.slice(0, 3)) {
    const r = applyEdit(t, { op: 'deleteVertex', vertex: vertexAt(t, p) });
    assert.equal(r.ok ? '' : r.error.key, 'editor.tooFewPositions');
  }
});

test('splitting a cell: parts cover the original exactly, neighbours gain the end points, new code', () => {
  const t = buildTopology(lattice());
  const before = snapshot(t);
  const code = cell(C1, 1);
  const original = area(t.gridUnit(code).geometry);
  const h = new EditHistory(t);
  // A bent line crossing the cell from its bottom edge (on the district boundary) to its right edge.
  const line: [number, number][] = [
    [X0 + 0.4 * D, Y0 - 0.2 * D],
    [X0 + 0.5 * D, Y0 + 0.5 * D],
    [X0 + 1.3 * D, Y0 + 0.6 * D],
  ];
  const r = ok(h.apply({ op: 'splitUnit', code, line }));
  assert.deepEqual(r.createdCodes, [cell(C1, 5)]);
  const parts = [t.gridUnit(code), t.gridUnit(cell(C1, 5))];
  const sum = parts.reduce((s, u) => s + area(u.geometry), 0);
  assert.ok(Math.abs(sum - original) / original < 1e-9, `${sum} vs ${original}`);
  const [v1, , v2] = r.createdVertices.map((v) => t.pos(v));
  // Bottom end point is on the community, town and district rings; right end point on the neighbour cell.
  for (const c of [C1, '440115001', '440115']) assert.ok(has(t.gridUnit(c), v1 as Position), c);
  assert.ok(has(t.gridUnit(cell(C1, 3)), v2 as Position));
  assert.equal(errors(t), 0);
  ok(h.undo());
  assert.equal(snapshot(t), before);
  ok(h.redo());
  assert.equal(errors(t), 0);
});

test('a split line that does not cross the cell twice is refused', () => {
  const t = buildTopology(lattice());
  const code = cell(C1, 1);
  const inside = applyEdit(t, {
    op: 'splitUnit',
    code,
    line: [
      [X0 + 0.2 * D, Y0 + 0.2 * D],
      [X0 + 0.8 * D, Y0 + 0.8 * D],
    ],
  });
  assert.equal(inside.ok ? '' : inside.error.key, 'editor.splitCrossings');
  const parent = applyEdit(t, {
    op: 'splitUnit',
    code: C1,
    line: [
      [X0 - D, Y0 + D],
      [X0 + 3 * D, Y0 + D],
    ],
  });
  assert.equal(parent.ok ? '' : parent.error.key, 'editor.splitHasChildren');
});

test('merging adjacent cells removes the shared edge; undo restores byte-identical geometry', () => {
  const t = buildTopology(lattice());
  const before = snapshot(t);
  const h = new EditHistory(t);
  const r = ok(h.apply({ op: 'mergeUnits', codes: [cell(C1, 1), cell(C1, 2)], keep: cell(C1, 2) }));
  assert.deepEqual(r.removed, [cell(C1, 1)]);
  const merged = t.gridUnit(cell(C1, 2));
  assert.equal(merged.population, 200);
  assert.equal((merged.geometry as Polygon).coordinates.length, 1);
  const [a, b] = [P(0, 1).join(','), P(1, 1).join(',')];
  const ring = ringOf(merged).map((p) => p.join(','));
  for (let k = 0; k + 1 < ring.length; k++)
    assert.ok(
      !(ring[k] === a && ring[k + 1] === b) && !(ring[k] === b && ring[k + 1] === a),
      'shared edge gone',
    );
  assert.equal(errors(t), 0);
  ok(h.undo());
  assert.equal(snapshot(t), before);
});

test('merging non-adjacent or non-sibling units is refused', () => {
  const t = buildTopology(lattice());
  const far = applyEdit(t, { op: 'mergeUnits', codes: [cell(C1, 1), cell(C1, 4)], keep: cell(C1, 1) });
  assert.equal(far.ok ? '' : far.error.key, 'editor.mergeNotAdjacent');
  const cousins = applyEdit(t, { op: 'mergeUnits', codes: [cell(C1, 3), cell(C2, 1)], keep: cell(C1, 3) });
  assert.equal(cousins.ok ? '' : cousins.error.key, 'editor.mergeNotSiblings');
  const one = applyEdit(t, { op: 'mergeUnits', codes: [cell(C1, 1)], keep: cell(C1, 1) });
  assert.equal(one.ok ? '' : one.error.key, 'editor.mergeTooFew');
});

test('merging two communities moves and recodes the cells of the one merged away', () => {
  const t = buildTopology(lattice());
  ok(applyEdit(t, { op: 'mergeUnits', codes: [C1, C2], keep: C1 }));
  const cells = [...(t.childrenOf.get(C1) ?? [])].sort();
  assert.equal(cells.length, 8);
  for (const c of cells) assert.ok(c.startsWith(C1));
  assert.equal(errors(t), 0);
});

test('reparenting a border cell recodes it and reshapes both communities; a far cell is refused', () => {
  const t = buildTopology(lattice());
  const before = snapshot(t);
  const h = new EditHistory(t);
  const r = ok(h.apply({ op: 'reparentCell', code: cell(C1, 3), parent: C2 }));
  assert.deepEqual(r.createdCodes, [cell(C2, 5)]);
  assert.deepEqual(r.removed, [cell(C1, 3)]);
  assert.equal(t.gridUnit(cell(C2, 5)).parentCode, C2);
  assert.equal(errors(t), 0);
  assert.ok(Math.abs(area(t.gridUnit(C2).geometry) / area(t.gridUnit(C1).geometry) - 5 / 3) < 1e-4);
  ok(h.undo());
  assert.equal(snapshot(t), before);
  const far = applyEdit(t, { op: 'reparentCell', code: cell(C1, 1), parent: C2 });
  assert.equal(far.ok ? '' : far.error.key, 'editor.reparentNotAdjacent');
  const notCell = applyEdit(t, { op: 'reparentCell', code: C1, parent: C2 });
  assert.equal(notCell.ok ? '' : notCell.error.key, 'editor.notCell');
});

test('deleting a cell gives its area to a neighbour, or leaves a flagged gap', () => {
  const t = buildTopology(lattice());
  const given = ok(applyEdit(t, { op: 'deleteCell', code: cell(C1, 1), giveTo: cell(C1, 3) }));
  assert.deepEqual(given.removed, [cell(C1, 1)]);
  assert.equal(errors(t), 0);
  const bad = applyEdit(t, { op: 'deleteCell', code: cell(C2, 1), giveTo: cell(C2, 4) });
  assert.equal(bad.ok ? '' : bad.error.key, 'editor.deleteNotNeighbour');
  const gap = ok(applyEdit(t, { op: 'deleteCell', code: cell(C2, 1) }));
  assert.equal(gap.gaps.length, 1);
  assert.equal(gap.gaps[0]?.parentCode, C2);
  const r = checkCoverage(t.toUnits());
  assert.equal(r.counts.errors, 1);
  assert.equal(r.defects.find((d) => d.severity === 'error')?.rule, 'gap');
});

test('holes: an island cell inside a ring cell; moving the shared hole vertex and merging them', () => {
  const outer = rect(0, 0, 3, 3);
  const hole = rect(1, 1, 2, 2);
  const units = [
    unit('440115', 'district', null, [outer]),
    unit('440115001', 'town', '440115', [outer]),
    unit(C1, 'community', '440115001', [outer]),
    unit(cell(C1, 1), 'cell', C1, [outer, [...hole].reverse()]),
    unit(cell(C1, 2), 'cell', C1, [hole]),
  ];
  const t = buildTopology(units);
  assert.equal(errors(t), 0);
  const v = vertexAt(t, P(1, 1));
  const r = ok(applyEdit(t, { op: 'moveVertex', vertex: v, to: [X0 + 1.2 * D, Y0 + 1.1 * D] }));
  assert.deepEqual(r.changed.map((u) => u.code).sort(), [cell(C1, 1), cell(C1, 2)]);
  assert.equal(errors(t), 0);
  const m = ok(applyEdit(t, { op: 'mergeUnits', codes: [cell(C1, 1), cell(C1, 2)], keep: cell(C1, 1) }));
  const g = m.changed.find((u) => u.code === cell(C1, 1))?.geometry as Polygon;
  assert.equal(g.coordinates.length, 1, 'hole dissolved');
  assert.equal(errors(t), 0);
});

test('multipolygons: a cell in two parts keeps both; the parts share arcs with their neighbours', () => {
  const units = [
    unit('440115', 'district', null, [rect(0, 0, 3, 1)]),
    unit('440115001', 'town', '440115', [rect(0, 0, 3, 1)]),
    unit(C1, 'community', '440115001', [rect(0, 0, 3, 1)]),
    unit(cell(C1, 2), 'cell', C1, [rect(1, 0, 2, 1)]),
  ];
  units.push({
    ...unit(cell(C1, 1), 'cell', C1, []),
    geometry: { type: 'MultiPolygon', coordinates: [[rect(0, 0, 1, 1)], [rect(2, 0, 3, 1)]] },
  });
  const t = buildTopology(units);
  assert.equal(errors(t), 0);
  const r = ok(
    applyEdit(t, { op: 'moveVertex', vertex: vertexAt(t, P(2, 1)), to: [X0 + 2.2 * D, Y0 + 1.1 * D] }),
  );
  assert.equal(r.changed.find((u) => u.code === cell(C1, 1))?.geometry.type, 'MultiPolygon');
  assert.equal(errors(t), 0);
  const m = ok(applyEdit(t, { op: 'mergeUnits', codes: [cell(C1, 1), cell(C1, 2)], keep: cell(C1, 1) }));
  assert.equal(m.changed.find((u) => u.code === cell(C1, 1))?.geometry.type, 'Polygon');
  assert.equal(errors(t), 0);
});

test('history: undo all returns to the start, redo all to the end, a new edit clears redo, log is JSON', () => {
  const t = buildTopology(lattice());
  const start = snapshot(t);
  const h = new EditHistory(t);
  ok(h.apply({ op: 'moveVertex', vertex: vertexAt(t, P(1, 1)), to: [X0 + 1.1 * D, Y0 + 0.9 * D] }));
  ok(
    h.apply({
      op: 'splitUnit',
      code: cell(C2, 4),
      line: [
        [X0 + 3.5 * D, Y0 + 0.8 * D],
        [X0 + 3.5 * D, Y0 + 2.2 * D],
      ],
    }),
  );
  ok(h.apply({ op: 'mergeUnits', codes: [cell(C2, 1), cell(C2, 2)], keep: cell(C2, 1) }));
  ok(h.apply({ op: 'reparentCell', code: cell(C1, 4), parent: C2 }));
  ok(h.apply({ op: 'setAttributes', code: C1, attrs: { name: '新社区', population: 5 } }));
  ok(h.apply({ op: 'deleteCell', code: cell(C1, 1), giveTo: cell(C1, 2) }));
  assert.equal(errors(t), 0);
  const end = snapshot(t);
  const log = h.entries();
  assert.deepEqual(JSON.parse(JSON.stringify(log)), log);
  while (h.canUndo) {
    ok(h.undo());
    assert.equal(errors(t), 0);
  }
  assert.equal(snapshot(t), start);
  while (h.canRedo) ok(h.redo());
  assert.equal(snapshot(t), end);
  // Replaying the draft log on a fresh topology gives the same grid.
  const fresh = buildTopology(lattice());
  for (const e of log) ok(applyEdit(fresh, { op: 'patch', patch: e.forward }));
  assert.equal(snapshot(fresh), end);
  ok(h.undo());
  assert.ok(h.canRedo);
  ok(h.apply({ op: 'moveVertex', vertex: vertexAt(t, P(4, 2)), to: [X0 + 4.1 * D, Y0 + 2.1 * D] }));
  assert.equal(h.canRedo, false);
  assert.equal(h.redo(), null);
  assert.equal(errors(t), 0);
});

test('arc references use the TopoJSON convention', () => {
  assert.equal(arcIndex(3), 3);
  assert.equal(arcIndex(~3), 3);
});
