/**
 * The planner's newer editor tools on the shared topology: attributes and codes, reparenting, drawing
 * a new cell, reshaping a boundary by a drawn line, and snapping. After each edit the coverage check
 * must still find no error (children cover their parent exactly), and undo must restore the grid.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { area } from '@turf/area';
import type { Polygon, Position } from 'geojson';
import { checkCoverage } from '../../shared/coverage/index.ts';
import type { GridLevel, GridUnit } from '../../shared/grid/types.ts';
import {
  EditHistory,
  applyEdit,
  buildTopology,
  formatEditorMessage,
  parseSnapTolerance,
  snapPoint,
  type EditResult,
  type EditSuccess,
  type LonLat,
  type SnapVertex,
  type Topology,
} from '../../shared/editor/index.ts';

// The same lattice as editor-topology.test.ts: a district = town of 4×2 squares of 0.001°, two
// communities of 2×2, eight 1×1 cells.
const X0 = 113.5;
const Y0 = 22.7;
const D = 0.001;
const P = (i: number, j: number): LonLat => [X0 + i * D, Y0 + j * D];

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

const errors = (t: Topology): number => checkCoverage(t.toUnits()).counts.errors;
const snapshot = (t: Topology): string =>
  JSON.stringify(t.toUnits().sort((a, b) => a.code.localeCompare(b.code)));
/** Area in lattice squares (1 = one 0.001° square). */
/** Equal within 1e-4 squares: lattice squares differ a little in area with latitude on the sphere. */
const near = (a: number, b: number): boolean => Math.abs(a - b) < 1e-4;
const squares = (t: Topology, code: string): number => {
  const one = area({ type: 'Polygon', coordinates: [rect(0, 0, 1, 1)] } as Polygon);
  return area(t.gridUnit(code).geometry) / one;
};
const positions = (u: GridUnit): Position[] =>
  (u.geometry.type === 'Polygon' ? [u.geometry.coordinates] : u.geometry.coordinates).flat(2);
const has = (u: GridUnit, p: Position): boolean =>
  positions(u).some((q) => Math.abs(q[0]! - p[0]!) < 1e-12 && Math.abs(q[1]! - p[1]!) < 1e-12);

function ok(r: EditResult | null): EditSuccess {
  assert.ok(r, 'no result');
  assert.ok(r.ok, r.ok ? '' : `refused: ${r.error.key} ${JSON.stringify(r.error.params)}`);
  return r;
}
function refused(r: EditResult, key: string): void {
  assert.equal(r.ok ? 'accepted' : r.error.key, key);
}

test('attributes: workers with names, notes and a dedicated subtype are saved; undo restores, redo again', () => {
  const t = buildTopology(lattice());
  const before = snapshot(t);
  const h = new EditHistory(t);
  const code = cell(C1, 1);
  ok(
    h.apply({
      op: 'setAttributes',
      code,
      attrs: {
        name: '金茂写字楼网格',
        kind: 'dedicated',
        subtype: 'office_tower',
        chief: '李明',
        staffFullTime: 2,
        staffPartTime: 1,
        staffVolunteer: 3,
        workerNames: { fullTime: ['王芳', '陈强'], partTime: ['赵磊'], volunteer: ['刘洋'] },
        population: 1234,
        notes: '24 小时物业值守',
      },
    }),
  );
  const u = t.gridUnit(code);
  assert.equal(u.subtype, 'office_tower');
  assert.deepEqual(u.workerNames?.fullTime, ['王芳', '陈强']);
  assert.equal(u.notes, '24 小时物业值守');
  const after = snapshot(t);
  ok(h.undo());
  assert.equal(snapshot(t), before);
  ok(h.redo());
  assert.equal(snapshot(t), after, 'redo brings every attribute back');
});

test('attributes: invalid values are refused with a clear message and change nothing', () => {
  const t = buildTopology(lattice());
  const before = snapshot(t);
  const code = cell(C1, 1);
  refused(applyEdit(t, { op: 'setAttributes', code, attrs: { name: '  ' } }), 'editor.attr.nameRequired');
  refused(
    applyEdit(t, { op: 'setAttributes', code, attrs: { kind: 'dedicated' } }),
    'editor.attr.subtypeRequired',
  );
  refused(
    applyEdit(t, { op: 'setAttributes', code, attrs: { subtype: 'park' } }),
    'editor.attr.subtypeOnlyDedicated',
  );
  refused(applyEdit(t, { op: 'setAttributes', code, attrs: { population: -3 } }), 'editor.attr.count');
  refused(applyEdit(t, { op: 'setAttributes', code, attrs: { staffPartTime: 1.5 } }), 'editor.attr.count');
  const names = applyEdit(t, {
    op: 'setAttributes',
    code,
    attrs: { staffFullTime: 1, workerNames: { fullTime: ['甲', '乙'], partTime: [], volunteer: [] } },
  });
  refused(names, 'editor.attr.moreNamesThanWorkers');
  if (!names.ok) {
    assert.equal(formatEditorMessage(names.error.key, names.error.params), '专职 网格员名单多于人数（1 人）');
    assert.match(formatEditorMessage(names.error.key, names.error.params, 'en'), /full-time/);
  }
  const count = applyEdit(t, { op: 'setAttributes', code, attrs: { staffVolunteer: -1 } });
  if (!count.ok) assert.match(formatEditorMessage(count.error.key, count.error.params), /义务网格员人数/);
  assert.equal(snapshot(t), before);
});

test('codes: a free 15-digit serial under the parent is accepted; wrong length, prefix or a taken code are not', () => {
  const t = buildTopology(lattice());
  const before = snapshot(t);
  const h = new EditHistory(t);
  const code = cell(C1, 1);
  refused(applyEdit(t, { op: 'setCode', code, to: '44011500100105' }), 'editor.code.format');
  refused(applyEdit(t, { op: 'setCode', code, to: '44011500100a005' }), 'editor.code.format');
  refused(applyEdit(t, { op: 'setCode', code, to: cell(C2, 9) }), 'editor.code.prefix');
  refused(applyEdit(t, { op: 'setCode', code, to: cell(C1, 2) }), 'editor.code.taken');
  refused(applyEdit(t, { op: 'setCode', code, to: cell(C1, 0) }), 'editor.code.serialZero');
  assert.equal(snapshot(t), before);
  const r = ok(h.apply({ op: 'setCode', code, to: cell(C1, 42) }));
  assert.deepEqual(r.removed, [code]);
  assert.deepEqual(r.createdCodes, [cell(C1, 42)]);
  assert.equal(t.gridUnit(cell(C1, 42)).parentCode, C1);
  assert.equal(errors(t), 0);
  ok(h.undo());
  assert.equal(snapshot(t), before);
});

test('codes: recoding a community carries its cells along with their serials', () => {
  const t = buildTopology(lattice());
  const to = '440115001007';
  ok(applyEdit(t, { op: 'setCode', code: C1, to }));
  const kids = [...(t.childrenOf.get(to) ?? [])].sort();
  assert.deepEqual(
    kids,
    [1, 2, 3, 4].map((n) => cell(to, n)),
  );
  assert.equal(t.childrenOf.get(C1)?.size ?? 0, 0);
  assert.equal(errors(t), 0);
});

test('reparent: the cell takes a new serial under its new community, coverage stays exact both ways', () => {
  const t = buildTopology(lattice());
  const before = snapshot(t);
  const h = new EditHistory(t);
  const total = squares(t, C1) + squares(t, C2);
  const r = ok(h.apply({ op: 'reparentCell', code: cell(C1, 4), parent: C2 }));
  const moved = r.createdCodes[0] as string;
  assert.equal(moved, cell(C2, 5));
  assert.ok(moved.startsWith(C2) && moved.length === 15);
  assert.equal(errors(t), 0);
  assert.ok(near(squares(t, C1), 3) && near(squares(t, C2), 5));
  assert.ok(Math.abs(squares(t, C1) + squares(t, C2) - total) < 1e-9);
  // And back again: a fresh serial under the first community, the areas as they were.
  const back = ok(h.apply({ op: 'reparentCell', code: moved, parent: C1 }));
  const home = back.createdCodes[0] as string;
  assert.ok(home.startsWith(C1) && home.length === 15, home);
  assert.equal(errors(t), 0);
  assert.ok(near(squares(t, C1), 4));
  ok(h.undo());
  ok(h.undo());
  assert.equal(snapshot(t), before);
});

test('draw (take): a square over four cells takes a quarter of each; neighbours gain the meeting points', () => {
  const t = buildTopology(lattice());
  const before = snapshot(t);
  const h = new EditHistory(t);
  const ring: LonLat[] = [
    [X0 + 0.5 * D, Y0 + 0.5 * D],
    [X0 + 1.5 * D, Y0 + 0.5 * D],
    [X0 + 1.5 * D, Y0 + 1.5 * D],
    [X0 + 0.5 * D, Y0 + 1.5 * D],
  ];
  const r = ok(h.apply({ op: 'drawCell', parent: C1, ring, mode: 'take' }));
  const code = r.createdCodes[0] as string;
  assert.equal(code, cell(C1, 5));
  assert.ok(near(squares(t, code), 1));
  for (const n of [1, 2, 3, 4]) assert.ok(near(squares(t, cell(C1, n)), 0.75), `cell ${n}`);
  // Where the outline crosses the line between cells 1 and 3, both hold the same vertex.
  const meet: LonLat = [X0 + 1 * D, Y0 + 0.5 * D];
  assert.ok(has(t.gridUnit(cell(C1, 1)), meet) && has(t.gridUnit(cell(C1, 3)), meet));
  assert.ok(has(t.gridUnit(code), meet));
  assert.equal(t.gridUnit(code).population, 100);
  assert.equal(errors(t), 0);
  ok(h.undo());
  assert.equal(snapshot(t), before);
  ok(h.redo());
  assert.equal(errors(t), 0);
});

test('draw (take): an outline along the community edge swallows a whole cell and reuses the shared edges', () => {
  const t = buildTopology(lattice());
  const ring: LonLat[] = [P(0, 0), [X0 + 1.2 * D, Y0], [X0 + 1.2 * D, Y0 + 1.2 * D], [X0, Y0 + 1.2 * D]];
  const r = ok(applyEdit(t, { op: 'drawCell', parent: C1, ring, mode: 'take' }));
  assert.ok(r.removed.includes(cell(C1, 1)), 'the covered cell is gone');
  const code = r.createdCodes[0] as string;
  assert.ok(near(squares(t, code), 1.44));
  // The point where the outline leaves the community edge is on the community, town and district.
  const leave: LonLat = [X0 + 1.2 * D, Y0];
  for (const c of [C1, '440115001', '440115', cell(C1, 3), code]) assert.ok(has(t.gridUnit(c), leave), c);
  assert.equal(errors(t), 0);
});

test('draw (uncovered): only the gap a deleted cell left is taken; cells keep their area', () => {
  const t = buildTopology(lattice());
  ok(applyEdit(t, { op: 'deleteCell', code: cell(C2, 1) }));
  assert.equal(errors(t), 1, 'the gap');
  const ring: LonLat[] = [
    [X0 + 2.2 * D, Y0 + 0.2 * D],
    [X0 + 3.5 * D, Y0 + 0.2 * D],
    [X0 + 3.5 * D, Y0 + 1.5 * D],
    [X0 + 2.2 * D, Y0 + 1.5 * D],
  ];
  const r = ok(applyEdit(t, { op: 'drawCell', parent: C2, ring, mode: 'uncovered' }));
  const code = r.createdCodes[0] as string;
  // The gap is the square (2..3, 0..1); the outline covers 0.8×0.8 of it.
  assert.ok(near(squares(t, code), 0.64), String(squares(t, code)));
  for (const n of [2, 3, 4]) assert.ok(near(squares(t, cell(C2, n)), 1));
  // The rest of the gap is still a gap: only the new cell's part is covered.
  assert.equal(
    checkCoverage(t.toUnits()).defects.filter((d) => d.severity === 'error' && d.rule === 'gap').length,
    1,
  );
  // An outline that covers no free space is refused, as is one leaving the community.
  const covered: LonLat[] = [
    [X0 + 3.2 * D, Y0 + 1.2 * D],
    [X0 + 3.8 * D, Y0 + 1.2 * D],
    [X0 + 3.8 * D, Y0 + 1.8 * D],
  ];
  refused(
    applyEdit(t, { op: 'drawCell', parent: C2, ring: covered, mode: 'uncovered' }),
    'editor.draw.nothingUncovered',
  );
  const outside: LonLat[] = [
    [X0 + 1.5 * D, Y0 + 1.2 * D],
    [X0 + 2.5 * D, Y0 + 1.2 * D],
    [X0 + 2.5 * D, Y0 + 1.8 * D],
  ];
  refused(applyEdit(t, { op: 'drawCell', parent: C2, ring: outside, mode: 'take' }), 'editor.draw.outside');
  refused(
    applyEdit(t, { op: 'drawCell', parent: cell(C2, 2), ring: covered, mode: 'take' }),
    'editor.draw.parentLevel',
  );
  const bow: LonLat[] = [P(2.2, 0.2), P(2.8, 0.8), P(2.8, 0.2), P(2.2, 0.8)];
  refused(applyEdit(t, { op: 'drawCell', parent: C2, ring: bow, mode: 'take' }), 'editor.draw.ring');
});

test('reshape: a line drawn along a shared edge replaces it in both cells', () => {
  const t = buildTopology(lattice());
  const before = snapshot(t);
  const h = new EditHistory(t);
  const line: LonLat[] = [
    [X0 + D, Y0 + 0.2 * D],
    [X0 + 1.3 * D, Y0 + 0.5 * D],
    [X0 + D, Y0 + 0.8 * D],
  ];
  const r = ok(h.apply({ op: 'reshapeBoundary', code: cell(C1, 1), line }));
  const bulge: LonLat = [X0 + 1.3 * D, Y0 + 0.5 * D];
  assert.ok(has(t.gridUnit(cell(C1, 1)), bulge) && has(t.gridUnit(cell(C1, 3)), bulge));
  assert.ok(near(squares(t, cell(C1, 1)), 1.09));
  assert.ok(near(squares(t, cell(C1, 3)), 0.91));
  assert.deepEqual(
    r.changed.map((u) => u.code).sort(),
    [cell(C1, 1), cell(C1, 3)].sort(),
    'only the two cells: the community edge is not on the stretch',
  );
  assert.equal(errors(t), 0);
  ok(h.undo());
  assert.equal(snapshot(t), before);
});

test('reshape: on a community border the communities and both cells follow; past a four-cell node too', () => {
  const t = buildTopology(lattice());
  const line: LonLat[] = [
    [X0 + 2 * D, Y0 + 0.2 * D],
    [X0 + 1.8 * D, Y0 + 0.5 * D],
    [X0 + 2 * D, Y0 + 0.8 * D],
  ];
  const r = ok(applyEdit(t, { op: 'reshapeBoundary', code: cell(C2, 1), line }));
  assert.deepEqual(r.changed.map((u) => u.code).sort(), [C1, C2, cell(C1, 3), cell(C2, 1)].sort());
  assert.ok(near(squares(t, C2), 4.06));
  assert.equal(errors(t), 0);
  const across: LonLat[] = [
    [X0 + D, Y0 + 0.5 * D],
    [X0 + 1.2 * D, Y0 + D],
    [X0 + D, Y0 + 1.5 * D],
  ];
  refused(applyEdit(t, { op: 'reshapeBoundary', code: cell(C1, 1), line: across }), 'editor.reshape.ends');
  // Up to the top edge of cell 3, along it to the node where four cells meet, on along cell 1's top:
  // cell 1 takes a triangle from cell 3 and now borders cell 4 along the stretch it ran on.
  const junction: LonLat[] = [
    [X0 + D, Y0 + 0.5 * D],
    [X0 + 1.2 * D, Y0 + D],
    [X0 + 0.5 * D, Y0 + D],
  ];
  const third = squares(t, cell(C1, 3));
  ok(applyEdit(t, { op: 'reshapeBoundary', code: cell(C1, 1), line: junction }));
  assert.ok(near(squares(t, cell(C1, 1)), 1.05) && near(squares(t, cell(C1, 3)), third - 0.05));
  assert.ok(near(squares(t, cell(C1, 2)), 1) && near(squares(t, cell(C1, 4)), 1));
  const off: LonLat[] = [
    [X0 + 0.5 * D, Y0 + 0.5 * D],
    [X0 + D, Y0 + 0.5 * D],
  ];
  refused(applyEdit(t, { op: 'reshapeBoundary', code: cell(C1, 1), line: off }), 'editor.reshape.ends');
  assert.equal(errors(t), 0);
});

test('snapping: a vertex within tolerance wins over a nearer edge; an edge point lies on the stored segment', () => {
  const v = (id: number, x: number, y: number, at: LonLat): SnapVertex => ({ id, at, screen: { x, y } });
  const a = v(1, 0, 0, [113, 22]);
  const b = v(2, 100, 0, [113.001, 22]);
  const segs = [{ a, b }];
  const near = snapPoint({ x: 6, y: 4 }, [a, b], segs, 10);
  assert.equal(near?.kind, 'vertex');
  assert.equal(near?.kind === 'vertex' ? near.vertex : -1, 1);
  const edge = snapPoint({ x: 40, y: 3 }, [a, b], segs, 10);
  assert.equal(edge?.kind, 'edge');
  assert.ok(edge && Math.abs(edge.at[0] - 113.0004) < 1e-12 && edge.at[1] === 22);
  assert.equal(snapPoint({ x: 40, y: 30 }, [a, b], segs, 10), null);
  assert.equal(snapPoint({ x: 6, y: 4 }, [a, b], segs, 5)?.kind, 'edge', 'outside 5 px of the vertex');
  assert.equal(snapPoint({ x: 1, y: 1 }, [a, b], segs, 0), null, 'tolerance 0 turns snapping off');
  assert.equal(
    snapPoint({ x: 1, y: 1 }, [a, b], segs, 10, 1),
    null,
    'the dragged vertex and its segments are skipped',
  );
  assert.equal(snapPoint({ x: 99, y: 1 }, [a, b], segs, 10, 1)?.kind, 'vertex', 'other vertices still snap');
  assert.equal(parseSnapTolerance('18'), 18);
  assert.equal(parseSnapTolerance('abc'), 10);
  assert.equal(parseSnapTolerance(null), 10);
  assert.equal(parseSnapTolerance('500'), 50);
});
