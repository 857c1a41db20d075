import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Position } from 'geojson';
import { checkCoverage, type CoverageUnit } from '../../shared/coverage/index.ts';
import { divisionsCsv, loadDemo, matchInjected } from '../helpers/coverage-demo.ts';
import { lattice } from '../helpers/coverage-lattice.ts';

const demo = await loadDemo();
const skip = !demo && 'the demo generator (shared/demo) is not there yet';

/** Every coordinate nudged by ±1e-9°, differently for each unit: float noise along shared boundaries. */
function noisy(units: CoverageUnit[]): CoverageUnit[] {
  let k = 0;
  const nudge = (r: Position[]): Position[] => {
    const open = r.slice(0, -1).map((p): Position => {
      k++;
      return [
        (p[0] as number) + (k % 3 === 0 ? 1e-9 : k % 3 === 1 ? -1e-9 : 0),
        (p[1] as number) + (k % 2 ? 1e-9 : -1e-9),
      ];
    });
    return [...open, open[0] as Position];
  };
  return units.map((u) => ({
    ...u,
    geometry:
      u.geometry.type === 'Polygon'
        ? { type: 'Polygon', coordinates: u.geometry.coordinates.map(nudge) }
        : { type: 'MultiPolygon', coordinates: u.geometry.coordinates.map((p) => p.map(nudge)) },
  }));
}

test('clean lattice at Guangzhou scale and its 1e-9° noisy copy: zero reports', () => {
  const units = lattice({ cellsX: 180, cellsY: 170 });
  assert.deepEqual(checkCoverage(units).defects, []);
  assert.deepEqual(checkCoverage(noisy(units)).defects, []);
});

test('demo Nansha and Guangzhou (clean): zero reports, also with 1e-9° noise', { skip }, () => {
  if (!demo) return;
  const csv = divisionsCsv();
  const nansha = demo.generateNansha(csv, { seed: 1 }).units;
  const r = checkCoverage(nansha);
  assert.deepEqual(
    r.defects.map((d) => `${d.rule} ${d.codes.join(',')} ${d.areaM2.toFixed(2)}`),
    [],
  );
  assert.deepEqual(
    checkCoverage(noisy(nansha)).defects.map((d) => d.id),
    [],
  );
  const gz = demo.generateGuangzhou(csv, { seed: 1, cells: 30000 }).units;
  assert.deepEqual(
    checkCoverage(gz).defects.map((d) => `${d.rule} ${d.codes.join(',')} ${d.areaM2.toFixed(2)}`),
    [],
  );
});

test('demo Nansha with injected defects: every one found with its rule and about its area', { skip }, () => {
  if (!demo) return;
  const { dataset, defects } = demo.generateNanshaWithDefects(divisionsCsv(), { seed: 1 });
  assert.ok(defects.length > 0);
  const r = checkCoverage(dataset.units);
  const { missed } = matchInjected(r, defects);
  assert.deepEqual(
    missed,
    [],
    `reported: ${r.defects.map((d) => `${d.rule} ${d.codes.join(',')} ${d.areaM2.toFixed(1)}`).join('; ')}`,
  );
});
