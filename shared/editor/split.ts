import { allocateCode } from './codes.ts';
import { pointInRing, segmentsTouch } from '../geo/segments.ts';
import { findLineHits } from './line-hits.ts';
import { insertPoints, SNAP_DEG, splitAtNodes } from './nodes.ts';
import { signedArea2 } from './geometry.ts';
import { arcIndex, refsOf, type Topology } from './topology.ts';
import { refuse, type ArcRef, type LonLat, type TopoUnit } from './types.ts';
import { checkAround } from './validate.ts';
import { checkLonLat } from './vertex-ops.ts';

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

  // Where the line meets the unit's boundary, each meeting a vertex of the arc there (so neighbours, the
  // parent and every ancestor on that boundary gain it), in order along the line.
  const hits = findLineHits(t, new Set(refsOf(u).map(arcIndex)), line, false);
  const hitIds = insertPoints(t, hits);
  const at = new Map<number, number>();
  hits.forEach((h, i) => {
    const v = hitIds[i] as number;
    at.set(v, Math.min(at.get(v) ?? Infinity, h.s));
  });
  const meets = [...at].sort((a, b) => a[1] - b[1]);
  if (meets.length !== 2) return refuse('editor.splitCrossings', { code, count: meets.length });
  const [[v1, s1], [v2, s2]] = meets as [[number, number], [number, number]];
  splitAtNodes(t, [v1, v2]);
  const near = (p: LonLat, v: number): boolean => {
    const q = t.pos(v);
    return Math.hypot(p[0] - q[0], p[1] - q[1]) <= SNAP_DEG;
  };
  const inner: number[] = [];
  for (let m = Math.floor(s1) + 1; m < s2; m++) {
    const p = line[m] as LonLat;
    if (!near(p, v1) && !near(p, v2)) inner.push(t.newVertex([p[0], p[1]]));
  }
  const cut = t.newArc([v1, ...inner, v2]);

  const cur = t.unit(code) as TopoUnit;
  const startOf = (ref: ArcRef): number => t.refVertices(ref)[0] as number;
  const polyIdx = cur.polygons.findIndex((rings) => {
    const starts = (rings[0] ?? []).map(startOf);
    return starts.includes(v1) && starts.includes(v2);
  });
  if (polyIdx < 0) return refuse('editor.splitCrossings', { code, count: 2 });
  const rings = cur.polygons[polyIdx] as ArcRef[][];
  const shell = rings[0] as ArcRef[];
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
