/**
 * Numbered schema migrations. The version lives in gezhi_meta because the GeoPackage spec owns
 * PRAGMA user_version and application_id. Migrations are never edited once shipped: add one.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'sql.js';
import { GRID_LEVELS, type GridLevel } from '../../../shared/grid/types.ts';
import { caseCountsTable } from '../cases/case-counts.ts';
import { coverageExceptionKeys, coverageExceptionTable } from '../drafts/exceptions.ts';
import { draftAndVersionTables } from '../drafts/schema.ts';
import { gpkgCore } from './gpkg-core.ts';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

/** 'GPKG' */
export const GPKG_APPLICATION_ID = 0x47504b47;
/**
 * GeoPackage 1.3.0. The tables are also exactly those of 1.4, but GDAL before 3.8 (Debian 12 ships
 * 3.6) warns "may only be partially supported" on 10400, and QGIS/ArcGIS builds of that age
 * likewise; 1.3 opens cleanly everywhere and conforms to both.
 */
export const GPKG_USER_VERSION = 10300;

export const GRID_TABLE: Record<GridLevel, string> = {
  city: 'grid_city',
  district: 'grid_district',
  town: 'grid_town',
  community: 'grid_community',
  cell: 'grid_cell',
};

const GRID_IDENTIFIER: Record<GridLevel, string> = {
  city: '网格-市 city',
  district: '网格-区 district',
  town: '网格-街镇 town',
  community: '网格-社区 community',
  cell: '网格-单元 cell',
};

function gridTables(db: Database): void {
  for (const level of GRID_LEVELS) {
    const table = GRID_TABLE[level];
    db.run(`CREATE TABLE ${table} (
      fid INTEGER PRIMARY KEY AUTOINCREMENT,
      geom MULTIPOLYGON,
      code TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      parent_code TEXT,
      kind TEXT,
      subtype TEXT,
      population INTEGER NOT NULL DEFAULT 0,
      chief TEXT,
      staff_full_time INTEGER NOT NULL DEFAULT 0,
      staff_part_time INTEGER NOT NULL DEFAULT 0,
      staff_volunteer INTEGER NOT NULL DEFAULT 0,
      area_km2 REAL NOT NULL DEFAULT 0,
      initials TEXT NOT NULL DEFAULT ''
    )`);
    db.run(`CREATE INDEX ${table}_parent_code ON ${table}(parent_code)`);
    db.run(
      `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
       VALUES (?, 'features', ?, ?, 4326)`,
      [table, GRID_IDENTIFIER[level], `GeZhi grid units, level ${level}`],
    );
    db.run(`INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'MULTIPOLYGON', 4326, 0, 0)`, [table]);
  }
}

/** Append-only tables refuse UPDATE and DELETE in the file itself, whatever tool opens it. */
function appendOnly(db: Database, table: string): void {
  for (const op of ['UPDATE', 'DELETE'])
    db.run(`CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
      BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`);
}

function caseTables(db: Database): void {
  // Reference data (catalogue, departments, calendar) as loaded, one row per version, so a case
  // can always be read against the catalogue version it was registered with.
  db.run(`CREATE TABLE ref_data (
    kind TEXT NOT NULL, version INTEGER NOT NULL, sha256 TEXT NOT NULL, label TEXT,
    content TEXT NOT NULL, loaded_at INTEGER NOT NULL, source TEXT NOT NULL,
    PRIMARY KEY (kind, version)
  )`);
  db.run(`CREATE TABLE cases (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,
    item_code TEXT, category_code TEXT, level TEXT, status TEXT NOT NULL,
    lon REAL NOT NULL, lat REAL NOT NULL,
    cell_code TEXT, community_code TEXT, town_code TEXT, grid_version INTEGER NOT NULL,
    outside_district INTEGER NOT NULL DEFAULT 0, possible_duplicate_of TEXT,
    simulated INTEGER NOT NULL DEFAULT 0,
    channel TEXT NOT NULL, reporter TEXT, description TEXT NOT NULL, external_id TEXT,
    department TEXT, due_at INTEGER, clock_json TEXT,
    reported_at INTEGER NOT NULL, dispatched_at INTEGER, closed_at INTEGER, updated_at INTEGER NOT NULL,
    catalogue_version INTEGER, state_json TEXT NOT NULL
  )`);
  db.run('CREATE INDEX cases_status ON cases(status, level, due_at)');
  db.run('CREATE INDEX cases_item_time ON cases(item_code, reported_at)');
  db.run('CREATE INDEX cases_town ON cases(town_code)');
  db.run(`CREATE TABLE case_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT NOT NULL REFERENCES cases(id),
    action TEXT NOT NULL, actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, actor_role TEXT,
    at INTEGER NOT NULL, reason TEXT, note TEXT, attachments_json TEXT NOT NULL DEFAULT '[]',
    before_json TEXT NOT NULL, after_json TEXT NOT NULL
  )`);
  db.run('CREATE INDEX case_history_case ON case_history(case_id, id)');
  appendOnly(db, 'case_history');
  db.run(`CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,
    actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, action TEXT NOT NULL,
    entity TEXT NOT NULL, entity_id TEXT, before_json TEXT, after_json TEXT
  )`);
  db.run('CREATE INDEX audit_log_entity ON audit_log(entity, entity_id)');
  appendOnly(db, 'audit_log');
  db.run(`CREATE TABLE attachments (
    id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), name TEXT NOT NULL,
    media_type TEXT NOT NULL, size_bytes INTEGER NOT NULL, sha256 TEXT NOT NULL,
    stored_name TEXT NOT NULL, added_at INTEGER NOT NULL, added_by TEXT NOT NULL
  )`);
  db.run('CREATE INDEX attachments_case ON attachments(case_id)');
  db.run(`CREATE TABLE api_keys (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL,
    created_at INTEGER NOT NULL, created_by TEXT NOT NULL, revoked_at INTEGER, revoked_by TEXT
  )`);
}

/**
 * The dispatch queue's urgency order (CaseService.list), as an index on the same expressions, so
 * its first page is read off the index instead of sorting every case (28 ms at 50,000 open cases,
 * 3 ms with it). The expressions must stay textually identical to that ORDER BY to be used.
 */
function queueIndex(db: Database): void {
  db.run(`CREATE INDEX cases_queue ON cases(status IN ('closed', 'archived', 'voided'), level IS NULL, level,
    due_at IS NOT NULL, due_at, reported_at, seq)`);
}

/** The planner's attributes form keeps the grid workers' names (JSON by kind) and free-text notes. */
function workerNamesAndNotes(db: Database): void {
  for (const level of GRID_LEVELS) {
    db.run(`ALTER TABLE ${GRID_TABLE[level]} ADD COLUMN worker_names TEXT`);
    db.run(`ALTER TABLE ${GRID_TABLE[level]} ADD COLUMN notes TEXT`);
  }
}

/**
 * Opening a file with 1M cases scanned every case for the queue's counts and the drill's count of
 * simulated cases (5 s together): counts kept by triggers (case-counts.ts), and an index for the
 * drill purge, which finds the simulated cases by seq.
 */
function caseCountsAndSimulatedIndex(db: Database): void {
  caseCountsTable(db);
  db.run('CREATE INDEX cases_simulated ON cases(simulated, seq)');
}

/**
 * A counter that every write to a grid table moves, by trigger (so a write by any program counts,
 * sqlite3 or GDAL included), and an id for this data file. Together they tell whether the map's
 * answers prepared beside the file (grid-answers.ts) were made from this grid as it is now.
 */
function gridRevision(db: Database): void {
  db.run(`CREATE TABLE ${GRID_REVISION_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)`);
  db.run(`INSERT INTO ${GRID_REVISION_TABLE} (id, n) VALUES (1, 0)`);
  for (const level of GRID_LEVELS) {
    const table = GRID_TABLE[level];
    for (const op of ['INSERT', 'UPDATE', 'DELETE'])
      db.run(`CREATE TRIGGER ${table}_revision_${op.toLowerCase()} AFTER ${op} ON ${table}
        BEGIN UPDATE ${GRID_REVISION_TABLE} SET n = n + 1 WHERE id = 1; END`);
  }
  db.run("INSERT OR REPLACE INTO gezhi_meta (key, value) VALUES ('file_id', ?)", [randomUUID()]);
}

export const GRID_REVISION_TABLE = 'gezhi_grid_revision';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'geopackage core and grid layers',
    up(db) {
      db.run(`PRAGMA application_id = ${GPKG_APPLICATION_ID}`);
      db.run(`PRAGMA user_version = ${GPKG_USER_VERSION}`);
      db.run('CREATE TABLE gezhi_meta (key TEXT PRIMARY KEY, value TEXT)');
      gpkgCore(db);
      gridTables(db);
    },
  },
  {
    version: 2,
    name: 'app settings',
    up(db) {
      db.run(
        'CREATE TABLE app_setting (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL)',
      );
    },
  },
  { version: 3, name: 'cases, history, audit log, attachments, api keys, reference data', up: caseTables },
  { version: 4, name: 'grid versions and the planner draft', up: draftAndVersionTables },
  { version: 5, name: 'dispatch queue index', up: queueIndex },
  { version: 6, name: 'grid worker names and notes', up: workerNamesAndNotes },
  { version: 7, name: 'coverage warnings accepted as exceptions', up: coverageExceptionTable },
  { version: 8, name: 'accepted warnings keyed by what they are about', up: coverageExceptionKeys },
  { version: 9, name: 'case counts and the simulated-case index', up: caseCountsAndSimulatedIndex },
  { version: 10, name: 'grid revision counter and file id', up: gridRevision },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** 0 when the file has no gezhi_meta (a fresh database), else the recorded version. */
export function readSchemaVersion(db: Database): number {
  const hasMeta = db.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gezhi_meta'");
  if (!hasMeta.length) return 0;
  const rows = db.exec("SELECT value FROM gezhi_meta WHERE key = 'schema_version'");
  const value = rows[0]?.values[0]?.[0];
  return value === undefined || value === null ? 0 : Number(value);
}

/**
 * Runs the migrations after the file's version up to `target` in one transaction, so a failure
 * leaves the database as it was. Returns the versions applied.
 */
export function runMigrations(db: Database, target = SCHEMA_VERSION): number[] {
  const from = readSchemaVersion(db);
  const pending = MIGRATIONS.filter((m) => m.version > from && m.version <= target);
  if (!pending.length) return [];
  db.run('BEGIN');
  try {
    for (const m of pending) m.up(db);
    const reached = pending[pending.length - 1]?.version ?? from;
    db.run("INSERT OR REPLACE INTO gezhi_meta (key, value) VALUES ('schema_version', ?)", [String(reached)]);
    db.run('COMMIT');
  } catch (err) {
    db.run('ROLLBACK');
    throw err;
  }
  return pending.map((m) => m.version);
}
