/**
 * GeoPackage files for import and export, through sql.js: reading any polygon feature table with
 * our GeoPackage geometry decoder, and writing one table per grid level (EPSG:4326) that GDAL, QGIS
 * and ArcGIS open as they are.
 */
import type { Database } from 'sql.js';
import { gpkgCore } from '../store/gpkg-core.ts';
import { readGpkgGeometry, encodeGpkgGeometry, envelopeOf } from '../../../shared/geo/gpkg-geometry.ts';
import type { GridLevel, GridUnit } from '../../../shared/grid/types.ts';
import { crsFromEpsg, crsFromWkt, type CrsInfo } from '../../../shared/transfer/crs.ts';
import { TransferError } from '../../../shared/transfer/errors.ts';
import { attributeRow, ATTRIBUTE_COLUMNS } from '../../../shared/transfer/export-files.ts';
import type { FieldValue, SourceFeature, SourceLayer } from '../../../shared/transfer/source.ts';
import { GPKG_APPLICATION_ID, GPKG_USER_VERSION } from '../store/migrations.ts';
import { loadSqlJs, queryAll } from '../store/sql-exec.ts';

const quoteId = (s: string): string => `"${s.replace(/"/g, '""')}"`;

function layerCrs(db: Database, srsId: number): CrsInfo | null {
  if (srsId === 0 || srsId === -1) return null;
  const r = queryAll<{ organization: string; organization_coordsys_id: number; definition: string }>(
    db,
    'SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?',
    [srsId],
  )[0];
  if (!r) return crsFromEpsg(srsId);
  if (String(r.organization).toUpperCase() === 'EPSG') {
    const known = crsFromEpsg(Number(r.organization_coordsys_id));
    if (known) return known;
  }
  return crsFromWkt(String(r.definition));
}

export async function readGpkgLayer(
  bytes: Uint8Array,
  name: string,
  layer: string | undefined,
): Promise<SourceLayer> {
  const SQL = await loadSqlJs();
  let db: Database;
  try {
    db = new SQL.Database(bytes);
  } catch (e) {
    throw new TransferError('badGpkg', `${name}: not a readable GeoPackage (${(e as Error).message})`, {
      name,
    });
  }
  try {
    let tables: { table_name: string; column_name: string; srs_id: number }[];
    try {
      tables = queryAll(
        db,
        `SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c
         JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
         WHERE c.data_type = 'features' ORDER BY c.table_name`,
      );
    } catch {
      throw new TransferError('badGpkg', `${name}: a SQLite file without GeoPackage feature tables`, {
        name,
      });
    }
    if (!tables.length)
      throw new TransferError('noFeatures', `${name}: the GeoPackage has no feature table`, { name });
    // A GeZhi data file or export lists levels top-down; the cells are usually what is wanted first.
    const chosen = tables.find((t) => t.table_name === layer) ?? tables[0]!;
    const rows = queryAll(db, `SELECT * FROM ${quoteId(chosen.table_name)}`);
    const features: SourceFeature[] = [];
    const skipped = { nonPolygon: 0, empty: 0 };
    const fields = new Set<string>();
    for (const r of rows) {
      const blob = r[chosen.column_name];
      if (!(blob instanceof Uint8Array)) {
        skipped.empty++;
        continue;
      }
      let g;
      try {
        g = readGpkgGeometry(blob);
      } catch {
        skipped.nonPolygon++;
        continue;
      }
      if (g.empty || !g.geometry.coordinates.length) {
        skipped.empty++;
        continue;
      }
      const props: Record<string, FieldValue> = {};
      for (const [k, v] of Object.entries(r)) {
        if (k === chosen.column_name || k === 'fid' || v instanceof Uint8Array) continue;
        fields.add(k);
        props[k] = v;
      }
      features.push({
        props,
        geometry:
          g.geometry.coordinates.length === 1
            ? { type: 'Polygon', coordinates: g.geometry.coordinates[0]! }
            : g.geometry,
      });
    }
    return {
      format: 'gpkg',
      layerName: chosen.table_name,
      fields: [...fields],
      features,
      skipped,
      declaredCrs: layerCrs(db, Number(chosen.srs_id)),
      encoding: null,
      otherLayers: tables.filter((t) => t !== chosen).map((t) => t.table_name),
    };
  } finally {
    db.close();
  }
}

export async function writeGpkg(byLevel: ReadonlyMap<GridLevel, GridUnit[]>): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  try {
    db.run(`PRAGMA application_id = ${GPKG_APPLICATION_ID}`);
    db.run(`PRAGMA user_version = ${GPKG_USER_VERSION}`);
    gpkgCore(db);
    db.run('BEGIN');
    for (const [level, units] of byLevel) {
      const table = `gezhi_${level}`;
      db.run(`CREATE TABLE ${table} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom MULTIPOLYGON,
        code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, level TEXT NOT NULL, parent_code TEXT, kind TEXT, subtype TEXT,
        population INTEGER, chief TEXT, staff_full_time INTEGER, staff_part_time INTEGER,
        staff_volunteer INTEGER, area_km2 REAL)`);
      const stmt = db.prepare(
        `INSERT INTO ${table} (geom, ${ATTRIBUTE_COLUMNS.join(', ')}) VALUES (?${', ?'.repeat(ATTRIBUTE_COLUMNS.length)})`,
      );
      const ext = [Infinity, Infinity, -Infinity, -Infinity];
      for (const u of units) {
        const row = attributeRow(u);
        stmt.run([encodeGpkgGeometry(u.geometry), ...ATTRIBUTE_COLUMNS.map((c) => row[c])]);
        const e = envelopeOf(u.geometry);
        if (e) {
          ext[0] = Math.min(ext[0]!, e.minX);
          ext[1] = Math.min(ext[1]!, e.minY);
          ext[2] = Math.max(ext[2]!, e.maxX);
          ext[3] = Math.max(ext[3]!, e.maxY);
        }
      }
      stmt.free();
      const has = units.length > 0;
      db.run(
        `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
         VALUES (?, 'features', ?, ?, ?, ?, ?, ?, 4326)`,
        [table, table, `GeZhi grid, level ${level}`, ...(has ? ext : [null, null, null, null])],
      );
      db.run(`INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'MULTIPOLYGON', 4326, 0, 0)`, [table]);
    }
    db.run('COMMIT');
    return db.export();
  } finally {
    db.close();
  }
}
