/**
 * Writing grid units into the per-level GeoPackage feature tables. The statements are produced as
 * WriteOps (deterministic: the timestamp is a parameter) so the same code serves the unlogged
 * populate step and logged writes through Store.write.
 */
import { area } from '@turf/area';
import { pinyin } from 'pinyin-pro';
import type { Database } from 'sql.js';
import { encodeGpkgGeometry, envelopeOf, type Envelope } from '../../../shared/geo/gpkg-geometry.ts';
import type { GridLevel, GridUnit } from '../../../shared/grid/types.ts';
import { GRID_TABLE } from './migrations.ts';
import { runOps } from './sql-exec.ts';
import type { WriteOp } from './store.ts';

/** Lowercase first letters of the pinyin of each character (南沙街 → 'nsj'); Latin letters and digits kept. */
export function nameInitials(name: string): string {
  const letters = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' });
  return letters
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Area on the ellipsoid-approximating sphere turf uses, in km². */
export function areaKm2(unit: GridUnit): number {
  return area(unit.geometry) / 1e6;
}

const INSERT_COLUMNS =
  'geom, code, name, parent_code, kind, subtype, population, chief, staff_full_time, staff_part_time, staff_volunteer, area_km2, initials, worker_names, notes';

/** INSERT per unit plus one extent/last_change UPDATE of gpkg_contents per level touched. */
export function gridUnitWriteOps(units: readonly GridUnit[], now: Date): WriteOp[] {
  const ops: WriteOp[] = [];
  const extents = new Map<GridLevel, Envelope>();
  for (const u of units) {
    ops.push({
      sql: `INSERT INTO ${GRID_TABLE[u.level]} (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      params: [
        encodeGpkgGeometry(u.geometry),
        u.code,
        u.name,
        u.parentCode,
        u.kind,
        u.subtype,
        u.population,
        u.chief,
        u.staffFullTime,
        u.staffPartTime,
        u.staffVolunteer,
        areaKm2(u),
        nameInitials(u.name),
        u.workerNames ? JSON.stringify(u.workerNames) : null,
        u.notes ?? null,
      ],
    });
    const env = envelopeOf(u.geometry);
    if (!env) continue;
    const prev = extents.get(u.level);
    extents.set(
      u.level,
      prev
        ? {
            minX: Math.min(prev.minX, env.minX),
            maxX: Math.max(prev.maxX, env.maxX),
            minY: Math.min(prev.minY, env.minY),
            maxY: Math.max(prev.maxY, env.maxY),
          }
        : env,
    );
  }
  const stamp = now.toISOString();
  for (const [level, e] of extents) {
    ops.push({
      sql: `UPDATE gpkg_contents SET
              min_x = min(coalesce(min_x, ?1), ?1), max_x = max(coalesce(max_x, ?2), ?2),
              min_y = min(coalesce(min_y, ?3), ?3), max_y = max(coalesce(max_y, ?4), ?4),
              last_change = ?5
            WHERE table_name = ?6`,
      params: [e.minX, e.maxX, e.minY, e.maxY, stamp, GRID_TABLE[level]],
    });
  }
  return ops;
}

/** Inserts the units in one transaction (used by populate on a brand-new file). */
export function writeGridUnits(db: Database, units: readonly GridUnit[], now = new Date()): void {
  runOps(db, gridUnitWriteOps(units, now));
}
