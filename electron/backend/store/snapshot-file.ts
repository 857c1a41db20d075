/** Deciding whether a snapshot file can be trusted, without changing it. */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { Database, SqlJsStatic } from 'sql.js';
import { reportTiming, timed } from '../timing.ts';
import { readSchemaVersion } from './migrations.ts';
import { queryValue, readAppliedSeq } from './sql-exec.ts';
import { sumPathOf, type SnapshotSum } from './snapshot-writer.ts';
import type { FileFingerprint } from './worker-protocol.ts';

export type SnapshotCheck =
  | {
      ok: true;
      path: string;
      db: Database;
      appliedSeq: number;
      schemaVersion: number;
      /** The file as it was read: a replica loaded later checks it still is that file. */
      fingerprint: FileFingerprint;
    }
  | { ok: false; path: string; problem: 'missing' | 'truncated' | 'corrupt'; reason: string };

const MAGIC = 'SQLite format 3\0';

export function checkSnapshot(SQL: SqlJsStatic, path: string): SnapshotCheck {
  let bytes: Buffer;
  let fingerprint: FileFingerprint;
  try {
    const fd = openSync(path, 'r');
    try {
      // From the descriptor that is read, so the fingerprint is of these very bytes.
      const st = fstatSync(fd);
      fingerprint = { size: st.size, mtimeMs: st.mtimeMs };
      bytes = timed('store.read-file', () => readFileSync(fd));
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return { ok: false, path, problem: 'missing', reason: 'file missing' };
    throw err;
  }
  const bad = (problem: 'truncated' | 'corrupt', reason: string): SnapshotCheck => ({
    ok: false,
    path,
    problem,
    reason,
  });
  if (bytes.length < 100)
    return bad(bytes.length === 0 ? 'truncated' : 'corrupt', `only ${bytes.length} bytes`);
  if (bytes.toString('latin1', 0, 16) !== MAGIC) return bad('corrupt', 'no SQLite header');
  const rawPageSize = bytes.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0)
    return bad('corrupt', `invalid page size ${rawPageSize}`);
  // The in-header page count is valid when the change counter matches "version-valid-for".
  const pageCount = bytes.readUInt32BE(28);
  if (pageCount > 0 && bytes.readUInt32BE(24) === bytes.readUInt32BE(92)) {
    const expected = pageCount * pageSize;
    if (bytes.length < expected) return bad('truncated', `${bytes.length} of ${expected} bytes`);
  }
  if (bytes.length % pageSize !== 0)
    return bad('truncated', `size ${bytes.length} is not a whole number of ${pageSize}-byte pages`);
  // Before sql.js takes the array over.
  const asWritten = timed('store.checksum', () => matchesRecordedSum(path, bytes));
  let db: Database | undefined;
  try {
    // sql.js keeps this array as its in-memory file: nothing else may use `bytes` afterwards.
    const t0 = performance.now();
    db = new SQL.Database(bytes);
    reportTiming('store.sqljs-open', performance.now() - t0);
    // quick_check reads every page and record (what a torn or scribbled file breaks) in O(N);
    // the full integrity_check also cross-checks indexes at O(N log N), too slow for a 1M-case open.
    // Bytes identical to what the snapshot writer exported and fsynced need neither.
    if (!asWritten) {
      const open = db;
      const check = timed('store.quick-check', () => queryValue(open, 'PRAGMA quick_check'));
      if (check !== 'ok') throw new Error(`quick_check: ${String(check)}`);
    }
    const schemaVersion = readSchemaVersion(db);
    if (schemaVersion === 0) throw new Error('no gezhi_meta schema version: not a GeZhi data file');
    return { ok: true, path, db, appliedSeq: readAppliedSeq(db), schemaVersion, fingerprint };
  } catch (err) {
    db?.close();
    return bad('corrupt', (err as Error).message);
  }
}

function matchesRecordedSum(path: string, bytes: Buffer): boolean {
  let sum: Partial<SnapshotSum>;
  try {
    sum = JSON.parse(readFileSync(sumPathOf(path), 'utf8')) as Partial<SnapshotSum>;
  } catch {
    return false;
  }
  return sum.size === bytes.length && sum.crc32 === crc32(bytes);
}
