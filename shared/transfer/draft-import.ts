/**
 * The topology patch that puts imported units into a draft as one edit, sharing boundaries with
 * what is already there: an imported vertex within SNAP_DEG (about 1 cm) of a vertex of the draft
 * becomes that vertex, existing arcs are split where an imported ring leaves them, and a run of an
 * imported ring that follows an existing arc walks that arc. So a cell imported inside its
 * community shares the community's boundary, and dragging a vertex there moves both.
 *
 * In 'replace' mode the level's units under the same parents that the file does not carry are taken
 * out, so the file becomes those parents' new subdivision; in 'upsert' mode only the file's codes change.
 * The patch is worked out in a transaction on the topology and rolled back; the caller applies it
 * as the edit (so undo, redo and the draft log treat it like any edit).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { signedArea2 } from '../editor/geometry.ts';
import { arcIndex, refsOf, type Topology } from '../editor/topology.ts';
import type { ArcRef, TopologyPatch } from '../editor/types.ts';
import type { GridLevel, GridUnit } from '../grid/types.ts';

export type ImportMode = 'replace' | 'upsert';

/** Imported vertices this close (degrees, ≈ 1 cm) to a draft vertex are taken as that vertex. */
export const SNAP_DEG = 1e-7;

export interface ImportPlan {
  patch: TopologyPatch;
  added: string[];
  replaced: string[];
  removed: string[];
}

/** Vertices of the draft's arcs by position, for exact and near (snap) matches. */
class VertexGrid {
  private readonly cells = new Map<string, number[]>();
  constructor(private readonly t: Topology) {}
  private key(ix: number, iy: number): string {
    return `${ix},${iy}`;
  }
  add(v: number): void {
    const [x, y] = this.t.pos(v);
    const k = this.key(Math.floor(x / SNAP_DEG), Math.floor(y / SNAP_DEG));
    const c = this.cells.get(k);
    if (c) c.push(v);
    else this.cells.set(k, [v]);
  }
  near(x: number, y: number): number | undefined {
    const ix = Math.floor(x / SNAP_DEG);
    const iy = Math.floor(y / SNAP_DEG);
    let best: number | undefined;
    let bestD = SNAP_DEG;
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const v of this.cells.get(this.key(ix + dx, iy + dy)) ?? []) {
          const [vx, vy] = this.t.pos(v);
          const d = Math.max(Math.abs(vx - x), Math.abs(vy - y));
          if (d <= bestD) {
            bestD = d;
            best = v;
          }
        }
    return best;
  }
}

const polygonsOf = (g: Polygon | MultiPolygon): Position[][][] =>
  g.type === 'Polygon' ? [g.coordinates] : g.coordinates;

export function importPatch(
  t: Topology,
  units: readonly GridUnit[],
  level: GridLevel,
  mode: ImportMode,
): ImportPlan {
  const codes = new Set(units.map((u) => u.code));
  const parents = new Set(units.map((u) => u.parentCode));
  const replaced = units.filter((u) => t.units.has(u.code)).map((u) => u.code);
  const wasThere = new Set(replaced);
  const removed: string[] = [];
  if (mode === 'replace')
    for (const [code, u] of t.units)
      if (u.attrs.level === level && !codes.has(code) && parents.has(u.attrs.parentCode)) removed.push(code);

  t.begin();
  try {
    // 1. Out with what the file replaces, and the arcs only they used.
    for (const code of [...replaced, ...removed]) {
      const old = t.units.get(code)!;
      t.setUnit(code, null);
      t.dropUnused(refsOf(old).map(arcIndex));
    }

    // 2. Imported rings as vertex ids: a draft vertex where one is within reach, else a new one
    //    (shared between imported units by exact position).
    const grid = new VertexGrid(t);
    const inDraft = new Set<number>();
    for (const vs of t.arcs.values())
      for (const v of vs)
        if (!inDraft.has(v)) {
          inDraft.add(v);
          grid.add(v);
        }
    const fresh = new Map<string, number>();
    const vid = (p: Position): number => {
      const x = p[0] as number;
      const y = p[1] as number;
      const hit = grid.near(x, y);
      if (hit !== undefined) return hit;
      const k = `${x},${y}`;
      let v = fresh.get(k);
      if (v === undefined) fresh.set(k, (v = t.newVertex([x, y])));
      return v;
    };
    const rings: number[][][][] = units.map((u) =>
      polygonsOf(u.geometry).map((poly) =>
        poly.map((ring, k) => {
          const out: number[] = [];
          for (const p of ring) {
            const v = vid(p);
            if (out[out.length - 1] !== v) out.push(v);
          }
          if (out.length > 1 && out[0] === out[out.length - 1]) out.pop();
          const a = signedArea2(out.map((v) => t.pos(v)));
          if (k === 0 ? a < 0 : a > 0) out.reverse();
          return out;
        }),
      ),
    );

    // 3. Nodes: where the imported rings branch (as buildTopology decides), where they leave an
    //    existing arc, and every existing node.
    const nbrs = new Map<number, Set<number>>();
    const link = (a: number, b: number): void => {
      let s = nbrs.get(a);
      if (!s) nbrs.set(a, (s = new Set()));
      s.add(b);
    };
    for (const polys of rings)
      for (const rs of polys)
        for (const r of rs)
          r.forEach((v, i) => {
            link(v, r[(i + r.length - 1) % r.length] as number);
            link(v, r[(i + 1) % r.length] as number);
          });
    const node = new Set<number>();
    const splitAt = new Map<number, Set<number>>();
    for (const [v, s] of nbrs) {
      if (t.isNode(v)) {
        node.add(v);
        continue;
      }
      const a = t.varc[v] ?? -1;
      if (a >= 0) {
        const vs = t.arc(a);
        const i = vs.indexOf(v);
        const along = new Set([vs[i - 1], vs[i + 1]]);
        if ([...s].some((w) => !along.has(w))) {
          node.add(v);
          let set = splitAt.get(a);
          if (!set) splitAt.set(a, (set = new Set()));
          set.add(v);
        }
      } else if (s.size !== 2) node.add(v);
    }

    // 4. Split existing arcs where imported rings leave them.
    for (const [a, at] of splitAt) {
      const vs = t.arc(a);
      const parts: number[] = [];
      let run = [vs[0] as number];
      for (let i = 1; i < vs.length; i++) {
        const v = vs[i] as number;
        run.push(v);
        if (at.has(v) && i < vs.length - 1) {
          parts.push(t.newArc(run));
          run = [v];
        }
      }
      parts.push(t.newArc(run));
      t.replaceArc(a, parts);
      t.setArc(a, null);
    }

    // 5. Walk the imported rings from node to node, reusing an arc with the same vertex run.
    const byStart = new Map<string, number[]>();
    const index = (id: number): void => {
      const vs = t.arc(id);
      for (const k of [`${vs[0]},${vs[1]}`, `${vs[vs.length - 1]},${vs[vs.length - 2]}`]) {
        const l = byStart.get(k);
        if (l) l.push(id);
        else byStart.set(k, [id]);
      }
    };
    for (const id of t.arcs.keys()) index(id);
    const same = (a: readonly number[], b: readonly number[]): boolean =>
      a.length === b.length && a.every((v, i) => v === b[i]);
    const arcFor = (seg: number[]): ArcRef => {
      for (const id of byStart.get(`${seg[0]},${seg[1]}`) ?? []) {
        const vs = t.arc(id);
        if (same(vs, seg)) return id;
        if (same([...vs].reverse(), seg)) return ~id;
      }
      const id = t.newArc(seg);
      index(id);
      return id;
    };
    units.forEach((u, i) => {
      const polygons = (rings[i] as number[][][]).map((rs) =>
        rs.map((r) => {
          let k = r.findIndex((v) => node.has(v));
          if (k < 0) {
            k = 0;
            node.add(r[0] as number);
          }
          const refs: ArcRef[] = [];
          let seg = [r[k] as number];
          for (let j = 1; j <= r.length; j++) {
            const v = r[(k + j) % r.length] as number;
            seg.push(v);
            if (node.has(v)) {
              refs.push(arcFor(seg));
              seg = [v];
            }
          }
          return refs;
        }),
      );
      const { geometry: _g, ...attrs } = u;
      t.setUnit(u.code, { attrs, polygons });
    });
  } catch (e) {
    t.rollback();
    throw e;
  }
  const { forward, inverse } = t.commit();
  t.applyPatch(inverse);
  return {
    patch: forward,
    added: units.filter((u) => !wasThere.has(u.code)).map((u) => u.code),
    replaced,
    removed,
  };
}
