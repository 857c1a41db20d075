/**
 * Planar segment predicates shared by the editor (is an edit still valid?) and the coverage check
 * (where do boundaries meet?): exact orientation tests on the coordinates as given, no tolerance.
 */

/** Twice the signed area of triangle abc: > 0 when c lies left of a→b, 0 when collinear. */
export function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** True when p lies on the closed segment ab (collinear and within its box). */
export function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return (
    orient(ax, ay, bx, by, px, py) === 0 &&
    Math.min(ax, bx) <= px &&
    px <= Math.max(ax, bx) &&
    Math.min(ay, by) <= py &&
    py <= Math.max(ay, by)
  );
}

export type Contact = 'none' | 'cross' | 'touch' | 'collinear';

/** How segments ab and cd meet: a proper crossing, touching at a point, or overlapping along a line. */
export function contact(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): Contact {
  if (Math.max(ax, bx) < Math.min(cx, dx) || Math.max(cx, dx) < Math.min(ax, bx)) return 'none';
  if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) return 'none';
  // A segment of zero length is a point: it touches the other segment or not.
  if (ax === bx && ay === by) return onSegment(cx, cy, dx, dy, ax, ay) ? 'touch' : 'none';
  if (cx === dx && cy === dy) return onSegment(ax, ay, bx, by, cx, cy) ? 'touch' : 'none';
  const o1 = Math.sign(orient(ax, ay, bx, by, cx, cy));
  const o2 = Math.sign(orient(ax, ay, bx, by, dx, dy));
  const o3 = Math.sign(orient(cx, cy, dx, dy, ax, ay));
  const o4 = Math.sign(orient(cx, cy, dx, dy, bx, by));
  if (o1 === 0 && o2 === 0) {
    // Collinear: overlapping along a length, or meeting at an endpoint only.
    const horiz = Math.abs(bx - ax) >= Math.abs(by - ay);
    const [a0, a1] = horiz ? [Math.min(ax, bx), Math.max(ax, bx)] : [Math.min(ay, by), Math.max(ay, by)];
    const [c0, c1] = horiz ? [Math.min(cx, dx), Math.max(cx, dx)] : [Math.min(cy, dy), Math.max(cy, dy)];
    const lo = Math.max(a0, c0);
    const hi = Math.min(a1, c1);
    return lo < hi ? 'collinear' : lo === hi ? 'touch' : 'none';
  }
  if (o1 * o2 < 0 && o3 * o4 < 0) return 'cross';
  if (
    (o1 === 0 && onSegment(ax, ay, bx, by, cx, cy)) ||
    (o2 === 0 && onSegment(ax, ay, bx, by, dx, dy)) ||
    (o3 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) ||
    (o4 === 0 && onSegment(cx, cy, dx, dy, bx, by))
  )
    return 'touch';
  return 'none';
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
  return contact(ax, ay, bx, by, cx, cy, dx, dy) !== 'none';
}

/**
 * Where segment pq crosses segment ab: parameters along ab (t) and pq (u), or null when they do not
 * meet or are parallel.
 */
export function crossing(
  a: readonly number[],
  b: readonly number[],
  p: readonly number[],
  q: readonly number[],
): { t: number; u: number } | null {
  const [ax, ay, bx, by] = [a[0] as number, a[1] as number, b[0] as number, b[1] as number];
  const [px, py, qx, qy] = [p[0] as number, p[1] as number, q[0] as number, q[1] as number];
  const rx = bx - ax;
  const ry = by - ay;
  const sx = qx - px;
  const sy = qy - py;
  const den = rx * sy - ry * sx;
  if (den === 0) return null;
  const wx = px - ax;
  const wy = py - ay;
  const t = (wx * sy - wy * sx) / den;
  const u = (wx * ry - wy * rx) / den;
  if (t < 0 || t > 1 || u < 0 || u > 1) return null;
  return { t, u };
}

/** Even-odd point in an open or closed ring (points on the boundary may fall either way). */
export function pointInRing(x: number, y: number, ring: readonly (readonly number[])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]?.[0] as number;
    const yi = ring[i]?.[1] as number;
    const xj = ring[j]?.[0] as number;
    const yj = ring[j]?.[1] as number;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
