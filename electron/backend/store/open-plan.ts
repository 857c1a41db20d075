/**
 * Reading what is on disk and deciding how to open it, without changing anything: which snapshot
 * to trust, which log records to replay, what is damaged. open-store.ts then carries the plan out.
 * Every refusal happens here, so a refused open leaves every file byte-identical.
 */
import { existsSync } from 'node:fs';
import type { Database, SqlJsStatic } from 'sql.js';
import type { Finding } from '../../../shared/api/contract.ts';
import { logDirOf, scanLog, type ScannedSegment } from './change-log.ts';
import type { LogRecord } from './log-record.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import { checkSnapshot, type SnapshotCheck } from './snapshot-file.ts';
import { prevPathOf } from './snapshot-writer.ts';
import { runOps } from './sql-exec.ts';
import { StoreOpenError } from './store.ts';
import { timed } from '../timing.ts';

export interface TornLog {
  /** The segment where replay stopped, cut back to `validBytes` after a copy is kept. */
  segment: ScannedSegment;
  problem: string;
  /** Later segments, moved aside whole. */
  later: ScannedSegment[];
}

export interface ExistingPlan {
  kind: 'existing';
  db: Database;
  /** The snapshot the state was loaded from. */
  source: Extract<SnapshotCheck, { ok: true }>;
  fromPrev: boolean;
  /** The data file itself when it exists but cannot be trusted (kept aside, never overwritten). */
  corruptData: Extract<SnapshotCheck, { ok: false }> | undefined;
  replayed: LogRecord[];
  lastSeq: number;
  torn: TornLog | undefined;
  /** First seqs of the segments that stay. */
  segments: number[];
  findings: Finding[];
}

export type OpenPlan = { kind: 'create' } | ExistingPlan;

export async function planOpen(
  SQL: SqlJsStatic,
  path: string,
  onProgress?: (read: number, total: number) => void,
): Promise<OpenPlan> {
  const prevPath = prevPathOf(path);
  const segments = scanLog(logDirOf(path));
  const logRecords = segments.reduce((n, s) => n + s.records.length, 0);
  if (!existsSync(path) && !existsSync(prevPath)) {
    if (logRecords === 0) return { kind: 'create' };
    throw new StoreOpenError(
      'unreadable',
      `The data file ${path} is missing, but its change log (${logDirOf(path)}) holds ${logRecords} changes that ` +
        `cannot be applied without it. Restore the data file from a backup, or move the log folder away to start with a new data file.`,
      { file: path, logRecords },
    );
  }

  const findings: Finding[] = [];
  const data = await checkSnapshot(SQL, path, onProgress);
  let source: Extract<SnapshotCheck, { ok: true }>;
  let corruptData: Extract<SnapshotCheck, { ok: false }> | undefined;
  if (data.ok) source = data;
  else {
    if (data.problem !== 'missing') corruptData = data;
    findings.push({
      code: data.problem === 'truncated' ? 'snapshot_truncated' : 'snapshot_corrupt',
      values: { file: path, reason: data.reason },
    });
    const prev = await checkSnapshot(SQL, prevPath, onProgress);
    if (!prev.ok) {
      throw new StoreOpenError(
        'unreadable',
        `The data file ${path} cannot be read (${data.reason}) and there is no usable earlier copy ` +
          `(${prevPath}: ${prev.reason}). Restore the data file from a backup, or move it away (with the files ` +
          `beside it named ${path}.*) to start with a new one.`,
        { file: path, reason: data.reason, prevReason: prev.reason },
      );
    }
    source = prev;
    findings.push({ code: 'restored_previous_snapshot', values: { file: prevPath, seq: prev.appliedSeq } });
  }

  const closeAll = (): void => source.db.close();
  if (source.schemaVersion > SCHEMA_VERSION) {
    closeAll();
    throw new StoreOpenError(
      'newer_schema',
      `The data file ${path} was written by a newer GeZhi (schema ${source.schemaVersion}; this version knows up to ` +
        `${SCHEMA_VERSION}). Open it with that newer version; this one has left it untouched.`,
      { file: path, fileVersion: source.schemaVersion, appVersion: SCHEMA_VERSION },
    );
  }

  try {
    const replay = timed('store.replay', () => replayLog(source.db, segments, source.appliedSeq, path));
    if (replay.records.length)
      findings.push({
        code: 'log_replayed',
        values: { records: replay.records.length, fromSeq: source.appliedSeq + 1, toSeq: replay.lastSeq },
      });
    return {
      kind: 'existing',
      db: source.db,
      source,
      fromPrev: !data.ok,
      corruptData,
      replayed: replay.records,
      lastSeq: replay.lastSeq,
      torn: replay.torn,
      segments: segments.filter((s) => !replay.torn?.later.includes(s)).map((s) => s.firstSeq),
      findings,
    };
  } catch (err) {
    closeAll();
    throw err;
  }
}

interface Replay {
  records: LogRecord[];
  lastSeq: number;
  torn: TornLog | undefined;
}

function replayLog(db: Database, segments: ScannedSegment[], appliedSeq: number, path: string): Replay {
  const records: LogRecord[] = [];
  let lastSeq = appliedSeq;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as ScannedSegment;
    const next = segments[i + 1];
    // Wholly inside the snapshot: the next segment starts at or before the first record we need.
    if (next && next.firstSeq <= appliedSeq + 1) continue;
    if (seg.firstSeq > lastSeq + 1) {
      if (seg.records.length === 0 && !seg.problem) continue;
      throw new StoreOpenError(
        'unreadable',
        `The change log of ${path} lacks changes ${lastSeq + 1}–${seg.firstSeq - 1}, so the data file cannot be ` +
          `brought up to date. Restore the data file from a backup, or move it away with the files named ${path}.* beside it.`,
        { file: path, missingFrom: lastSeq + 1, missingTo: seg.firstSeq - 1 },
      );
    }
    for (const r of seg.records) {
      if (r.seq <= lastSeq) continue;
      try {
        runOps(db, r.ops);
      } catch (err) {
        throw new StoreOpenError(
          'unreadable',
          `Change ${r.seq} in the log of ${path} cannot be applied (${(err as Error).message}). The file was left as it is; ` +
            `restore it from a backup or report this fault.`,
          { file: path, seq: r.seq },
        );
      }
      records.push(r);
      lastSeq = r.seq;
    }
    if (seg.problem)
      return { records, lastSeq, torn: { segment: seg, problem: seg.problem, later: segments.slice(i + 1) } };
  }
  return { records, lastSeq, torn: undefined };
}
