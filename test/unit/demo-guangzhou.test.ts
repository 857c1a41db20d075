import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { area } from '@turf/area';
import { bbox } from '@turf/bbox';
import { checkHierarchy, generateGuangzhou, parseDivisions } from '../../shared/demo/index.ts';
import type { GridUnit } from '../../shared/grid/types.ts';

const csv = readFileSync(new URL('../../data/divisions-guangzhou.csv', import.meta.url), 'utf8');
const divisions = parseDivisions(csv);
const ds = generateGuangzhou(csv);
const of = (level: string): GridUnit[] => ds.units.filter((u) => u.level === level);

test('Guangzhou has 1 city, 11 districts, 178 towns, 2,851 communities, 27,000–33,000 cells', () => {
  assert.equal(of('city').length, 1);
  assert.equal(of('district').length, 11);
  assert.equal(of('town').length, 178);
  assert.equal(of('community').length, 2851);
  const cells = of('cell').length;
  assert.ok(cells >= 27_000 && cells <= 33_000, `${cells} cells`);
});

test('every division of the CSV appears with its real code, name, level and parent', () => {
  const have = ds.units.filter((u) => u.level !== 'cell').map((u) => [u.code, u.name, u.level, u.parentCode]);
  const want = divisions.map((d) => [d.code, d.name, d.level, d.parentCode]);
  assert.deepEqual(have.sort(), want.sort());
  const city = of('city')[0] as GridUnit;
  assert.deepEqual([city.code, city.name, city.parentCode], ['4401', '广州市', null]);
});

test('placed on Guangzhou’s extent, about 7,400 km², districts of uneven size', () => {
  const city = of('city')[0] as GridUnit;
  const [w, s, e, n] = bbox(city.geometry);
  assert.ok(w >= 112.95 && e <= 114.05 && s >= 22.55 && n <= 23.95, `bbox ${[w, s, e, n].join(',')}`);
  const km2 = area(city.geometry) / 1e6;
  assert.ok(km2 > 6500 && km2 < 8500, `${km2} km²`);
  const sizes = of('district').map((d) => area(d.geometry) / 1e6);
  assert.ok(
    Math.max(...sizes) > 20 * Math.min(...sizes),
    `district areas ${sizes.map(Math.round).join(',')}`,
  );
  const pop = city.population;
  assert.ok(pop > 16e6 && pop < 20e6, `${pop}`);
});

test('exact topology, areas, codes and valid rings at every level', () => {
  assert.deepEqual(checkHierarchy(ds), []);
});

test('every community has ≥ 3 cells, every town ≥ 3 × its communities', () => {
  const n = new Map<string, number>();
  for (const c of of('cell')) n.set(c.parentCode ?? '', (n.get(c.parentCode ?? '') ?? 0) + 1);
  for (const c of of('community')) assert.ok((n.get(c.code) ?? 0) >= 3, c.code);
  for (const t of of('town')) {
    const comms = of('community').filter((c) => c.parentCode === t.code);
    const cells = comms.reduce((s, c) => s + (n.get(c.code) ?? 0), 0);
    assert.ok(cells >= 3 * comms.length, t.code);
  }
});

test('the cells option scales the cell count', () => {
  const small = generateGuangzhou(csv, { cells: 16_000, seed: 3 });
  const cells = small.units.filter((u) => u.level === 'cell').length;
  assert.ok(cells > 14_000 && cells < 18_000, `${cells}`);
  assert.deepEqual(
    checkHierarchy(small, { parents: (u) => u.level !== 'community', rings: (u) => u.level !== 'cell' }),
    [],
  );
});
