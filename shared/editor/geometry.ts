import type { LonLat } from './types.ts';

/** Twice the signed planar area of an open or closed ring (positive = counter-clockwise). */
export function signedArea2(ring: readonly (readonly number[])[]): number {
  let s = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[i] as readonly number[];
    const b = ring[(i + 1) % n] as readonly number[];
    s += (a[0] as number) * (b[1] as number) - (b[0] as number) * (a[1] as number);
  }
  return s;
}

export function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return (
    orient(ax, ay, bx, by, px, py) === 0 &&
    Math.min(ax, bx) <= px &&
    px <= Math.max(ax, bx) &&
    Math.min(ay, by) <= py &&
    py <= Math.max(ay, by)
  );
}

/** Closed-segment intersection test (touching counts). */
export function segmentsTouch(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): boolean {
  if (Math.max(ax, bx) < Math.min(cx, dx) || Math.max(cx, dx) < Math.min(ax, bx)) return false;
  if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) return false;
  const d1 = orient(ax, ay, bx, by, cx, cy);
  const d2 = orient(ax, ay, bx, by, dx, dy);
  const d3 = orient(cx, cy, dx, dy, ax, ay);
  const d4 = orient(cx, cy, dx, dy, bx, by);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    onSegment(ax, ay, bx, by, cx, cy) ||
    onSegment(ax, ay, bx, by, dx, dy) ||
    onSegment(cx, cy, dx, dy, ax, ay) ||
    onSegment(cx, cy, dx, dy, bx, by)
  );
}

/**
 * Where segment pq crosses segment ab: parameters along ab (t) and pq (u), or null when they do not
 * meet or are parallel.
 */
export function crossing(a: LonLat, b: LonLat, p: LonLat, q: LonLat): { t: number; u: number } | null {
  const rx = b[0] - a[0];
  const ry = b[1] - a[1];
  const sx = q[0] - p[0];
  const sy = q[1] - p[1];
  const den = rx * sy - ry * sx;
  if (den === 0) return null;
  const wx = p[0] - a[0];
  const wy = p[1] - a[1];
  const t = (wx * sy - wy * sx) / den;
  const u = (wx * ry - wy * rx) / den;
  if (t < 0 || t > 1 || u < 0 || u > 1) return null;
  return { t, u };
}

/** Even-odd point-in-ring test on an open or closed ring. */
export function pointInRing(p: LonLat, ring: readonly (readonly number[])[]): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[i] as readonly number[];
    const b = ring[j] as readonly number[];
    const ay = a[1] as number;
    const by = b[1] as number;
    if (ay > p[1] !== by > p[1]) {
      const x = (((b[0] as number) - (a[0] as number)) * (p[1] - ay)) / (by - ay) + (a[0] as number);
      if (p[0] < x) inside = !inside;
    }
  }
  return inside;
}
