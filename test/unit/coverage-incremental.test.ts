import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Polygon, Position } from 'geojson';
import { CoverageChecker, checkCoverage, type CoverageUnit } from '../../shared/coverage/index.ts';
import { applyEdit, buildTopology } from '../../shared/editor/index.ts';
import type { GridUnit } from '../../shared/grid/types.ts';
import { lattice } from '../helpers/coverage-lattice.ts';
import { poly, rect, unit } from '../helpers/coverage-shapes.ts';

const ids = (ds: { id: string }[]): string[] => ds.map((d) => d.id).sort();

function moveVertex(u: CoverageUnit, i: number, dx: number, dy: number): CoverageUnit {
  const r = (u.geometry as Polygon).coordinates[0] as Position[];
  const moved = r.map((p, k) =>
    k === i || (i === 0 && k === r.length - 1) ? [(p[0] as number) + dx, (p[1] as number) + dy] : p,
  );
  return { ...u, geometry: { type: 'Polygon', coordinates: [moved] } };
}

test('incremental: a moved vertex opens a gap and an overlap; moving it back clears them; same as a full check', () => {
  const units = lattice({ cellsX: 24, cellsY: 18 });
  const checker = new CoverageChecker(units);
  assert.deepEqual(checker.checkAll().defects, []);
  const cell = units.find((u) => u.code === '440115001005006')!;
  assert.ok(cell);
  // Vertex 2 of a 2×2-square cell is on its right edge, shared with the neighbour: pulling it in opens a gap.
  const moved = moveVertex(cell, 2, -0.0003, 0);
  const r = checker.update({ upsert: [moved] });
  const rules = r.defects.map((d) => d.rule).sort();
  assert.ok(rules.includes('gap'), rules.join());
  assert.ok(r.defects.every((d) => d.areaM2 > 1 && !d.belowTolerance));
  const full = checkCoverage(units.map((u) => (u.code === cell.code ? moved : u)));
  assert.deepEqual(ids(r.defects), ids(full.defects));
  const pushed = checker.update({ upsert: [moveVertex(cell, 2, 0.0003, 0)] });
  assert.ok(pushed.defects.some((d) => d.rule === 'overlap'));
  assert.deepEqual(checker.update({ upsert: [cell] }).defects, []);
});

test('incremental: splitting a cell in two stays clean; deleting one half leaves a gap', () => {
  const units = lattice({ cellsX: 12, cellsY: 9, cellSide: 1 });
  const checker = new CoverageChecker(units);
  checker.checkAll();
  const cell = units.find((u) => u.code === '440115001002003')!;
  const [a, b, c, d] = ((cell.geometry as Polygon).coordinates[0] as Position[]).slice(0, 4) as Position[];
  const mid = (p: Position, q: Position): Position => [
    ((p[0] as number) + (q[0] as number)) / 2,
    ((p[1] as number) + (q[1] as number)) / 2,
  ];
  const m1 = mid(a!, b!);
  const m2 = mid(c!, d!);
  const left: CoverageUnit = {
    ...cell,
    code: '440115001002901',
    geometry: { type: 'Polygon', coordinates: [[a!, m1, m2, d!, a!]] },
  };
  const right: CoverageUnit = {
    ...cell,
    code: '440115001002902',
    geometry: { type: 'Polygon', coordinates: [[m1, b!, c!, m2, m1]] },
  };
  const r = checker.update({ remove: [cell.code], upsert: [left, right] });
  assert.deepEqual(r.defects, []);
  const r2 = checker.update({ remove: ['440115001002902'] });
  assert.equal(r2.defects.length, 1);
  assert.equal(r2.defects[0]!.rule, 'gap');
});

test('without parents the union is the parent: holes and overlaps are found, the outline is not a gap', () => {
  const cells = [
    unit('A', null, poly(rect(0, 0, 50, 50)), 'cell'),
    unit('B', null, poly(rect(50, 0, 100, 50)), 'cell'),
    unit('C', null, poly(rect(0, 50, 50, 100)), 'cell'),
  ];
  assert.deepEqual(checkCoverage(cells).defects, []);
  const ring = [
    unit('N', null, poly(rect(0, 0, 100, 20)), 'cell'),
    unit('S', null, poly(rect(0, 80, 100, 100)), 'cell'),
    unit('W', null, poly(rect(0, 20, 20, 80)), 'cell'),
    unit('E', null, poly(rect(80, 20, 100, 80)), 'cell'),
  ];
  const hole = checkCoverage(ring).defects;
  assert.equal(hole.length, 1);
  assert.equal(hole[0]!.rule, 'gap');
  assert.ok(Math.abs(hole[0]!.areaM2 - 3600) < 40);
  const over = checkCoverage([...cells, unit('D', null, poly(rect(40, 40, 100, 100)), 'cell')]).defects;
  const o = over.filter((d) => d.rule === 'overlap');
  assert.equal(o.length, 3, JSON.stringify(over.map((d) => [d.rule, d.codes, d.areaM2])));
  const nested = checkCoverage([...cells, unit('E', null, poly(rect(10, 10, 20, 20)), 'cell')]).defects;
  assert.equal(nested.filter((d) => d.rule === 'overlap').length, 1);
});

/** Lattice units as the editor holds them (attributes the topology carries but the check ignores). */
function gridUnits(units: readonly CoverageUnit[]): GridUnit[] {
  return units.map((u) => ({
    ...u,
    name: u.code,
    kind: u.level === 'cell' ? 'comprehensive' : null,
    subtype: null,
    population: 0,
    chief: null,
    staffFullTime: 0,
    staffPartTime: 0,
    staffVolunteer: 0,
  }));
}

/** A line across a cell through its centre, west to east, reaching well past it both sides. */
function acrossMiddle(u: CoverageUnit): [number, number][] {
  const r = (u.geometry as Polygon).coordinates[0]!;
  const xs = r.map((p) => p[0]!);
  const ys = r.map((p) => p[1]!);
  const [w, e] = [Math.min(...xs), Math.max(...xs)];
  const y = (Math.min(...ys) + Math.max(...ys)) / 2;
  return [
    [w - (e - w), y],
    [e + (e - w), y],
  ];
}

test('a cell split in the editor re-checks only the groups it touched, with a full check’s findings', () => {
  const topo = buildTopology(gridUnits(lattice({ cellsX: 16, cellsY: 12 })));
  const checker = new CoverageChecker(topo.toUnits());
  const full = checker.checkAll();
  assert.deepEqual(full.defects, []);
  assert.ok(full.stats.checkedGroups > 10, `${full.stats.checkedGroups} groups in the full check`);
  // Cell 6 of a 4×3 community is inside it: every cell its cut line meets is a sibling.
  for (const [code, most] of [
    ['440115001001006', 1],
    // The district's corner cell: its cut meets the community's, the town's and the district's
    // boundary, so each of those groups is re-checked, and the district's own (it has no siblings).
    ['440115001001001', 4],
  ] as const) {
    const split = applyEdit(topo, { op: 'splitUnit', code, line: acrossMiddle(topo.gridUnit(code)) });
    assert.ok(split.ok, split.ok ? '' : split.error.key);
    assert.equal(split.createdCodes.length, 1);
    const r = checker.update({ upsert: split.changed, remove: split.removed });
    assert.deepEqual(r.defects, [], 'a split leaves no defect');
    assert.ok(
      r.stats.checkedGroups >= 1 && r.stats.checkedGroups <= most,
      `${code}: ${r.stats.checkedGroups} groups re-checked (${split.changed.map((u) => u.level).join()})`,
    );
    assert.equal(r.stats.units, full.stats.units + (code.endsWith('6') ? 1 : 2));
    // Undone: the same few groups, and the unit count back.
    const undo = applyEdit(topo, { op: 'patch', patch: split.inverse });
    assert.ok(undo.ok);
    const back = checker.update({ upsert: undo.changed, remove: undo.removed });
    assert.deepEqual(back.defects, []);
    assert.ok(back.stats.checkedGroups <= most);
    const again = applyEdit(topo, { op: 'patch', patch: split.forward });
    assert.ok(again.ok);
    checker.update({ upsert: again.changed, remove: again.removed });
  }
  // Deleting one half leaves a gap in its community, found as a full check finds it.
  const gone = applyEdit(topo, { op: 'deleteCell', code: '440115001001006' });
  assert.ok(gone.ok);
  const r = checker.update({ upsert: gone.changed, remove: gone.removed });
  assert.deepEqual(ids(r.defects), ids(checkCoverage(topo.toUnits()).defects));
  assert.deepEqual(
    r.defects.map((d) => d.rule),
    ['gap'],
  );
});

test('codes and orphans are re-judged per edit exactly as a full check judges them', () => {
  const units = lattice({ cellsX: 8, cellsY: 6 });
  const checker = new CoverageChecker(units);
  checker.checkAll();
  const byCode = new Map(units.map((u) => [u.code, u]));
  const community = '440115001001';
  const cells = units.filter((u) => u.parentCode === community);
  const codeFindings = (r: { defects: { rule: string; id: string }[] }): string[] =>
    ids(r.defects.filter((d) => d.rule === 'codes' || d.rule === 'orphans'));
  const same = (r: ReturnType<CoverageChecker['update']>, what: string): string[] => {
    const mine = codeFindings(r);
    assert.deepEqual(mine, codeFindings(checkCoverage(checker.units())), what);
    return mine;
  };
  const twin = { ...cells[0]!, geometry: cells[1]!.geometry };
  const dup = same(checker.update({ upsert: [cells[0]!, twin] }), 'a duplicate code');
  assert.ok(
    dup.some((id) => id.startsWith('codes.duplicate')),
    dup.join(),
  );
  same(checker.update({ upsert: [cells[0]!] }), 'the duplicate gone');
  const bad = { ...cells[1]!, code: '440115009999001' };
  const prefix = same(
    checker.update({ remove: [cells[1]!.code], upsert: [bad] }),
    'a code outside its parent',
  );
  assert.ok(
    prefix.some((id) => id.startsWith('codes.prefix')),
    prefix.join(),
  );
  same(checker.update({ remove: [bad.code], upsert: [cells[1]!] }), 'back');
  const empty = same(
    checker.update({ remove: cells.map((c) => c.code) }),
    'a community without cells (and its town with a hole)',
  );
  assert.ok(
    empty.some((id) => id.startsWith('orphans.noChildren')),
    empty.join(),
  );
  same(checker.update({ upsert: cells }), 'the cells back');
  const orphans = same(checker.update({ remove: [community] }), 'cells without their community');
  assert.equal(orphans.filter((id) => id.startsWith('orphans.noParent')).length, cells.length);
  assert.deepEqual(same(checker.update({ upsert: [byCode.get(community)!] }), 'all back'), []);
  // Every cell removed: communities are the bottom level now, and need no children.
  const allCells = units.filter((u) => u.level === 'cell');
  assert.deepEqual(same(checker.update({ remove: allCells.map((c) => c.code) }), 'no cells'), []);
  assert.deepEqual(same(checker.update({ upsert: allCells }), 'the cells back'), []);
  // The district removed: its town names a parent that is not there.
  const district = byCode.get('440115')!;
  assert.deepEqual(same(checker.update({ remove: [district.code] }), 'a town without its district'), [
    'orphans.noParent:440115001:-',
  ]);
  assert.deepEqual(same(checker.update({ upsert: [district] }), 'the district back'), []);
});
