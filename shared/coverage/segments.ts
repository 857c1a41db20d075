import { contact, type Contact } from '../geo/segments.ts';

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
