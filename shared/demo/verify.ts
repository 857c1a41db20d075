import type { MultiPolygon, Polygon, Position } from 'geojson';
import { area } from '@turf/area';
import { kinks } from '@turf/kinks';
import type { GridDataset, GridUnit } from '../grid/types.ts';

/** Rings of a geometry grouped by polygon: [exterior, ...holes]. */
export function polygonsOf(g: Polygon | MultiPolygon): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

function ringArea(r: readonly Position[]): number {
  let a = 0;
  for (let i = 0; i + 1 < r.length; i++) {
    const p = r[i] as Position;
    const q = r[i + 1] as Position;
    a += (p[0] as number) * (q[1] as number) - (q[0] as number) * (p[1] as number);
  }
  return a / 2;
}

const key = (p: Position): string => `${p[0]},${p[1]}`;

/** Directed edges of every ring, as "x,y>x,y" strings. */
export function directedEdges(g: Polygon | MultiPolygon): string[] {
  const out: string[] = [];
  for (const poly of polygonsOf(g)) {
    for (const r of poly) {
      for (let i = 0; i + 1 < r.length; i++)
        out.push(`${key(r[i] as Position)}>${key(r[i + 1] as Position)}`);
    }
  }
  return out;
}

/** Problems with one unit's rings: closure, length, repeated vertices, orientation, self-intersection. */
export function ringProblems(u: GridUnit): string[] {
  const out: string[] = [];
  for (const poly of polygonsOf(u.geometry)) {
    poly.forEach((r, i) => {
      const first = r[0];
      const last = r[r.length - 1];
      if (r.length < 4) out.push(`${u.code}: ring ${i} has ${r.length} positions`);
      if (!first || !last || first[0] !== last[0] || first[1] !== last[1])
        out.push(`${u.code}: ring ${i} not closed`);
      const seen = new Set<string>();
      for (let k = 0; k + 1 < r.length; k++) {
        const s = key(r[k] as Position);
        if (seen.has(s)) out.push(`${u.code}: ring ${i} repeats vertex ${s}`);
        seen.add(s);
      }
      const a = ringArea(r);
      if (i === 0 ? a <= 0 : a >= 0) out.push(`${u.code}: ring ${i} wrongly oriented`);
    });
  }
  if (kinks(u.geometry).features.length) out.push(`${u.code}: self-intersection`);
  return out;
}

export interface HierarchyCheck {
  /** Only check these parents' topology (all when absent), to keep big sets quick in tests. */
  parents?: (u: GridUnit) => boolean;
  /** Skip per-ring validity (turf.kinks) on units for which this returns false. */
  rings?: (u: GridUnit) => boolean;
}

/**
 * Checks a generated data set against the rules its generator promises: unique codes, known parents,
 * valid rings, children's areas summing to the parent's, and exact topology (interior child edges
 * met twice in opposite directions; the unmatched ones are exactly the parent's ring edges).
 * Returns the problems found, empty when all hold.
 */
export function checkHierarchy(ds: GridDataset, opts: HierarchyCheck = {}): string[] {
  const out: string[] = [];
  const byCode = new Map<string, GridUnit>();
  const children = new Map<string, GridUnit[]>();
  for (const u of ds.units) {
    if (byCode.has(u.code)) out.push(`duplicate code ${u.code}`);
    byCode.set(u.code, u);
    if (u.parentCode !== null) {
      const list = children.get(u.parentCode);
      if (list) list.push(u);
      else children.set(u.parentCode, [u]);
    }
  }
  for (const u of ds.units) {
    if (u.parentCode !== null && !byCode.has(u.parentCode))
      out.push(`${u.code}: parent ${u.parentCode} missing`);
    if (u.level === 'cell' && (!/^\d{15}$/.test(u.code) || !u.code.startsWith(u.parentCode ?? '-'))) {
      out.push(`${u.code}: cell code is not 15 digits starting with its community's`);
    }
    if (!opts.rings || opts.rings(u)) out.push(...ringProblems(u));
  }
  for (const [code, kids] of children) {
    const parent = byCode.get(code);
    if (!parent || (opts.parents && !opts.parents(parent))) continue;
    const sum = kids.reduce((s, k) => s + area(k.geometry), 0);
    const pa = area(parent.geometry);
    if (Math.abs(sum - pa) > 1e-6 * pa) out.push(`${code}: children's area ${sum} ≠ parent's ${pa}`);
    const count = new Map<string, number>();
    for (const k of kids) {
      for (const e of directedEdges(k.geometry)) count.set(e, (count.get(e) ?? 0) + 1);
    }
    const open = new Map<string, number>();
    for (const [e, n] of count) {
      if (n > 1) out.push(`${code}: child edge ${e} appears ${n} times in one direction`);
      const [a, b] = e.split('>');
      const back = count.get(`${b}>${a}`) ?? 0;
      if (back === 0) open.set(e, n);
    }
    const own = new Map<string, number>();
    for (const e of directedEdges(parent.geometry)) own.set(e, (own.get(e) ?? 0) + 1);
    if (own.size !== open.size)
      out.push(`${code}: ${open.size} unmatched child edges, parent has ${own.size}`);
    for (const [e, n] of open) {
      if (own.get(e) !== n) {
        out.push(`${code}: unmatched child edge ${e} is not on the parent's rings`);
        break;
      }
    }
  }
  return out;
}
