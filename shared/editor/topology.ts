import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { GridUnit } from '../grid/types.ts';
import type { ArcRef, LonLat, TopologyPatch, TopoUnit } from './types.ts';

export const arcIndex = (ref: ArcRef): number => (ref < 0 ? ~ref : ref);

/** What a transaction saw before it first touched each entity; undefined = did not exist. */
interface TxLog {
  vertices: Map<number, LonLat | undefined>;
  arcs: Map<number, number[] | null>;
  units: Map<string, TopoUnit | null>;
}

/**
 * Arc-node topology of every level at once. Vertices are shared by id; an arc is a vertex run whose
 * interior vertices belong to it alone, so a boundary used by a cell, its community and its town is
 * one arc referenced by three rings. Stored arrays are never mutated in place (every change replaces
 * them), which lets patches and undo logs hold references instead of copies.
 */
export class Topology {
  readonly vx: number[] = [];
  readonly vy: number[] = [];
  /** Arc whose interior holds the vertex, -1 when none (a node, or unused). */
  readonly varc: number[] = [];
  readonly nodeArcs = new Map<number, Set<number>>();
  readonly arcs = new Map<number, number[]>();
  readonly arcUsers = new Map<number, Set<string>>();
  readonly units = new Map<string, TopoUnit>();
  readonly childrenOf = new Map<string, Set<string>>();
  private nextArc = 0;
  private tx: TxLog | null = null;

  // ---- reads ----

  vertexCount(): number {
    return this.vx.length;
  }

  pos(v: number): LonLat {
    return [this.vx[v] as number, this.vy[v] as number];
  }

  hasVertex(v: number): boolean {
    return Number.isInteger(v) && v >= 0 && v < this.vx.length && this.arcsAt(v).length > 0;
  }

  isNode(v: number): boolean {
    return (this.nodeArcs.get(v)?.size ?? 0) > 0;
  }

  /** Arcs that contain the vertex (one for an interior vertex, several at a node). */
  arcsAt(v: number): number[] {
    const out: number[] = [];
    const a = this.varc[v] ?? -1;
    if (a >= 0) out.push(a);
    const n = this.nodeArcs.get(v);
    if (n) for (const id of n) if (id !== a) out.push(id);
    return out;
  }

  arc(id: number): number[] {
    const a = this.arcs.get(id);
    if (!a) throw new Error(`no arc ${id}`);
    return a;
  }

  /** The vertices of an arc reference in walking order. */
  refVertices(ref: ArcRef): number[] {
    const a = this.arc(arcIndex(ref));
    return ref < 0 ? [...a].reverse() : a;
  }

  /** Vertex ids of a ring, closed (first repeated last). */
  ringVertices(ring: readonly ArcRef[]): number[] {
    const out: number[] = [];
    for (const ref of ring) {
      const vs = this.refVertices(ref);
      for (let i = out.length ? 1 : 0; i < vs.length; i++) out.push(vs[i] as number);
    }
    return out;
  }

  unitsAtVertex(v: number): Set<string> {
    const out = new Set<string>();
    for (const a of this.arcsAt(v)) for (const c of this.arcUsers.get(a) ?? []) out.add(c);
    return out;
  }

  unit(code: string): TopoUnit | undefined {
    return this.units.get(code);
  }

  geometry(u: TopoUnit): Polygon | MultiPolygon {
    const polys: Position[][][] = u.polygons.map((rings) =>
      rings.map((ring) => this.ringVertices(ring).map((v) => [this.vx[v] as number, this.vy[v] as number])),
    );
    return polys.length === 1
      ? { type: 'Polygon', coordinates: polys[0] as Position[][] }
      : { type: 'MultiPolygon', coordinates: polys };
  }

  gridUnit(code: string): GridUnit {
    const u = this.units.get(code);
    if (!u) throw new Error(`no unit ${code}`);
    return { ...u.attrs, geometry: this.geometry(u) };
  }

  /** Every unit with its geometry rebuilt from the arcs. */
  toUnits(): GridUnit[] {
    return [...this.units.keys()].map((c) => this.gridUnit(c));
  }

  // ---- writes (all go through these so indexes and the undo log stay right) ----

  newVertex(p: LonLat): number {
    const id = this.vx.length;
    this.setVertex(id, p);
    return id;
  }

  setVertex(id: number, p: LonLat): void {
    if (this.tx && !this.tx.vertices.has(id))
      this.tx.vertices.set(id, id < this.vx.length ? this.pos(id) : undefined);
    while (this.vx.length <= id) {
      this.vx.push(NaN);
      this.vy.push(NaN);
      this.varc.push(-1);
    }
    this.vx[id] = p[0];
    this.vy[id] = p[1];
  }

  newArc(vertices: number[]): number {
    const id = this.nextArc;
    this.setArc(id, vertices);
    return id;
  }

  setArc(id: number, vertices: number[] | null): void {
    if (this.tx && !this.tx.arcs.has(id)) this.tx.arcs.set(id, this.arcs.get(id) ?? null);
    const old = this.arcs.get(id);
    if (old) {
      for (let i = 1; i < old.length - 1; i++)
        if (this.varc[old[i] as number] === id) this.varc[old[i] as number] = -1;
      for (const end of [old[0] as number, old[old.length - 1] as number]) {
        const s = this.nodeArcs.get(end);
        s?.delete(id);
        if (s && !s.size) this.nodeArcs.delete(end);
      }
      this.arcs.delete(id);
    }
    if (!vertices) return;
    this.nextArc = Math.max(this.nextArc, id + 1);
    this.arcs.set(id, vertices);
    for (let i = 1; i < vertices.length - 1; i++) this.varc[vertices[i] as number] = id;
    for (const end of [vertices[0] as number, vertices[vertices.length - 1] as number]) {
      let s = this.nodeArcs.get(end);
      if (!s) this.nodeArcs.set(end, (s = new Set()));
      s.add(id);
    }
  }

  setUnit(code: string, unit: TopoUnit | null): void {
    if (this.tx && !this.tx.units.has(code)) this.tx.units.set(code, this.units.get(code) ?? null);
    const old = this.units.get(code);
    if (old) {
      for (const ref of refsOf(old)) this.arcUsers.get(arcIndex(ref))?.delete(code);
      this.childrenOf.get(old.attrs.parentCode ?? '')?.delete(code);
      this.units.delete(code);
    }
    if (!unit) return;
    this.units.set(code, unit);
    for (const ref of refsOf(unit)) {
      const a = arcIndex(ref);
      let s = this.arcUsers.get(a);
      if (!s) this.arcUsers.set(a, (s = new Set()));
      s.add(code);
    }
    const key = unit.attrs.parentCode ?? '';
    let kids = this.childrenOf.get(key);
    if (!kids) this.childrenOf.set(key, (kids = new Set()));
    kids.add(code);
  }

  /** Replaces arc `id` by `parts` (consecutive, sharing end vertices) in every ring that uses it. */
  replaceArc(id: number, parts: number[]): void {
    for (const code of [...(this.arcUsers.get(id) ?? [])]) {
      const u = this.units.get(code) as TopoUnit;
      const polygons = u.polygons.map((rings) =>
        rings.map((ring) =>
          ring.flatMap((ref) =>
            ref === id ? parts : ref === ~id ? [...parts].reverse().map((p) => ~p) : [ref],
          ),
        ),
      );
      this.setUnit(code, { ...u, polygons });
    }
  }

  /** Drops arcs that no ring uses any more. */
  dropUnused(ids: Iterable<number>): void {
    for (const id of ids) if (this.arcs.has(id) && !this.arcUsers.get(id)?.size) this.setArc(id, null);
  }

  // ---- transactions and patches ----

  begin(): void {
    if (this.tx) throw new Error('transaction already open');
    this.tx = { vertices: new Map(), arcs: new Map(), units: new Map() };
  }

  /** Closes the transaction; returns the patch that re-does it and the one that undoes it. */
  commit(): {
    forward: TopologyPatch;
    inverse: TopologyPatch;
    touchedVertices: number[];
    touchedArcs: number[];
  } {
    const tx = this.tx;
    if (!tx) throw new Error('no transaction');
    this.tx = null;
    const forward: TopologyPatch = { vertices: [], arcs: [], units: [] };
    const inverse: TopologyPatch = { vertices: [], arcs: [], units: [] };
    for (const [id, old] of tx.vertices) {
      forward.vertices.push([id, this.vx[id] as number, this.vy[id] as number]);
      // A vertex that did not exist before stays allocated but unreferenced (ids are never reused).
      if (old) inverse.vertices.push([id, old[0], old[1]]);
    }
    for (const [id, old] of tx.arcs) {
      forward.arcs.push([id, this.arcs.get(id) ?? null]);
      inverse.arcs.push([id, old]);
    }
    for (const [code, old] of tx.units) {
      forward.units.push([code, this.units.get(code) ?? null]);
      inverse.units.push([code, old]);
    }
    return { forward, inverse, touchedVertices: [...tx.vertices.keys()], touchedArcs: [...tx.arcs.keys()] };
  }

  /** Undoes everything since begin(). */
  rollback(): void {
    const { inverse } = this.commit();
    this.applyPatch(inverse);
  }

  applyPatch(p: TopologyPatch): void {
    for (const [id, x, y] of p.vertices) this.setVertex(id, [x, y]);
    for (const [id, vs] of p.arcs) this.setArc(id, vs ? [...vs] : null);
    for (const [code, u] of p.units) this.setUnit(code, u ? cloneUnit(u) : null);
  }
}

export function refsOf(u: TopoUnit): ArcRef[] {
  return u.polygons.flat(2);
}

export function cloneUnit(u: TopoUnit): TopoUnit {
  return { attrs: { ...u.attrs }, polygons: u.polygons.map((rs) => rs.map((r) => [...r])) };
}

export function reverseRing(ring: readonly ArcRef[]): ArcRef[] {
  return [...ring].reverse().map((r) => ~r);
}
