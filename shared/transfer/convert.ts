/**
 * From the file's coordinates to lon/lat: reprojection, ring clean-up (closed, no repeated
 * points) and the range check that catches projected data without a .prj or swapped axes.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { toLonLatFn, type CrsInfo } from './crs.ts';
import { TransferError } from './errors.ts';
import type { SourceFeature } from './source.ts';

export type Bbox = [number, number, number, number];

export interface Converted {
  features: SourceFeature[];
  bbox: Bbox;
}

function ringOf(ring: Position[], f: (x: number, y: number) => [number, number], index: number): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const x = p[0];
    const y = p[1];
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y))
      throw new TransferError('outOfRange', `Feature ${index + 1} has a coordinate that is not a number`, {
        feature: index + 1,
        x: String(x),
        y: String(y),
      });
    const q = f(x, y);
    if (!(Math.abs(q[0]) <= 180 && Math.abs(q[1]) <= 90) || !Number.isFinite(q[0]) || !Number.isFinite(q[1]))
      throw new TransferError(
        'outOfRange',
        `Feature ${index + 1}: coordinate (${x}, ${y}) is not a longitude/latitude; is the coordinate system right?`,
        { feature: index + 1, x: Number(x.toFixed(3)), y: Number(y.toFixed(3)) },
      );
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  const a = out[0];
  const b = out[out.length - 1];
  if (a && b && (a[0] !== b[0] || a[1] !== b[1])) out.push([a[0] as number, a[1] as number]);
  return out;
}

export function convertGeometry(
  g: Polygon | MultiPolygon,
  f: (x: number, y: number) => [number, number],
  index: number,
): Polygon | MultiPolygon | null {
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
    .map((rings) => rings.map((r) => ringOf(r, f, index)).filter((r) => r.length >= 4))
    .filter((rings) => rings.length > 0);
  if (!polys.length) return null;
  return polys.length === 1
    ? { type: 'Polygon', coordinates: polys[0] as Position[][] }
    : { type: 'MultiPolygon', coordinates: polys };
}

export function bboxOf(features: readonly SourceFeature[]): Bbox {
  const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ft of features) {
    const polys = ft.geometry.type === 'Polygon' ? [ft.geometry.coordinates] : ft.geometry.coordinates;
    for (const rings of polys)
      for (const p of rings[0] ?? []) {
        const x = p[0] as number;
        const y = p[1] as number;
        if (x < b[0]) b[0] = x;
        if (y < b[1]) b[1] = y;
        if (x > b[2]) b[2] = x;
        if (y > b[3]) b[3] = y;
      }
  }
  return b;
}

/**
 * Converts every feature; `onProgress` is called every `every` features and may return a promise
 * (the backend yields there so a cancel request gets in).
 */
export async function convertFeatures(
  features: readonly SourceFeature[],
  crs: CrsInfo,
  onProgress?: (done: number) => void | Promise<void>,
  every = 2000,
): Promise<Converted> {
  const f = toLonLatFn(crs);
  const out: SourceFeature[] = [];
  for (let i = 0; i < features.length; i++) {
    if (onProgress && i % every === 0 && i > 0) await onProgress(i);
    const ft = features[i] as SourceFeature;
    const g = convertGeometry(ft.geometry, f, i);
    if (g) out.push({ props: ft.props, geometry: g });
  }
  return { features: out, bbox: bboxOf(out) };
}
