/**
 * One-click fixes for coverage defects, computed exactly on the units' own vertices: a sibling group's
 * directed edges cancel where two siblings (or a child and its parent) share them, and what is left
 * traces the defects' rings. A gap is given to a sibling by adding its ring to that sibling's edges;
 * an overlap is taken from one side by subtracting its ring. Every coordinate of a result is a vertex
 * some unit already has (snapped as the check snaps), so the fixed boundary is the neighbour's own
 * boundary and the check finds nothing there any more. Near-coincident vertices are snapped onto
 * their neighbour's copy.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { pointInRing } from '../geo/segments.ts';
import { distanceM, polygonAreaM2 } from './measure.ts';
import { emptySegments, intersectionPoint, sweep } from './segments.ts';
import { VertexIndex } from './snap.ts';
import { DEFAULT_OPTIONS, type CoverageOptions, type CoverageUnit, type Defect } from './types.ts';

export type FixKind = 'gap' | 'overlap' | 'snap';

/** A unit the planner can choose for a fix: who gets the gap, or who gives up the overlap. */
export interface FixOption {
  code: string;
  /** Length of the defect's boundary this unit owns (m). */
  borderM: number;
  /** Area of the unit before the fix (m²), to judge a loss relative to its size. */
  unitAreaM2: number;
}

export interface FixPlan {
  kind: FixKind;
  defectId: string;
  /** The unit the fix reshapes by default or as the planner chose. */
  target: string | null;
  options: FixOption[];
  /** New geometries of the reshaped units (gap, overlap). */
  reshape: { code: string; geometry: Polygon | MultiPolygon }[];
  /** Vertex moves (snap): every vertex at `from` goes to `to`. */
  moves: [from: [number, number], to: [number, number]][];
}

export type FixRefusal =
  'fix.notFixable' | 'fix.notFound' | 'fix.badChoice' | 'fix.tooFar' | 'fix.emptyResult' | 'fix.childEmpty';

/** A refusal names the unit it is about where there is one (the unit a fix would empty). */
export type FixOutcome = { ok: true; plan: FixPlan } | { ok: false; reason: FixRefusal; code?: string };

interface PlanContext {
  /** Every unit the caller passed: the group, and the descendants a fix is carried down to. */
  units: readonly CoverageUnit[];
  opts: CoverageOptions;
}

/** The default reach of the snap fix (metres); the planner's tolerance `snapFixM` overrides it. */
export const SNAP_FIX_MAX_M = DEFAULT_OPTIONS.snapFixM;

interface Edge {
  a: number;
  b: number;
  owner: string;
}

const PARENT = '\u0000parent';

function polygonsOf(g: Polygon | MultiPolygon): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** The rings of one unit as vertex ids, shells counter-clockwise, holes clockwise. */
function unitRings(u: CoverageUnit, vi: VertexIndex): number[][] {
  const out: number[][] = [];
  for (const rings of polygonsOf(u.geometry))
    rings.forEach((ring, k) => {
      const ids: number[] = [];
      for (const p of ring) {
        const id = vi.id(p[0] as number, p[1] as number);
        if (ids[ids.length - 1] !== id) ids.push(id);
      }
      if (ids.length > 1 && ids[0] === ids[ids.length - 1]) ids.pop();
      if (ids.length < 3) return;
      const a = area2(ids, vi);
      if (k === 0 ? a < 0 : a > 0) ids.reverse();
      out.push(ids);
    });
  return out;
}

function area2(ids: readonly number[], vi: VertexIndex): number {
  let s = 0;
  for (let i = 0; i < ids.length; i++) {
    const p = ids[i] as number;
    const q = ids[(i + 1) % ids.length] as number;
    s += (vi.xs[p] as number) * (vi.ys[q] as number) - (vi.xs[q] as number) * (vi.ys[p] as number);
  }
  return s;
}

function ringEdges(rings: readonly number[][], owner: string, reverse = false): Edge[] {
  const out: Edge[] = [];
  for (const r of rings)
    for (let i = 0; i < r.length; i++) {
      const a = r[i] as number;
      const b = r[(i + 1) % r.length] as number;
      out.push(reverse ? { a: b, b: a, owner } : { a, b, owner });
    }
  return out;
}

/** Drops every pair of opposite edges; what is left are the boundaries that do not match. */
function cancel(edges: readonly Edge[]): Edge[] {
  const open = new Map<string, number[]>();
  const gone = new Uint8Array(edges.length);
  edges.forEach((e, i) => {
    const back = open.get(`${e.b},${e.a}`);
    if (back?.length) {
      gone[back.pop() as number] = 1;
      gone[i] = 1;
      return;
    }
    const k = `${e.a},${e.b}`;
    const list = open.get(k);
    if (list) list.push(i);
    else open.set(k, [i]);
  });
  return edges.filter((_, i) => !gone[i]);
}

/**
 * Chains edges into closed rings. At a vertex the edge taken after an incoming one is its partner in
 * the clockwise order around the vertex, counted like brackets (incoming edges open, outgoing ones
 * close): where edges simply alternate this is the sharpest left turn, and where two rings of
 * opposite sense touch at a point (a child's part outside its parent and the parent's part outside
 * the child, either side of a crossing) each ring keeps to itself instead of running into the other.
 */
function trace(edges: readonly Edge[], vi: VertexIndex): Edge[][] {
  const out = new Map<number, number[]>();
  const into = new Map<number, number[]>();
  const push = (m: Map<number, number[]>, k: number, i: number): void => {
    const l = m.get(k);
    if (l) l.push(i);
    else m.set(k, [i]);
  };
  edges.forEach((e, i) => {
    push(out, e.a, i);
    push(into, e.b, i);
  });
  const angle = (from: number, to: number): number =>
    Math.atan2(
      (vi.ys[to] as number) - (vi.ys[from] as number),
      (vi.xs[to] as number) - (vi.xs[from] as number),
    );
  const used = new Uint8Array(edges.length);
  const next = (i: number): number => {
    const e = edges[i] as Edge;
    const v = e.b;
    const back = angle(v, e.a);
    const turnOf = (dir: number): number => {
      let turn = back - dir;
      while (turn <= 0) turn += 2 * Math.PI;
      while (turn > 2 * Math.PI) turn -= 2 * Math.PI;
      return turn;
    };
    const around: { j: number; turn: number; opens: boolean }[] = [];
    for (const j of out.get(v) ?? [])
      around.push({ j, turn: turnOf(angle(v, (edges[j] as Edge).b)), opens: false });
    for (const j of into.get(v) ?? []) {
      if (j === i) continue;
      // A copy of this very edge (two rings along one stretch) is a strand beside it: copies are
      // ranked left to right by index, at both ends alike, so each ring keeps its own strand.
      const beside = (edges[j] as Edge).a === e.a;
      around.push({
        j,
        turn: beside ? (j < i ? 0 : 2 * Math.PI) : turnOf(angle(v, (edges[j] as Edge).a)),
        opens: true,
      });
    }
    around.sort((p, q) => p.turn - q.turn || Number(p.opens) - Number(q.opens) || p.j - q.j);
    let depth = 1;
    for (const x of around) {
      depth += x.opens ? 1 : -1;
      if (depth === 0) {
        if (!used[x.j]) return x.j;
        break;
      }
    }
    // Unbalanced (a chain that does not close cleanly): the sharpest left turn still unused.
    for (const x of around) if (!x.opens && !used[x.j]) return x.j;
    return -1;
  };
  const rings: Edge[][] = [];
  for (let start = 0; start < edges.length; start++) {
    if (used[start]) continue;
    const ring: Edge[] = [];
    let i = start;
    for (let guard = 0; guard <= edges.length; guard++) {
      used[i] = 1;
      const e = edges[i] as Edge;
      ring.push(e);
      if (e.b === (edges[start] as Edge).a) break;
      i = next(i);
      if (i < 0) break;
    }
    if (ring.length >= 3 && (ring[ring.length - 1] as Edge).b === (ring[0] as Edge).a) rings.push(ring);
  }
  return rings;
}

const ids = (ring: readonly Edge[]): number[] => ring.map((e) => e.a);
const pos = (vi: VertexIndex, id: number): [number, number] => [vi.xs[id] as number, vi.ys[id] as number];

function closed(vi: VertexIndex, ring: readonly number[]): Position[] {
  const out = ring.map((id) => pos(vi, id));
  out.push(pos(vi, ring[0] as number));
  return out;
}

function box(ps: readonly Position[]): [number, number, number, number] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of ps) {
    w = Math.min(w, p[0] as number);
    s = Math.min(s, p[1] as number);
    e = Math.max(e, p[0] as number);
    n = Math.max(n, p[1] as number);
  }
  return [w, s, e, n];
}

/** Rings traced from a unit's edges, back to a Polygon or MultiPolygon (holes under their shell). */
function toGeometry(rings: readonly number[][], vi: VertexIndex): Polygon | MultiPolygon | null {
  const shells: Position[][][] = [];
  const holes: Position[][] = [];
  for (const r of rings) {
    const a = area2(r, vi);
    if (a > 0) shells.push([closed(vi, r)]);
    else if (a < 0) holes.push(closed(vi, r));
  }
  if (!shells.length) return null;
  for (const h of holes) {
    const [x, y] = [
      ((h[0]?.[0] as number) + (h[1]?.[0] as number)) / 2,
      ((h[0]?.[1] as number) + (h[1]?.[1] as number)) / 2,
    ];
    const home = shells.find((s) => pointInRing(x, y, s[0] as Position[])) ?? shells[0];
    home?.push(h);
  }
  return shells.length === 1
    ? { type: 'Polygon', coordinates: shells[0] as Position[][] }
    : { type: 'MultiPolygon', coordinates: shells };
}

/**
 * Inserts into every ring the group's vertices that lie on its edges (within the snap distance), so a
 * cell corner on its parent's long edge, or a neighbour's vertex on a straight edge, splits that edge
 * and the two sides' edges can cancel one for one.
 */
function splitAtVertices(all: Map<string, number[][]>, vi: VertexIndex, eps: number): void {
  const vs = [...new Set([...all.values()].flat(2))].sort(
    (p, q) => (vi.xs[p] as number) - (vi.xs[q] as number),
  );
  const xs = vs.map((v) => vi.xs[v] as number);
  const firstAtLeast = (x: number): number => {
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((xs[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const [code, rings] of all)
    all.set(
      code,
      rings.map((r) => {
        const out: number[] = [];
        for (let i = 0; i < r.length; i++) {
          const a = r[i] as number;
          const b = r[(i + 1) % r.length] as number;
          out.push(a);
          const [ax, ay, bx, by] = [
            vi.xs[a] as number,
            vi.ys[a] as number,
            vi.xs[b] as number,
            vi.ys[b] as number,
          ];
          const dx = bx - ax;
          const dy = by - ay;
          const len2 = dx * dx + dy * dy;
          if (len2 === 0) continue;
          const on: [number, number][] = [];
          for (
            let k = firstAtLeast(Math.min(ax, bx) - eps);
            k < vs.length && (xs[k] as number) <= Math.max(ax, bx) + eps;
            k++
          ) {
            const v = vs[k] as number;
            if (v === a || v === b) continue;
            const px = vi.xs[v] as number;
            const py = vi.ys[v] as number;
            if (py < Math.min(ay, by) - eps || py > Math.max(ay, by) + eps) continue;
            const t = ((px - ax) * dx + (py - ay) * dy) / len2;
            if (t <= 0 || t >= 1) continue;
            const cx = ax + t * dx - px;
            const cy = ay + t * dy - py;
            if (cx * cx + cy * cy <= eps * eps) on.push([t, v]);
          }
          on.sort((p, q) => p[0] - q[0]);
          for (const [, v] of on) out.push(v);
        }
        return out;
      }),
    );
}

/**
 * Where two units' edges cross between vertices, both get a vertex at the crossing, so the boundary
 * pieces on either side of it can be traced into the defect's ring.
 */
function nodeCrossings(all: Map<string, number[][]>, vi: VertexIndex): void {
  const seg = emptySegments();
  const where: { code: string; ring: number; pos: number }[] = [];
  let ringNo = 0;
  for (const [code, rings] of all)
    rings.forEach((r, k) => {
      for (let i = 0; i < r.length; i++) {
        const a = r[i] as number;
        const b = r[(i + 1) % r.length] as number;
        seg.x1.push(vi.xs[a] as number);
        seg.y1.push(vi.ys[a] as number);
        seg.x2.push(vi.xs[b] as number);
        seg.y2.push(vi.ys[b] as number);
        seg.ring.push(ringNo);
        seg.idx.push(i);
        seg.ringLen.push(r.length);
        seg.part.push(0);
        where.push({ code, ring: k, pos: i });
      }
      ringNo++;
    });
  const inserts = new Map<string, [number, number][]>();
  const add = (i: number, v: number): void => {
    const w = where[i] as { code: string; ring: number; pos: number };
    const t = Math.hypot(
      (vi.xs[v] as number) - (seg.x1[i] as number),
      (vi.ys[v] as number) - (seg.y1[i] as number),
    );
    const key = `${w.code}|${w.ring}|${w.pos}`;
    const l = inserts.get(key);
    if (l) l.push([t, v]);
    else inserts.set(key, [[t, v]]);
  };
  sweep(seg, (i, j, c) => {
    if (c !== 'cross' || (where[i] as { code: string }).code === (where[j] as { code: string }).code) return;
    const [x, y] = intersectionPoint(seg, i, j);
    const v = vi.id(x, y);
    add(i, v);
    add(j, v);
  });
  if (!inserts.size) return;
  for (const [code, rings] of all)
    all.set(
      code,
      rings.map((r, k) => {
        const out: number[] = [];
        r.forEach((a, i) => {
          out.push(a);
          const more = inserts.get(`${code}|${k}|${i}`);
          if (!more) return;
          more.sort((p, q) => p[0] - q[0]);
          for (const [, v] of more) if (out[out.length - 1] !== v && v !== r[(i + 1) % r.length]) out.push(v);
        });
        return out;
      }),
    );
}

interface Group {
  vi: VertexIndex;
  rings: Map<string, number[][]>;
  units: Map<string, CoverageUnit>;
  residual: Edge[][];
}

/** Children and (when there is one) their parent, noded and cancelled: what is left traces the defects. */
function buildGroup(
  children: readonly CoverageUnit[],
  parent: CoverageUnit | null,
  opts: CoverageOptions,
): Group {
  const vi = new VertexIndex(opts.snapDeg);
  const rings = new Map<string, number[][]>();
  const byCode = new Map<string, CoverageUnit>();
  for (const u of children) {
    rings.set(u.code, unitRings(u, vi));
    byCode.set(u.code, u);
  }
  if (parent) rings.set(PARENT, unitRings(parent, vi));
  splitAtVertices(rings, vi, opts.snapDeg);
  nodeCrossings(rings, vi);
  const edges: Edge[] = [];
  for (const [code, r] of rings) edges.push(...ringEdges(r, code, code === PARENT));
  rings.delete(PARENT);
  return { vi, rings, units: byCode, residual: trace(cancel(edges), vi) };
}

function groupOf(defect: Defect, units: readonly CoverageUnit[], opts: CoverageOptions): Group {
  const parent = defect.parentCode ? units.find((u) => u.code === defect.parentCode) : undefined;
  return buildGroup(
    units.filter((u) => u.parentCode === defect.parentCode),
    parent ?? null,
    opts,
  );
}

/** The residual ring that is this defect: the right sign, and the most of its box over the defect's. */
function ringOf(g: Group, defect: Defect, sign: 1 | -1): Edge[] | null {
  if (!defect.geometry || defect.geometry.type === 'Point' || defect.geometry.type === 'LineString')
    return null;
  const [w, s, e, n] = box(polygonsOf(defect.geometry).flatMap((p) => p[0] ?? []));
  const pad = Math.max(e - w, n - s) * 0.01 + 1e-9;
  let best: Edge[] | null = null;
  let bestScore = 0;
  for (const r of g.residual) {
    if (Math.sign(area2(ids(r), g.vi)) !== sign) continue;
    const [rw, rs, re, rn] = box(ids(r).map((id) => pos(g.vi, id)));
    const ox = Math.min(e + pad, re) - Math.max(w - pad, rw);
    const oy = Math.min(n + pad, rn) - Math.max(s - pad, rs);
    if (ox < 0 || oy < 0) continue;
    const score = (ox + 1e-12) * (oy + 1e-12);
    if (score > bestScore) {
      bestScore = score;
      best = r;
    }
  }
  return best;
}

function options(g: Group, ring: readonly Edge[]): FixOption[] {
  const border = new Map<string, number>();
  for (const e of ring) {
    if (e.owner === PARENT) continue;
    border.set(e.owner, (border.get(e.owner) ?? 0) + distanceM(pos(g.vi, e.a), pos(g.vi, e.b)));
  }
  return [...border]
    .map(([code, borderM]) => ({
      code,
      borderM,
      unitAreaM2: (g.rings.get(code) ?? []).reduce(
        (a, r) => a + Math.sign(area2(r, g.vi)) * polygonAreaM2([closed(g.vi, r)]),
        0,
      ),
    }))
    .sort((a, b) => b.borderM - a.borderM || a.code.localeCompare(b.code));
}

/** The unit's edges plus the `regions`' rings (added when `add`, subtracted otherwise), re-traced. */
function reshape(
  g: Group,
  code: string,
  regions: readonly (readonly Edge[])[],
  add: boolean,
): Polygon | MultiPolygon | null {
  const own = ringEdges(g.rings.get(code) ?? [], code);
  const extra: Edge[] = [];
  for (const region of regions) {
    // A gap's ring runs clockwise and an overlap's counter-clockwise: flip it to add a gap.
    const flip = add === area2(ids(region), g.vi) < 0;
    for (const e of region)
      extra.push(flip ? { a: e.b, b: e.a, owner: code } : { a: e.a, b: e.b, owner: code });
  }
  const rings = trace(cancel([...own, ...extra]), g.vi).map(ids);
  return toGeometry(rings, g.vi);
}

/** A test of "in or on the region" for points, the region being the fixed defect's own rings. */
function regionTest(region: readonly Position[][], eps: number): (x: number, y: number) => boolean {
  const onEdge = (x: number, y: number): boolean => {
    for (const r of region)
      for (let i = 0; i + 1 < r.length; i++) {
        const [ax, ay] = [r[i]?.[0] as number, r[i]?.[1] as number];
        const [bx, by] = [r[i + 1]?.[0] as number, r[i + 1]?.[1] as number];
        const dx = bx - ax;
        const dy = by - ay;
        const len2 = dx * dx + dy * dy;
        const t = len2 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
        if (Math.hypot(ax + t * dx - x, ay + t * dy - y) <= eps) return true;
      }
    return false;
  };
  return (x, y) => {
    if (onEdge(x, y)) return true;
    let inside = false;
    for (const r of region) if (pointInRing(x, y, r)) inside = !inside;
    return inside;
  };
}

/** True when most of a residual ring (by length) lies in or on the region: it is that region's trace. */
function withinRegion(g: Group, ring: readonly Edge[], inRegion: (x: number, y: number) => boolean): boolean {
  let inside = 0;
  let total = 0;
  for (const e of ring) {
    const [ax, ay] = pos(g.vi, e.a);
    const [bx, by] = pos(g.vi, e.b);
    const len = Math.hypot(bx - ax, by - ay);
    total += len;
    if (inRegion((ax + bx) / 2, (ay + by) / 2)) inside += len;
  }
  return total > 0 && inside >= total * 0.5;
}

function boxOfUnit(u: CoverageUnit): [number, number, number, number] {
  return box(polygonsOf(u.geometry).flatMap((p) => p[0] ?? []));
}

const boxesMeet = (p: readonly number[], q: readonly number[], pad: number): boolean =>
  (p[0] as number) <= (q[2] as number) + pad &&
  (q[0] as number) <= (p[2] as number) + pad &&
  (p[1] as number) <= (q[3] as number) + pad &&
  (q[1] as number) <= (p[3] as number) + pad;

interface Descent {
  byParent: Map<string, CoverageUnit[]>;
  inRegion: (x: number, y: number) => boolean;
  regionBox: [number, number, number, number];
  opts: CoverageOptions;
  out: FixPlan['reshape'];
}

/**
 * Carries a fix down the hierarchy. The unit `code` has just taken (`add`) or given up the defect's
 * region; its children are checked against its new outline exactly as the check would: a gap the
 * region opened among them goes to the child that borders it most, and a part of a child now outside
 * its parent is taken from that child. Each child reshaped passes it on to its own children, so the
 * new boundary is the same vertices at every level and no follow-on defect is left below.
 */
function descend(
  code: string,
  geometry: Polygon | MultiPolygon,
  add: boolean,
  d: Descent,
): { reason: FixRefusal; code: string } | null {
  const kids = d.byParent.get(code) ?? [];
  if (!kids.length) return null;
  const parent: CoverageUnit = { code, parentCode: null, level: 'district', geometry };
  const pad = d.opts.snapDeg * 4;
  const shaped: { code: string; geometry: Polygon | MultiPolygon }[] = [];
  if (add) {
    const g = buildGroup(kids, parent, d.opts);
    const taken = new Map<string, Edge[][]>();
    for (const r of g.residual) {
      if (area2(ids(r), g.vi) >= 0 || !withinRegion(g, r, d.inRegion)) continue;
      const best = options(g, r)[0];
      if (!best) continue;
      const list = taken.get(best.code);
      if (list) list.push(r);
      else taken.set(best.code, [r]);
    }
    for (const [child, rings] of taken) {
      const grown = reshape(g, child, rings, true);
      if (!grown) return { reason: 'fix.emptyResult', code: child };
      shaped.push({ code: child, geometry: grown });
    }
  } else {
    for (const kid of kids) {
      if (!boxesMeet(boxOfUnit(kid), d.regionBox, pad)) continue;
      const g = buildGroup([kid], parent, d.opts);
      const outside = g.residual.filter((r) => area2(ids(r), g.vi) > 0 && withinRegion(g, r, d.inRegion));
      if (!outside.length) continue;
      const left = reshape(g, kid.code, outside, false);
      if (!left) return { reason: 'fix.childEmpty', code: kid.code };
      shaped.push({ code: kid.code, geometry: left });
    }
  }
  for (const s of shaped) {
    d.out.push(s);
    const no = descend(s.code, s.geometry, add, d);
    if (no) return no;
  }
  return null;
}

/** The target's new geometry and every descendant's, top-down: one fix for every level. */
function withDescendants(
  g: Group,
  ring: readonly Edge[],
  target: string,
  geometry: Polygon | MultiPolygon,
  add: boolean,
  units: readonly CoverageUnit[],
  opts: CoverageOptions,
): { ok: true; reshape: FixPlan['reshape'] } | { ok: false; reason: FixRefusal; code: string } {
  const byParent = new Map<string, CoverageUnit[]>();
  for (const u of units) {
    if (u.parentCode === null) continue;
    const l = byParent.get(u.parentCode);
    if (l) l.push(u);
    else byParent.set(u.parentCode, [u]);
  }
  const region = [closed(g.vi, ids(ring))];
  const d: Descent = {
    byParent,
    inRegion: regionTest(region, opts.snapDeg * 2),
    regionBox: box(region[0] as Position[]),
    opts,
    out: [{ code: target, geometry }],
  };
  const no = descend(target, geometry, add, d);
  return no ? { ok: false, ...no } : { ok: true, reshape: d.out };
}

function planGap(g: Group, defect: Defect, choice: string | undefined, ctx: PlanContext): FixOutcome {
  const ring = ringOf(g, defect, -1);
  if (!ring) return { ok: false, reason: 'fix.notFound' };
  const opts = options(g, ring);
  const target = choice ?? opts[0]?.code;
  if (!target) return { ok: false, reason: 'fix.notFixable' };
  if (!opts.some((o) => o.code === target)) return { ok: false, reason: 'fix.badChoice' };
  const geometry = reshape(g, target, [ring], true);
  if (!geometry) return { ok: false, reason: 'fix.emptyResult', code: target };
  const all = withDescendants(g, ring, target, geometry, true, ctx.units, ctx.opts);
  if (!all.ok) return all;
  return {
    ok: true,
    plan: { kind: 'gap', defectId: defect.id, target, options: opts, reshape: all.reshape, moves: [] },
  };
}

function planOverlap(g: Group, defect: Defect, choice: string | undefined, ctx: PlanContext): FixOutcome {
  const ring = ringOf(g, defect, 1);
  if (!ring) return { ok: false, reason: 'fix.notFound' };
  const opts = options(g, ring);
  if (opts.length < 2) return { ok: false, reason: 'fix.notFixable' };
  // The overlap goes from the side for which it is the smaller share of its area: it loses least.
  const byLoss = [...opts].sort(
    (a, b) =>
      defect.areaM2 / (a.unitAreaM2 || 1) - defect.areaM2 / (b.unitAreaM2 || 1) ||
      a.code.localeCompare(b.code),
  );
  if (choice !== undefined && !opts.some((o) => o.code === choice))
    return { ok: false, reason: 'fix.badChoice' };
  // Without a choice, a side whose loss would empty one of its descendants is passed over.
  let refusal: FixOutcome | null = null;
  for (const target of choice !== undefined ? [choice] : byLoss.map((o) => o.code)) {
    const geometry = reshape(g, target, [ring], false);
    if (!geometry) {
      refusal ??= { ok: false, reason: 'fix.emptyResult', code: target };
      continue;
    }
    const all = withDescendants(g, ring, target, geometry, false, ctx.units, ctx.opts);
    if (!all.ok) {
      refusal ??= all;
      continue;
    }
    return {
      ok: true,
      plan: {
        kind: 'overlap',
        defectId: defect.id,
        target,
        options: byLoss,
        reshape: all.reshape,
        moves: [],
      },
    };
  }
  return refusal ?? { ok: false, reason: 'fix.notFixable' };
}

/**
 * Snaps the vertices of a thin defect onto their counterparts across it: the vertices only one side
 * has each go to the nearest vertex of another side, when that is within `snapFixM`. The side
 * that moves is the first (shortest border) that has vertices of its own there and all of them near.
 */
function planSnap(g: Group, defect: Defect, maxM: number): FixOutcome {
  const ring = ringOf(g, defect, -1) ?? ringOf(g, defect, 1);
  if (!ring) return { ok: false, reason: 'fix.notFound' };
  const opts = options(g, ring);
  if (opts.length < 2) return { ok: false, reason: 'fix.notFixable' };
  let tooFar = false;
  for (const mover of [...opts].reverse().map((o) => o.code)) {
    const moving = new Set<number>();
    const fixed = new Set<number>();
    for (const e of ring) {
      const into = e.owner === mover ? moving : fixed;
      into.add(e.a);
      into.add(e.b);
    }
    for (const v of fixed) moving.delete(v);
    if (!moving.size) continue;
    const moves: FixPlan['moves'] = [];
    for (const v of moving) {
      let best: number | null = null;
      let bestD = Infinity;
      for (const w of fixed) {
        const d = distanceM(pos(g.vi, v), pos(g.vi, w));
        if (d < bestD) {
          bestD = d;
          best = w;
        }
      }
      if (best !== null && bestD <= maxM) {
        moves.push([pos(g.vi, v), pos(g.vi, best)]);
        continue;
      }
      // No vertex across: the nearest point of the other side's edges (a vertex of ours mid-edge).
      const onto = nearestOnEdges(
        g.vi,
        pos(g.vi, v),
        ring.filter((e) => e.owner !== mover),
      );
      if (!onto || distanceM(pos(g.vi, v), onto) > maxM) break;
      moves.push([pos(g.vi, v), onto]);
    }
    if (moves.length < moving.size) {
      tooFar = true;
      continue;
    }
    return {
      ok: true,
      plan: { kind: 'snap', defectId: defect.id, target: mover, options: opts, reshape: [], moves },
    };
  }
  return { ok: false, reason: tooFar ? 'fix.tooFar' : 'fix.notFixable' };
}

function nearestOnEdges(
  vi: VertexIndex,
  p: [number, number],
  edges: readonly Edge[],
): [number, number] | null {
  let best: [number, number] | null = null;
  let bestD = Infinity;
  const kx = Math.cos((p[1] * Math.PI) / 180);
  for (const e of edges) {
    const [ax, ay] = pos(vi, e.a);
    const [bx, by] = pos(vi, e.b);
    const dx = (bx - ax) * kx;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    if (len2 === 0) continue;
    const t = Math.max(0, Math.min(1, ((p[0] - ax) * kx * dx + (p[1] - ay) * dy) / len2));
    const q: [number, number] = [ax + t * (bx - ax), ay + t * (by - ay)];
    const d = Math.hypot((q[0] - p[0]) * kx, q[1] - p[1]);
    if (d < bestD) {
      bestD = d;
      best = q;
    }
  }
  return best;
}

/** Which fixes a defect offers: gaps and overlaps their own, and a snap when the defect is thin. */
export function fixKinds(defect: Defect): FixKind[] {
  if (defect.rule === 'gap') return ['gap', 'snap'];
  if (defect.rule === 'overlap') return ['overlap', 'snap'];
  return [];
}

/**
 * Plans one fix of one defect over the units of its sibling group and their parent. `choice` names
 * the unit that takes the gap or gives up the overlap; the default is the sibling that borders the
 * gap most, or the side for which the overlap is the smaller loss. When `units` also holds the
 * target's descendants, the fix reshapes them too (a town's gap reaches its community and cell), so
 * one fix leaves no follow-on defect below; units elsewhere are ignored.
 */
export function planFix(
  defect: Defect,
  units: readonly CoverageUnit[],
  kind: FixKind,
  choice?: string,
  options: Partial<CoverageOptions> = {},
): FixOutcome {
  if (!fixKinds(defect).includes(kind)) return { ok: false, reason: 'fix.notFixable' };
  const opts = { ...DEFAULT_OPTIONS, ...options };
  const g = groupOf(defect, units, opts);
  const ctx: PlanContext = { units, opts };
  if (kind === 'gap') return planGap(g, defect, choice, ctx);
  if (kind === 'overlap') return planOverlap(g, defect, choice, ctx);
  return planSnap(g, defect, opts.snapFixM);
}

/**
 * The fix applied to plain units (the CLI, tests, the editor's worker preview): reshaped units take
 * their new geometry, and every coordinate at a moved vertex (within the snap distance) moves.
 */
export function applyFixToUnits<U extends CoverageUnit>(
  units: readonly U[],
  plan: FixPlan,
  snapDeg = DEFAULT_OPTIONS.snapDeg,
): U[] {
  const shaped = new Map(plan.reshape.map((r) => [r.code, r.geometry]));
  const move = (p: Position): Position => {
    for (const [from, to] of plan.moves)
      if (Math.abs((p[0] as number) - from[0]) <= snapDeg && Math.abs((p[1] as number) - from[1]) <= snapDeg)
        return [to[0], to[1]];
    return p;
  };
  return units.map((u) => {
    const g = shaped.get(u.code);
    if (g) return { ...u, geometry: g };
    if (!plan.moves.length) return u;
    const geometry: Polygon | MultiPolygon =
      u.geometry.type === 'Polygon'
        ? { type: 'Polygon', coordinates: u.geometry.coordinates.map((r) => r.map(move)) }
        : { type: 'MultiPolygon', coordinates: u.geometry.coordinates.map((p) => p.map((r) => r.map(move))) };
    return { ...u, geometry };
  });
}
