/**
 * The planner's coverage tolerances in the data file: one row of app_setting, so they outlive the
 * draft, a restart and a publish, and every check of this file (the editor's worker, the backend's
 * publish gate) runs under the same values. A change is audited with the values before and after.
 */
import {
  storedTolerances,
  TOLERANCE_SETTING,
  type CoverageTolerances,
} from '../../../shared/coverage/index.ts';
import type { ActorRef } from '../../../shared/api/drafts-contract.ts';
import { auditOp } from '../cases/audit.ts';
import type { Store, WriteOp } from '../store/store.ts';

export function readTolerances(store: Store): CoverageTolerances {
  const row = store.get<{ value: string }>('SELECT value FROM app_setting WHERE key = ?', [
    TOLERANCE_SETTING,
  ]);
  return storedTolerances(row ? parsed(row.value) : null);
}

/** A value that is not JSON at all is no tolerance: the defaults stand in. */
function parsed(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}

export function saveTolerancesOps(
  before: CoverageTolerances,
  after: CoverageTolerances,
  by: ActorRef,
  at: number,
): WriteOp[] {
  return [
    {
      sql: `INSERT INTO app_setting (key, value, updated_at) VALUES (?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      params: [TOLERANCE_SETTING, JSON.stringify(after), at],
    },
    auditOp(by, at, 'coverage.tolerances', 'app_setting', TOLERANCE_SETTING, before, after),
  ];
}
