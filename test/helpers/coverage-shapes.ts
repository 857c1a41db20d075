import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { CoverageUnit } from '../../shared/coverage/index.ts';
import { metresPerDegree } from '../../shared/coverage/measure.ts';

/** Hand-made shapes in metres east/north of a point in Nansha, converted to lon/lat. */
const O: [number, number] = [113.55, 22.75];
const M = metresPerDegree(O[1]);

export function pt(x: number, y: number): Position {
  return [O[0] + x / M.x, O[1] + y / M.y];
}

/** A ring through metre coordinates, closed. */
export function ring(...xy: [number, number][]): Position[] {
  const r = xy.map(([x, y]) => pt(x, y));
  r.push(r[0] as Position);
  return r;
}

export function rect(x0: number, y0: number, x1: number, y1: number): Position[] {
  return ring([x0, y0], [x1, y0], [x1, y1], [x0, y1]);
}

export function poly(...rings: Position[][]): Polygon {
  return { type: 'Polygon', coordinates: rings };
}

export function multi(...polys: Position[][][]): MultiPolygon {
  return { type: 'MultiPolygon', coordinates: polys };
}

export function unit(
  code: string,
  parentCode: string | null,
  geometry: Polygon | MultiPolygon,
  level: CoverageUnit['level'] = parentCode ? 'cell' : 'community',
): CoverageUnit {
  return { code, parentCode, level, geometry };
}

/** A 100 m square community P with the given cells. */
export function community(...cells: [string, Polygon | MultiPolygon][]): CoverageUnit[] {
  return [unit('P', null, poly(rect(0, 0, 100, 100))), ...cells.map(([c, g]) => unit(`P${c}`, 'P', g))];
}
