/**
 * A coverage fix as one edit of the draft: the units the fix reshapes take their new rings through
 * setUnitRings (so they walk their neighbours' arcs), and snapped vertices are merged into the
 * neighbour's vertex in every unit that used them, at every level: a descendant's own copy of a
 * moved vertex (import noise the check sees as one vertex, the topology as two) moves with it.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { RESHAPE_SNAP_DEG, setUnitRings, resolveRings, VertexFinder } from './unit-rings.ts';
import { arcIndex, refsOf, type Topology } from './topology.ts';
import { refuse, type LonLat } from './types.ts';
import { checkLonLat } from './vertex-ops.ts';

export interface FixCoverageOp {
  op: 'fixCoverage';
  kind: 'gap' | 'overlap' | 'snap';
  /** The defect fixed, as the check named it (for the history). */
  defectId: string;
  /** The unit that took the gap, gave up the overlap or whose vertices moved. */
  target: string | null;
  reshape: { code: string; geometry: Polygon | MultiPolygon }[];
  moves: [from: LonLat, to: LonLat][];
}

/** The unit, its parent, its siblings and its children: every unit whose vertices a fix may reuse. */
function neighbourhood(t: Topology, code: string): Set<string> {
  const out = new Set<string>([code]);
  const parent = t.unit(code)?.attrs.parentCode ?? null;
  if (parent) out.add(parent);
  for (const c of t.childrenOf.get(parent ?? '') ?? []) out.add(c);
  for (const c of t.childrenOf.get(code) ?? []) out.add(c);
  return out;
}

export function fixCoverage(t: Topology, op: FixCoverageOp): void {
  for (const { code, geometry } of op.reshape) {
    if (!t.unit(code)) refuse('editor.unknownUnit', { code });
    const first = t.vertexCount();
    const near = neighbourhood(t, code);
    setUnitRings(t, code, () => resolveRings(t, geometry, new VertexFinder(t, near)));
    // Vertices the fix made (where boundaries crossed) lie on a neighbour's edge: it takes them too.
    const made = new Set<number>();
    for (let v = first; v < t.vertexCount(); v++) if (t.arcsAt(v).length) made.add(v);
    near.delete(code);
    if (made.size) joinEdges(t, made, near);
  }
  for (const [from, to] of op.moves) {
    checkLonLat(from);
    checkLonLat(to);
  }
  if (!op.moves.length) return;
  const scope = op.target ? snapScope(t, op.target, op.moves) : new Set<string>();
  for (const [from, to] of op.moves) {
    const finder = new VertexFinder(t, scope);
    const moving = new Set(finder.near(from));
    let onto = finder.at(to, moving);
    if (onto === null) {
      // No vertex there: the copy most units use goes to `to`, the other copies merge into it, and
      // the neighbours' edges it now lies on take it.
      onto = finder.at(from);
      if (onto === null) continue;
      moving.delete(onto);
      t.setVertex(onto, [to[0], to[1]]);
      mergeInto(t, moving, onto);
      joinEdges(t, new Set([onto]), scope);
      continue;
    }
    mergeInto(t, moving, onto);
  }
}

/** Every unit using one of `moving` walks `onto` there instead. */
function mergeInto(t: Topology, moving: ReadonlySet<number>, onto: number): void {
  const users = new Set<string>();
  for (const v of moving) for (const c of t.unitsAtVertex(v)) users.add(c);
  for (const code of users) {
    const u = t.unit(code);
    if (!u) continue;
    const rings = u.polygons.map((rs) =>
      rs.map((ring) => {
        const out: number[] = [];
        for (const v of t.ringVertices(ring)) {
          const w = moving.has(v) ? onto : v;
          if (out[out.length - 1] !== w) out.push(w);
        }
        if (out.length > 1 && out[0] === out[out.length - 1]) out.pop();
        return out;
      }),
    );
    setUnitRings(t, code, () => rings);
  }
}

/** About 10 cm: a descendant whose box comes this close to a moved vertex may hold a copy of it. */
const NEAR_DEG = 1e-6;

/**
 * The units a snap may find copies of its vertices in: the mover's neighbourhood, and below it and
 * its siblings every descendant whose box reaches a moved point. A copy in a cell lies on its
 * community's boundary, within the check's tolerance, so the search only descends through units
 * that reach the point themselves, and a town's fix reads the few communities and cells there.
 */
function snapScope(t: Topology, target: string, moves: FixCoverageOp['moves']): Set<string> {
  const out = neighbourhood(t, target);
  const points = moves.flat();
  const reaches = (code: string): boolean => {
    const u = t.unit(code);
    if (!u) return false;
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const ref of refsOf(u))
      for (const v of t.arcs.get(arcIndex(ref)) ?? []) {
        const [x, y] = t.pos(v);
        if (x < w) w = x;
        if (x > e) e = x;
        if (y < s) s = y;
        if (y > n) n = y;
      }
    return points.some(
      ([x, y]) => x >= w - NEAR_DEG && x <= e + NEAR_DEG && y >= s - NEAR_DEG && y <= n + NEAR_DEG,
    );
  };
  const parent = t.unit(target)?.attrs.parentCode ?? null;
  const queue = [...(t.childrenOf.get(parent ?? '') ?? [])];
  while (queue.length) {
    for (const kid of t.childrenOf.get(queue.pop() as string) ?? []) {
      if (!reaches(kid)) continue;
      out.add(kid);
      queue.push(kid);
    }
  }
  return out;
}

/**
 * A vertex snapped onto a neighbour's edge (not onto a vertex) joins that edge: every unit whose ring
 * runs along the edge gets the vertex there, so the stretch becomes one arc both sides walk.
 */
function joinEdges(t: Topology, vertices: ReadonlySet<number>, scope: ReadonlySet<string>): void {
  const eps = RESHAPE_SNAP_DEG;
  const rebuilt = new Map<string, number[][][]>();
  for (const code of scope) {
    const u = t.unit(code);
    if (!u) continue;
    let touched = false;
    const rings = u.polygons.map((rs) =>
      rs.map((ring) => {
        const vs = t.ringVertices(ring);
        const out: number[] = [];
        for (let i = 0; i + 1 < vs.length; i++) {
          const a = vs[i] as number;
          const b = vs[i + 1] as number;
          out.push(a);
          const [ax, ay] = t.pos(a);
          const [bx, by] = t.pos(b);
          const dx = bx - ax;
          const dy = by - ay;
          const len2 = dx * dx + dy * dy;
          if (len2 === 0) continue;
          const on: [number, number][] = [];
          for (const v of vertices) {
            if (v === a || v === b) continue;
            const [px, py] = t.pos(v);
            const k = ((px - ax) * dx + (py - ay) * dy) / len2;
            if (k <= 0 || k >= 1) continue;
            if (Math.hypot(ax + k * dx - px, ay + k * dy - py) <= eps) on.push([k, v]);
          }
          on.sort((p, q) => p[0] - q[0]);
          for (const [, v] of on) out.push(v);
          if (on.length) touched = true;
        }
        return out;
      }),
    );
    if (touched) rebuilt.set(code, rings);
  }
  for (const [code, rings] of rebuilt) setUnitRings(t, code, () => rings);
}

/** Arcs a unit walks, for tests and callers that check the result shares its neighbours' arcs. */
export function arcsOf(t: Topology, code: string): Set<number> {
  const u = t.unit(code);
  return new Set(u ? refsOf(u).map(arcIndex) : []);
}
