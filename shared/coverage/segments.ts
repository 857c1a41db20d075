/** Segments as flat arrays so a sweep over a 2,000-vertex town allocates nothing per pair. */
export interface SegmentSet {
  x1: number[];
  y1: number[];
  x2: number[];
  y2: number[];
  /** ring number (unique within the set) and position in it, to skip neighbours along a ring. */
  ring: number[];
  idx: number[];
  ringLen: number[];
  part: number[];
}

export function emptySegments(): SegmentSet {
  return { x1: [], y1: [], x2: [], y2: [], ring: [], idx: [], ringLen: [], part: [] };
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSeg(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
}

export type Contact = 'none' | 'cross' | 'touch' | 'collinear';

/** How two segments meet: a proper crossing, touching at a point, or overlapping along a line. */
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
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
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
    (o1 === 0 && onSeg(ax, ay, bx, by, cx, cy)) ||
    (o2 === 0 && onSeg(ax, ay, bx, by, dx, dy)) ||
    (o3 === 0 && onSeg(cx, cy, dx, dy, ax, ay)) ||
    (o4 === 0 && onSeg(cx, cy, dx, dy, bx, by))
  ) {
    return 'touch';
  }
  return 'none';
}

export function intersectionPoint(s: SegmentSet, i: number, j: number): [number, number] {
  const ax = s.x1[i] as number;
  const ay = s.y1[i] as number;
  const rx = (s.x2[i] as number) - ax;
  const ry = (s.y2[i] as number) - ay;
  const cx = s.x1[j] as number;
  const cy = s.y1[j] as number;
  const qx = (s.x2[j] as number) - cx;
  const qy = (s.y2[j] as number) - cy;
  const den = rx * qy - ry * qx;
  if (den === 0) {
    // Collinear or touching: report the shared endpoint nearest to segment i's start.
    return [cx, cy];
  }
  const t = ((cx - ax) * qy - (cy - ay) * qx) / den;
  return [ax + t * rx, ay + t * ry];
}

/** Sweep along x: calls `hit` for every pair of segments whose boxes overlap and which meet. */
export function sweep(s: SegmentSet, hit: (i: number, j: number, c: Contact) => void): void {
  const n = s.x1.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (p, q) => Math.min(s.x1[p] as number, s.x2[p] as number) - Math.min(s.x1[q] as number, s.x2[q] as number),
  );
  for (let oi = 0; oi < n; oi++) {
    const i = order[oi] as number;
    const maxX = Math.max(s.x1[i] as number, s.x2[i] as number);
    const iy0 = Math.min(s.y1[i] as number, s.y2[i] as number);
    const iy1 = Math.max(s.y1[i] as number, s.y2[i] as number);
    for (let oj = oi + 1; oj < n; oj++) {
      const j = order[oj] as number;
      if (Math.min(s.x1[j] as number, s.x2[j] as number) > maxX) break;
      if (
        Math.max(s.y1[j] as number, s.y2[j] as number) < iy0 ||
        Math.min(s.y1[j] as number, s.y2[j] as number) > iy1
      )
        continue;
      const c = contact(
        s.x1[i] as number,
        s.y1[i] as number,
        s.x2[i] as number,
        s.y2[i] as number,
        s.x1[j] as number,
        s.y1[j] as number,
        s.x2[j] as number,
        s.y2[j] as number,
      );
      if (c !== 'none') hit(i, j, c);
    }
  }
}

/** Even-odd point in ring, strict inside (points on the boundary may fall either way). */
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
