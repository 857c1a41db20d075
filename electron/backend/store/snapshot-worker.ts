/**
 * Snapshot worker: keeps a replica of the database, fed the same log records the main thread
 * made durable, and exports it on request. After a clean open the replica is read from the file
 * only when the first snapshot is due: a session that changes nothing never holds a second copy
 * (1.7 GB and a second full read at 1M cases), and the open does not share the machine with it. Exporting here keeps the 0.3 s export and the file write
 * off the request path, and sql.js' export() freeing statements and resetting pragmas never
 * touches the main thread's connection.
 */
import { stat } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import type { Database } from 'sql.js';
import { reportTiming } from '../timing.ts';
import { readWholeFile } from './read-whole-file.ts';
import { loadSqlJs, runOps, writeAppliedSeq } from './sql-exec.ts';
import { putSnapshot } from './snapshot-writer.ts';
import type { LogRecord } from './log-record.ts';
import type { FileFingerprint, FromWorker, ToWorker } from './worker-protocol.ts';

if (!parentPort) throw new Error('snapshot-worker must run as a worker thread');
const port = parentPort;

let db: Database | undefined;
let dataPath = '';
let appliedSeq = 0;
let broken: string | undefined;
// Messages are handled strictly in order; an async snapshot must not let later applies overtake it.
let chain: Promise<void> = Promise.resolve();

const send = (msg: FromWorker): void => port.postMessage(msg);

port.on('message', (msg: ToWorker) => {
  chain = chain
    .then(() => handle(msg))
    .catch((err: unknown) => {
      broken = (err as Error).message;
      send({ type: 'broken', message: broken });
    });
});

/** A clean open's replica, not read yet: its file, and the records that came since, in order. */
let deferred: { file: string; fingerprint: FileFingerprint; records: LogRecord[] } | undefined;

function applyRecords(records: readonly LogRecord[]): void {
  if (!db) return;
  for (const r of records) {
    if (r.seq !== appliedSeq + 1) throw new Error(`replica got record ${r.seq} after ${appliedSeq}`);
    try {
      runOps(db, r.ops);
    } catch (err) {
      // The main thread committed this record; failing here means a non-deterministic statement.
      throw new Error(`replica diverged at record ${r.seq}: ${(err as Error).message}`, { cause: err });
    }
    appliedSeq = r.seq;
  }
}

const changed = (now: FileFingerprint, then: FileFingerprint): boolean =>
  now.size !== then.size || now.mtimeMs !== then.mtimeMs;

/**
 * Reads the deferred replica's file, which must still be the bytes the main thread opened: only
 * this worker writes the data file while the lock is held, so a difference means another program
 * changed it. The snapshot is then refused rather than built on bytes the main thread never had
 * (the change log keeps every write; the next open replays it).
 */
async function loadDeferred(): Promise<void> {
  const d = deferred;
  if (!d) return;
  const t0 = performance.now();
  const SQL = await loadSqlJs();
  const { bytes, fingerprint } = readWholeFile(d.file, false);
  const after = await stat(d.file);
  if (
    changed(fingerprint, d.fingerprint) ||
    changed(after, d.fingerprint) ||
    bytes.length !== d.fingerprint.size
  )
    throw new Error(
      `the data file ${d.file} was changed by another program while GeZhi had it open ` +
        `(size ${d.fingerprint.size} → ${after.size} bytes); no snapshot is written over it, and every change ` +
        'since it was opened stays in the change log',
    );
  db = new SQL.Database(bytes);
  deferred = undefined;
  applyRecords(d.records);
  reportTiming('replica.init', performance.now() - t0);
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init': {
      dataPath = msg.dataPath;
      appliedSeq = msg.seq;
      if (msg.file && msg.deferUntil) {
        deferred = { file: msg.file, fingerprint: msg.deferUntil, records: [] };
        send({ type: 'ready' });
        return;
      }
      const t0 = performance.now();
      const SQL = await loadSqlJs();
      db = new SQL.Database(msg.bytes ?? (msg.file ? readWholeFile(msg.file, false).bytes : undefined));
      reportTiming('replica.init', performance.now() - t0);
      send({ type: 'ready' });
      return;
    }
    case 'apply': {
      if (broken) return;
      if (deferred) {
        for (const r of msg.records) {
          const last = deferred.records.at(-1)?.seq ?? appliedSeq;
          if (r.seq !== last + 1) throw new Error(`replica got record ${r.seq} after ${last}`);
          deferred.records.push(r);
        }
        return;
      }
      applyRecords(msg.records);
      return;
    }
    case 'snapshot': {
      if (!broken) await loadDeferred();
      if (broken || !db)
        return send({ type: 'snapshot-failed', id: msg.id, message: broken ?? 'replica not initialised' });
      if (msg.seq !== appliedSeq) {
        return send({
          type: 'snapshot-failed',
          id: msg.id,
          message: `snapshot at ${msg.seq} asked, replica at ${appliedSeq}`,
        });
      }
      const t0 = performance.now();
      try {
        // Part of the replica's state, not a log record: the seq this snapshot folds in.
        writeAppliedSeq(db, appliedSeq);
        await putSnapshot(dataPath, db.export(), msg.mode);
      } catch (err) {
        return send({ type: 'snapshot-failed', id: msg.id, message: (err as Error).message });
      }
      send({ type: 'snapshot-done', id: msg.id, seq: appliedSeq, ms: performance.now() - t0 });
      return;
    }
    case 'stop': {
      db?.close();
      db = undefined;
      port.close();
      return;
    }
  }
}
