import { arcThrough, insertPoints, splitAtNodes } from './nodes.ts';
import { signedArea2 } from './geometry.ts';
import { segmentsTouch } from '../geo/segments.ts';
import { arcIndex, type Topology } from './topology.ts';
import { refuse, type ArcRef, type LonLat, type TopoUnit } from './types.ts';
import { checkAround } from './validate.ts';
import { checkLonLat } from './vertex-ops.ts';

/** How far (degrees, ~10 cm) an end of the line may be from the boundary; snapping puts it on it. */
export const RESHAPE_END_DEG = 1e-6;

interface Spot {
  poly: number;
  ring: number;
  a: number;
  b: number;
  t: number;
  at: LonLat;
  d: number;
}

/** The point of the unit's boundary nearest to p. */
function nearestOnBoundary(t: Topology, u: TopoUnit, p: LonLat): Spot | null {
  let best: Spot | null = null;
  u.polygons.forEach((rings, poly) =>
    rings.forEach((ring, k) => {
      const vs = t.ringVertices(ring);
      for (let i = 0; i + 1 < vs.length; i++) {
        const a = vs[i] as number;
        const b = vs[i + 1] as number;
        const [ax, ay] = t.pos(a);
        const [bx, by] = t.pos(b);
        const dx = bx - ax;
        const dy = by - ay;
        const len = dx * dx + dy * dy;
        const s = len === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - ax) * dx + (p[1] - ay) * dy) / len));
        const at: LonLat = [ax + s * dx, ay + s * dy];
        const d = Math.hypot(p[0] - at[0], p[1] - at[1]);
        if (!best || d < best.d) best = { poly, ring: k, a, b, t: s, at, d };
      }
    }),
  );
  return best;
}

/** The spot as a vertex of the topology: a segment end, or a new vertex inserted into the arc. */
function vertexAt(t: Topology, s: Spot): number {
  for (const arc of t.arcsAt(s.a)) {
    const vs = t.arc(arc);
    for (let k = 0; k + 1 < vs.length; k++) {
      if (vs[k] === s.a && vs[k + 1] === s.b)
        return insertPoints(t, [{ arc, seg: k, t: s.t, at: s.at }])[0] as number;
      if (vs[k] === s.b && vs[k + 1] === s.a)
        return insertPoints(t, [{ arc, seg: k, t: 1 - s.t, at: s.at }])[0] as number;
    }
  }
  return refuse('editor.reshape.ends', { code: '-' });
}

/** Where `seq` runs in `ring` (cyclically), as a start index, or -1. */
function findRun(ring: readonly ArcRef[], seq: readonly ArcRef[]): number {
  const m = ring.length;
  if (seq.length > m) return -1;
  for (let i = 0; i < m; i++) if (seq.every((r, j) => ring[(i + j) % m] === r)) return i;
  return -1;
}

function replaceRun(ring: readonly ArcRef[], at: number, length: number, by: ArcRef): ArcRef[] {
  const rot = [...ring.slice(at), ...ring.slice(0, at)];
  return [by, ...rot.slice(length)];
}

/**
 * Reshapes a boundary by a line drawn along it: the line's ends lie on the unit's boundary (they
 * become nodes), and the stretch of boundary between them that the line follows (the one whose
 * replacement changes the area least) is replaced by the line in every ring that walks it, so the
 * neighbour on the other side, the parent and the ancestors on it all follow. A stretch that passes a
 * junction of three or more units is refused: which unit would get the corner is not clear.
 */
export function reshapeBoundary(t: Topology, code: string, line: LonLat[]): number[] {
  const u0 = t.unit(code);
  if (!u0) return refuse('editor.unknownUnit', { code });
  if (!Array.isArray(line) || line.length < 2) refuse('editor.splitLine');
  line.forEach((p) => checkLonLat(p));
  for (let i = 0; i + 1 < line.length; i++)
    for (let j = i + 2; j + 1 < line.length; j++) {
      const [a, b, c, d] = [line[i], line[i + 1], line[j], line[j + 1]] as LonLat[] as [
        LonLat,
        LonLat,
        LonLat,
        LonLat,
      ];
      if (segmentsTouch(a[0], a[1], b[0], b[1], c[0], c[1], d[0], d[1])) refuse('editor.splitLine');
    }
  const first = line[0] as LonLat;
  const last = line[line.length - 1] as LonLat;
  const s1 = nearestOnBoundary(t, u0, first);
  if (!s1 || s1.d > RESHAPE_END_DEG) return refuse('editor.reshape.ends', { code });
  const va = vertexAt(t, s1);
  const s2 = nearestOnBoundary(t, t.unit(code) as TopoUnit, last);
  if (!s2 || s2.d > RESHAPE_END_DEG || s2.poly !== s1.poly || s2.ring !== s1.ring)
    return refuse('editor.reshape.ends', { code });
  const vb = vertexAt(t, s2);
  if (va === vb) refuse('editor.reshape.ends', { code });
  splitAtNodes(t, [va, vb]);

  const u = t.unit(code) as TopoUnit;
  const ring = (u.polygons[s1.poly] as ArcRef[][])[s1.ring] as ArcRef[];
  const startOf = (ref: ArcRef): number => t.refVertices(ref)[0] as number;
  const ia = ring.findIndex((r) => startOf(r) === va);
  const ib = ring.findIndex((r) => startOf(r) === vb);
  if (ia < 0 || ib < 0) refuse('editor.reshape.ends', { code });
  const run = (from: number, to: number): ArcRef[] => {
    const out: ArcRef[] = [];
    for (let k = from; k !== to; k = (k + 1) % ring.length) out.push(ring[k] as ArcRef);
    return out;
  };
  const ab = run(ia, ib);
  const ba = run(ib, ia);
  const coords = (refs: ArcRef[]): LonLat[] => {
    const out: LonLat[] = [];
    for (const r of refs) {
      const vs = t.refVertices(r);
      for (let i = out.length ? 1 : 0; i < vs.length; i++) out.push(t.pos(vs[i] as number));
    }
    return out;
  };
  const inner = line.slice(1, -1).map((p): LonLat => [p[0], p[1]]);
  const lineAB: LonLat[] = [t.pos(va), ...inner, t.pos(vb)];
  const area0 = signedArea2(coords(ring));
  const area1 = signedArea2([...lineAB, ...coords(ba).slice(1, -1)]);
  const area2 = signedArea2([...coords(ab), ...[...lineAB].reverse().slice(1, -1)]);
  const replaceAB = Math.abs(area1 - area0) <= Math.abs(area2 - area0);
  const replaced = replaceAB ? ab : ba;

  const usersOf = (ref: ArcRef): string => [...(t.arcUsers.get(arcIndex(ref)) ?? [])].sort().join(',');
  const users = usersOf(replaced[0] as ArcRef);
  if (replaced.some((r) => usersOf(r) !== users)) refuse('editor.reshape.junction');

  const innerIds = inner.map((p) => t.newVertex(p));
  const newVs = [va, ...innerIds, vb];
  const existing = arcThrough(t, newVs);
  const arc = existing ?? t.newArc(newVs);
  const forward: ArcRef = replaceAB ? arc : ~arc;
  const backward = replaced.map((r) => ~r).reverse();
  for (const c of users.split(',')) {
    const x = t.unit(c) as TopoUnit;
    let found = false;
    const polygons = x.polygons.map((rings) =>
      rings.map((r) => {
        const i = findRun(r, replaced);
        if (i >= 0) {
          found = true;
          return replaceRun(r, i, replaced.length, forward);
        }
        const j = findRun(r, backward);
        if (j >= 0) {
          found = true;
          return replaceRun(r, j, backward.length, ~forward);
        }
        return r;
      }),
    );
    if (!found) refuse('editor.reshape.junction');
    t.setUnit(c, { ...x, polygons });
  }
  t.dropUnused(replaced.map(arcIndex));
  checkAround(t, newVs, users.split(','));
  return newVs;
}
