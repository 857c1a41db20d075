/**
 * The published grid versions: a numbered row per version (who, when, why, counts) and the units it
 * held, content-addressed (see schema.ts). The grid a data file was created with becomes version 1
 * the first time versions are needed, so its history starts where the file did.
 */
import { area } from '@turf/area';
import type { MultiPolygon, Polygon } from 'geojson';
import type { ActorRef, VersionInfo } from '../../../shared/api/drafts-contract.ts';
import { decodeGpkgGeometry, encodeGpkgGeometry } from '../../../shared/geo/gpkg-geometry.ts';
import { GRID_LEVELS, type GridLevel, type GridUnitAttributes } from '../../../shared/grid/types.ts';
import type { Store, WriteOp } from '../store/store.ts';
import { readPublishedUnits } from './published-grid.ts';
import { hashUnit, type HashedUnit } from './unit-hash.ts';
import type { GridUnit } from '../../../shared/grid/types.ts';

export const SYSTEM_PUBLISHER: ActorRef = { id: 'system', name: '系统' };
export const BASELINE_REASON = '初始网格 (initial grid)';

/** A unit of a stored version, geometry still encoded. */
export interface VersionUnitRow {
  [k: string]: string | number | Uint8Array | null;
  code: string;
  level: string;
  unit_sha: string;
  geom_sha: string;
  area_m2: number;
  attrs_json: string;
}

interface VersionRow {
  [k: string]: string | number | null;
  version: number;
  published_at: number;
  published_by_id: string;
  published_by_name: string;
  reason: string;
  counts_json: string;
  based_on: number | null;
}

export interface PublishMeta {
  version: number;
  basedOn: number | null;
  at: number;
  by: ActorRef;
  reason: string;
}

export function countsOf(units: readonly { level: GridLevel }[]): Record<GridLevel, number> {
  const out = Object.fromEntries(GRID_LEVELS.map((l) => [l, 0])) as Record<GridLevel, number>;
  for (const u of units) out[u.level]++;
  return out;
}

export class VersionStore {
  constructor(private readonly store: Store) {}

  /** The version cases are located against now; a file that never published is at version 1. */
  current(): number {
    const v = this.store.get<{ value: string }>(
      `SELECT value FROM gezhi_meta WHERE key = 'grid_version'`,
    )?.value;
    return v ? Number(v) : 1;
  }

  has(version: number): boolean {
    return !!this.store.get('SELECT 1 AS x FROM version_info WHERE version = ?', [version]);
  }

  /** Records the published grid as the current version when no version is stored yet. */
  async ensureBaseline(now: number): Promise<void> {
    if (this.store.get('SELECT 1 AS x FROM version_info LIMIT 1')) return;
    const units = readPublishedUnits(this.store).map(hashUnit);
    await this.store.write(
      this.versionOps(units, {
        version: this.current(),
        basedOn: null,
        at: now,
        by: SYSTEM_PUBLISHER,
        reason: BASELINE_REASON,
      }),
    );
  }

  /** Rows for a new version; unit blobs the previous version already holds are not written again. */
  versionOps(units: readonly HashedUnit[], meta: PublishMeta): WriteOp[] {
    const known = new Set(
      meta.basedOn === null
        ? []
        : this.store
            .all<{ unit_sha: string }>('SELECT unit_sha FROM version_unit WHERE version = ?', [meta.basedOn])
            .map((r) => r.unit_sha),
    );
    const ops: WriteOp[] = [
      {
        sql: `INSERT INTO version_info (version, published_at, published_by_id, published_by_name, reason,
                counts_json, based_on) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        params: [
          meta.version,
          meta.at,
          meta.by.id,
          meta.by.name,
          meta.reason,
          JSON.stringify(countsOf(units.map((h) => h.unit))),
          meta.basedOn,
        ],
      },
    ];
    for (const h of units) {
      if (!known.has(h.sha)) {
        ops.push({
          sql: `INSERT OR IGNORE INTO unit_blob (sha, geom_sha, code, level, attrs_json, geom, area_m2)
                VALUES (?, ?, ?, ?, ?, ?, ?)`,
          params: [
            h.sha,
            h.geomSha,
            h.unit.code,
            h.unit.level,
            h.attrsJson,
            encodeGpkgGeometry(h.unit.geometry),
            area(h.unit.geometry),
          ],
        });
        known.add(h.sha);
      }
      ops.push({
        sql: 'INSERT INTO version_unit (version, code, unit_sha) VALUES (?, ?, ?)',
        params: [meta.version, h.unit.code, h.sha],
      });
    }
    return ops;
  }

  list(): VersionInfo[] {
    const current = this.current();
    return this.store
      .all<VersionRow>('SELECT * FROM version_info ORDER BY version DESC')
      .map((r) => this.info(r, current));
  }

  get(version: number): VersionInfo | null {
    const r = this.store.get<VersionRow>('SELECT * FROM version_info WHERE version = ?', [version]);
    return r ? this.info(r, this.current()) : null;
  }

  private info(r: VersionRow, current: number): VersionInfo {
    return {
      version: r.version,
      publishedAt: r.published_at,
      publishedBy: { id: r.published_by_id, name: r.published_by_name },
      reason: r.reason,
      counts: JSON.parse(r.counts_json) as Record<GridLevel, number>,
      basedOn: r.based_on,
      current: r.version === current,
    };
  }

  /** Hashes and areas of a version's units, without their geometry. */
  unitIndex(version: number): Map<string, VersionUnitRow> {
    const rows = this.store.all<VersionUnitRow>(
      `SELECT v.code, b.level, v.unit_sha, b.geom_sha, b.area_m2, b.attrs_json
         FROM version_unit v JOIN unit_blob b ON b.sha = v.unit_sha WHERE v.version = ?`,
      [version],
    );
    return new Map(rows.map((r) => [r.code, r]));
  }

  geometryOf(sha: string): Polygon | MultiPolygon {
    const row = this.store.get<{ geom: Uint8Array }>('SELECT geom FROM unit_blob WHERE sha = ?', [sha]);
    if (!row) throw new Error(`no stored unit ${sha}`);
    return decodeGpkgGeometry(row.geom);
  }

  /** A whole stored version at one level, as grid units. */
  units(version: number, level: GridLevel): GridUnit[] {
    return this.store
      .all<{ attrs_json: string; geom: Uint8Array }>(
        `SELECT b.attrs_json, b.geom FROM version_unit v JOIN unit_blob b ON b.sha = v.unit_sha
          WHERE v.version = ? AND b.level = ? ORDER BY v.code`,
        [version, level],
      )
      .map((r) => ({
        ...(JSON.parse(r.attrs_json) as GridUnitAttributes),
        geometry: decodeGpkgGeometry(r.geom),
      }));
  }
}
