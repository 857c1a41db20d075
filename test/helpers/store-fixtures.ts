/** Small hand-made grid units and temp folders for the store tests. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MultiPolygon, Polygon } from 'geojson';
import type { GridLevel, GridUnit } from '../../shared/grid/types.ts';

export function tempDataFile(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'gezhi-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'gezhi.gpkg');
}

function box(x0: number, y0: number, x1: number, y1: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  };
}

function unit(
  level: GridLevel,
  code: string,
  name: string,
  parentCode: string | null,
  geometry: Polygon | MultiPolygon,
): GridUnit {
  const cell = level === 'cell';
  return {
    code,
    name,
    level,
    parentCode,
    kind: cell ? 'comprehensive' : null,
    subtype: null,
    population: cell ? 1200 : 0,
    chief: cell ? '陈小明' : null,
    staffFullTime: cell ? 1 : 0,
    staffPartTime: cell ? 2 : 0,
    staffVolunteer: cell ? 5 : 0,
    geometry,
  };
}

/** 1 city, 1 district, 2 towns, 2 communities, 3 cells; nested boxes around Nansha. */
export const FIXTURE_UNITS: GridUnit[] = [
  unit('city', '440100', '广州市', null, box(113.0, 22.5, 114.0, 23.5)),
  unit('district', '440115', '南沙区', '440100', box(113.3, 22.6, 113.7, 22.9)),
  unit('town', '440115001', '南沙街道', '440115', box(113.3, 22.6, 113.5, 22.9)),
  unit('town', '440115100', '黄阁镇', '440115', box(113.5, 22.6, 113.7, 22.9)),
  unit('community', '440115001001', '金洲社区', '440115001', box(113.3, 22.6, 113.4, 22.9)),
  unit('community', '440115100001', '大井村', '440115100', box(113.5, 22.6, 113.7, 22.9)),
  unit('cell', '440115001001001', '金洲社区第1网格', '440115001001', box(113.3, 22.6, 113.35, 22.9)),
  unit('cell', '440115001001002', '金洲社区第2网格', '440115001001', box(113.35, 22.6, 113.4, 22.9)),
  unit('cell', '440115100001001', '大井村第1网格', '440115100001', {
    type: 'MultiPolygon',
    coordinates: [box(113.5, 22.6, 113.6, 22.9).coordinates, box(113.6, 22.6, 113.7, 22.9).coordinates],
  }),
];

/** Every file under the data file's folder with its bytes, for "nothing changed" checks. */
export function snapshotFolder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p, readFileSync(p).toString('base64'));
    }
  };
  walk(dir);
  return out;
}
