/**
 * Warnings accepted as exceptions, kept in the data file (migration 6) so they outlive the draft, a
 * restart and a publish: the defect id (rule, codes, rounded place) names the finding, so an edit
 * that moves or reshapes it makes it a new warning that must be accepted again.
 */
import type { Database } from 'sql.js';
import type { CoverageException } from '../../../shared/api/coverage-contract.ts';
import type { RuleId } from '../../../shared/coverage/types.ts';
import type { Store, WriteOp } from '../store/store.ts';

export function coverageExceptionTable(db: Database): void {
  db.run(`CREATE TABLE coverage_exception (
    defect_id TEXT PRIMARY KEY, rule TEXT NOT NULL, codes_json TEXT NOT NULL, reason TEXT NOT NULL,
    by_id TEXT NOT NULL, by_name TEXT NOT NULL, at INTEGER NOT NULL
  )`);
}

interface Row {
  [k: string]: string | number | null;
  defect_id: string;
  rule: string;
  codes_json: string;
  reason: string;
  by_id: string;
  by_name: string;
  at: number;
}

export function readExceptions(store: Store): CoverageException[] {
  return store.all<Row>('SELECT * FROM coverage_exception ORDER BY at, defect_id').map((r) => ({
    defectId: r.defect_id,
    rule: r.rule as RuleId,
    codes: JSON.parse(r.codes_json) as string[],
    reason: r.reason,
    by: { id: r.by_id, name: r.by_name },
    at: r.at,
  }));
}

export const acceptOps = (e: CoverageException): WriteOp[] => [
  {
    sql: `INSERT OR REPLACE INTO coverage_exception (defect_id, rule, codes_json, reason, by_id, by_name, at)
          VALUES (?, ?, ?, ?, ?, ?, ?)`,
    params: [e.defectId, e.rule, JSON.stringify(e.codes), e.reason, e.by.id, e.by.name, e.at],
  },
];

export const withdrawOps = (defectId: string): WriteOp[] => [
  { sql: 'DELETE FROM coverage_exception WHERE defect_id = ?', params: [defectId] },
];
