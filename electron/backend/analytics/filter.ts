/**
 * Compiles the request's filters into one predicate over a row of the case columns: each code list
 * becomes a lookup table indexed by the column's interned id, so a row costs a few array reads.
 */
import type { AnalyticsFilters } from '../../../shared/api/analytics-contract.ts';
import { CASE_STATUSES } from '../../../shared/cases/types.ts';
import type { CaseColumns } from './case-columns.ts';
import type { Dictionary } from './dictionary.ts';

export type RowPredicate = (row: number) => boolean;

function mask(dict: Dictionary, codes: readonly string[]): Uint8Array {
  const m = new Uint8Array(dict.size);
  for (const c of codes) {
    const id = dict.find(c);
    if (id >= 0) m[id] = 1;
  }
  return m;
}

export function compileFilters(cols: CaseColumns, f: AnalyticsFilters): RowPredicate {
  const tests: RowPredicate[] = [];
  const byId = (
    column: Uint16Array | Uint32Array,
    dict: Dictionary,
    codes: readonly string[] | undefined,
  ): void => {
    if (!codes) return;
    const m = mask(dict, codes);
    tests.push((r) => m[column[r]!] === 1);
  };
  byId(cols.category, cols.categories, f.categories);
  byId(cols.item, cols.items, f.items);
  byId(cols.channel, cols.channels, f.channels);
  byId(cols.town, cols.towns, f.towns);
  if (f.statuses) {
    const m = new Uint8Array(CASE_STATUSES.length);
    for (const s of f.statuses) m[CASE_STATUSES.indexOf(s)] = 1;
    tests.push((r) => m[cols.status[r]!] === 1);
  }
  if (f.levels) {
    const m = new Uint8Array(4);
    for (const l of f.levels) m[' ABC'.indexOf(l)] = 1;
    tests.push((r) => m[cols.level[r]!] === 1);
  }
  if (f.simulated !== undefined) {
    const want = f.simulated ? 1 : 0;
    tests.push((r) => cols.simulated[r] === want);
  }
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  return (r) => {
    for (const t of tests) if (!t(r)) return false;
    return true;
  };
}
