/**
 * The regions a reshape moves between units ("lenses"): the faces between the drawn line and the
 * stretch of boundary it replaces, and which units hold each afterwards. A lens outside the reshaped
 * unit is gained by it; one inside it is given up to the units across the stretch. Where the stretch
 * passes a junction (a third unit meets it), the boundary ending there is carried straight on across
 * the lens to the line, so each unit across keeps its own share. A boundary that runs on along the
 * stretch itself (the third unit only lines the lens) gives that unit no share. Otherwise, where a lens
 * still borders several units, it goes to the one across clearly most of it, or the edit is refused as
 * ambiguous, naming the two.
 */
import { crossing, segmentsTouch } from '../geo/segments.ts';
import { GRID_LEVELS, type GridLevel } from '../grid/types.ts';
import { signedArea2 } from './geometry.ts';
import { arcThrough, insertPoints, splitAtNodes, type ArcPoint } from './nodes.ts';
import { arcIndex, refsOf, reverseRing, type Topology } from './topology.ts';
import { refuse, type ArcRef, type LonLat, type TopoUnit } from './types.ts';

export interface Lens {
  /** Its boundary, counter-clockwise. */
  refs: ArcRef[];
  /** Per ref: part of the replaced stretch (else of the line, or of a carried-on junction boundary). */
  onStretch: boolean[];
  /** True when the reshaped unit gains it, false when it gives it up. */
  gained: boolean;
}

/** A junction boundary is carried across a lens only if it meets the stretch at least this steeply. */
const MIN_CARRY_ANGLE = (20 * Math.PI) / 180;
/** A lens goes to the units across most of its stretch only when they hold over twice the next share. */
const MAJORITY = 2;

const firstOf = (t: Topology, r: ArcRef): number => t.refVertices(r)[0] as number;
const lastOf = (t: Topology, r: ArcRef): number => t.refVertices(r).at(-1) as number;

/**
 * The faces between `line` and `stretch`, both running from the same start to the same end (`stretch`
 * as the reshaped unit walks it). Where they meet, a face's boundary changes from one to the other; a
 * stretch the line runs exactly along encloses nothing and is left out.
 */
export function traceLenses(t: Topology, code: string, line: ArcRef[], stretch: ArcRef[]): Lens[] {
  const tracks = [line, reverseRing(stretch)];
  const leave = tracks.map((tr) => new Map(tr.map((r, i) => [firstOf(t, r), i])));
  const used = tracks.map((tr) => tr.map(() => false));
  const out: Lens[] = [];
  for (let k = 0; k < 2; k++)
    for (let i = 0; i < (tracks[k] as ArcRef[]).length; i++) {
      if (used[k]?.[i]) continue;
      const refs: ArcRef[] = [];
      const onStretch: boolean[] = [];
      let [tk, ti] = [k, i];
      while (!used[tk]?.[ti]) {
        (used[tk] as boolean[])[ti] = true;
        const r = (tracks[tk] as ArcRef[])[ti] as ArcRef;
        refs.push(r);
        onStretch.push(tk === 1);
        const end = lastOf(t, r);
        const other = 1 - tk;
        const across = leave[other]?.get(end);
        if (across !== undefined) [tk, ti] = [other, across];
        else {
          const next = leave[tk]?.get(end);
          if (next === undefined) break;
          ti = next;
        }
      }
      if (lastOf(t, refs.at(-1) as ArcRef) !== firstOf(t, refs[0] as ArcRef))
        refuse('editor.selfIntersection', { code });
      const net = new Map<number, number>();
      for (const r of refs) net.set(arcIndex(r), (net.get(arcIndex(r)) ?? 0) + (r < 0 ? -1 : 1));
      if ([...net.values()].every((n) => n === 0)) continue;
      const area = signedArea2(t.ringVertices(refs).map((v) => t.pos(v)));
      if (area === 0) continue;
      out.push(
        area > 0
          ? { refs, onStretch, gained: true }
          : { refs: reverseRing(refs), onStretch: [...onStretch].reverse(), gained: false },
      );
    }
  return out;
}

export interface LensContext {
  t: Topology;
  code: string;
  /** The reshaped unit's ancestors: they hold both sides of any stretch arc they do not walk. */
  ancestors: string[];
  /** Arcs of the lenses, and arcs lying inside one: neither is a junction boundary to carry on. */
  lensArcs: ReadonlySet<number>;
  insideArcs: ReadonlySet<number>;
}

/** Units holding the far side of a stretch piece (the lens is on its left). */
function farSide(c: LensContext, r: ArcRef): Set<string> {
  const users = c.t.arcUsers.get(arcIndex(r)) ?? new Set<string>();
  const out = new Set<string>();
  for (const code of users) if (refsOf(c.t.unit(code) as TopoUnit).includes(~r)) out.add(code);
  for (const a of c.ancestors) if (!users.has(a)) out.add(a);
  return out;
}

const keyOf = (s: Set<string>): string => [...s].sort().join(',');

function lengthOf(t: Topology, r: ArcRef): number {
  const vs = t.refVertices(r);
  let s = 0;
  for (let i = 0; i + 1 < vs.length; i++) {
    const a = t.pos(vs[i] as number);
    const b = t.pos(vs[i + 1] as number);
    s += Math.hypot(b[0] - a[0], b[1] - a[1]);
  }
  return s;
}

const LEVEL_RANK = new Map<GridLevel, number>(GRID_LEVELS.map((l, i) => [l, i]));

/** The unit to name for a set of holders: the finest one that is not an ancestor of the reshaped unit. */
function nameOf(c: LensContext, holders: Set<string>): string {
  const own = [...holders].filter((h) => !c.ancestors.includes(h));
  const rank = (h: string): number => LEVEL_RANK.get(c.t.unit(h)?.attrs.level as GridLevel) ?? -1;
  own.sort((a, b) => rank(b) - rank(a) || a.localeCompare(b));
  return own[0] ?? [...holders][0] ?? '-';
}

/** A lens with the units across each of its stretch pieces (null for its other pieces). */
interface Sided extends Lens {
  sides: (Set<string> | null)[];
}

/** Who holds a lens whose stretch has several far sides: the side across most of it, if clearly so. */
function majority(c: LensContext, lens: Sided): Set<string> {
  const groups = new Map<string, { holders: Set<string>; length: number }>();
  lens.refs.forEach((r, i) => {
    const holders = lens.sides[i];
    if (!holders) return;
    const g = groups.get(keyOf(holders)) ?? { holders, length: 0 };
    g.length += lengthOf(c.t, r);
    groups.set(keyOf(holders), g);
  });
  const ranked = [...groups.values()].sort((a, b) => b.length - a.length);
  const [best, second] = ranked;
  if (!best) return refuse('editor.selfIntersection', { code: c.code });
  if (second && best.length <= MAJORITY * second.length)
    refuse('editor.reshape.ambiguous', {
      code: c.code,
      a: nameOf(c, best.holders),
      b: nameOf(c, second.holders),
    });
  return best.holders;
}

interface Carry {
  /** Index in the lens's stretch run of the piece starting at the junction. */
  at: number;
  junction: number;
  /** Where the carried boundary meets the line: line-run piece, segment of it, fraction. */
  piece: number;
  seg: number;
  /** The same segment counted along the whole line run. */
  k: number;
  frac: number;
  point: LonLat;
}

/** Angle between two directions, 0..π. */
const angle = (u: LonLat, v: LonLat): number =>
  Math.abs(Math.atan2(u[0] * v[1] - u[1] * v[0], u[0] * v[0] + u[1] * v[1]));

/**
 * The lens cut along junction boundaries carried straight on from the stretch to the line, each part
 * with the holders across its own stretch; a lens that cannot be cut cleanly comes back whole.
 */
function carryJunctions(c: LensContext, lens: Sided): Sided[] {
  const { t } = c;
  const n = lens.refs.length;
  const runStart = lens.onStretch.findIndex((s, i) => s && !lens.onStretch[(i + n - 1) % n]);
  const rot = <T>(xs: T[]): T[] => [...xs.slice(runStart), ...xs.slice(0, runStart)];
  const refs = rot(lens.refs);
  const onStretch = rot(lens.onStretch);
  const sides = rot(lens.sides);
  const m = onStretch.findIndex((s) => !s);
  // Only a lens bounded by one stretch run and one line run is cut.
  if (runStart < 0 || m <= 0 || onStretch.slice(m).some((s) => s)) return [lens];
  const stretch = refs.slice(0, m);
  const lineRun = refs.slice(m);
  // Sides as carried: a junction whose boundary runs on along the stretch gives the unit beyond it no
  // share here (it only touches the lens along that stretch), so its pieces take the side before.
  const side = sides.slice(0, m) as Set<string>[];
  const key = (j: number): string => keyOf(side[j] as Set<string>);
  const lineVs: number[] = [];
  for (const r of lineRun) {
    const vs = t.refVertices(r);
    for (let i = lineVs.length ? 1 : 0; i < vs.length; i++) lineVs.push(vs[i] as number);
  }
  const ringCoords = t.ringVertices(refs).map((v) => t.pos(v));
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of ringCoords) {
    [minX, minY] = [Math.min(minX, p[0]), Math.min(minY, p[1])];
    [maxX, maxY] = [Math.max(maxX, p[0]), Math.max(maxY, p[1])];
  }
  const reach = 2 * Math.hypot(maxX - minX, maxY - minY);

  const carries: Carry[] = [];
  for (let j = 1; j < m; j++) {
    const prev = stretch[j - 1] as ArcRef;
    const next = stretch[j] as ArcRef;
    if (key(j - 1) === key(j)) continue;
    const junction = firstOf(t, next);
    const boundaries = t.arcsAt(junction).filter((a) => !c.lensArcs.has(a) && !c.insideArcs.has(a));
    if (boundaries.length !== 1) continue;
    const bv = t.arc(boundaries[0] as number);
    const from = t.pos((bv[0] === junction ? bv[1] : bv[bv.length - 2]) as number);
    const jp = t.pos(junction);
    const dir: LonLat = [jp[0] - from[0], jp[1] - from[1]];
    const pv = t.refVertices(prev);
    const before = t.pos(pv[pv.length - 2] as number);
    const after = t.pos(t.refVertices(next)[1] as number);
    const runsOn = (k: number, step: number): void => {
      const was = key(k);
      const to = side[k - step] as Set<string>;
      for (let i = k; i >= 0 && i < m && key(i) === was; i += step) side[i] = to;
    };
    if (angle(dir, [after[0] - jp[0], after[1] - jp[1]]) < MIN_CARRY_ANGLE) {
      runsOn(j, 1);
      continue;
    }
    if (angle(dir, [before[0] - jp[0], before[1] - jp[1]]) < MIN_CARRY_ANGLE) {
      runsOn(j - 1, -1);
      continue;
    }
    const len = Math.hypot(dir[0], dir[1]);
    const far: LonLat = [jp[0] + (dir[0] / len) * reach, jp[1] + (dir[1] / len) * reach];
    let hit: { u: number; k: number; t: number } | null = null;
    for (let k = 0; k + 1 < lineVs.length; k++) {
      const x = crossing(t.pos(lineVs[k] as number), t.pos(lineVs[k + 1] as number), jp, far);
      if (x && x.u > 0 && (!hit || x.u < hit.u)) hit = { u: x.u, k, t: x.t };
    }
    if (!hit) continue;
    const a = t.pos(lineVs[hit.k] as number);
    const b = t.pos(lineVs[hit.k + 1] as number);
    const point: LonLat = [a[0] + hit.t * (b[0] - a[0]), a[1] + hit.t * (b[1] - a[1])];
    // The carried boundary must stay inside the lens: it may touch its ring only at its two ends.
    const isEnd = (p: LonLat): boolean =>
      (p[0] === jp[0] && p[1] === jp[1]) || (p[0] === point[0] && p[1] === point[1]);
    let clean = true;
    for (let i = 0; i + 1 < ringCoords.length && clean; i++) {
      const p = ringCoords[i] as LonLat;
      const q = ringCoords[i + 1] as LonLat;
      const onHit = p[0] === a[0] && p[1] === a[1] && q[0] === b[0] && q[1] === b[1];
      if (onHit || isEnd(p) || isEnd(q)) continue;
      if (segmentsTouch(jp[0], jp[1], point[0], point[1], p[0], p[1], q[0], q[1])) clean = false;
    }
    if (!clean) continue;
    let piece = 0;
    let seg = hit.k;
    while (seg >= t.refVertices(lineRun[piece] as ArcRef).length - 1) {
      seg -= t.refVertices(lineRun[piece] as ArcRef).length - 1;
      piece++;
    }
    carries.push({ at: j, junction, piece, seg, k: hit.k, frac: hit.t, point });
  }
  const whole = (): Sided[] => [{ ...lens, sides: [...side, ...lineRun.map(() => null)], refs, onStretch }];
  if (!carries.length) return whole();
  // The line run goes back from the stretch's end to its start, so the carried boundaries must meet
  // it in the opposite order to their junctions, or two of them would cross.
  const along = (x: Carry): number => x.piece * 1e9 + x.seg + x.frac;
  for (let i = 1; i < carries.length; i++)
    if (along(carries[i] as Carry) >= along(carries[i - 1] as Carry)) return whole();

  // Put the meeting points into the line's arcs, then re-read the line run through them.
  const points: ArcPoint[] = carries.map((x) => {
    const r = lineRun[x.piece] as ArcRef;
    const len = t.arc(arcIndex(r)).length;
    return r >= 0
      ? { arc: r, seg: x.seg, t: x.frac, at: x.point }
      : { arc: ~r, seg: len - 2 - x.seg, t: 1 - x.frac, at: x.point };
  });
  const meet = insertPoints(t, points);
  splitAtNodes(t, meet);
  const runVs: number[] = [];
  lineVs.forEach((v, k) => {
    runVs.push(v);
    const here = carries
      .map((x, i) => ({ x, v: meet[i] as number }))
      .filter((e) => e.x.k === k && e.v !== v && e.v !== lineVs[k + 1])
      .sort((p, q) => p.x.frac - q.x.frac);
    for (const e of here) if (runVs[runVs.length - 1] !== e.v) runVs.push(e.v);
  });
  const cuts = new Set<number>(meet);
  for (const r of lineRun) cuts.add(lastOf(t, r));
  const pieces: { ref: ArcRef; from: number; to: number }[] = [];
  let cur = [runVs[0] as number];
  for (let i = 1; i < runVs.length; i++) {
    const v = runVs[i] as number;
    cur.push(v);
    if (!cuts.has(v) && i < runVs.length - 1) continue;
    const ref = arcThrough(t, cur);
    if (ref === null) return refuse('editor.selfIntersection', { code: c.code });
    pieces.push({ ref, from: cur[0] as number, to: v });
    cur = [v];
  }
  const links = carries.map((x, i) => t.newArc([x.junction, meet[i] as number]));
  const lineFrom = (start: number, stop: number): ArcRef[] => {
    const out: ArcRef[] = [];
    let i = pieces.findIndex((p) => p.from === start);
    while (i >= 0 && i < pieces.length) {
      const p = pieces[i] as { ref: ArcRef; from: number; to: number };
      out.push(p.ref);
      if (p.to === stop) break;
      i++;
    }
    return out;
  };
  const startV = firstOf(t, stretch[0] as ArcRef);
  const endV = lastOf(t, stretch[m - 1] as ArcRef);
  const parts: Sided[] = [];
  for (let i = 0; i <= carries.length; i++) {
    const lo = i === 0 ? 0 : (carries[i - 1] as Carry).at;
    const hi = i === carries.length ? m : (carries[i] as Carry).at;
    const partRefs: ArcRef[] = stretch.slice(lo, hi);
    const flags: boolean[] = partRefs.map(() => true);
    const partSides: (Set<string> | null)[] = side.slice(lo, hi);
    const add = (rs: ArcRef[]): void => {
      partRefs.push(...rs);
      flags.push(...rs.map(() => false));
      partSides.push(...rs.map(() => null));
    };
    if (i < carries.length) add([links[i] as number]);
    const from = i < carries.length ? (meet[i] as number) : endV;
    const to = i === 0 ? startV : (meet[i - 1] as number);
    add(lineFrom(from, to));
    if (i > 0) add([~(links[i - 1] as number)]);
    parts.push({ refs: partRefs, onStretch: flags, gained: lens.gained, sides: partSides });
  }
  return parts;
}

/**
 * Who holds each lens after the reshape, cutting lenses along carried-on junction boundaries first.
 * Returns the final lenses with their holders.
 */
export function assignLenses(c: LensContext, lenses: Lens[]): { lens: Lens; holders: Set<string> }[] {
  const out: { lens: Lens; holders: Set<string> }[] = [];
  for (const lens of lenses) {
    const sided: Sided = {
      ...lens,
      sides: lens.refs.map((r, i) => (lens.onStretch[i] ? farSide(c, r) : null)),
    };
    const keys = new Set(sided.sides.flatMap((s) => (s ? [keyOf(s)] : [])));
    const parts = keys.size > 1 ? carryJunctions(c, sided) : [sided];
    for (const p of parts) out.push({ lens: p, holders: majority(c, p) });
  }
  return out;
}
