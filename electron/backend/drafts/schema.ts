/**
 * Tables of the planner's draft and of the published grid versions (migration 4 runs this).
 *
 * Versions are stored content-addressed: each version lists its units (code → unit hash) and each
 * distinct unit (attributes + GeoPackage geometry blob) is stored once, however many versions share
 * it. Publishing a draft that moved one vertex adds a few blobs, not a copy of the whole grid, yet
 * every version stays whole and readable on its own, and a diff compares hashes before it decodes
 * any geometry.
 */
import type { Database } from 'sql.js';

export function draftAndVersionTables(db: Database): void {
  db.run(`CREATE TABLE version_info (
    version INTEGER PRIMARY KEY, published_at INTEGER NOT NULL,
    published_by_id TEXT NOT NULL, published_by_name TEXT NOT NULL, reason TEXT NOT NULL,
    counts_json TEXT NOT NULL, based_on INTEGER
  )`);
  db.run(`CREATE TABLE unit_blob (
    sha TEXT PRIMARY KEY, geom_sha TEXT NOT NULL, code TEXT NOT NULL, level TEXT NOT NULL,
    attrs_json TEXT NOT NULL, geom BLOB NOT NULL, area_m2 REAL NOT NULL
  )`);
  db.run(`CREATE TABLE version_unit (
    version INTEGER NOT NULL REFERENCES version_info(version), code TEXT NOT NULL,
    unit_sha TEXT NOT NULL REFERENCES unit_blob(sha), PRIMARY KEY (version, code)
  )`);
  // One draft at a time: the row's id is pinned to 1.
  db.run(`CREATE TABLE draft_info (
    id INTEGER PRIMARY KEY CHECK (id = 1), base_version INTEGER NOT NULL,
    opened_at INTEGER NOT NULL, opened_by_id TEXT NOT NULL, opened_by_name TEXT NOT NULL
  )`);
  db.run(`CREATE TABLE draft_edit (
    seq INTEGER PRIMARY KEY, op_json TEXT NOT NULL, forward_json TEXT NOT NULL,
    inverse_json TEXT NOT NULL, actor_id TEXT NOT NULL, actor_name TEXT NOT NULL,
    at INTEGER NOT NULL, undone INTEGER NOT NULL DEFAULT 0
  )`);
}
