/**
 * The editor tests' small hierarchy: a district = town of 4×2 squares, two communities of 2×2 squares,
 * eight cells of one square each (cell n of a community: (i % 2) * 2 + j + 1 for square i, j). The
 * lattice is sheared, so its edges run obliquely and a point interpolated along one (as snapping makes
 * it) lies off the stored segment by float noise, as on real data.
 */
import assert from 'node:assert/strict';
import type { Position } from 'geojson';
import { checkCoverage, type Defect } from '../../shared/coverage/index.ts';
import type { GridLevel, GridUnit } from '../../shared/grid/types.ts';
import {
  snapPoint,
  type EditResult,
  type EditSuccess,
  type LonLat,
  type SnapVertex,
  type Topology,
} from '../../shared/editor/index.ts';

const X0 = 113.5;
const Y0 = 22.7;
const D = 0.001;

/** Lattice point (i, j); fractions give points inside squares and along edges. */
export const P = (i: number, j: number): LonLat => [X0 + i * D + j * 0.000337, Y0 + j * D + i * 0.000213];

function rect(i0: number, j0: number, i1: number, j1: number): Position[] {
  const r: Position[] = [];
  for (let i = i0; i < i1; i++) r.push(P(i, j0));
  for (let j = j0; j < j1; j++) r.push(P(i1, j));
  for (let i = i1; i > i0; i--) r.push(P(i, j1));
  for (let j = j1; j > j0; j--) r.push(P(i0, j));
  r.push(P(i0, j0));
  return r;
}

function unit(code: string, level: GridLevel, parentCode: string | null, ring: Position[]): GridUnit {
  return {
    code,
    name: code,
    level,
    parentCode,
    kind: level === 'cell' ? 'comprehensive' : null,
    subtype: null,
    population: 100,
    chief: null,
    staffFullTime: 1,
    staffPartTime: 0,
    staffVolunteer: 0,
    geometry: { type: 'Polygon', coordinates: [ring] },
  };
}

export const DISTRICT = '440115';
export const TOWN = '440115001';
export const C1 = '440115001001';
export const C2 = '440115001002';
export const cell = (c: string, n: number): string => `${c}${String(n).padStart(3, '0')}`;

export function lattice(): GridUnit[] {
  const units = [
    unit(DISTRICT, 'district', null, rect(0, 0, 4, 2)),
    unit(TOWN, 'town', DISTRICT, rect(0, 0, 4, 2)),
    unit(C1, 'community', TOWN, rect(0, 0, 2, 2)),
    unit(C2, 'community', TOWN, rect(2, 0, 4, 2)),
  ];
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 2; j++) {
      const c = i < 2 ? C1 : C2;
      units.push(unit(cell(c, (i % 2) * 2 + j + 1), 'cell', c, rect(i, j, i + 1, j + 1)));
    }
  return units;
}

/** Where the pointer snaps near lattice point (i, j): the map's snapping, on a 1000 px per square screen. */
export function snapped(t: Topology, i: number, j: number, tolerancePx = 10): LonLat {
  // Screen coordinates of the unsheared lattice: the shear is linear, so nearness carries over.
  const toScreen = (p: LonLat): { x: number; y: number } => {
    const dx = (p[0] - X0) / D;
    const dy = (p[1] - Y0) / D;
    // Invert x = i + 0.337 j, y = j + 0.213 i.
    const det = 1 - 0.337 * 0.213;
    return { x: ((dx - 0.337 * dy) / det) * 1000, y: ((dy - 0.213 * dx) / det) * 1000 };
  };
  const vertices = new Map<number, SnapVertex>();
  for (const [, vs] of t.arcs)
    for (const v of vs)
      if (!vertices.has(v)) vertices.set(v, { id: v, at: t.pos(v), screen: toScreen(t.pos(v)) });
  const segments = [...t.arcs.values()].flatMap((vs) =>
    vs.slice(1).map((v, k) => ({ a: vertices.get(vs[k] as number)!, b: vertices.get(v)! })),
  );
  const s = snapPoint({ x: i * 1000, y: j * 1000 }, vertices.values(), segments, tolerancePx);
  assert.ok(s, `nothing to snap to near (${i}, ${j})`);
  return s.at;
}

/** Coverage defects of every kind, errors and warnings alike. */
export const defects = (t: Topology): Defect[] => checkCoverage(t.toUnits()).defects;
export const snapshot = (t: Topology): string =>
  JSON.stringify(t.toUnits().sort((a, b) => a.code.localeCompare(b.code)));

function planarArea(u: GridUnit): number {
  const polys = u.geometry.type === 'Polygon' ? [u.geometry.coordinates] : u.geometry.coordinates;
  let s = 0;
  for (const rings of polys)
    for (const r of rings)
      for (let i = 0; i + 1 < r.length; i++)
        // Relative to the origin: products of raw degrees would lose the digits that matter.
        s += (r[i]![0]! - X0) * (r[i + 1]![1]! - Y0) - (r[i + 1]![0]! - X0) * (r[i]![1]! - Y0);
  return Math.abs(s) / 2;
}
/** Area in lattice squares (the shear keeps ratios of planar areas). */
export const squares = (t: Topology, code: string): number => {
  const one = planarArea(unit('x', 'cell', null, rect(0, 0, 1, 1)));
  return planarArea(t.gridUnit(code)) / one;
};
export const near = (a: number, b: number, tol = 1e-6): boolean => Math.abs(a - b) < tol;

const positions = (u: GridUnit): Position[] =>
  (u.geometry.type === 'Polygon' ? [u.geometry.coordinates] : u.geometry.coordinates).flat(2);
/**
 * Does the unit have a vertex at this point? Within 1e-12° (float noise of a computed crossing), far
 * below the coverage check's 1e-7° snap distance.
 */
export const hasVertex = (t: Topology, code: string, p: LonLat): boolean =>
  positions(t.gridUnit(code)).some((q) => Math.abs(q[0]! - p[0]) <= 1e-12 && Math.abs(q[1]! - p[1]) <= 1e-12);

/** The units whose rings pass through a vertex at this point (within 1e-12°). */
export function unitsAt(t: Topology, p: LonLat): string[] {
  for (let v = 0; v < t.vertexCount(); v++) {
    const q = t.pos(v);
    if (Math.abs(q[0] - p[0]) <= 1e-12 && Math.abs(q[1] - p[1]) <= 1e-12 && t.arcsAt(v).length)
      return [...t.unitsAtVertex(v)].sort();
  }
  return [];
}

export function ok(r: EditResult | null): EditSuccess {
  assert.ok(r, 'no result');
  assert.ok(r.ok, r.ok ? '' : `refused: ${r.error.key} ${JSON.stringify(r.error.params)}`);
  return r;
}
