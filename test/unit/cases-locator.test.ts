/** The cell index agrees with turf's point-in-polygon on the Nansha demo grid, holes and all. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { point } from '@turf/helpers';
import { generateNansha } from '../../shared/demo/index.ts';
import { CellLocator } from '../../electron/backend/cases/locator.ts';

test('locate agrees with turf on 3,000 random points; outside points are null', () => {
  const csv = readFileSync(join(import.meta.dirname, '..', '..', 'data', 'divisions-guangzhou.csv'), 'utf8');
  const units = generateNansha(csv, { seed: 3 }).units;
  const cells = units.filter((u) => u.level === 'cell');
  const locator = new CellLocator(
    cells.map((u) => ({
      code: u.code,
      name: u.name,
      parentCode: u.parentCode,
      geometry:
        u.geometry.type === 'Polygon'
          ? { type: 'MultiPolygon', coordinates: [u.geometry.coordinates] }
          : u.geometry,
    })),
    new Map(units.map((u) => [u.code, { name: u.name, parentCode: u.parentCode }])),
  );
  let seed = 11;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let placed = 0;
  for (let i = 0; i < 3000; i++) {
    const lon = 113.3 + rand() * 0.4;
    const lat = 22.55 + rand() * 0.4;
    const found = locator.locate(lon, lat);
    const truth = cells
      .filter((c) => booleanPointInPolygon(point([lon, lat]), c.geometry))
      .map((c) => c.code);
    if (found) {
      placed++;
      assert.ok(truth.includes(found.cell.code), `${lon},${lat}: ${found.cell.code} vs ${truth.join(',')}`);
      const community = units.find((u) => u.code === found.cell.code)!.parentCode;
      assert.equal(found.community?.code, community);
      assert.equal(found.town?.code, units.find((u) => u.code === community)!.parentCode);
    } else assert.deepEqual(truth, [], `${lon},${lat} is in ${truth.join(',')}`);
  }
  assert.ok(placed > 500, `placed ${placed}`);
  assert.equal(locator.locate(0, 0), null);
  assert.equal(locator.locate(116.4, 39.9), null);
});
