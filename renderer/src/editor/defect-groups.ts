/** How the coverage panel groups and filters defects: by rule, or by the town/community they lie in. */
import type { CoverageException } from '../../../shared/api/coverage-contract.ts';
import { matchAcceptances, type Acceptance } from '../../../shared/coverage/acceptance.ts';
import type { Defect, RuleId } from '../../../shared/coverage/types.ts';
import { GRID_LEVELS, type GridLevel } from '../../../shared/grid/types.ts';
import { findUnit, type DraftLayers } from './draft-model.ts';

export type Grouping = 'rule' | 'place';
/** A finding's standing: an error or warning to act on, a warning accepted, or below tolerance. */
export type Standing = 'error' | 'warning' | 'accepted' | 'below';

/** The accepted findings by defect id (a Map of acceptances or a plain set of ids). */
export interface AcceptedSet {
  has(id: string): boolean;
}

export function standingOf(d: Defect, accepted: AcceptedSet): Standing {
  if (d.belowTolerance) return 'below';
  if (d.severity === 'error') return 'error';
  return accepted.has(d.id) ? 'accepted' : 'warning';
}

export function standingCounts(defects: readonly Defect[], accepted: AcceptedSet): Record<Standing, number> {
  const out: Record<Standing, number> = { error: 0, warning: 0, accepted: 0, below: 0 };
  for (const d of defects) out[standingOf(d, accepted)]++;
  return out;
}

/** The acceptance each current finding falls under, matched by what the warning is about. */
export const acceptancesOf = (
  defects: readonly Defect[],
  exceptions: readonly CoverageException[],
): Map<string, Acceptance<CoverageException>> => matchAcceptances(defects, exceptions);

/** The level of the units a defect is about (the children, for sibling rules). */
export function defectLevel(d: Defect, layers: DraftLayers): GridLevel | null {
  for (const code of [...d.codes].reverse()) {
    const u = findUnit(layers, code);
    if (u && code !== d.parentCode) return u.properties.level;
  }
  const parent = d.parentCode ? findUnit(layers, d.parentCode) : undefined;
  return parent ? (GRID_LEVELS[GRID_LEVELS.indexOf(parent.properties.level) + 1] ?? null) : null;
}

/** The town a defect lies in: its parent's or its units' town, climbing the hierarchy. */
export function townOf(d: Defect, layers: DraftLayers): string | null {
  for (const start of [d.parentCode, ...d.codes]) {
    let code = start;
    for (let guard = 0; code && guard < 6; guard++) {
      const u = findUnit(layers, code);
      if (!u) break;
      if (u.properties.level === 'town') return u.properties.code;
      code = u.properties.parentCode;
    }
  }
  return null;
}

/** "Town / community" for a defect inside a community, the town's name above that. */
export function placeOf(d: Defect, layers: DraftLayers): string | null {
  const parent = d.parentCode ? findUnit(layers, d.parentCode)?.properties : undefined;
  if (!parent) return null;
  if (parent.level !== 'community') return parent.name;
  const town = parent.parentCode ? findUnit(layers, parent.parentCode)?.properties : undefined;
  return town ? `${town.name} / ${parent.name}` : parent.name;
}

export interface DefectFilter {
  level: GridLevel | 'all';
  town: string | 'all';
  standing: Standing | 'all';
}

export function groupDefects(
  defects: readonly Defect[],
  layers: DraftLayers,
  grouping: Grouping,
  filter: DefectFilter,
  accepted: AcceptedSet,
  ruleName: (r: RuleId) => string,
  noPlace: string,
): { key: string; title: string; defects: Defect[] }[] {
  const groups = new Map<string, { key: string; title: string; defects: Defect[] }>();
  for (const d of defects) {
    if (filter.level !== 'all' && defectLevel(d, layers) !== filter.level) continue;
    if (filter.town !== 'all' && townOf(d, layers) !== filter.town) continue;
    if (filter.standing !== 'all' && standingOf(d, accepted) !== filter.standing) continue;
    const key = grouping === 'rule' ? d.rule : (placeOf(d, layers) ?? noPlace);
    const title = grouping === 'rule' ? ruleName(d.rule) : key;
    const g = groups.get(key) ?? { key, title, defects: [] };
    g.defects.push(d);
    groups.set(key, g);
  }
  return [...groups.values()];
}
