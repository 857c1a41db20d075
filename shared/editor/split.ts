import { allocateCode } from './codes.ts';
import { crossing, pointInRing, segmentsTouch } from '../geo/segments.ts';
import { signedArea2 } from './geometry.ts';
import { arcIndex, type Topology } from './topology.ts';
import { refuse, type ArcRef, type LonLat, type TopoUnit } from './types.ts';
import { checkAround } from './validate.ts';
import { checkLonLat } from './vertex-ops.ts';

/** Crossings closer than this (degrees, ~1 cm) to a boundary vertex use that vertex. */
const SNAP_DEG = 1e-7;

interface Hit {
  poly: number;
  ring: number;
  /** Ring segment end vertices, in ring order. */
  a: number;
  b: number;
  /** Existing vertex hit, or -1 for a point inside the segment. */
  vertex: number;
  at: LonLat;
  /** Position along the line: segment index + fraction. */
  s: number;
}

export interface SplitOutcome {
  kept: string;
  created: string;
  vertices: number[];
}

/**
 * Splits a unit without children along a line that crosses its shell exactly twice. The two crossing
 * points are inserted into the existing arcs (so neighbours, the parent and every ancestor sharing that
 * boundary gain the same vertices) and made nodes; the cut between them is a new arc walked one way by
 * each part, so the parts meet exactly and their union is the original.
 */
export function splitUnit(t: Topology, code: string, line: LonLat[]): SplitOutcome {
  const u = t.unit(code);
  if (!u) return refuse('editor.unknownUnit', { code });
  if (t.childrenOf.get(code)?.size) refuse('editor.splitHasChildren', { code });
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

  const hits = findHits(t, u, line);
  const first = hits[0];
  const second = hits[1];
  if (
    hits.length !== 2 ||
    !first ||
    !second ||
    first.ring !== 0 ||
    second.ring !== 0 ||
    first.poly !== second.poly
  )
    return refuse('editor.splitCrossings', { code, count: hits.length });

  const v1 = makeNode(t, first, -1);
  const v2 = makeNode(t, second, v1);
  const inner: number[] = [];
  for (let m = Math.floor(first.s) + 1; m < second.s; m++) inner.push(t.newVertex([...(line[m] as LonLat)]));
  const cut = t.newArc([v1, ...inner, v2]);

  const cur = t.unit(code) as TopoUnit;
  const polyIdx = first.poly;
  const rings = cur.polygons[polyIdx] as ArcRef[][];
  const shell = rings[0] as ArcRef[];
  const startOf = (ref: ArcRef): number => {
    const vs = t.arc(arcIndex(ref));
    return (ref < 0 ? vs[vs.length - 1] : vs[0]) as number;
  };
  const i1 = shell.findIndex((r) => startOf(r) === v1);
  const i2 = shell.findIndex((r) => startOf(r) === v2);
  const run = (from: number, to: number): ArcRef[] => {
    const out: ArcRef[] = [];
    for (let k = from; k !== to; k = (k + 1) % shell.length) out.push(shell[k] as ArcRef);
    return out;
  };
  const shellA = [...run(i1, i2), ~cut];
  const shellB = [...run(i2, i1), cut];
  const coordsOf = (r: ArcRef[]): LonLat[] => t.ringVertices(r).map((v) => t.pos(v));
  const cA = coordsOf(shellA);
  const cB = coordsOf(shellB);
  const areaA = signedArea2(cA);
  const areaB = signedArea2(cB);
  if (!(areaA > 0 && areaB > 0)) refuse('editor.splitCrossings', { code, count: 2 });
  const polyA: ArcRef[][] = [shellA];
  const polyB: ArcRef[][] = [shellB];
  for (const hole of rings.slice(1)) {
    const p = t.pos(t.ringVertices(hole)[0] as number);
    (pointInRing(p[0], p[1], cA) ? polyA : polyB).push(hole);
  }
  const others = cur.polygons.filter((_, k) => k !== polyIdx);
  const aBigger = areaA >= areaB;
  const keptPolys = [aBigger ? polyA : polyB, ...others];
  const newPolys = [aBigger ? polyB : polyA];
  const share = (aBigger ? areaB : areaA) / (areaA + areaB);

  const created = allocateCode(t, cur.attrs.parentCode, cur.attrs.level);
  const moved = Math.round(cur.attrs.population * share);
  t.setUnit(code, { attrs: { ...cur.attrs, population: cur.attrs.population - moved }, polygons: keptPolys });
  t.setUnit(created, {
    attrs: {
      ...cur.attrs,
      code: created,
      name: `${cur.attrs.name}-${created.slice(-3)}`,
      population: moved,
      chief: null,
      staffFullTime: 0,
      staffPartTime: 0,
      staffVolunteer: 0,
    },
    polygons: newPolys,
  });
  checkAround(t, [v1, ...inner, v2], [code, created]);
  return { kept: code, created, vertices: [v1, ...inner, v2] };
}

function findHits(t: Topology, u: TopoUnit, line: LonLat[]): Hit[] {
  const raw: Hit[] = [];
  u.polygons.forEach((rings, poly) =>
    rings.forEach((ring, k) => {
      const vs = t.ringVertices(ring);
      for (let i = 0; i + 1 < vs.length; i++) {
        const a = vs[i] as number;
        const b = vs[i + 1] as number;
        const pa = t.pos(a);
        const pb = t.pos(b);
        for (let j = 0; j + 1 < line.length; j++) {
          const x = crossing(pa, pb, line[j] as LonLat, line[j + 1] as LonLat);
          if (!x) continue;
          const at: LonLat = [pa[0] + x.t * (pb[0] - pa[0]), pa[1] + x.t * (pb[1] - pa[1])];
          const near = (p: LonLat): boolean => Math.hypot(p[0] - at[0], p[1] - at[1]) <= SNAP_DEG;
          const vertex = near(pa) ? a : near(pb) ? b : -1;
          raw.push({ poly, ring: k, a, b, vertex, at: vertex >= 0 ? t.pos(vertex) : at, s: j + x.u });
        }
      }
    }),
  );
  // A line through a vertex meets both segments there: one hit.
  const seen = new Set<string>();
  const hits: Hit[] = [];
  for (const h of raw.sort((p, q) => p.s - q.s)) {
    const key = h.vertex >= 0 ? `v${h.vertex}` : `${h.at[0]},${h.at[1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    hits.push(h);
  }
  return hits;
}

/** The hit as a node: inserted into its arc when new, and its arc split there. */
function makeNode(t: Topology, h: Hit, previous: number): number {
  let v = h.vertex;
  if (v < 0) {
    // Both hits on one segment: the first one has split it, so look in both halves.
    const pairs: [number, number][] = [[h.a, h.b]];
    if (previous >= 0) pairs.push([h.a, previous], [previous, h.b]);
    let found: { arcId: number; i: number } | null = null;
    for (const [a, b] of pairs) {
      for (const arcId of t.arcsAt(a)) {
        const vs = t.arc(arcId);
        for (let k = 0; k + 1 < vs.length && !found; k++) {
          const [x, y] = [vs[k], vs[k + 1]];
          if (!((x === a && y === b) || (x === b && y === a))) continue;
          const [p, q] = [t.pos(x), t.pos(y)];
          const [minX, maxX] = [Math.min(p[0], q[0]), Math.max(p[0], q[0])];
          const [minY, maxY] = [Math.min(p[1], q[1]), Math.max(p[1], q[1])];
          if (h.at[0] >= minX && h.at[0] <= maxX && h.at[1] >= minY && h.at[1] <= maxY)
            found = { arcId, i: k };
        }
      }
    }
    if (!found) return refuse('editor.splitCrossings', { code: '-', count: 2 });
    const vs = t.arc(found.arcId);
    v = t.newVertex(h.at);
    t.setArc(found.arcId, [...vs.slice(0, found.i + 1), v, ...vs.slice(found.i + 1)]);
  }
  const arcId = t.varc[v] ?? -1;
  if (arcId >= 0) {
    const vs = t.arc(arcId);
    const i = vs.indexOf(v);
    const tail = t.newArc(vs.slice(i));
    t.setArc(arcId, vs.slice(0, i + 1));
    t.replaceArc(arcId, [arcId, tail]);
  }
  return v;
}
