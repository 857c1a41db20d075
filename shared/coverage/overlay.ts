import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { difference } from '@turf/difference';
import { feature, featureCollection } from '@turf/helpers';
import { intersect } from '@turf/intersect';
import { union } from '@turf/union';
import { clipToBox } from './clip.ts';
import { polygonAreaM2, ringLengthM, meanWidthM } from './measure.ts';
import { bboxIntersects, type BBox } from './topology.ts';

/** One connected region found by clipping: a gap, an overlap or a part outside the parent. */
export interface Piece {
  rule: 'gap' | 'overlap' | 'containment';
  /** overlap: the two siblings; containment: the child; gap: bordering children. */
  codes: string[];
  geometry: Polygon;
  areaM2: number;
  widthM: number;
  bbox: BBox;
}

export interface OverlayUnit {
  code: string;
  geometry: MultiPolygon;
  bbox: BBox;
}

type Geo = Feature<Polygon | MultiPolygon>;

function polygonsOf(f: Geo | null): Position[][][] {
  if (!f) return [];
  return f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
}

function ringBBox(r: Position[]): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of r) {
    const x = p[0] as number;
    const y = p[1] as number;
    if (x < b[0]) b[0] = x;
    if (y < b[1]) b[1] = y;
    if (x > b[2]) b[2] = x;
    if (y > b[3]) b[3] = y;
  }
  return b;
}

/**
 * Splits a clipping result into measured pieces. Pieces thinner than `noiseWidthM` are arithmetic
 * residue of clipping near-collinear snapped edges, not drawn geometry, and are not defects.
 */
function pieces(
  f: Geo | null,
  rule: Piece['rule'],
  codes: string[],
  noiseWidthM: number,
  out: Piece[],
): number {
  let dropped = 0;
  for (const rings of polygonsOf(f)) {
    const areaM2 = polygonAreaM2(rings);
    let per = 0;
    for (const r of rings) per += ringLengthM(r);
    const widthM = meanWidthM(areaM2, per);
    if (widthM < noiseWidthM) {
      dropped++;
      continue;
    }
    out.push({
      rule,
      codes,
      geometry: { type: 'Polygon', coordinates: rings },
      areaM2,
      widthM,
      bbox: ringBBox(rings[0] as Position[]),
    });
  }
  return dropped;
}

function nonEmpty(g: MultiPolygon): boolean {
  return g.coordinates.length > 0;
}

export interface WindowReport {
  pieces: Piece[];
  dropped: number;
  failed: number;
}

function safe<T>(fn: () => T, onFail: () => void): T | null {
  try {
    return fn();
  } catch {
    onFail();
    return null;
  }
}

/** Gaps, overlaps and parts outside the parent inside one window where the edges did not cancel. */
export function analyseWindow(
  box: BBox,
  parent: OverlayUnit,
  siblings: readonly OverlayUnit[],
  noiseWidthM: number,
): WindowReport {
  const rep: WindowReport = { pieces: [], dropped: 0, failed: 0 };
  const fail = (): void => void rep.failed++;
  const p = clipToBox(parent.geometry, box);
  const kids = siblings
    .filter((s) => bboxIntersects(s.bbox, box))
    .map((s) => ({ code: s.code, bbox: s.bbox, g: clipToBox(s.geometry, box) }))
    .filter((k) => nonEmpty(k.g));
  for (let i = 0; i < kids.length; i++) {
    const a = kids[i] as (typeof kids)[number];
    for (let j = i + 1; j < kids.length; j++) {
      const b = kids[j] as (typeof kids)[number];
      if (!bboxIntersects(a.bbox, b.bbox)) continue;
      const r = safe(() => intersect(featureCollection([feature(a.g), feature(b.g)])), fail);
      rep.dropped += pieces(r, 'overlap', [a.code, b.code].sort(), noiseWidthM, rep.pieces);
    }
    if (!nonEmpty(p)) {
      rep.dropped += pieces(feature(a.g), 'containment', [a.code], noiseWidthM, rep.pieces);
      continue;
    }
    const out = safe(() => difference(featureCollection([feature(a.g), feature(p)])), fail);
    rep.dropped += pieces(out, 'containment', [a.code], noiseWidthM, rep.pieces);
  }
  if (nonEmpty(p)) {
    const gap = kids.length
      ? safe(() => difference(featureCollection([feature(p), ...kids.map((k) => feature(k.g))])), fail)
      : feature(p);
    const gapPieces: Piece[] = [];
    rep.dropped += pieces(gap, 'gap', [], noiseWidthM, gapPieces);
    for (const g of gapPieces) {
      g.codes = kids
        .filter((k) => bboxIntersects(k.bbox, g.bbox))
        .map((k) => k.code)
        .sort();
      rep.pieces.push(g);
    }
  }
  return rep;
}

/** Overlaps between the given siblings, whole geometries (used where there is no parent to clip to). */
export function analysePairs(
  pairs: readonly [OverlayUnit, OverlayUnit][],
  noiseWidthM: number,
): WindowReport {
  const rep: WindowReport = { pieces: [], dropped: 0, failed: 0 };
  for (const [a, b] of pairs) {
    const r = safe(
      () => intersect(featureCollection([feature(a.geometry), feature(b.geometry)])),
      () => void rep.failed++,
    );
    rep.dropped += pieces(r, 'overlap', [a.code, b.code].sort(), noiseWidthM, rep.pieces);
  }
  return rep;
}

/** Holes of the union of the siblings near `box` that lie wholly in it: gaps when the union is the parent. */
export function analyseHoles(box: BBox, siblings: readonly OverlayUnit[], noiseWidthM: number): WindowReport {
  const rep: WindowReport = { pieces: [], dropped: 0, failed: 0 };
  const near = siblings.filter((s) => bboxIntersects(s.bbox, box));
  if (!near.length) return rep;
  const u =
    near.length === 1
      ? feature((near[0] as OverlayUnit).geometry)
      : safe(
          () => union(featureCollection(near.map((s) => feature(s.geometry)))),
          () => void rep.failed++,
        );
  for (const rings of polygonsOf(u)) {
    for (const hole of rings.slice(1)) {
      const hb = ringBBox(hole);
      if (hb[0] < box[0] || hb[1] < box[1] || hb[2] > box[2] || hb[3] > box[3]) continue;
      const holePoly = feature<Polygon>({ type: 'Polygon', coordinates: [hole.slice().reverse()] });
      const g = u
        ? safe(
            () => difference(featureCollection([holePoly, u])),
            () => void rep.failed++,
          )
        : holePoly;
      const ps: Piece[] = [];
      rep.dropped += pieces(g, 'gap', [], noiseWidthM, ps);
      for (const p of ps) {
        p.codes = near
          .filter((k) => bboxIntersects(k.bbox, p.bbox))
          .map((k) => k.code)
          .sort();
        rep.pieces.push(p);
      }
    }
  }
  return rep;
}
