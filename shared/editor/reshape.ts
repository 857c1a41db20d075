import { dissolve } from './dissolve.ts';
import { signedArea2 } from './geometry.ts';
import { pointInRing, segmentsTouch } from '../geo/segments.ts';
import { cutAtNodes, findLineHits, threadLine, type LineHit } from './line-hits.ts';
import { arcThrough, inPolygons, insertPoints, probeOf, splitAtNodes } from './nodes.ts';
import { assignLenses, traceLenses, type Lens } from './reshape-lenses.ts';
import { arcIndex, refsOf, reverseRing, type Topology } from './topology.ts';
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

/** The spot as a point of the arc that holds its segment. */
function arcPointAt(t: Topology, s: Spot, along: number, code: string): LineHit {
  for (const arc of t.arcsAt(s.a)) {
    const vs = t.arc(arc);
    for (let k = 0; k + 1 < vs.length; k++) {
      if (vs[k] === s.a && vs[k + 1] === s.b) return { arc, seg: k, t: s.t, at: s.at, s: along };
      if (vs[k] === s.b && vs[k + 1] === s.a) return { arc, seg: k, t: 1 - s.t, at: s.at, s: along };
    }
  }
  return refuse('editor.reshape.ends', { code });
}

/**
 * Reshapes a boundary by a line drawn along it. The line's ends lie on the unit's boundary; of the two
 * stretches of boundary between them, the one whose replacement changes the area least is replaced.
 * Every point where the line meets a boundary (crossing it, touching it, snapped onto an edge or a
 * vertex, running along it) becomes a vertex of that boundary's arc, so all units on it keep sharing
 * it. The faces between the line and the stretch then change hands: a face outside the unit joins it
 * (and its ancestors), taken from whoever held it; a face inside goes to the units across the stretch.
 * Where the stretch passes a junction with a third unit, the boundary ending there is carried straight
 * on to the line so each keeps its share (see reshape-lenses.ts). All at every level, by arc
 * bookkeeping: unit X becomes X minus its part of each face plus the faces it holds afterwards.
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
  const s1 = nearestOnBoundary(t, u0, line[0] as LonLat);
  const s2 = nearestOnBoundary(t, u0, line[line.length - 1] as LonLat);
  if (!s1 || !s2 || s1.d > RESHAPE_END_DEG || s2.d > RESHAPE_END_DEG)
    return refuse('editor.reshape.ends', { code });
  if (s2.poly !== s1.poly || s2.ring !== s1.ring) refuse('editor.reshape.ends', { code });

  // The line through every boundary it meets; its ends are on the unit's own boundary.
  const pts: LonLat[] = [s1.at, ...line.slice(1, -1).map((p): LonLat => [p[0], p[1]]), s2.at];
  const hits = [
    arcPointAt(t, s1, 0, code),
    arcPointAt(t, s2, pts.length - 1, code),
    ...findLineHits(t, t.arcs.keys(), pts, false),
  ];
  const hitIds = insertPoints(t, hits);
  const va = hitIds[0] as number;
  const vb = hitIds[1] as number;
  if (va === vb) refuse('editor.reshape.ends', { code });
  splitAtNodes(t, hitIds);
  const threaded = threadLine(t, pts, hits, hitIds, false);
  const lineVs = threaded.vertices;
  if (lineVs[0] !== va || lineVs[lineVs.length - 1] !== vb || new Set(lineVs).size !== lineVs.length)
    refuse('editor.splitLine');
  const pieces = cutAtNodes(lineVs, threaded.nodes).map((vs) => arcThrough(t, vs) ?? t.newArc(vs));

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
  const coords = (refs: ArcRef[]): LonLat[] => t.ringVertices(refs).map((v) => t.pos(v));
  const lineAB = lineVs.map((v) => t.pos(v));
  const area0 = signedArea2(coords(ring));
  const area1 = signedArea2([...lineAB, ...coords(ba).slice(1, -1)]);
  const area2 = signedArea2([...coords(ab), ...[...lineAB].reverse().slice(1, -1)]);
  const replaceAB = Math.abs(area1 - area0) <= Math.abs(area2 - area0);
  const stretch = replaceAB ? ab : ba;
  const along = replaceAB ? pieces : reverseRing(pieces);

  // The line may meet the unit's own boundary only on the stretch it replaces.
  const onStretch = new Set(t.ringVertices(stretch));
  for (const v of lineVs.slice(1, -1))
    if (!onStretch.has(v) && t.unitsAtVertex(v).has(code)) refuse('editor.reshape.touches', { code });

  const traced = traceLenses(t, code, along, stretch);
  const lensArcs = new Set(traced.flatMap((l) => l.refs.map(arcIndex)));
  const insideArcs = arcsInside(t, traced, lensArcs);
  const ancestors: string[] = [];
  for (let p = u.attrs.parentCode; p && t.unit(p); p = (t.unit(p) as TopoUnit).attrs.parentCode)
    ancestors.push(p);
  const lenses = assignLenses({ t, code, ancestors, lensArcs, insideArcs }, traced);

  // Every unit that walks an arc of a lens or holds an arc inside one: X − (X ∩ lens) + lens if it holds it.
  const arcsOfLenses = new Set(lenses.flatMap((l) => l.lens.refs.map(arcIndex)));
  const affected = new Set<string>();
  for (const a of [...arcsOfLenses, ...insideArcs]) for (const c of t.arcUsers.get(a) ?? []) affected.add(c);
  const next = new Map<string, ArcRef[][][]>();
  for (const c of affected) {
    const x = t.unit(c) as TopoUnit;
    const own = refsOf(x);
    const walks = new Set(own);
    const uses = new Set(own.map(arcIndex));
    let xCoords: LonLat[][][] | null = null;
    const kept = own.filter((r) => !insideArcs.has(arcIndex(r)));
    const add: ArcRef[] = [];
    for (const { lens, holders } of lenses) {
      for (const r of lens.refs) {
        const a = arcIndex(r);
        const within = uses.has(a)
          ? walks.has(r)
          : inPolygons(probeOf(t, t.arc(a)), (xCoords ??= coordsOf(t, x)), inRing);
        if (within) add.push(~r);
      }
      if (holders.has(c)) add.push(...lens.refs);
    }
    const net = new Map<number, number>();
    for (const r of add) net.set(arcIndex(r), (net.get(arcIndex(r)) ?? 0) + (r < 0 ? -1 : 1));
    if (kept.length === own.length && [...net.values()].every((v) => v === 0)) continue;
    const polygons = dissolve(t, [[...kept, ...add]]);
    const area = polygons.flat().reduce((s, r) => s + signedArea2(coords(r)), 0);
    if (!(area > 0)) refuse('editor.reshape.swallows', { victim: c });
    next.set(c, polygons);
  }
  for (const [c, polygons] of next) t.setUnit(c, { ...(t.unit(c) as TopoUnit), polygons });
  t.dropUnused([...arcsOfLenses, ...insideArcs, ...stretch.map(arcIndex), ...pieces.map(arcIndex)]);
  checkAround(t, [...lineVs, ...hitIds], next.keys());
  return lineVs;
}

const inRing = (p: LonLat, ring: readonly LonLat[]): boolean => pointInRing(p[0], p[1], ring);

const coordsOf = (t: Topology, u: TopoUnit): LonLat[][][] =>
  u.polygons.map((rings) => rings.map((r) => t.ringVertices(r).map((v) => t.pos(v))));

/** Arcs lying wholly inside a lens (none crosses one: the line was cut wherever it met a boundary). */
function arcsInside(t: Topology, lenses: Lens[], lensArcs: ReadonlySet<number>): Set<number> {
  const rings = lenses.map((l) => t.ringVertices(l.refs).map((v) => t.pos(v)));
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of rings.flat()) {
    [minX, minY] = [Math.min(minX, p[0]), Math.min(minY, p[1])];
    [maxX, maxY] = [Math.max(maxX, p[0]), Math.max(maxY, p[1])];
  }
  const out = new Set<number>();
  for (const [id, vs] of t.arcs) {
    if (lensArcs.has(id)) continue;
    const x = t.vx[vs[0] as number] as number;
    const y = t.vy[vs[0] as number] as number;
    if (x < minX || x > maxX || y < minY || y > maxY) continue;
    const p = probeOf(t, vs);
    if (rings.some((r) => pointInRing(p[0], p[1], r))) out.add(id);
  }
  return out;
}
