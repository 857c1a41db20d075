import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { CoverageUnit } from './types.ts';
import type { VertexIndex } from './snap.ts';

export type BBox = [number, number, number, number];

/** A unit reduced to snapped vertex ids: shells counter-clockwise, holes clockwise, whatever came in. */
export interface PreparedUnit {
  uid: number;
  unit: CoverageUnit;
  /** part → rings (shell first) → vertex ids, ring closed implicitly, no consecutive repeats. */
  parts: Int32Array[][];
  bbox: BBox;
  edges: number;
}

function signedArea(ids: Int32Array, vi: VertexIndex): number {
  let s = 0;
  const n = ids.length;
  for (let i = 0; i < n; i++) {
    const a = ids[i] as number;
    const b = ids[(i + 1) % n] as number;
    s += (vi.xs[a] as number) * (vi.ys[b] as number) - (vi.xs[b] as number) * (vi.ys[a] as number);
  }
  return s / 2;
}

function snapRing(ring: Position[], vi: VertexIndex, bbox: BBox): Int32Array | null {
  const out: number[] = [];
  for (const p of ring) {
    const x = p[0] as number;
    const y = p[1] as number;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
    const id = vi.id(x, y);
    if (out.length === 0 || out[out.length - 1] !== id) out.push(id);
    if (x < bbox[0]) bbox[0] = x;
    if (y < bbox[1]) bbox[1] = y;
    if (x > bbox[2]) bbox[2] = x;
    if (y > bbox[3]) bbox[3] = y;
  }
  while (out.length > 1 && out[0] === out[out.length - 1]) out.pop();
  return out.length >= 3 ? Int32Array.from(out) : null;
}

export function geometryParts(g: Polygon | MultiPolygon | null | undefined): Position[][][] {
  if (!g) return [];
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return [];
}

export function prepareUnit(uid: number, unit: CoverageUnit, vi: VertexIndex): PreparedUnit {
  const bbox: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const parts: Int32Array[][] = [];
  let edges = 0;
  for (const poly of geometryParts(unit.geometry)) {
    const rings: Int32Array[] = [];
    poly.forEach((ring, i) => {
      const ids = snapRing(ring, vi, bbox);
      // A degenerate shell drops the part; the validity rule reports it from the raw coordinates.
      if (!ids) return;
      if (i > 0 && rings.length === 0) return;
      const ccw = signedArea(ids, vi) > 0;
      if ((i === 0) !== ccw) ids.reverse();
      rings.push(ids);
      edges += ids.length;
    });
    if (rings.length) parts.push(rings);
  }
  return { uid, unit, parts, bbox, edges };
}

/** GeoJSON from snapped vertices, so clipping never sees float noise that snapping already absorbed. */
export function snappedGeometry(p: PreparedUnit, vi: VertexIndex): MultiPolygon {
  return {
    type: 'MultiPolygon',
    coordinates: p.parts.map((rings) =>
      rings.map((ids) => {
        const r: Position[] = [];
        for (const id of ids) r.push([vi.xs[id] as number, vi.ys[id] as number]);
        r.push(r[0] as Position);
        return r;
      }),
    ),
  };
}

export function bboxIntersects(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

export function bboxExpand(b: BBox, d: number): BBox {
  return [b[0] - d, b[1] - d, b[2] + d, b[3] + d];
}
