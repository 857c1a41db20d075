import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { area } from '@turf/area';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { difference } from '@turf/difference';
import { featureCollection } from '@turf/helpers';
import { intersect } from '@turf/intersect';
import { kinks } from '@turf/kinks';
import {
  checkHierarchy,
  DEFECT_WIDTHS_M,
  generateNansha,
  generateNanshaWithDefects,
} from '../../shared/demo/index.ts';
import type { GridUnit } from '../../shared/grid/types.ts';

const csv = readFileSync(new URL('../../data/divisions-guangzhou.csv', import.meta.url), 'utf8');
const clean = generateNansha(csv);
const { dataset, defects } = generateNanshaWithDefects(csv);
const unit = (units: GridUnit[], code: string): GridUnit => {
  const u = units.find((x) => x.code === code);
  assert.ok(u, `unit ${code}`);
  return u;
};
const f = (u: GridUnit): Feature<Polygon | MultiPolygon> => ({
  type: 'Feature',
  properties: {},
  geometry: u.geometry,
});
const within = (measured: number, planted: number): boolean =>
  measured <= planted * 1.5 && measured >= planted / 1.5;

test('the sidecar lists gaps and overlaps of every width, plus containment, validity and codes', () => {
  for (const w of DEFECT_WIDTHS_M) {
    assert.ok(
      defects.some((d) => d.rule === 'gap' && d.widthM === w),
      `gap ${w}`,
    );
    assert.ok(
      defects.some((d) => d.rule === 'overlap' && d.widthM === w),
      `overlap ${w}`,
    );
  }
  for (const r of ['containment', 'validity', 'codes'])
    assert.equal(defects.filter((d) => d.rule === r).length, 1, r);
  assert.equal(new Set(defects.map((d) => d.id)).size, defects.length);
  for (const d of defects) {
    assert.ok(
      d.location[0] > 113.3 && d.location[0] < 113.7 && d.location[1] > 22.55 && d.location[1] < 22.95,
    );
    assert.ok(d.description.length > 10);
  }
});

test('each gap is really there, between the two sibling cells, of the stated area', () => {
  for (const d of defects.filter((x) => x.rule === 'gap')) {
    const [parent, a, b] = d.codes as [string, string, string];
    const moved = unit(dataset.units, a);
    const was = unit(clean.units, a);
    assert.equal(moved.parentCode, parent);
    assert.equal(unit(dataset.units, b).parentCode, parent);
    const lost = difference(featureCollection([f(was), f(moved)]));
    const lostArea = lost ? area(lost) : 0;
    assert.ok(within(lostArea, d.areaM2 ?? 0), `${d.id}: ${lostArea} vs ${d.areaM2}`);
    // Nobody else covers the gap: the neighbour is unchanged.
    assert.deepEqual(unit(dataset.units, b), unit(clean.units, b));
    const expected = (d.widthM ?? 0) * 0.6;
    assert.ok(lostArea > 0 && (d.areaM2 ?? 0) > expected * 100, `${d.id}: area ${d.areaM2}`);
  }
});

test('each overlap is really there, between the two sibling cells, of the stated area', () => {
  for (const d of defects.filter((x) => x.rule === 'overlap')) {
    const [, a, b] = d.codes as [string, string, string];
    const both = intersect(featureCollection([f(unit(dataset.units, a)), f(unit(dataset.units, b))]));
    const shared = both ? area(both) : 0;
    assert.ok(within(shared, d.areaM2 ?? 0), `${d.id}: ${shared} vs ${d.areaM2}`);
    // The clean pair only touches.
    const before = intersect(featureCollection([f(unit(clean.units, a)), f(unit(clean.units, b))]));
    assert.ok((before ? area(before) : 0) < 0.01);
  }
});

test('the containment cell reaches out of its community by about the stated area', () => {
  const d = defects.find((x) => x.rule === 'containment');
  assert.ok(d);
  const [community, cell] = d.codes as [string, string];
  const c = unit(dataset.units, cell);
  assert.equal(c.parentCode, community);
  const out = difference(featureCollection([f(c), f(unit(dataset.units, community))]));
  const outside = out ? area(out) : 0;
  assert.ok(within(outside, d.areaM2 ?? 0), `${outside} vs ${d.areaM2}`);
  assert.equal(d.widthM, 30);
  assert.ok(!booleanPointInPolygon(d.location, unit(dataset.units, community).geometry));
});

test('the bow-tie cell has a self-intersecting ring; the clean one does not', () => {
  const d = defects.find((x) => x.rule === 'validity');
  assert.ok(d);
  const code = d.codes[0] as string;
  assert.ok(kinks(unit(dataset.units, code).geometry).features.length > 0);
  assert.equal(kinks(unit(clean.units, code).geometry).features.length, 0);
});

test('the duplicate code appears twice among the cells', () => {
  const d = defects.find((x) => x.rule === 'codes');
  assert.ok(d);
  const code = d.codes[0] as string;
  assert.equal(dataset.units.filter((u) => u.code === code).length, 2);
});

test('apart from the planted defects, the set is the clean one', () => {
  const touched = new Set(defects.filter((d) => d.rule !== 'codes').flatMap((d) => d.codes));
  const dup = defects.find((d) => d.rule === 'codes')?.codes[0] ?? '';
  assert.equal(dataset.units.length, clean.units.length);
  let differing = 0;
  clean.units.forEach((u, i) => {
    const v = dataset.units[i] as GridUnit;
    if (JSON.stringify(u) === JSON.stringify(v)) return;
    differing++;
    if (v.code === dup && u.code !== dup) {
      assert.deepEqual({ ...v, code: u.code }, u);
      return;
    }
    assert.ok(touched.has(u.code), `unexpected change in ${u.code}`);
    assert.deepEqual({ ...v, geometry: null }, { ...u, geometry: null });
  });
  // 8 gaps/overlaps + containment + bow-tie move one cell each; the duplicate recodes one.
  assert.equal(differing, 2 * DEFECT_WIDTHS_M.length + 3);
});

test('the clean checker flags the defect set and passes the clean one', () => {
  assert.deepEqual(checkHierarchy(clean), []);
  const problems = checkHierarchy(dataset);
  assert.ok(problems.some((p) => p.startsWith('duplicate code')));
  assert.ok(problems.some((p) => p.includes('self-intersection')));
  assert.ok(problems.some((p) => p.includes('not on the parent')));
});
