import type { GridUnitAttributes } from '../grid/types.ts';
import { allocateCode } from './codes.ts';
import { attributeProblem, codeProblem } from './attributes.ts';
import { dissolve } from './dissolve.ts';
import { arcIndex, refsOf, reverseRing, type Topology } from './topology.ts';
import { refuse, type ArcRef, type EditOp, type GapFlag, type TopoUnit } from './types.ts';

function need(t: Topology, code: string): TopoUnit {
  const u = t.unit(code);
  if (!u) return refuse('editor.unknownUnit', { code });
  return u;
}

const ringsOf = (u: TopoUnit): ArcRef[][] => u.polygons.flat();

/** Do two units walk at least one common arc (a shared boundary, not just a corner)? */
function adjacent(t: Topology, a: TopoUnit, b: string): boolean {
  for (const ref of refsOf(a)) if (t.arcUsers.get(arcIndex(ref))?.has(b)) return true;
  return false;
}

/** Gives a unit (and, recursively, its children) a code under a new parent. */
function recode(t: Topology, code: string, parentCode: string): string {
  const u = need(t, code);
  const next = allocateCode(t, parentCode, u.attrs.level);
  const kids = [...(t.childrenOf.get(code) ?? [])];
  t.setUnit(code, null);
  t.setUnit(next, { ...u, attrs: { ...u.attrs, code: next, parentCode } });
  for (const k of kids) recode(t, k, next);
  return next;
}

/**
 * The planner's own code for a unit: the right length, under the parent's code, not used by any
 * other unit. Children keep their serials under the new code (no unit can hold those codes yet,
 * since every code under a new prefix starts with it).
 */
export function setCode(t: Topology, code: string, to: string): string {
  const u = need(t, code);
  if (to === code) refuse('editor.code.taken', { code });
  const problem = codeProblem(to, u.attrs.level, u.attrs.parentCode, (c) => t.units.has(c));
  if (problem) refuse(problem.key, problem.params);
  const rename = (from: string, next: string, parentCode: string | null): void => {
    const x = need(t, from);
    const kids = [...(t.childrenOf.get(from) ?? [])];
    t.setUnit(from, null);
    t.setUnit(next, { ...x, attrs: { ...x.attrs, code: next, parentCode } });
    for (const k of kids) rename(k, next + k.slice(from.length), next);
  };
  rename(code, to, u.attrs.parentCode);
  return to;
}

/**
 * Merges adjacent siblings into `keep`: arcs between them cancel, the rest are chained into the new
 * outline. Attributes are `keep`'s, population the sum. Children of the merged-away units move under
 * `keep` with new codes.
 */
export function mergeUnits(t: Topology, codes: string[], keep: string): void {
  const list = [...new Set(codes)];
  if (list.length < 2) refuse('editor.mergeTooFew');
  if (!list.includes(keep)) refuse('editor.mergeKeep', { code: keep });
  const units = list.map((c) => need(t, c));
  const k = need(t, keep);
  for (const u of units)
    if (u.attrs.parentCode !== k.attrs.parentCode || u.attrs.level !== k.attrs.level)
      refuse('editor.mergeNotSiblings', { a: keep, b: u.attrs.code });
  // Connected through shared arcs?
  const seen = new Set([keep]);
  const queue = [keep];
  while (queue.length) {
    const c = queue.pop() as string;
    const u = need(t, c);
    for (const other of list)
      if (!seen.has(other) && adjacent(t, u, other)) {
        seen.add(other);
        queue.push(other);
      }
  }
  if (seen.size !== list.length) refuse('editor.mergeNotAdjacent');
  const arcs = new Set(units.flatMap((u) => refsOf(u).map(arcIndex)));
  const polygons = dissolve(t, units.flatMap(ringsOf));
  const population = units.reduce((s, u) => s + u.attrs.population, 0);
  for (const c of list)
    if (c !== keep) {
      const kids = [...(t.childrenOf.get(c) ?? [])];
      t.setUnit(c, null);
      for (const kid of kids) recode(t, kid, keep);
    }
  t.setUnit(keep, { attrs: { ...k.attrs, population }, polygons });
  t.dropUnused(arcs);
}

/**
 * Moves a cell that borders another community into it. Its area leaves the old parent's chain of
 * ancestors and joins the new one's, each recomputed from arcs (old rings plus the cell's, walked
 * backwards to take it away, forwards to add it), up to the first common ancestor.
 */
export function reparentCell(t: Topology, code: string, parent: string): string {
  const cell = need(t, code);
  if (cell.attrs.level !== 'cell') refuse('editor.notCell', { code });
  const to = need(t, parent);
  if (to.attrs.level !== 'community') refuse('editor.reparentLevel', { parent });
  const fromCode = cell.attrs.parentCode;
  if (fromCode === parent) refuse('editor.reparentSame', { code, parent });
  if (!adjacent(t, cell, parent)) refuse('editor.reparentNotAdjacent', { code, parent });
  if (fromCode !== null && (t.childrenOf.get(fromCode)?.size ?? 0) <= 1)
    refuse('editor.reparentLastChild', { code, parent: fromCode });

  const cellRings = ringsOf(cell);
  const ancestors = (c: string | null): string[] => {
    const out: string[] = [];
    for (let x = c; x !== null && t.unit(x); x = t.unit(x)?.attrs.parentCode ?? null) out.push(x);
    return out;
  };
  const up = ancestors(fromCode);
  const down = ancestors(parent);
  const common = new Set(up.filter((c) => down.includes(c)));
  const touched = new Set(refsOf(cell).map(arcIndex));
  const reshape = (c: string, add: boolean): void => {
    const u = need(t, c);
    for (const ref of refsOf(u)) touched.add(arcIndex(ref));
    const extra = add ? cellRings : cellRings.map(reverseRing);
    t.setUnit(c, { ...u, polygons: dissolve(t, [...ringsOf(u), ...extra]) });
  };
  for (const c of up) if (!common.has(c)) reshape(c, false);
  for (const c of down) if (!common.has(c)) reshape(c, true);
  const next = allocateCode(t, parent, 'cell');
  t.setUnit(code, null);
  t.setUnit(next, { ...cell, attrs: { ...cell.attrs, code: next, parentCode: parent } });
  t.dropUnused(touched);
  return next;
}

/** Deletes a cell: its area goes to an adjacent sibling, or is left as a flagged gap. */
export function deleteCell(t: Topology, code: string, giveTo?: string): GapFlag[] {
  const cell = need(t, code);
  if (cell.attrs.level !== 'cell') refuse('editor.notCell', { code });
  if (giveTo !== undefined) {
    const n = t.unit(giveTo);
    if (
      !n ||
      n.attrs.parentCode !== cell.attrs.parentCode ||
      n.attrs.level !== 'cell' ||
      !adjacent(t, cell, giveTo)
    )
      refuse('editor.deleteNotNeighbour', { code, neighbour: giveTo });
    mergeUnits(t, [giveTo, code], giveTo);
    return [];
  }
  const gap: GapFlag = { parentCode: cell.attrs.parentCode, formerCode: code, geometry: t.geometry(cell) };
  t.setUnit(code, null);
  t.dropUnused(refsOf(cell).map(arcIndex));
  return [gap];
}

type AttrPatch = Extract<EditOp, { op: 'setAttributes' }>['attrs'];

export function setAttributes(t: Topology, code: string, attrs: AttrPatch): void {
  const u = need(t, code);
  const problem = attributeProblem(u.attrs, attrs);
  if (problem) refuse(problem.key, problem.params);
  const next: GridUnitAttributes = {
    ...u.attrs,
    ...attrs,
    code,
    level: u.attrs.level,
    parentCode: u.attrs.parentCode,
  };
  t.setUnit(code, { ...u, attrs: next });
}
