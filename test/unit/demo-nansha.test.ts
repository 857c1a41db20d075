import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { area } from '@turf/area';
import { bbox } from '@turf/bbox';
import { checkHierarchy, generateNansha, parseDivisions, ringProblems } from '../../shared/demo/index.ts';
import type { GridUnit } from '../../shared/grid/types.ts';

const csv = readFileSync(new URL('../../data/divisions-guangzhou.csv', import.meta.url), 'utf8');
const divisions = parseDivisions(csv);
const ds = generateNansha(csv);
const of = (level: string): GridUnit[] => ds.units.filter((u) => u.level === level);

test('Nansha has 1 district, 9 towns, 172 communities and 2,700–3,300 cells', () => {
  assert.equal(of('district').length, 1);
  assert.equal(of('town').length, 9);
  assert.equal(of('community').length, 172);
  const cells = of('cell').length;
  assert.ok(cells >= 2700 && cells <= 3300, `${cells} cells`);
  assert.equal(ds.units.length, 1 + 9 + 172 + cells);
});

test('districts, towns and communities carry the real codes, names and parents from the CSV', () => {
  const want = divisions.filter((d) => d.code.startsWith('440115'));
  const have = ds.units.filter((u) => u.level !== 'cell');
  assert.deepEqual(
    have.map((u) => [u.code, u.name, u.level, u.parentCode]).sort(),
    want.map((d) => [d.code, d.name, d.level, d.code === '440115' ? null : d.parentCode]).sort(),
  );
});

test('cell codes are 15 digits starting with their community code; all codes unique', () => {
  const communities = new Set(of('community').map((u) => u.code));
  for (const c of of('cell')) {
    assert.match(c.code, /^\d{15}$/);
    assert.ok(c.parentCode !== null && communities.has(c.parentCode));
    assert.equal(c.code.slice(0, 12), c.parentCode);
  }
  assert.equal(new Set(ds.units.map((u) => u.code)).size, ds.units.length);
  // Serials start at 001 and have no holes.
  for (const cm of of('community')) {
    const serials = of('cell')
      .filter((c) => c.parentCode === cm.code)
      .map((c) => Number(c.code.slice(12)))
      .sort((a, b) => a - b);
    assert.deepEqual(
      serials,
      serials.map((_, i) => i + 1),
    );
  }
});

test('same seed gives byte-identical JSON, another seed a different set', () => {
  assert.equal(JSON.stringify(generateNansha(csv, { seed: 1 })), JSON.stringify(ds));
  assert.notEqual(JSON.stringify(generateNansha(csv, { seed: 2 })), JSON.stringify(ds));
});

test('every ring is closed, has ≥ 4 positions, no repeated vertex, right orientation, no kinks', () => {
  const problems = ds.units.flatMap(ringProblems);
  assert.deepEqual(problems, []);
  for (const u of ds.units) {
    for (const poly of u.geometry.type === 'Polygon' ? [u.geometry.coordinates] : u.geometry.coordinates) {
      for (const ring of poly)
        for (const p of ring) assert.equal(Math.round((p[0] as number) * 1e7) / 1e7, p[0]);
    }
  }
});

test('the district sits at Nansha with about 800 km² and an irregular outline', () => {
  const d = of('district')[0] as GridUnit;
  const [w, s, e, n] = bbox(d.geometry);
  assert.ok(w >= 113.3 && e <= 113.7 && s >= 22.55 && n <= 22.95, `bbox ${[w, s, e, n].join(',')}`);
  const km2 = area(d.geometry) / 1e6;
  assert.ok(km2 >= 700 && km2 <= 900, `${km2} km²`);
  // Far from its bounding box: not a rectangle.
  assert.ok(
    area(d.geometry) <
      0.9 *
        area({
          type: 'Polygon',
          coordinates: [
            [
              [w, s],
              [e, s],
              [e, n],
              [w, n],
              [w, s],
            ],
          ],
        }),
  );
  assert.equal(d.geometry.type, 'Polygon');
  assert.ok((d.geometry.coordinates[0] as unknown[]).length > 200);
});

test('exact topology and areas at every level: children partition their parent', () => {
  assert.deepEqual(checkHierarchy(ds), []);
});

test('cell sizes and kinds: comprehensive about 0.2–0.3 km², 5–8 % dedicated and smaller', () => {
  const cells = of('cell');
  const comp = cells.filter((c) => c.kind === 'comprehensive').map((c) => area(c.geometry) / 1e6);
  const ded = cells.filter((c) => c.kind === 'dedicated');
  comp.sort((a, b) => a - b);
  const median = comp[Math.floor(comp.length / 2)] as number;
  assert.ok(median >= 0.2 && median <= 0.3, `median ${median}`);
  assert.ok((comp[comp.length - 1] as number) > 1.3 * median, 'some variation');
  const share = ded.length / cells.length;
  assert.ok(share >= 0.05 && share <= 0.08, `dedicated share ${share}`);
  const dedMedian = ded.map((c) => area(c.geometry) / 1e6).sort((a, b) => a - b)[
    Math.floor(ded.length / 2)
  ] as number;
  assert.ok(dedMedian < median);
  for (const c of cells) {
    assert.equal(c.subtype === null, c.kind === 'comprehensive');
  }
  assert.ok(new Set(ded.map((c) => c.subtype)).size >= 6);
});

test('hierarchy sizes: every community ≥ 3 cells, every town ≥ 3 × its communities, uneven', () => {
  const cellsOf = new Map<string, number>();
  for (const c of of('cell')) cellsOf.set(c.parentCode ?? '', (cellsOf.get(c.parentCode ?? '') ?? 0) + 1);
  const sizes = of('community').map((c) => cellsOf.get(c.code) ?? 0);
  assert.ok(Math.min(...sizes) >= 3);
  assert.ok(Math.max(...sizes) >= 3 * Math.min(...sizes), 'uneven communities');
  for (const t of of('town')) {
    const comms = of('community').filter((c) => c.parentCode === t.code);
    const n = comms.reduce((s, c) => s + (cellsOf.get(c.code) ?? 0), 0);
    assert.ok(n >= 3 * comms.length, `${t.code}: ${n} cells for ${comms.length} communities`);
  }
});

test('attributes: populations add up, staff on cells only, chiefs are Chinese names', () => {
  const byCode = new Map(ds.units.map((u) => [u.code, u]));
  const sums = new Map<string, number>();
  for (const u of ds.units) {
    if (u.parentCode) sums.set(u.parentCode, (sums.get(u.parentCode) ?? 0) + u.population);
  }
  for (const [code, sum] of sums) assert.equal(byCode.get(code)?.population, sum, code);
  const total = (of('district')[0] as GridUnit).population;
  assert.ok(total > 800_000 && total < 1_000_000, `${total}`);
  for (const u of ds.units) {
    assert.ok(Number.isInteger(u.population) && u.population >= 0);
    if (u.level === 'cell') {
      assert.match(u.chief ?? '', /^[\u4e00-\u9fff]{2,3}$/);
      assert.ok([1, 2].includes(u.staffFullTime));
      assert.ok(u.staffPartTime >= 0 && u.staffPartTime <= 3);
      assert.ok(u.staffVolunteer >= 0 && u.staffVolunteer <= 6);
      assert.ok(u.kind !== null);
      if (u.kind === 'dedicated') assert.ok(u.population <= 300);
    } else {
      assert.equal(u.chief, null);
      assert.deepEqual(
        [u.staffFullTime, u.staffPartTime, u.staffVolunteer, u.kind, u.subtype],
        [0, 0, 0, null, null],
      );
    }
  }
  const comm = of('community').map((c) => c.population);
  assert.ok(Math.max(...comm) > 4 * Math.min(...comm), 'uneven populations');
});
