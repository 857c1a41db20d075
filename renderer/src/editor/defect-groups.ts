/** How the coverage panel groups and filters defects: by rule, or by the town/community they lie in. */
import type { Defect, RuleId } from '../../../shared/coverage/types.ts';
import { GRID_LEVELS, type GridLevel } from '../../../shared/grid/types.ts';
import { findUnit, type DraftLayers } from './draft-model.ts';

export type Grouping = 'rule' | 'place';

/** The level of the units a defect is about (the children, for sibling rules). */
export function defectLevel(d: Defect, layers: DraftLayers): GridLevel | null {
  for (const code of [...d.codes].reverse()) {
    const u = findUnit(layers, code);
    if (u && code !== d.parentCode) return u.properties.level;
  }
  const parent = d.parentCode ? findUnit(layers, d.parentCode) : undefined;
  return parent ? (GRID_LEVELS[GRID_LEVELS.indexOf(parent.properties.level) + 1] ?? null) : null;
}

/** "Town / community" for a defect inside a community, the town's name above that. */
export function placeOf(d: Defect, layers: DraftLayers): string | null {
  const parent = d.parentCode ? findUnit(layers, d.parentCode)?.properties : undefined;
  if (!parent) return null;
  if (parent.level !== 'community') return parent.name;
  const town = parent.parentCode ? findUnit(layers, parent.parentCode)?.properties : undefined;
  return town ? `${town.name} / ${parent.name}` : parent.name;
}

export function groupDefects(
  defects: readonly Defect[],
  layers: DraftLayers,
  grouping: Grouping,
  level: GridLevel | 'all',
  ruleName: (r: RuleId) => string,
  noPlace: string,
): { key: string; title: string; defects: Defect[] }[] {
  const groups = new Map<string, { key: string; title: string; defects: Defect[] }>();
  for (const d of defects) {
    if (level !== 'all' && defectLevel(d, layers) !== level) continue;
    const key = grouping === 'rule' ? d.rule : (placeOf(d, layers) ?? noPlace);
    const title = grouping === 'rule' ? ruleName(d.rule) : key;
    const g = groups.get(key) ?? { key, title, defects: [] };
    g.defects.push(d);
    groups.set(key, g);
  }
  return [...groups.values()];
}
