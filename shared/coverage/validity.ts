import type { Position } from 'geojson';
import type { CoverageOptions, CoverageUnit, Defect } from './types.ts';
import type { MessageKey } from './messages.ts';
import { makeDefect, round } from './defect.ts';
import { metresPerDegree, polygonAreaM2, ringLengthM, meanWidthM } from './measure.ts';
import { pointInRing } from '../geo/segments.ts';
import { emptySegments, intersectionPoint, sweep } from './segments.ts';
import { geometryParts } from './topology.ts';

/** Spikes: the path turns back on itself within this angle (radians). */
const SPIKE_RAD = 0.01;

function pointDefect(
  unit: CoverageUnit,
  key: MessageKey,
  at: Position,
  extra: Record<string, number> = {},
): Defect {
  return makeDefect({
    rule: 'validity',
    key,
    params: { code: unit.code, ...extra },
    codes: [unit.code],
    parentCode: unit.parentCode,
    geometry: { type: 'Point', coordinates: [at[0] as number, at[1] as number] },
  });
}

/** Ring positions without the closing one and without consecutive near-repeats. */
function distinct(ring: Position[], snap: number): { pts: Position[]; repeated: Position | null } {
  const pts: Position[] = [];
  let repeated: Position | null = null;
  const end =
    ring.length > 1 && ring[0]?.[0] === ring.at(-1)?.[0] && ring[0]?.[1] === ring.at(-1)?.[1]
      ? ring.length - 1
      : ring.length;
  for (let i = 0; i < end; i++) {
    const p = ring[i] as Position;
    const q = pts.at(-1);
    if (
      q &&
      Math.abs((q[0] as number) - (p[0] as number)) <= snap &&
      Math.abs((q[1] as number) - (p[1] as number)) <= snap
    ) {
      repeated ??= p;
      continue;
    }
    pts.push(p);
  }
  const first = pts[0];
  const last = pts.at(-1);
  if (
    pts.length > 1 &&
    first &&
    last &&
    Math.abs((first[0] as number) - (last[0] as number)) <= snap &&
    Math.abs((first[1] as number) - (last[1] as number)) <= snap
  ) {
    repeated ??= last;
    pts.pop();
  }
  return { pts, repeated };
}

function spikeAt(pts: Position[]): Position | null {
  const n = pts.length;
  if (n < 3) return null;
  const m = metresPerDegree(pts[0]?.[1] as number);
  for (let i = 0; i < n; i++) {
    const a = pts[(i + n - 1) % n] as Position;
    const b = pts[i] as Position;
    const c = pts[(i + 1) % n] as Position;
    const ux = ((a[0] as number) - (b[0] as number)) * m.x;
    const uy = ((a[1] as number) - (b[1] as number)) * m.y;
    const vx = ((c[0] as number) - (b[0] as number)) * m.x;
    const vy = ((c[1] as number) - (b[1] as number)) * m.y;
    const lu = Math.hypot(ux, uy);
    const lv = Math.hypot(vx, vy);
    if (!lu || !lv) continue;
    const dot = (ux * vx + uy * vy) / (lu * lv);
    const cross = Math.abs(ux * vy - uy * vx) / (lu * lv);
    if (dot > 0 && cross < SPIKE_RAD) return b;
  }
  return null;
}

/** validity and sliver rules for one unit, from its raw coordinates. */
export function checkUnitShape(unit: CoverageUnit, opts: CoverageOptions): Defect[] {
  const out: Defect[] = [];
  const polys = geometryParts(unit.geometry);
  if (!polys.length || polys.every((p) => !p.length)) {
    out.push(
      makeDefect({
        rule: 'validity',
        key: 'validity.empty',
        params: { code: unit.code },
        codes: [unit.code],
        parentCode: unit.parentCode,
        geometry: null,
      }),
    );
    return out;
  }
  const segs = emptySegments();
  const shells: Position[][] = [];
  const holesOf: Position[][][] = [];
  let ringNo = 0;
  const seen = new Set<MessageKey>();
  const once = (key: MessageKey, at: Position): void => {
    if (seen.has(key)) return;
    seen.add(key);
    out.push(pointDefect(unit, key, at));
  };
  polys.forEach((poly, partNo) => {
    const holes: Position[][] = [];
    poly.forEach((ring, ri) => {
      const start = ring[0];
      if (!start) return;
      if (ring.length < 4) {
        once('validity.tooFewPositions', start);
        return;
      }
      const last = ring.at(-1) as Position;
      if (start[0] !== last[0] || start[1] !== last[1]) once('validity.unclosed', start);
      const { pts, repeated } = distinct(ring, opts.snapDeg);
      if (repeated) once('validity.repeatedVertex', repeated);
      if (pts.length < 3) {
        once('validity.tooFewPositions', start);
        return;
      }
      const spike = spikeAt(pts);
      if (spike) once('validity.spike', spike);
      const r = ringNo++;
      for (let i = 0; i < pts.length; i++) {
        const a = pts[i] as Position;
        const b = pts[(i + 1) % pts.length] as Position;
        segs.x1.push(a[0] as number);
        segs.y1.push(a[1] as number);
        segs.x2.push(b[0] as number);
        segs.y2.push(b[1] as number);
        segs.ring.push(r);
        segs.idx.push(i);
        segs.ringLen.push(pts.length);
        segs.part.push(partNo);
      }
      const closed = [...pts, pts[0] as Position];
      if (ri === 0) shells[partNo] = closed;
      else holes.push(closed);
    });
    holesOf[partNo] = holes;
  });
  sweep(segs, (i, j, c) => {
    const sameRing = segs.ring[i] === segs.ring[j];
    if (sameRing) {
      const d = Math.abs((segs.idx[i] as number) - (segs.idx[j] as number));
      const adjacent = d === 1 || d === (segs.ringLen[i] as number) - 1;
      if (adjacent && c === 'touch') return;
      if (adjacent && seen.has('validity.spike')) return;
    } else if (c === 'touch') {
      return;
    }
    const samePart = segs.part[i] === segs.part[j];
    const at = intersectionPoint(segs, i, j);
    once(samePart ? 'validity.selfIntersection' : 'validity.partsOverlap', at);
  });
  shells.forEach((shell, p) => {
    if (!shell) return;
    for (const h of holesOf[p] ?? []) {
      if (!h.some((q) => pointInRing(q[0] as number, q[1] as number, shell)))
        once('validity.holeOutsideShell', h[0] as Position);
    }
    shells.forEach((other, q) => {
      if (q === p || !other || seen.has('validity.partsOverlap')) return;
      const inside = shell.filter(
        (pt) =>
          pointInRing(pt[0] as number, pt[1] as number, other) &&
          !(holesOf[q] ?? []).some((h) => pointInRing(pt[0] as number, pt[1] as number, h)),
      ).length;
      if (inside * 2 > shell.length) once('validity.partsOverlap', shell[0] as Position);
    });
  });
  for (const poly of polys) {
    if (!poly[0] || poly[0].length < 4) continue;
    const areaM2 = polygonAreaM2(poly);
    let per = 0;
    for (const r of poly) per += ringLengthM(r);
    const widthM = meanWidthM(areaM2, per);
    if (widthM < opts.minWidthM || areaM2 < opts.minAreaM2) {
      out.push(
        makeDefect({
          rule: 'sliver',
          key: 'sliver.thin',
          params: { code: unit.code, width: round(widthM, 3), area: round(areaM2) },
          codes: [unit.code],
          parentCode: unit.parentCode,
          geometry: { type: 'Polygon', coordinates: poly },
          areaM2,
          widthM,
        }),
      );
    }
  }
  return out;
}
