import { allocateCode } from './codes.ts';
import { dissolve } from './dissolve.ts';
import { pointInRing, segmentsTouch } from '../geo/segments.ts';
import { cutAtNodes, findLineHits, threadLine } from './line-hits.ts';
import { signedArea2 } from './geometry.ts';
import { arcThrough, inPolygons, insertPoints, probeOf, splitAtNodes } from './nodes.ts';
import { arcIndex, refsOf, type Topology } from './topology.ts';
import { refuse, type ArcRef, type DrawMode, type LonLat, type TopoUnit } from './types.ts';
import { checkAround } from './validate.ts';
import { checkLonLat } from './vertex-ops.ts';

const inRing = (p: LonLat, ring: readonly LonLat[]): boolean => pointInRing(p[0], p[1], ring);

export interface DrawOutcome {
  code: string;
  vertices: number[];
  /** Cells that lost all their area to the new one. */
  swallowed: string[];
}

/** The drawn outline as an open, counter-clockwise ring of distinct points that does not cross itself. */
export function cleanRing(ring: unknown): LonLat[] {
  if (!Array.isArray(ring)) return refuse('editor.draw.ring');
  ring.forEach((p) => checkLonLat(p));
  const pts: LonLat[] = [];
  for (const p of ring as LonLat[]) {
    const last = pts[pts.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) pts.push([p[0], p[1]]);
  }
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (pts.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) pts.pop();
  const n = pts.length;
  if (n < 3) refuse('editor.draw.ring');
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      const [a, b, c, d] = [pts[i], pts[(i + 1) % n], pts[j], pts[(j + 1) % n]] as LonLat[] as [
        LonLat,
        LonLat,
        LonLat,
        LonLat,
      ];
      if (segmentsTouch(a[0], a[1], b[0], b[1], c[0], c[1], d[0], d[1])) refuse('editor.draw.ring');
    }
  const area = signedArea2(pts);
  if (area === 0) refuse('editor.draw.ring');
  return area < 0 ? pts.reverse() : pts;
}

const coordsOf = (t: Topology, polygons: ArcRef[][][]): LonLat[][][] =>
  polygons.map((rings) => rings.map((r) => t.ringVertices(r).map((v) => t.pos(v))));

/** Planar area of a unit's polygons (holes are clockwise, so they subtract). */
const areaOf = (t: Topology, polygons: ArcRef[][][]): number =>
  coordsOf(t, polygons)
    .flat()
    .reduce((s, r) => s + signedArea2(r) / 2, 0);

/**
 * Draws a new cell inside a community. Where the outline crosses or touches a boundary, the point is
 * inserted into that boundary's arc (so the neighbouring cells, the community and every ancestor on
 * it gain the same vertex) and made a node; the outline between nodes becomes new arcs (or reuses an
 * arc it runs exactly along). Then, by arc bookkeeping alone:
 * - 'take': the cell is the whole outline; every cell it covers keeps only its part outside it
 *   (a cell covered entirely is removed), and gives the new cell its population share;
 * - 'uncovered': the cell is the outlined area minus every cell of the community; nothing else changes.
 */
export function drawCell(t: Topology, parent: string, ringIn: LonLat[], mode: DrawMode): DrawOutcome {
  const community = t.unit(parent);
  if (!community) return refuse('editor.unknownUnit', { code: parent });
  if (community.attrs.level !== 'community') refuse('editor.draw.parentLevel', { parent });
  const ring = cleanRing(ringIn);
  const kids = [...(t.childrenOf.get(parent) ?? [])];
  const candidates = new Set<number>();
  for (const c of [parent, ...kids])
    for (const r of refsOf(t.unit(c) as TopoUnit)) candidates.add(arcIndex(r));

  // Where the outline meets existing boundaries: those points join the boundary's arcs as nodes.
  const hits = findLineHits(t, candidates, ring, true);
  const hitIds = insertPoints(t, hits);
  splitAtNodes(t, hitIds);
  const arcsNow = new Set<number>();
  for (const c of [parent, ...kids]) for (const r of refsOf(t.unit(c) as TopoUnit)) arcsNow.add(arcIndex(r));

  // The outline through the meeting points, cut there into arcs.
  const threaded = threadLine(t, ring, hits, hitIds, true);
  const ids = threaded.vertices;
  const fresh = threaded.fresh;
  if (ids.length < 3) refuse('editor.draw.ring');
  const start = ids.findIndex((v) => threaded.nodes.has(v));
  const pieces: number[][] =
    start < 0
      ? [[...ids, ids[0] as number]]
      : cutAtNodes([...ids.slice(start), ...ids.slice(0, start), ids[start] as number], threaded.nodes);
  interface Piece {
    ref: ArcRef;
    reused: boolean;
    inside: string | null;
  }
  // Read after the splits: they replaced the community's rings (a unit read before still holds the old arcs).
  const communityCoords = coordsOf(t, (t.unit(parent) as TopoUnit).polygons);
  const kidCoords = new Map(kids.map((c) => [c, coordsOf(t, (t.unit(c) as TopoUnit).polygons)]));
  const pieceList: Piece[] = pieces.map((vs) => {
    const existing = arcThrough(t, vs);
    if (existing !== null) return { ref: existing, reused: true, inside: null };
    const p = probeOf(t, vs);
    if (!inPolygons(p, communityCoords, inRing)) refuse('editor.draw.outside', { parent });
    let inside: string | null = null;
    for (const [c, coords] of kidCoords)
      if (inPolygons(p, coords, inRing)) {
        inside = c;
        break;
      }
    return { ref: t.newArc(vs), reused: false, inside };
  });
  for (const p of pieceList)
    if (p.reused && !arcsNow.has(arcIndex(p.ref))) refuse('editor.draw.outside', { parent });
  const onOutline = new Map(pieceList.filter((p) => p.reused).map((p) => [arcIndex(p.ref), p.ref]));

  // Each arc of the community's cells lies inside or outside the outline, or on it.
  const outline = ids.map((v) => t.pos(v));
  const sideOf = new Map<number, 'in' | 'out'>();
  const side = (ref: ArcRef): 'in' | 'out' | 'same' | 'opposite' => {
    const a = arcIndex(ref);
    const on = onOutline.get(a);
    if (on !== undefined) return on === ref ? 'same' : 'opposite';
    let s = sideOf.get(a);
    if (!s) {
      s = pointInRing(...probeOf(t, t.arc(a)), outline) ? 'in' : 'out';
      sideOf.set(a, s);
    }
    return s;
  };

  const code = allocateCode(t, parent, 'cell');
  const touched = new Set<string>([code]);
  const swallowed: string[] = [];
  let polygons: ArcRef[][][];
  let population = 0;
  if (mode === 'take') {
    for (const c of kids) {
      const u = t.unit(c) as TopoUnit;
      const kept: ArcRef[] = [];
      let changed = false;
      for (const ref of refsOf(u)) {
        const s = side(ref);
        if (s === 'out' || s === 'opposite') kept.push(ref);
        else changed = true;
      }
      for (const p of pieceList)
        if (p.inside === c) {
          kept.push(~p.ref);
          changed = true;
        }
      if (!changed) continue;
      touched.add(c);
      const rest = kept.length ? dissolve(t, [kept]) : [];
      const before = areaOf(t, u.polygons);
      const after = rest.length ? areaOf(t, rest) : 0;
      if (after <= 0) {
        population += u.attrs.population;
        swallowed.push(c);
        t.setUnit(c, null);
        continue;
      }
      const moved = Math.round(u.attrs.population * Math.max(0, Math.min(1, 1 - after / before)));
      population += moved;
      t.setUnit(c, { attrs: { ...u.attrs, population: u.attrs.population - moved }, polygons: rest });
    }
    polygons = dissolve(t, [pieceList.map((p) => p.ref)]);
  } else {
    const refs: ArcRef[] = pieceList.filter((p) => p.inside === null).map((p) => p.ref);
    for (const c of kids)
      for (const ref of refsOf(t.unit(c) as TopoUnit)) {
        const s = side(ref);
        if (s === 'in' || s === 'same') refs.push(~ref);
      }
    polygons = refs.length ? dissolve(t, [refs]) : [];
    if (!polygons.length || areaOf(t, polygons) <= 0) refuse('editor.draw.nothingUncovered', { parent });
  }
  t.setUnit(code, {
    attrs: {
      code,
      name: `${community.attrs.name}-${code.slice(-3)}`,
      level: 'cell',
      parentCode: parent,
      kind: 'comprehensive',
      subtype: null,
      population,
      chief: null,
      staffFullTime: 0,
      staffPartTime: 0,
      staffVolunteer: 0,
    },
    polygons,
  });
  t.dropUnused([...arcsNow, ...pieceList.map((p) => arcIndex(p.ref))]);
  const vertices = [...new Set([...threaded.nodes, ...fresh])];
  checkAround(t, vertices, touched);
  return { code, vertices, swallowed };
}
