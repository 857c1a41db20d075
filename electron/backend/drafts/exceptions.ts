/**
 * Warnings accepted as exceptions, kept in the data file (migration 7, widened by 8) so they outlive
 * the draft, a restart and a publish. A record names the warning by what it is about (message and
 * unit codes: `warning_key`) and keeps its area and place at acceptance, so an edit that reshapes or
 * moves the warning a little keeps it accepted, and a material change is shown, not hidden.
 */
import type { Database } from 'sql.js';
import type { CoverageException } from '../../../shared/api/coverage-contract.ts';
import { keyOfDefectId } from '../../../shared/coverage/acceptance.ts';
import type { RuleId } from '../../../shared/coverage/types.ts';
import type { Store, WriteOp } from '../store/store.ts';

export function coverageExceptionTable(db: Database): void {
  db.run(`CREATE TABLE coverage_exception (
    defect_id TEXT PRIMARY KEY, rule TEXT NOT NULL, codes_json TEXT NOT NULL, reason TEXT NOT NULL,
    by_id TEXT NOT NULL, by_name TEXT NOT NULL, at INTEGER NOT NULL
  )`);
}

/**
 * Migration 8: the warning's key, area and place at acceptance. Records written before it get the
 * key and place their defect id implies (`messageKey:codes:lon,lat`); their area stays unknown.
 */
export function coverageExceptionKeys(db: Database): void {
  db.run('ALTER TABLE coverage_exception ADD COLUMN warning_key TEXT');
  db.run('ALTER TABLE coverage_exception ADD COLUMN area_m2 REAL');
  db.run('ALTER TABLE coverage_exception ADD COLUMN lon REAL');
  db.run('ALTER TABLE coverage_exception ADD COLUMN lat REAL');
  const ids = db.exec('SELECT defect_id FROM coverage_exception')[0]?.values ?? [];
  for (const [id] of ids) {
    const { key, location } = keyOfDefectId(String(id));
    db.run('UPDATE coverage_exception SET warning_key = ?, lon = ?, lat = ? WHERE defect_id = ?', [
      key,
      location?.[0] ?? null,
      location?.[1] ?? null,
      String(id),
    ]);
  }
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
  warning_key: string | null;
  area_m2: number | null;
  lon: number | null;
  lat: number | null;
}

export function readExceptions(store: Store): CoverageException[] {
  return store.all<Row>('SELECT * FROM coverage_exception ORDER BY at, defect_id').map((r) => {
    const implied = keyOfDefectId(r.defect_id);
    return {
      defectId: r.defect_id,
      key: r.warning_key ?? implied.key,
      areaM2: r.area_m2,
      location: r.lon !== null && r.lat !== null ? [r.lon, r.lat] : implied.location,
      rule: r.rule as RuleId,
      codes: JSON.parse(r.codes_json) as string[],
      reason: r.reason,
      by: { id: r.by_id, name: r.by_name },
      at: r.at,
    };
  });
}

export const acceptOps = (e: CoverageException): WriteOp[] => [
  {
    sql: `INSERT OR REPLACE INTO coverage_exception
          (defect_id, rule, codes_json, reason, by_id, by_name, at, warning_key, area_m2, lon, lat)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    params: [
      e.defectId,
      e.rule,
      JSON.stringify(e.codes),
      e.reason,
      e.by.id,
      e.by.name,
      e.at,
      e.key,
      e.areaM2,
      e.location?.[0] ?? null,
      e.location?.[1] ?? null,
    ],
  },
];

export const withdrawOps = (defectId: string): WriteOp[] => [
  { sql: 'DELETE FROM coverage_exception WHERE defect_id = ?', params: [defectId] },
];
