/**
 * Locating cases: point-in-polygon through the in-memory cell index at city scale (Guangzhou demo,
 * 30,000 cells) and district scale (Nansha), on random points inside the grid's extent, a third of
 * them falling outside every cell as real reports sometimes do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bbox } from '@turf/bbox';
import { generateGuangzhou, generateNansha } from '../../shared/demo/index.ts';
import type { GridUnit } from '../../shared/grid/types.ts';
import { CellLocator } from '../../electron/backend/cases/locator.ts';
import type { Benchmark, Figure } from './bench-types.ts';

const POINTS = 200_000;

function locatorOf(units: readonly GridUnit[]): CellLocator {
  const names = new Map(units.map((u) => [u.code, { name: u.name, parentCode: u.parentCode }]));
  const cells = units
    .filter((u) => u.level === 'cell')
    .map((u) => ({
      code: u.code,
      name: u.name,
      parentCode: u.parentCode,
      geometry:
        u.geometry.type === 'Polygon'
          ? { type: 'MultiPolygon' as const, coordinates: [u.geometry.coordinates] }
          : u.geometry,
    }));
  return new CellLocator(cells, names);
}

/** Microseconds per locate, and the share of points placed in a cell. */
function measure(units: readonly GridUnit[]): { us: number; placed: number; cells: number } {
  const locator = locatorOf(units);
  const district = units.filter((u) => u.level === 'district');
  const boxes = district.map((d) => bbox(d.geometry));
  const [w, s, e, n] = [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
  let seed = 7;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pts = new Float64Array(POINTS * 2);
  for (let i = 0; i < POINTS; i++) {
    pts[i * 2] = w + rand() * (e - w);
    pts[i * 2 + 1] = s + rand() * (n - s);
  }
  for (let i = 0; i < 10_000; i++) locator.locate(pts[i * 2]!, pts[i * 2 + 1]!);
  let placed = 0;
  const t0 = performance.now();
  for (let i = 0; i < POINTS; i++) if (locator.locate(pts[i * 2]!, pts[i * 2 + 1]!)) placed++;
  const ms = performance.now() - t0;
  return { us: (ms * 1000) / POINTS, placed: placed / POINTS, cells: locator.size };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'locate',
    figures: ['locate_case_us', 'locate_us_per_case', 'locate_nansha_us'],
    run: async (): Promise<Figure[]> => {
      const csv = readFileSync(
        join(import.meta.dirname, '..', '..', 'data', 'divisions-guangzhou.csv'),
        'utf8',
      );
      const gz = measure(generateGuangzhou(csv, { seed: 1, cells: 30000 }).units);
      const ns = measure(generateNansha(csv, { seed: 1 }).units);
      console.error(
        `locate bench: Guangzhou ${gz.cells} cells, ${(gz.placed * 100).toFixed(0)} % placed; ` +
          `Nansha ${ns.cells} cells, ${(ns.placed * 100).toFixed(0)} % placed`,
      );
      return [
        { name: 'locate_case_us', value: gz.us, unit: 'us' },
        // The name for the same figure.
        { name: 'locate_us_per_case', value: gz.us, unit: 'us' },
        { name: 'locate_nansha_us', value: ns.us, unit: 'us' },
      ];
    },
  },
];
