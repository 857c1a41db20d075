/**
 * Snapshot worker: keeps a replica of the database, fed the same log records the main thread
 * made durable, and exports it on request. Exporting here keeps the 0.3 s export and the file write
 * off the request path, and sql.js' export() freeing statements and resetting pragmas never
 * touches the main thread's connection.
 */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import type { Database } from 'sql.js';
import { reportTiming } from '../timing.ts';
import { loadSqlJs, runOps, writeAppliedSeq } from './sql-exec.ts';
import { putSnapshot } from './snapshot-writer.ts';
import type { FromWorker, ToWorker } from './worker-protocol.ts';

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

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init': {
      const t0 = performance.now();
      const SQL = await loadSqlJs();
      db = new SQL.Database(msg.bytes ?? (msg.file ? await readFile(msg.file) : undefined));
      reportTiming('replica.init', performance.now() - t0);
      dataPath = msg.dataPath;
      appliedSeq = msg.seq;
      send({ type: 'ready' });
      return;
    }
    case 'apply': {
      if (broken || !db) return;
      for (const r of msg.records) {
        if (r.seq !== appliedSeq + 1) throw new Error(`replica got record ${r.seq} after ${appliedSeq}`);
        try {
          runOps(db, r.ops);
        } catch (err) {
          // The main thread committed this record; failing here means a non-deterministic statement.
          throw new Error(`replica diverged at record ${r.seq}: ${(err as Error).message}`, { cause: err });
        }
        appliedSeq = r.seq;
      }
      return;
    }
    case 'snapshot': {
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
