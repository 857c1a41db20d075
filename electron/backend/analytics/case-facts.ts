/** The shared metric rules applied to a row of the case columns (no second copy of the rules). */
import { caseFacts, type CaseClockFields, type CaseFacts } from '../../../shared/metrics/rates.ts';
import type { CaseColumns } from './case-columns.ts';

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** One reused input object: this runs for every case of a year window. */
export function rowFactsReader(cols: CaseColumns, now: number): (row: number) => CaseFacts {
  const input: CaseClockFields = {
    status: 'reported',
    dispatchedAt: null,
    dueAt: null,
    pausedAt: null,
    closedAt: null,
    reworkCount: 0,
  };
  return (row) => {
    input.status = cols.statusOf(row);
    input.dispatchedAt = orNull(cols.dispatchedAt[row]!);
    input.dueAt = orNull(cols.dueAt[row]!);
    input.pausedAt = orNull(cols.pausedAt[row]!);
    input.closedAt = orNull(cols.closedAt[row]!);
    input.reworkCount = cols.rework[row]!;
    return caseFacts(input, now);
  };
}
