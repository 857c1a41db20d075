import type { Position } from 'geojson';
import type { CoverageOptions, Defect } from './types.ts';
import type { VertexIndex } from './snap.ts';
import { makeDefect, round } from './defect.ts';
import {
  analyseHoles,
  analysePairs,
  analyseWindow,
  type OverlayUnit,
  type Piece,
  type WindowReport,
} from './overlay.ts';
import { components, nodeResidual, residual, type ResidualEdge } from './residual.ts';
import { bboxExpand, bboxIntersects, snappedGeometry, type BBox, type PreparedUnit } from './topology.ts';
import { BoxIndex } from './box-index.ts';
import { pointInRing } from '../geo/segments.ts';
import { emptySegments, intersectionPoint, sweep } from './segments.ts';

export interface GroupOutcome {
  defects: Defect[];
  edges: number;
  dirty: boolean;
  windows: number;
  subResolution: number;
}

/** About a metre: windows reach a little past the unmatched edges that bound every defect in them. */
const WINDOW_MARGIN_DEG = 1e-5;

function overlayUnit(p: PreparedUnit, vi: VertexIndex): OverlayUnit {
  return { code: p.unit.code, geometry: snappedGeometry(p, vi), bbox: p.bbox };
}

/** Windows of residual components, merged where they meet so no defect is cut in two. */
function mergeWindows(boxes: BBox[]): BBox[] {
  let cur = boxes.map((b) => bboxExpand(b, WINDOW_MARGIN_DEG));
  for (let changed = true; changed;) {
    changed = false;
    const next: BBox[] = [];
    for (const b of cur) {
      const hit = next.find((n) => bboxIntersects(n, b));
      if (hit) {
        hit[0] = Math.min(hit[0], b[0]);
        hit[1] = Math.min(hit[1], b[1]);
        hit[2] = Math.max(hit[2], b[2]);
        hit[3] = Math.max(hit[3], b[3]);
        changed = true;
      } else next.push([...b] as BBox);
    }
    cur = next;
  }
  return cur;
}

function toDefects(pieces: Piece[], parentCode: string | null, opts: CoverageOptions): Defect[] {
  return pieces.map((p) => {
    const area = round(p.areaM2);
    const base = {
      parentCode,
      geometry: p.geometry,
      areaM2: p.areaM2,
      widthM: p.widthM,
      belowTolerance: p.areaM2 < opts.minAreaM2,
    };
    if (p.rule === 'overlap') {
      return makeDefect({
        ...base,
        rule: 'overlap',
        key: 'overlap.siblings',
        params: { a: p.codes[0] ?? '', b: p.codes[1] ?? '', area },
        codes: p.codes,
      });
    }
    if (p.rule === 'containment') {
      return makeDefect({
        ...base,
        rule: 'containment',
        key: 'containment.outside',
        params: { code: p.codes[0] ?? '', parent: parentCode ?? '—', area },
        codes: parentCode ? [parentCode, ...p.codes] : p.codes,
      });
    }
    return makeDefect({
      ...base,
      rule: 'gap',
      key: 'gap.uncovered',
      params: { parent: parentCode ?? '—', area },
      codes: parentCode ? [parentCode, ...p.codes] : p.codes,
    });
  });
}

function signedArea(edges: readonly ResidualEdge[], vi: VertexIndex): number {
  let s = 0;
  for (const e of edges) {
    s +=
      e.count *
      ((vi.xs[e.a] as number) * (vi.ys[e.b] as number) - (vi.xs[e.b] as number) * (vi.ys[e.a] as number));
  }
  return s / 2;
}

function inside(u: OverlayUnit, x: number, y: number): boolean {
  for (const poly of u.geometry.coordinates) {
    if (pointInRing(x, y, poly[0] as Position[]) && !poly.slice(1).some((h) => pointInRing(x, y, h)))
      return true;
  }
  return false;
}

/**
 * Without a parent the union of the siblings stands in for it. Overlaps show where the residual
 * doubles an edge, crosses itself, or has a vertex inside a sibling; gaps are the components that
 * wind clockwise (holes in the union).
 */
function parentless(
  edges: ResidualEdge[],
  kids: OverlayUnit[],
  vi: VertexIndex,
  noiseM: number,
): WindowReport & { windows: number } {
  const index = new BoxIndex(kids);
  const pairs = new Map<string, [OverlayUnit, OverlayUnit]>();
  const pairAround = (b: BBox, only?: (u: OverlayUnit) => boolean): void => {
    const near = index.query(b);
    for (let i = 0; i < near.length; i++) {
      for (let j = i + 1; j < near.length; j++) {
        const a = near[i] as OverlayUnit;
        const c = near[j] as OverlayUnit;
        if (only && !only(a) && !only(c)) continue;
        if (!bboxIntersects(a.bbox, c.bbox)) continue;
        const key = a.code < c.code ? `${a.code}|${c.code}` : `${c.code}|${a.code}`;
        pairs.set(key, [a, c]);
      }
    }
  };
  const segs = emptySegments();
  const verts = new Set<number>();
  for (const e of edges) {
    const ax = vi.xs[e.a] as number;
    const ay = vi.ys[e.a] as number;
    const bx = vi.xs[e.b] as number;
    const by = vi.ys[e.b] as number;
    if (e.count > 1) pairAround([Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)]);
    segs.x1.push(ax);
    segs.y1.push(ay);
    segs.x2.push(bx);
    segs.y2.push(by);
    verts.add(e.a).add(e.b);
  }
  sweep(segs, (i, j, c) => {
    if (c !== 'cross' && c !== 'collinear') return;
    const [x, y] = intersectionPoint(segs, i, j);
    pairAround([x, y, x, y]);
  });
  for (const v of verts) {
    const x = vi.xs[v] as number;
    const y = vi.ys[v] as number;
    const host = index.query([x, y, x, y]).filter((u) => inside(u, x, y));
    if (host.length) pairAround([x, y, x, y], (u) => host.includes(u));
  }
  const rep = analysePairs([...pairs.values()], noiseM);
  let windows = pairs.size ? 1 : 0;
  for (const comp of components(edges, vi)) {
    if (signedArea(comp.edges, vi) >= 0) continue;
    windows++;
    const h = analyseHoles(
      bboxExpand(comp.bbox, WINDOW_MARGIN_DEG),
      index.query(bboxExpand(comp.bbox, WINDOW_MARGIN_DEG)),
      noiseM,
    );
    rep.pieces.push(...h.pieces);
    rep.dropped += h.dropped;
    rep.failed += h.failed;
  }
  return { ...rep, windows };
}

/** Checks one sibling group against its parent (or their union when there is none). */
export function checkGroup(
  children: readonly PreparedUnit[],
  parent: PreparedUnit | null,
  vi: VertexIndex,
  opts: CoverageOptions,
): GroupOutcome {
  const out: GroupOutcome = { defects: [], edges: 0, dirty: false, windows: 0, subResolution: 0 };
  for (const c of children) out.edges += c.edges;
  if (parent) out.edges += parent.edges;
  if (!children.length || (!parent && children.length < 2)) return out;
  let res = residual(children, parent);
  if (!res.length) return out;
  const tolM = opts.snapDeg * 111_320;
  res = nodeResidual(res, vi, tolM);
  if (!res.length) return out;
  out.dirty = true;
  const noiseM = tolM / 2;
  const kids = children.map((c) => overlayUnit(c, vi));
  const parentCode = parent ? parent.unit.code : null;
  if (!parent) {
    const rep = parentless(res, kids, vi, noiseM);
    out.windows = rep.windows;
    if (!rep.pieces.length) out.subResolution++;
    out.defects = toDefects(rep.pieces, parentCode, opts);
    return out;
  }
  const p = overlayUnit(parent, vi);
  const index = new BoxIndex(kids);
  for (const w of mergeWindows(components(res, vi).map((c) => c.bbox))) {
    out.windows++;
    const rep = analyseWindow(w, p, index.query(w), noiseM);
    if (!rep.pieces.length) out.subResolution++;
    out.defects.push(...toDefects(rep.pieces, parentCode, opts));
  }
  return out;
}
