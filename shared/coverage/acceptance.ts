/**
 * Which warnings the planners accepted, matched to the check's current findings. A defect's id
 * carries its rounded location, so any reshape that moves it would make an accepted warning look
 * new; an acceptance is keyed instead by what the warning is about (its message and unit codes),
 * and where one unit has several such warnings (two sliver parts) by nearest location. A warning
 * that has changed materially since it was accepted (its area by more than a quarter, or moved
 * more than 10 m) stays accepted but says so, for the planner to look at again.
 */
import { distanceM } from './measure.ts';
import type { Defect } from './types.ts';

/** Relative change of a warning's area beyond which the acceptance is flagged for review. */
export const ACCEPTED_AREA_CHANGE = 0.25;
/** A warning whose place moved further than this (metres) since acceptance is flagged. */
export const ACCEPTED_MOVE_M = 10;

/** What an acceptance was given for, as recorded then. */
export interface AcceptedWarning {
  /** The defect's id when it was accepted (the record's own id). */
  defectId: string;
  /** The warning it is about: message key and unit codes; see warningKey. */
  key: string;
  /** Area at acceptance (m²); null for records older than this field. */
  areaM2: number | null;
  location: [number, number] | null;
}

export interface AcceptanceChange {
  areaThen: number | null;
  areaNow: number;
  movedM: number;
}

export interface Acceptance<E extends AcceptedWarning> {
  exception: E;
  /** Null while the warning is much as it was when accepted. */
  changed: AcceptanceChange | null;
}

export const warningKey = (d: Pick<Defect, 'messageKey' | 'codes'>): string =>
  `${d.messageKey}|${d.codes.join('+')}`;

/** The key an older record implies: its defect id is `messageKey:codes:lon,lat`. */
export function keyOfDefectId(defectId: string): { key: string; location: [number, number] | null } {
  const [messageKey = '', codes = '', where = '-'] = defectId.split(':');
  const [x, y] = where.split(',').map(Number);
  const location: [number, number] | null =
    where !== '-' && Number.isFinite(x) && Number.isFinite(y) ? [x as number, y as number] : null;
  return { key: `${messageKey}|${codes.split('+').join('+')}`, location };
}

export const acceptable = (d: Defect): boolean => d.severity === 'warning' && !d.belowTolerance;

export function changeOf(e: AcceptedWarning, d: Defect): AcceptanceChange | null {
  const movedM = e.location && d.location ? distanceM(e.location, d.location) : 0;
  const grew =
    e.areaM2 !== null && e.areaM2 > 0 && Math.abs(d.areaM2 - e.areaM2) / e.areaM2 > ACCEPTED_AREA_CHANGE;
  return grew || movedM > ACCEPTED_MOVE_M ? { areaThen: e.areaM2, areaNow: d.areaM2, movedM } : null;
}

/**
 * Pairs current warnings with acceptances: the same defect id first, then the same key, nearest
 * first. Returns the acceptance of each accepted defect by the defect's id; acceptances of warnings
 * no longer found are simply not matched (an undo may bring the warning back).
 */
export function matchAcceptances<E extends AcceptedWarning>(
  defects: readonly Defect[],
  exceptions: readonly E[],
): Map<string, Acceptance<E>> {
  const out = new Map<string, Acceptance<E>>();
  if (!exceptions.length) return out;
  const used = new Set<E>();
  const byId = new Map(exceptions.map((e) => [e.defectId, e]));
  const waiting = new Map<string, Defect[]>();
  for (const d of defects) {
    if (!acceptable(d)) continue;
    const same = byId.get(d.id);
    if (same && !used.has(same) && same.key === warningKey(d)) {
      used.add(same);
      out.set(d.id, { exception: same, changed: changeOf(same, d) });
      continue;
    }
    const k = warningKey(d);
    const l = waiting.get(k);
    if (l) l.push(d);
    else waiting.set(k, [d]);
  }
  const open = new Map<string, E[]>();
  for (const e of exceptions) {
    if (used.has(e) || !waiting.has(e.key)) continue;
    const l = open.get(e.key);
    if (l) l.push(e);
    else open.set(e.key, [e]);
  }
  for (const [key, es] of open) {
    const ds = waiting.get(key) ?? [];
    const pairs: [number, Defect, E][] = [];
    for (const d of ds)
      for (const e of es)
        pairs.push([e.location && d.location ? distanceM(e.location, d.location) : 0, d, e]);
    pairs.sort((p, q) => p[0] - q[0]);
    const taken = new Set<Defect>();
    for (const [, d, e] of pairs) {
      if (taken.has(d) || used.has(e)) continue;
      taken.add(d);
      used.add(e);
      out.set(d.id, { exception: e, changed: changeOf(e, d) });
    }
  }
  return out;
}
