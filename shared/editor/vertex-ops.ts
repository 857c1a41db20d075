import type { Topology } from './topology.ts';
import { arcIndex } from './topology.ts';
import { refuse, type LonLat } from './types.ts';
import { checkAround } from './validate.ts';

export function checkLonLat(p: unknown): asserts p is LonLat {
  const ok =
    Array.isArray(p) &&
    p.length === 2 &&
    typeof p[0] === 'number' &&
    typeof p[1] === 'number' &&
    Number.isFinite(p[0]) &&
    Number.isFinite(p[1]) &&
    Math.abs(p[0]) <= 180 &&
    Math.abs(p[1]) <= 90;
  if (!ok) refuse('editor.badCoordinate');
}

function needVertex(t: Topology, v: number): void {
  if (!t.hasVertex(v)) refuse('editor.unknownVertex', { vertex: String(v) });
}

/** Moves one shared vertex: every ring at every level that uses it follows, since they hold its id. */
export function moveVertex(t: Topology, v: number, to: LonLat): void {
  needVertex(t, v);
  checkLonLat(to);
  t.setVertex(v, [to[0], to[1]]);
  checkAround(t, [v], t.unitsAtVertex(v));
}

/** Inserts a vertex into one arc segment, so every ring sharing that segment gains it. */
export function insertVertex(t: Topology, arc: number, index: number, at: LonLat): number {
  const vs = t.arcs.get(arc);
  if (!vs) return refuse('editor.unknownArc', { arc: String(arc) });
  if (!Number.isInteger(index) || index < 0 || index > vs.length - 2)
    refuse('editor.segmentOutOfRange', { arc: String(arc), index: String(index) });
  checkLonLat(at);
  const v = t.newVertex([at[0], at[1]]);
  t.setArc(arc, [...vs.slice(0, index + 1), v, ...vs.slice(index + 1)]);
  checkAround(t, [v], t.arcUsers.get(arc) ?? []);
  return v;
}

/**
 * Deletes a vertex from every ring that uses it. An interior vertex leaves its arc; a node where exactly
 * two arcs meet joins them; a node where three or more boundaries meet is refused (which of them would
 * lose their corner is not the planner's intent).
 */
export function deleteVertex(t: Topology, v: number): void {
  needVertex(t, v);
  const arcs = t.arcsAt(v);
  const interior = t.varc[v] ?? -1;
  if (interior >= 0 && !t.isNode(v)) {
    const vs = t.arc(interior);
    const i = vs.indexOf(v);
    t.setArc(interior, [...vs.slice(0, i), ...vs.slice(i + 1)]);
    const users = t.arcUsers.get(interior) ?? new Set<string>();
    checkAround(t, [vs[i - 1] as number, vs[i + 1] as number], users);
    return;
  }
  if (arcs.length === 1) {
    const id = arcs[0] as number;
    const vs = t.arc(id);
    if (vs[0] !== vs[vs.length - 1]) refuse('editor.deleteJunction', { count: 1 });
    // A closed loop with its node here: move the node on by one vertex, then drop this one.
    const inner = vs.slice(1, -1);
    t.setArc(id, [...inner, inner[0] as number]);
    checkAround(t, [inner[0] as number, inner[inner.length - 1] as number], t.arcUsers.get(id) ?? []);
    return;
  }
  if (arcs.length !== 2) refuse('editor.deleteJunction', { count: arcs.length });
  const [p, q] = arcs as [number, number];
  const pv = t.arc(p);
  const qv = t.arc(q);
  if (pv[0] === pv[pv.length - 1] || qv[0] === qv[qv.length - 1])
    refuse('editor.deleteJunction', { count: 3 });
  const pRef = pv[pv.length - 1] === v ? p : ~p;
  const qRef = qv[0] === v ? q : ~q;
  const pIn = t.refVertices(pRef);
  const qOut = t.refVertices(qRef);
  const joined = [...pIn.slice(0, -1), ...qOut.slice(1)];
  const users = new Set([...(t.arcUsers.get(p) ?? []), ...(t.arcUsers.get(q) ?? [])]);
  const rewritten = new Map<string, number[][][]>();
  for (const code of users) {
    const u = t.unit(code);
    if (!u) continue;
    rewritten.set(
      code,
      u.polygons.map((rings) => rings.map((ring) => joinInRing(ring, pRef, qRef))),
    );
  }
  // The joined arc keeps p's id, stored in pRef's direction so that pRef now means the whole run.
  t.setArc(p, pRef === p ? joined : [...joined].reverse());
  t.setArc(q, null);
  for (const [code, polygons] of rewritten) {
    const u = t.unit(code);
    if (u) t.setUnit(code, { ...u, polygons });
  }
  checkAround(t, [pIn[pIn.length - 2] as number, qOut[1] as number], users);
}

function joinInRing(ring: number[], pRef: number, qRef: number): number[] {
  let r = ring;
  // Rotate so that no pair (pRef, qRef) or (~qRef, ~pRef) wraps around the end.
  for (let k = 0; k < ring.length && (r[0] === qRef || r[0] === ~pRef); k++)
    r = [...r.slice(1), r[0] as number];
  const out: number[] = [];
  for (let i = 0; i < r.length; i++) {
    const ref = r[i] as number;
    if (ref === pRef || ref === ~qRef) {
      const want = ref === pRef ? qRef : ~pRef;
      if (r[i + 1] !== want) refuse('editor.deleteJunction', { count: 3 });
      out.push(ref === pRef ? pRef : ~pRef);
      i++;
    } else if (arcIndex(ref) === arcIndex(pRef) || arcIndex(ref) === arcIndex(qRef)) {
      refuse('editor.deleteJunction', { count: 3 });
    } else out.push(ref);
  }
  return out;
}
