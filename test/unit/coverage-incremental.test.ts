import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Polygon, Position } from 'geojson';
import { CoverageChecker, checkCoverage, type CoverageUnit } from '../../shared/coverage/index.ts';
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
