/**
 * Where a drawn line (a split line, a reshape line, a new cell's outline) meets the boundaries already
 * there. The planner's snapping puts a point on a vertex or on an edge, but an edge point is interpolated
 * in floating point, so it lies a hair off the stored segment, and a crossing test may then miss it or
 * find it twice. So meetings are found with the editor's snap distance: a drawn point on a segment or at
 * a vertex, a vertex on a drawn segment, and proper crossings. Each becomes a vertex of the existing arc
 * (insertPoints), so every unit at every level that walks that edge gains the same vertex, and the line
 * is threaded through those vertices.
 */
import { crossing } from '../geo/segments.ts';
import { SNAP_DEG, type ArcPoint } from './nodes.ts';
import type { Topology } from './topology.ts';
import type { LonLat } from './types.ts';

export interface LineHit extends ArcPoint {
  /** Position along the drawn line: segment index + fraction along it. */
  s: number;
}

/** Parameter of the point of segment ab nearest to p (0..1) and its distance. */
function project(p: LonLat, a: LonLat, b: LonLat): { u: number; d: number } {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = dx * dx + dy * dy;
  const u = len === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len));
  return { u, d: Math.hypot(p[0] - (a[0] + u * dx), p[1] - (a[1] + u * dy)) };
}

/**
 * Every place where the line meets one of the arcs, within SNAP_DEG. Exact positions (a drawn point, an
 * existing vertex) come before computed crossings, so that insertPoints, which keeps the first of
 * several points within SNAP_DEG on one segment, keeps them.
 */
export function findLineHits(
  t: Topology,
  arcs: Iterable<number>,
  line: readonly LonLat[],
  closed: boolean,
): LineHit[] {
  const n = line.length;
  const segs = closed ? n : n - 1;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of line) {
    minX = Math.min(minX, p[0]);
    minY = Math.min(minY, p[1]);
    maxX = Math.max(maxX, p[0]);
    maxY = Math.max(maxY, p[1]);
  }
  [minX, minY, maxX, maxY] = [minX - SNAP_DEG, minY - SNAP_DEG, maxX + SNAP_DEG, maxY + SNAP_DEG];
  const exact: LineHit[] = [];
  const crossings: LineHit[] = [];
  for (const arc of arcs) {
    const vs = t.arcs.get(arc);
    if (!vs) continue;
    for (let k = 0; k + 1 < vs.length; k++) {
      const a = t.pos(vs[k] as number);
      const b = t.pos(vs[k + 1] as number);
      if (Math.max(a[0], b[0]) < minX || Math.min(a[0], b[0]) > maxX) continue;
      if (Math.max(a[1], b[1]) < minY || Math.min(a[1], b[1]) > maxY) continue;
      for (let j = 0; j < n; j++) {
        const p = line[j] as LonLat;
        const on = project(p, a, b);
        if (on.d <= SNAP_DEG) exact.push({ arc, seg: k, t: on.u, at: [p[0], p[1]], s: j });
      }
      for (let j = 0; j < segs; j++) {
        const p = line[j] as LonLat;
        const q = line[(j + 1) % n] as LonLat;
        for (const [end, tt] of [
          [a, 0],
          [b, 1],
        ] as const) {
          const on = project(end, p, q);
          if (on.d <= SNAP_DEG) exact.push({ arc, seg: k, t: tt, at: [end[0], end[1]], s: j + on.u });
        }
        const x = crossing(a, b, p, q);
        if (x)
          crossings.push({
            arc,
            seg: k,
            t: x.t,
            at: [a[0] + x.t * (b[0] - a[0]), a[1] + x.t * (b[1] - a[1])],
            s: j + x.u,
          });
      }
    }
  }
  return [...exact, ...crossings];
}

export interface ThreadedLine {
  /** The line's vertices in order: hit vertices where it meets a boundary, new vertices elsewhere. */
  vertices: number[];
  /** Which of them are on an existing boundary (where the line must be cut into arcs). */
  nodes: Set<number>;
  /** Vertices made for drawn points off every boundary. */
  fresh: number[];
}

/**
 * The line as vertices: drawn points and hit vertices in order along it, points within SNAP_DEG of each
 * other made one (a hit vertex wins over a drawn point). A closed line is returned open, its first vertex
 * not repeated.
 */
export function threadLine(
  t: Topology,
  line: readonly LonLat[],
  hits: readonly LineHit[],
  hitVertices: readonly number[],
  closed: boolean,
): ThreadedLine {
  type Entry = { v: number; p: LonLat; s: number };
  const entries: Entry[] = line.map((p, j) => ({ v: -1, p, s: j }));
  hits.forEach((h, i) => {
    const v = hitVertices[i] as number;
    entries.push({ v, p: t.pos(v), s: h.s });
  });
  entries.sort((a, b) => a.s - b.s || b.v - a.v);
  const same = (x: Entry, y: Entry): boolean =>
    (x.v >= 0 && x.v === y.v) || Math.hypot(x.p[0] - y.p[0], x.p[1] - y.p[1]) <= SNAP_DEG;
  const seq: Entry[] = [];
  for (const e of entries) {
    const prev = seq[seq.length - 1];
    if (prev && same(prev, e)) {
      if (prev.v < 0 && e.v >= 0) seq[seq.length - 1] = e;
      continue;
    }
    seq.push(e);
  }
  while (closed && seq.length > 1) {
    const first = seq[0] as Entry;
    const last = seq[seq.length - 1] as Entry;
    if (!same(first, last)) break;
    if (first.v < 0 && last.v >= 0) seq[0] = last;
    seq.pop();
  }
  const fresh: number[] = [];
  const nodes = new Set<number>();
  const vertices = seq.map((e) => {
    if (e.v >= 0) {
      nodes.add(e.v);
      return e.v;
    }
    const v = t.newVertex([e.p[0], e.p[1]]);
    fresh.push(v);
    return v;
  });
  return { vertices, nodes, fresh };
}

/** Cuts a vertex run at its nodes into pieces that share their end vertices. */
export function cutAtNodes(vertices: readonly number[], nodes: ReadonlySet<number>): number[][] {
  const pieces: number[][] = [];
  let cur = [vertices[0] as number];
  for (let k = 1; k < vertices.length; k++) {
    const v = vertices[k] as number;
    cur.push(v);
    if (nodes.has(v) && k < vertices.length - 1) {
      pieces.push(cur);
      cur = [v];
    }
  }
  pieces.push(cur);
  return pieces;
}
