import type { MultiPolygon, Position } from 'geojson';
import type { BBox } from './topology.ts';

/**
 * Where segment p–q meets an axis line. The endpoints are ordered first, so a child edge and the
 * parent edge it runs along backwards give bit-identical points: no noise slivers at the window.
 */
function cut(p: Position, q: Position, axis: 0 | 1, at: number): Position {
  const [s, e] =
    (p[0] as number) < (q[0] as number) ||
    ((p[0] as number) === (q[0] as number) && (p[1] as number) <= (q[1] as number))
      ? [p, q]
      : [q, p];
  const other = axis === 0 ? 1 : 0;
  const t = (at - (s[axis] as number)) / ((e[axis] as number) - (s[axis] as number));
  const o = (s[other] as number) + t * ((e[other] as number) - (s[other] as number));
  return axis === 0 ? [at, o] : [o, at];
}

function clipRing(ring: Position[], box: BBox): Position[] {
  let pts = ring.slice(0, -1);
  const planes: [0 | 1, number, boolean][] = [
    [0, box[0], true],
    [0, box[2], false],
    [1, box[1], true],
    [1, box[3], false],
  ];
  for (const [axis, at, keepAbove] of planes) {
    if (!pts.length) break;
    const inside = (p: Position): boolean =>
      keepAbove ? (p[axis] as number) >= at : (p[axis] as number) <= at;
    const out: Position[] = [];
    for (let i = 0; i < pts.length; i++) {
      const cur = pts[i] as Position;
      const prev = pts[(i + pts.length - 1) % pts.length] as Position;
      const ci = inside(cur);
      const pi = inside(prev);
      if (ci) {
        if (!pi) out.push(cut(prev, cur, axis, at));
        out.push(cur);
      } else if (pi) out.push(cut(prev, cur, axis, at));
    }
    pts = out;
  }
  if (pts.length < 3) return [];
  pts.push(pts[0] as Position);
  return pts;
}

/** Sutherland–Hodgman against a rectangle; degenerate seams it leaves on the border are harmless to the overlay. */
export function clipToBox(g: MultiPolygon, box: BBox): MultiPolygon {
  const coordinates: Position[][][] = [];
  for (const poly of g.coordinates) {
    const shell = clipRing(poly[0] as Position[], box);
    if (!shell.length) continue;
    const rings = [shell];
    for (const h of poly.slice(1)) {
      const c = clipRing(h, box);
      if (c.length) rings.push(c);
    }
    coordinates.push(rings);
  }
  return { type: 'MultiPolygon', coordinates };
}
