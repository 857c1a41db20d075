import type { VertexIndex } from './snap.ts';
import type { BBox, PreparedUnit } from './topology.ts';
import { metresPerDegree } from './measure.ts';

/** Vertex ids stay below 2^26, so an undirected edge fits one exact double key. */
const SHIFT = 67108864;

/** A directed edge left over after cancellation, `count` times (a→b). */
export interface ResidualEdge {
  a: number;
  b: number;
  count: number;
}

function add(map: Map<number, number>, a: number, b: number, sign: number): void {
  const key = a < b ? a * SHIFT + b : b * SHIFT + a;
  const s = a < b ? sign : -sign;
  map.set(key, (map.get(key) ?? 0) + s);
}

function extract(map: Map<number, number>): ResidualEdge[] {
  const out: ResidualEdge[] = [];
  for (const [key, v] of map) {
    if (v === 0) continue;
    const lo = Math.floor(key / SHIFT);
    const hi = key - lo * SHIFT;
    out.push(v > 0 ? { a: lo, b: hi, count: v } : { a: hi, b: lo, count: -v });
  }
  return out;
}

/**
 * Σ ∂child − ∂parent as a chain of directed edges. It is empty exactly when the children tile the
 * parent (given valid, positively oriented polygons): the summed winding numbers then equal the
 * parent's everywhere, so nothing is covered twice, left uncovered or outside.
 */
export function residual(children: readonly PreparedUnit[], parent: PreparedUnit | null): ResidualEdge[] {
  const map = new Map<number, number>();
  const addUnit = (p: PreparedUnit, sign: number): void => {
    for (const rings of p.parts) {
      for (const ids of rings) {
        const n = ids.length;
        for (let i = 0; i < n; i++) add(map, ids[i] as number, ids[(i + 1) % n] as number, sign);
      }
    }
  };
  for (const c of children) addUnit(c, 1);
  if (parent) addUnit(parent, -1);
  return extract(map);
}

/**
 * Splits residual edges at residual vertices lying on them (T-junctions, collinear overlapping
 * edges), then cancels again: a parent edge drawn as one segment where children put three vertices
 * on it is no defect.
 */
export function nodeResidual(edges: ResidualEdge[], vi: VertexIndex, tolM: number): ResidualEdge[] {
  let cur = edges;
  for (let round = 0; round < 3 && cur.length; round++) {
    const verts = new Set<number>();
    for (const e of cur) verts.add(e.a).add(e.b);
    const sorted = Int32Array.from(verts).sort((p, q) => (vi.xs[p] as number) - (vi.xs[q] as number));
    const sx = Float64Array.from(sorted, (v) => vi.xs[v] as number);
    const lat = vi.ys[sorted[0] as number] as number;
    const m = metresPerDegree(lat);
    const tolX = tolM / m.x;
    const tolY = tolM / m.y;
    let split = false;
    const next = new Map<number, number>();
    for (const e of cur) {
      const ax = vi.xs[e.a] as number;
      const ay = vi.ys[e.a] as number;
      const bx = vi.xs[e.b] as number;
      const by = vi.ys[e.b] as number;
      const minX = Math.min(ax, bx) - tolX;
      const maxX = Math.max(ax, bx) + tolX;
      const minY = Math.min(ay, by) - tolY;
      const maxY = Math.max(ay, by) + tolY;
      const dx = (bx - ax) * m.x;
      const dy = (by - ay) * m.y;
      const len2 = dx * dx + dy * dy;
      let lo = 0;
      let hi = sx.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((sx[mid] as number) < minX) lo = mid + 1;
        else hi = mid;
      }
      let cuts: { t: number; v: number }[] | null = null;
      for (let i = lo; i < sx.length && (sx[i] as number) <= maxX; i++) {
        const v = sorted[i] as number;
        if (v === e.a || v === e.b) continue;
        const vy = vi.ys[v] as number;
        if (vy < minY || vy > maxY) continue;
        const px = ((vi.xs[v] as number) - ax) * m.x;
        const py = (vy - ay) * m.y;
        const t = (px * dx + py * dy) / len2;
        if (t <= 0 || t >= 1) continue;
        const cross = px * dy - py * dx;
        if ((cross * cross) / len2 > tolM * tolM) continue;
        (cuts ??= []).push({ t, v });
      }
      if (!cuts) {
        add(next, e.a, e.b, e.count);
        continue;
      }
      split = true;
      cuts.sort((p, q) => p.t - q.t);
      let prev = e.a;
      for (const c of cuts) {
        add(next, prev, c.v, e.count);
        prev = c.v;
      }
      add(next, prev, e.b, e.count);
    }
    cur = extract(next);
    if (!split) break;
  }
  return cur;
}

export interface ResidualComponent {
  edges: ResidualEdge[];
  bbox: BBox;
}

/** Connected pieces of the residual; each closes on itself, so each bounds its own defects. */
export function components(edges: readonly ResidualEdge[], vi: VertexIndex): ResidualComponent[] {
  const parent = new Map<number, number>();
  const find = (v: number): number => {
    let r = v;
    for (let p = parent.get(r); p !== undefined && p !== r; p = parent.get(r)) r = p;
    let c = v;
    while (c !== r) {
      const n = parent.get(c) as number;
      parent.set(c, r);
      c = n;
    }
    return r;
  };
  for (const e of edges) {
    if (!parent.has(e.a)) parent.set(e.a, e.a);
    if (!parent.has(e.b)) parent.set(e.b, e.b);
    const ra = find(e.a);
    const rb = find(e.b);
    if (ra !== rb) parent.set(ra, rb);
  }
  const byRoot = new Map<number, ResidualComponent>();
  for (const e of edges) {
    const r = find(e.a);
    let c = byRoot.get(r);
    if (!c) {
      c = { edges: [], bbox: [Infinity, Infinity, -Infinity, -Infinity] };
      byRoot.set(r, c);
    }
    c.edges.push(e);
    for (const v of [e.a, e.b]) {
      const x = vi.xs[v] as number;
      const y = vi.ys[v] as number;
      if (x < c.bbox[0]) c.bbox[0] = x;
      if (y < c.bbox[1]) c.bbox[1] = y;
      if (x > c.bbox[2]) c.bbox[2] = x;
      if (y > c.bbox[3]) c.bbox[3] = y;
    }
  }
  return [...byRoot.values()];
}
