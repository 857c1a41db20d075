/**
 * The published grid as the draft sees it: read whole from the per-level feature tables (in a fixed
 * order, because the draft's topology ids depend on it and its edit log is replayed against them),
 * and replaced whole when a draft is published.
 */
import { decodeGpkgGeometry } from '../../../shared/geo/gpkg-geometry.ts';
import {
  GRID_LEVELS,
  type CellKind,
  type DedicatedSubtype,
  type GridLevel,
  type GridUnit,
  type WorkerNames,
} from '../../../shared/grid/types.ts';
import { gridUnitWriteOps } from '../store/grid-tables.ts';
import { GRID_TABLE } from '../store/migrations.ts';
import type { Store, WriteOp } from '../store/store.ts';
import type { UnitRow } from '../grid-service.ts';

type PublishedRow = UnitRow & { geom: Uint8Array; worker_names: string | null; notes: string | null };

function unitOf(level: GridLevel, r: PublishedRow): GridUnit {
  return {
    code: r.code,
    name: r.name,
    level,
    parentCode: r.parent_code,
    kind: r.kind as CellKind | null,
    subtype: r.subtype as DedicatedSubtype | null,
    population: r.population,
    chief: r.chief,
    staffFullTime: r.staff_full_time,
    staffPartTime: r.staff_part_time,
    staffVolunteer: r.staff_volunteer,
    ...(r.worker_names ? { workerNames: JSON.parse(r.worker_names) as WorkerNames } : {}),
    ...(r.notes !== null ? { notes: r.notes } : {}),
    geometry: decodeGpkgGeometry(r.geom),
  };
}

/** Every published unit, levels top-down, each level in feature-id order. */
export function readPublishedUnits(store: Store): GridUnit[] {
  const out: GridUnit[] = [];
  for (const level of GRID_LEVELS) {
    const rows = store.all<PublishedRow>(
      `SELECT geom, code, name, parent_code, kind, subtype, population, chief, staff_full_time,
              staff_part_time, staff_volunteer, area_km2, initials, worker_names, notes FROM ${GRID_TABLE[level]} ORDER BY fid`,
    );
    for (const r of rows) out.push(unitOf(level, r));
  }
  return out;
}

/** Empties every level table (and its recorded extent), then inserts the units. */
export function replacePublishedOps(units: readonly GridUnit[], now: Date): WriteOp[] {
  const tables = GRID_LEVELS.map((l) => GRID_TABLE[l]);
  const ops: WriteOp[] = tables.map((t) => ({ sql: `DELETE FROM ${t}` }));
  ops.push({
    sql: `UPDATE gpkg_contents SET min_x = NULL, max_x = NULL, min_y = NULL, max_y = NULL
          WHERE table_name IN (${tables.map(() => '?').join(', ')})`,
    params: tables,
  });
  const ordered = [...units].sort(
    (a, b) => GRID_LEVELS.indexOf(a.level) - GRID_LEVELS.indexOf(b.level) || a.code.localeCompare(b.code),
  );
  ops.push(...gridUnitWriteOps(ordered, now));
  return ops;
}
