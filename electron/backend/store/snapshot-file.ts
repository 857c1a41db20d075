/** Deciding whether a snapshot file can be trusted, without changing it. */
import { readFileSync } from 'node:fs';
import type { Database, SqlJsStatic } from 'sql.js';
import { reportTiming, timed } from '../timing.ts';
import { readSchemaVersion } from './migrations.ts';
import { readWholeFileAsync } from './read-whole-file.ts';
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

/** The recorded sum of `<data>`, if any (snapshot-writer.ts). */
function recordedSum(path: string): Partial<SnapshotSum> | undefined {
  try {
    return JSON.parse(readFileSync(sumPathOf(path), 'utf8')) as Partial<SnapshotSum>;
  } catch {
    return undefined;
  }
}

export async function checkSnapshot(
  SQL: SqlJsStatic,
  path: string,
  onProgress?: (read: number, total: number) => void,
): Promise<SnapshotCheck> {
  let bytes: Buffer;
  let fingerprint: FileFingerprint;
  // Bytes identical to what the snapshot writer exported and fsynced need no quick_check.
  let asWritten: boolean;
  try {
    const sum = recordedSum(path);
    const t0 = performance.now();
    const read = await readWholeFileAsync(
      path,
      sum?.size !== undefined && sum.crc32 !== undefined,
      onProgress,
    );
    reportTiming('store.read-file-and-crc', performance.now() - t0);
    ({ bytes, fingerprint } = read);
    asWritten = sum?.size === bytes.length && read.crc !== undefined && sum.crc32 === read.crc;
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
  let db: Database | undefined;
  try {
    // sql.js keeps this array as its in-memory file: nothing else may use `bytes` afterwards.
    const t0 = performance.now();
    db = new SQL.Database(bytes);
    reportTiming('store.sqljs-open', performance.now() - t0);
    // quick_check reads every page and record (what a torn or scribbled file breaks) in O(N);
    // the full integrity_check also cross-checks indexes at O(N log N), too slow for a 1M-case open.
    if (!asWritten) {
      const opened = db;
      const check = timed('store.quick-check', () => queryValue(opened, 'PRAGMA quick_check'));
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
