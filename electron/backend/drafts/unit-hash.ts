/**
 * Content hashes of grid units, so versions can share unchanged units and a diff can tell a
 * reshaped unit from a re-coded one without decoding geometry. The geometry hash is of a canonical
 * form (each ring oriented and started at its smallest vertex, parts sorted): the editor's topology
 * rebuilds rings from arcs and may start them elsewhere, which must not count as a change. Nor does a
 * vertex that lies on the straight line between its neighbours (within 1e-9°, a tenth of a
 * millimetre): a split inserts one into each neighbour's side without changing its shape.
 */
import { createHash } from 'node:crypto';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { GridUnit, GridUnitAttributes } from '../../../shared/grid/types.ts';

function open(ring: readonly Position[]): Position[] {
  const r = ring.slice();
  const a = r[0];
  const b = r[r.length - 1];
  if (r.length > 1 && a && b && a[0] === b[0] && a[1] === b[1]) r.pop();
  return r;
}

function signedArea(r: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) {
    const p = r[i] as Position;
    const q = r[(i + 1) % r.length] as Position;
    s += (p[0] as number) * (q[1] as number) - (q[0] as number) * (p[1] as number);
  }
  return s;
}

const ON_LINE_DEG = 1e-9;

/** Drops vertices lying on the segment between their neighbours. */
function withoutStraightVertices(ring: Position[]): Position[] {
  const out: Position[] = [];
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const [ax = 0, ay = 0] = out[out.length - 1] ?? (ring[(i + n - 1) % n] as Position);
    const [bx = 0, by = 0] = ring[i] as Position;
    const [cx = 0, cy = 0] = ring[(i + 1) % n] as Position;
    const len = Math.hypot(cx - ax, cy - ay);
    const off = len > 0 ? Math.abs((bx - ax) * (cy - ay) - (by - ay) * (cx - ax)) / len : Infinity;
    const between =
      (bx - ax) * (cx - ax) + (by - ay) * (cy - ay) > 0 && (bx - cx) * (ax - cx) + (by - cy) * (ay - cy) > 0;
    if (n - (i - out.length) > 3 && off < ON_LINE_DEG && between) continue;
    out.push(ring[i] as Position);
  }
  return out;
}

function canonicalRing(ring: readonly Position[], shell: boolean): string {
  let r = withoutStraightVertices(open(ring));
  const area = signedArea(r);
  if (shell ? area < 0 : area > 0) r = r.reverse();
  let k = 0;
  for (let i = 1; i < r.length; i++) {
    const p = r[i] as Position;
    const m = r[k] as Position;
    if ((p[0] as number) < (m[0] as number) || (p[0] === m[0] && (p[1] as number) < (m[1] as number))) k = i;
  }
  const rotated = [...r.slice(k), ...r.slice(0, k)];
  return rotated.map((p) => `${p[0]},${p[1]}`).join(';');
}

export function geometrySha(g: Polygon | MultiPolygon): string {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const parts = polys
    .map((rings) => {
      const [shell, ...holes] = rings;
      const hs = holes.map((h) => canonicalRing(h, false)).sort();
      return [canonicalRing(shell ?? [], true), ...hs].join('|');
    })
    .sort();
  return createHash('sha1').update(parts.join('#')).digest('hex');
}

/** The attributes in a fixed key order, so equal units always serialise alike. */
export function attrsJson(a: GridUnitAttributes): string {
  return JSON.stringify({
    code: a.code,
    name: a.name,
    level: a.level,
    parentCode: a.parentCode,
    kind: a.kind,
    subtype: a.subtype,
    population: a.population,
    chief: a.chief,
    staffFullTime: a.staffFullTime,
    staffPartTime: a.staffPartTime,
    staffVolunteer: a.staffVolunteer,
    // Only when set, so units without them hash as they did before these fields existed.
    ...(a.workerNames ? { workerNames: a.workerNames } : {}),
    ...(a.notes !== undefined ? { notes: a.notes } : {}),
  });
}

export interface HashedUnit {
  unit: GridUnit;
  sha: string;
  geomSha: string;
  attrsJson: string;
}

export function hashUnit(unit: GridUnit): HashedUnit {
  const geomSha = geometrySha(unit.geometry);
  const attrs = attrsJson(unit);
  const sha = createHash('sha1').update(geomSha).update('\n').update(attrs).digest('hex');
  return { unit, sha, geomSha, attrsJson: attrs };
}
