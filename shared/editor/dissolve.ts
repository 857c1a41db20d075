import { pointInRing } from '../geo/segments.ts';
import { signedArea2 } from './geometry.ts';
import { arcIndex, type Topology } from './topology.ts';
import type { ArcRef, LonLat } from './types.ts';

/**
 * Outline of the union of the given rings: arcs walked in both directions cancel (they are interior),
 * the rest are chained into rings. At a node where several remaining arcs leave, the one next clockwise
 * from the way we came is taken, which keeps each traced ring around a single face, so two shells that
 * touch at one vertex come out as two rings. Counter-clockwise rings are shells, the others holes,
 * each hole given to the smallest shell that contains it.
 */
export function dissolve(t: Topology, rings: readonly ArcRef[][]): ArcRef[][][] {
  const net = new Map<number, number>();
  for (const ring of rings)
    for (const ref of ring) {
      const a = arcIndex(ref);
      net.set(a, (net.get(a) ?? 0) + (ref < 0 ? -1 : 1));
    }
  const left: ArcRef[] = [];
  for (const [a, n] of net) {
    for (let i = 0; i < n; i++) left.push(a);
    for (let i = 0; i < -n; i++) left.push(~a);
  }
  const startOf = (ref: ArcRef): number => {
    const vs = t.arc(arcIndex(ref));
    return (ref < 0 ? vs[vs.length - 1] : vs[0]) as number;
  };
  // Remaining arcs by the node they leave, as indexes into `left`.
  const from = new Map<number, number[]>();
  left.forEach((ref, i) => {
    const s = startOf(ref);
    const l = from.get(s);
    if (l) l.push(i);
    else from.set(s, [i]);
  });
  const used = new Uint8Array(left.length);
  const out: ArcRef[][] = [];
  left.forEach((first, i) => {
    if (used[i]) return;
    const ring: ArcRef[] = [];
    const start = startOf(first);
    let idx = i;
    for (;;) {
      used[idx] = 1;
      const ref = left[idx] as ArcRef;
      ring.push(ref);
      const vs = t.refVertices(ref);
      const end = vs[vs.length - 1] as number;
      const cands = (from.get(end) ?? []).filter((j) => !used[j] || (j === i && end === start));
      const next = clockwiseNext(t, end, vs[vs.length - 2] as number, cands, left);
      if (next < 0 || next === i) break;
      idx = next;
    }
    out.push(ring);
  });
  return classify(
    t,
    out.flatMap((r) => splitPinches(r, startOf)),
  );
}

/**
 * A traced ring that passes a node twice is cut there into loops. Taking the sharpest left turn keeps a
 * ring around one face, so such a ring is a shell pinched against a hole that touches it (or two holes
 * touching each other): as separate rings, the shell and the hole are valid, the pinched ring is not.
 */
function splitPinches(ring: ArcRef[], startOf: (ref: ArcRef) => number): ArcRef[][] {
  const seen = new Map<number, number>();
  for (let i = 0; i < ring.length; i++) {
    const v = startOf(ring[i] as ArcRef);
    const j = seen.get(v);
    if (j === undefined) {
      seen.set(v, i);
      continue;
    }
    const loop = ring.slice(j, i);
    const rest = [...ring.slice(0, j), ...ring.slice(i)];
    return [...splitPinches(loop, startOf), ...splitPinches(rest, startOf)];
  }
  return [ring];
}

/** Of the arcs leaving `node`, the first clockwise from the segment we arrived along. */
function clockwiseNext(t: Topology, node: number, prev: number, cands: number[], left: ArcRef[]): number {
  if (cands.length < 2) return cands[0] ?? -1;
  const [nx, ny] = t.pos(node);
  const [px, py] = t.pos(prev);
  const back = Math.atan2(py - ny, px - nx);
  let best = -1;
  let bestTurn = Infinity;
  for (const j of cands) {
    const vs = t.refVertices(left[j] as ArcRef);
    const [qx, qy] = t.pos(vs[1] as number);
    let turn = back - Math.atan2(qy - ny, qx - nx);
    while (turn <= 0) turn += 2 * Math.PI;
    while (turn > 2 * Math.PI) turn -= 2 * Math.PI;
    if (turn < bestTurn) {
      bestTurn = turn;
      best = j;
    }
  }
  return best;
}

function classify(t: Topology, rings: ArcRef[][]): ArcRef[][][] {
  const coords = rings.map((r) => t.ringVertices(r).map((v) => t.pos(v)));
  const areas = coords.map((c) => signedArea2(c));
  const shells = rings.map((_, i) => i).filter((i) => (areas[i] as number) > 0);
  shells.sort((a, b) => (areas[b] as number) - (areas[a] as number));
  const polys = new Map<number, ArcRef[][]>(shells.map((i) => [i, [rings[i] as ArcRef[]]]));
  rings.forEach((ring, i) => {
    if ((areas[i] as number) > 0) return;
    const c = coords[i] as LonLat[];
    const a = c[0] as LonLat;
    const b = c[1] as LonLat;
    const probe: LonLat = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    let owner = -1;
    for (const s of shells)
      if (
        pointInRing(probe[0], probe[1], coords[s] as LonLat[]) &&
        (owner < 0 || (areas[s] as number) < (areas[owner] as number))
      )
        owner = s;
    if (owner < 0) owner = shells[0] ?? -1;
    if (owner >= 0) polys.get(owner)?.push(ring);
  });
  return [...polys.values()];
}
