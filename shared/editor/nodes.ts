import type { Topology } from './topology.ts';
import type { LonLat } from './types.ts';

/** Points closer than this (degrees, ~1 cm) to an existing vertex use that vertex. */
export const SNAP_DEG = 1e-7;

/** A point on segment `seg` (between arc vertices seg and seg+1) of an arc, `t` along it. */
export interface ArcPoint {
  arc: number;
  seg: number;
  t: number;
  at: LonLat;
}

const near = (p: LonLat, q: LonLat): boolean => Math.hypot(p[0] - q[0], p[1] - q[1]) <= SNAP_DEG;

/**
 * Puts points into their arcs, each arc rewritten once, so every ring at every level that walks the
 * arc gains the same vertex. Returns each point's vertex: the segment end it lies on (within
 * SNAP_DEG), a vertex already made for an equal point, or a new one.
 */
export function insertPoints(t: Topology, points: readonly ArcPoint[]): number[] {
  const out = new Array<number>(points.length).fill(-1);
  const byArc = new Map<number, number[]>();
  points.forEach((p, i) => {
    const l = byArc.get(p.arc);
    if (l) l.push(i);
    else byArc.set(p.arc, [i]);
  });
  for (const [arc, idx] of byArc) {
    const vs = t.arc(arc);
    const inserts = new Map<number, { t: number; v: number }[]>();
    for (const i of idx) {
      const p = points[i] as ArcPoint;
      const a = vs[p.seg] as number;
      const b = vs[p.seg + 1] as number;
      if (near(p.at, t.pos(a))) out[i] = a;
      else if (near(p.at, t.pos(b))) out[i] = b;
      else {
        const list = inserts.get(p.seg) ?? [];
        const same = list.find((x) => near(t.pos(x.v), p.at));
        if (same) out[i] = same.v;
        else {
          const v = t.newVertex([p.at[0], p.at[1]]);
          list.push({ t: p.t, v });
          out[i] = v;
        }
        inserts.set(p.seg, list);
      }
    }
    if (!inserts.size) continue;
    const next: number[] = [];
    vs.forEach((v, k) => {
      next.push(v);
      for (const x of (inserts.get(k) ?? []).sort((p, q) => p.t - q.t)) next.push(x.v);
    });
    t.setArc(arc, next);
  }
  return out;
}

/** Makes each vertex a node: the arc that holds it in its interior is cut there, in every ring. */
export function splitAtNodes(t: Topology, vertices: Iterable<number>): void {
  const byArc = new Map<number, Set<number>>();
  for (const v of vertices) {
    const a = t.varc[v] ?? -1;
    if (a < 0) continue;
    const s = byArc.get(a) ?? new Set<number>();
    s.add(v);
    byArc.set(a, s);
  }
  for (const [arc, cut] of byArc) {
    const vs = t.arc(arc);
    const parts: number[][] = [];
    let cur: number[] = [vs[0] as number];
    for (let k = 1; k < vs.length; k++) {
      const v = vs[k] as number;
      cur.push(v);
      if (k < vs.length - 1 && cut.has(v)) {
        parts.push(cur);
        cur = [v];
      }
    }
    parts.push(cur);
    if (parts.length < 2) continue;
    const ids = parts.slice(1).map((p) => t.newArc(p));
    t.setArc(arc, parts[0] as number[]);
    t.replaceArc(arc, [arc, ...ids]);
  }
}

/** The arc running exactly through these vertices, as a reference in their order; null when none. */
export function arcThrough(t: Topology, vertices: readonly number[]): number | null {
  const first = vertices[0] as number;
  for (const id of t.nodeArcs.get(first) ?? []) {
    const vs = t.arc(id);
    if (vs.length !== vertices.length) continue;
    if (vs.every((v, i) => v === vertices[i])) return id;
    if (vs.every((v, i) => v === vertices[vertices.length - 1 - i])) return ~id;
  }
  return null;
}

/** Is the point inside a (multi)polygon given as rings of coordinates, shells first, holes after? */
export function inPolygons(
  p: LonLat,
  polygons: readonly (readonly LonLat[][])[],
  inRing: (p: LonLat, r: readonly LonLat[]) => boolean,
): boolean {
  return polygons.some((rings) => inRing(p, rings[0] ?? []) && !rings.slice(1).some((h) => inRing(p, h)));
}

/** A point in the middle of a vertex run, off its ends, to tell which side of a boundary it is on. */
export function probeOf(t: Topology, vs: readonly number[]): LonLat {
  const k = Math.floor((vs.length - 2) / 2);
  const a = t.pos(vs[k] as number);
  const b = t.pos(vs[k + 1] as number);
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}
