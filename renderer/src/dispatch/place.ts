import type { CaseSummary } from '../../../shared/api/cases-contract.ts';

/** "town / community / cell", as far as the case was located. */
export function placeText(c: Pick<CaseSummary, 'town' | 'community' | 'cell'>): string {
  return [c.town, c.community, c.cell]
    .filter((p) => p !== null)
    .map((p) => p.name)
    .join(' / ');
}
