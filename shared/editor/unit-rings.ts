/**
 * Gives a unit new rings while keeping the arc-node topology whole: every coordinate that is (within
 * the snap distance) a vertex of the neighbourhood becomes that vertex, every stretch that follows an
 * existing arc walks that arc, and only the rest becomes new arcs. So a cell reshaped onto its
 * neighbour's boundary shares that boundary (one arc, both directions) exactly as if it had always
 * done so, and dragging a vertex there later moves both.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { signedArea2 } from './geometry.ts';
import { arcIndex, refsOf, type Topology } from './topology.ts';
import { refuse, type ArcRef, type LonLat } from './types.ts';
import { checkAround } from './validate.ts';

/** Coordinates closer than this (degrees) are one vertex: the coverage check's snap distance. */
export const RESHAPE_SNAP_DEG = 1e-7;

/** Vertices in use by a set of units, found by coordinate within the snap distance. */
export class VertexFinder {
  private cells = new Map<string, number[]>();

  constructor(
    private t: Topology,
    codes: Iterable<string>,
    private snap = RESHAPE_SNAP_DEG,
  ) {
    const seen = new Set<number>();
    for (const code of codes) {
      const u = t.unit(code);
      if (!u) continue;
      for (const ref of refsOf(u))
        for (const v of t.arcs.get(arcIndex(ref)) ?? []) {
          if (seen.has(v)) continue;
          seen.add(v);
          const k = this.key(Math.round((t.vx[v] as number) / snap), Math.round((t.vy[v] as number) / snap));
          const l = this.cells.get(k);
          if (l) l.push(v);
          else this.cells.set(k, [v]);
        }
    }
  }

  private key(qx: number, qy: number): string {
    return `${qx},${qy}`;
  }

  /** Vertices within the snap distance of p that some arc still uses. */
  near(p: LonLat): number[] {
    const qx = Math.round(p[0] / this.snap);
    const qy = Math.round(p[1] / this.snap);
    const out: number[] = [];
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const v of this.cells.get(this.key(qx + dx, qy + dy)) ?? [])
          if (
            Math.abs((this.t.vx[v] as number) - p[0]) <= this.snap &&
            Math.abs((this.t.vy[v] as number) - p[1]) <= this.snap &&
            this.t.arcsAt(v).length > 0
          )
            out.push(v);
    return out;
  }

  /** The vertex at p: the one most units use (then the oldest), never one in `avoid`; null if none. */
  at(p: LonLat, avoid: ReadonlySet<number> = new Set()): number | null {
    let best: number | null = null;
    let bestUsers = -1;
    for (const v of this.near(p)) {
      if (avoid.has(v)) continue;
      const users = this.t.unitsAtVertex(v).size;
      if (users > bestUsers || (users === bestUsers && best !== null && v < best)) {
        best = v;
        bestUsers = users;
      }
    }
    return best;
  }
}

/** A geometry's rings as vertex ids: existing vertices where there are some, new ones elsewhere. */
export function resolveRings(
  t: Topology,
  g: Polygon | MultiPolygon,
  finder: VertexFinder,
  avoid: ReadonlySet<number> = new Set(),
): number[][][] {
  const polys: Position[][][] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.map((rings) =>
    rings.map((ring) => {
      const out: number[] = [];
      for (const p of ring) {
        const at: LonLat = [p[0] as number, p[1] as number];
        const v = finder.at(at, avoid) ?? t.newVertex(at);
        if (out[out.length - 1] !== v) out.push(v);
      }
      if (out.length > 1 && out[0] === out[out.length - 1]) out.pop();
      return out;
    }),
  );
}

/** Where edge u→v lies on an existing arc: the arc and whether the arc runs the same way. */
function edgeOnArc(t: Topology, u: number, v: number): { arc: number; forward: boolean } | null {
  for (const a of t.arcsAt(u)) {
    const vs = t.arcs.get(a);
    if (!vs) continue;
    for (let i = 0; i < vs.length; i++) {
      if (vs[i] !== u) continue;
      if (vs[i + 1] === v) return { arc: a, forward: true };
      if (i > 0 && vs[i - 1] === v) return { arc: a, forward: false };
    }
  }
  return null;
}

/** Splits arc `id` at its interior vertex `v` into two arcs, in every ring that walks it. */
function splitArc(t: Topology, id: number, v: number): void {
  const vs = t.arc(id);
  const i = vs.indexOf(v, 1);
  if (i <= 0 || i >= vs.length - 1) return;
  const p = t.newArc(vs.slice(0, i + 1));
  const q = t.newArc(vs.slice(i));
  t.replaceArc(id, [p, q]);
  t.setArc(id, null);
}

type Label = { arc: number; forward: boolean } | null;
const same = (a: Label, b: Label): boolean =>
  a === b || (!!a && !!b && a.arc === b.arc && a.forward === b.forward);

/** The vertices of a ring at which an arc must start or end. */
function breaksOf(t: Topology, ring: readonly number[], uses: ReadonlyMap<number, number>): number[] {
  const n = ring.length;
  const labels = ring.map((v, i) => edgeOnArc(t, v, ring[(i + 1) % n] as number));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = ring[i] as number;
    const before = labels[(i + n - 1) % n] as Label;
    const after = labels[i] as Label;
    const isBreak = !same(before, after)
      ? true
      : after
        ? t.isNode(v) && t.arc(after.arc)[0] === v
        : t.arcsAt(v).length > 0 || (uses.get(v) ?? 0) > 1;
    if (isBreak) out.push(i);
  }
  return out;
}

/**
 * Replaces a unit's rings by those `newRings` returns (vertex ids; shells may run either way). It is
 * called once the unit's old rings are gone, so vertices and arcs only this unit used are no longer
 * there to be found. Arcs of neighbours are split where the new rings leave them. Refuses
 * (EditRefusal) when the result is not a valid ring set.
 */
export function setUnitRings(t: Topology, code: string, newRings: () => number[][][]): void {
  const u = t.unit(code);
  if (!u) return refuse('editor.unknownUnit', { code });
  const oldArcs = refsOf(u).map(arcIndex);
  t.setUnit(code, { attrs: u.attrs, polygons: [] });
  t.dropUnused(oldArcs);
  const polygons = newRings();

  const rings = polygons.map((rs) =>
    rs.map((r, k) => {
      const a = signedArea2(r.map((v) => t.pos(v)));
      return (k === 0 ? a < 0 : a > 0) ? [...r].reverse() : [...r];
    }),
  );
  const uses = new Map<number, number>();
  for (const r of rings.flat()) for (const v of r) uses.set(v, (uses.get(v) ?? 0) + 1);

  // Make every break a node: split the arcs that run through one.
  for (let guard = 0; guard < 10_000; guard++) {
    let split = false;
    for (const r of rings.flat()) {
      for (const i of breaksOf(t, r, uses)) {
        const v = r[i] as number;
        const through = t.varc[v] ?? -1;
        if (through >= 0 && t.arcs.has(through) && !t.isNode(v)) {
          splitArc(t, through, v);
          split = true;
        }
      }
      if (split) break;
    }
    if (!split) break;
  }

  const built: ArcRef[][][] = rings.map((rs) =>
    rs.map((r) => {
      const n = r.length;
      const breaks = breaksOf(t, r, uses);
      if (!breaks.length) {
        const only = edgeOnArc(t, r[0] as number, r[1 % n] as number);
        if (only) return [only.forward ? only.arc : ~only.arc];
        return [t.newArc([...r, r[0] as number])];
      }
      const refs: ArcRef[] = [];
      for (let b = 0; b < breaks.length; b++) {
        const from = breaks[b] as number;
        const to = (breaks[(b + 1) % breaks.length] as number) + (b + 1 === breaks.length ? n : 0);
        const run: number[] = [];
        for (let i = from; i <= to; i++) run.push(r[i % n] as number);
        const on = edgeOnArc(t, run[0] as number, run[1] as number);
        refs.push(on ? (on.forward ? on.arc : ~on.arc) : t.newArc(run));
      }
      return refs;
    }),
  );
  t.setUnit(code, { attrs: u.attrs, polygons: built });
  const all = new Set(rings.flat(2));
  if (!all.size) refuse('editor.tooFewPositions', { code });
  checkAround(t, all, [code]);
}
