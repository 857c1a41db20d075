/** The main thread's side of the snapshot worker: starting it and asking for snapshots. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LogRecord } from './log-record.ts';
import type { FileFingerprint, FromWorker, SnapshotMode, ToWorker } from './worker-protocol.ts';

export type ReplicaStart = { bytes: Uint8Array } | { file: string; deferUntil?: FileFingerprint };

/**
 * From the esbuild bundle (dist/electron/*.cjs) the worker is the sibling snapshot-worker.cjs;
 * from source under tsx it is the .ts file (see worker-source.ts).
 */
async function startWorker(): Promise<Worker> {
  if (typeof __filename === 'string') {
    const bundled = join(dirname(__filename), 'snapshot-worker.cjs');
    if (existsSync(bundled)) return new Worker(bundled);
  }
  // A computed specifier, so esbuild leaves the source-tree branch (and its import.meta) out of the bundle.
  const sourceTree = './worker-source.ts';
  const mod = (await import(sourceTree)) as typeof import('./worker-source.ts');
  return mod.startSourceWorker();
}

export class SnapshotClient {
  private readonly worker: Worker;

  static async start(): Promise<SnapshotClient> {
    return new SnapshotClient(await startWorker());
  }

  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (ms: number) => void; reject: (e: Error) => void }>();
  private ready: Promise<void>;
  private broken: Error | undefined;
  private exited = false;

  private constructor(worker: Worker) {
    this.worker = worker;
    // Durability comes from the log, so an idle worker must not keep a finished process alive;
    // it is ref'd only while someone awaits it.
    this.worker.unref();
    let onReady: () => void = () => undefined;
    let onFail: (e: Error) => void = () => undefined;
    this.ready = new Promise((res, rej) => {
      onReady = res;
      onFail = rej;
    });
    this.ready.catch(() => undefined);
    this.worker.on('message', (msg: FromWorker) => {
      if (msg.type === 'ready') onReady();
      else if (msg.type === 'broken')
        this.breakDown(new Error(`snapshot worker stopped: ${msg.message}`), onFail);
      else {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.type === 'snapshot-done') p?.resolve(msg.ms);
        else p?.reject(new Error(`snapshot failed: ${msg.message}`));
      }
    });
    this.worker.on('error', (err) =>
      this.breakDown(new Error(`snapshot worker crashed: ${err.message}`), onFail),
    );
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.breakDown(new Error(`snapshot worker exited (code ${code})`), onFail);
    });
  }

  /**
   * Hands the replica its starting state: exported bytes (transferred, not copied; sql.js keeps
   * the array it is given, so never pass one a live Database was made from) or a snapshot file,
   * read at once or, with `deferUntil`, when the first snapshot is asked for.
   */
  init(dataPath: string, start: ReplicaStart, seq: number): Promise<void> {
    if ('bytes' in start)
      this.post({ type: 'init', dataPath, bytes: start.bytes, seq }, [start.bytes.buffer as ArrayBuffer]);
    else
      this.post({
        type: 'init',
        dataPath,
        file: start.file,
        seq,
        ...(start.deferUntil ? { deferUntil: start.deferUntil } : {}),
      });
    return this.awaited(this.ready);
  }

  apply(records: LogRecord[]): void {
    if (!this.broken && records.length) this.post({ type: 'apply', records });
  }

  /** Resolves with the time the worker took, once the snapshot is renamed into place. */
  snapshot(seq: number, mode: SnapshotMode): Promise<number> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return this.awaited(
      new Promise((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        this.post({ type: 'snapshot', id, seq, mode });
      }),
    );
  }

  private waiting = 0;

  private async awaited<T>(p: Promise<T>): Promise<T> {
    if (this.waiting++ === 0) this.worker.ref();
    try {
      return await p;
    } finally {
      if (--this.waiting === 0) this.worker.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    this.worker.ref();
    const exited = new Promise<void>((res) => this.worker.once('exit', () => res()));
    this.post({ type: 'stop' });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise<void>((res) => (timer = setTimeout(res, 2000)))]);
    clearTimeout(timer);
    if (!this.exited) await this.worker.terminate();
  }

  private post(msg: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(msg, transfer);
  }

  private breakDown(err: Error, onFail: (e: Error) => void): void {
    this.broken ??= err;
    onFail(this.broken);
    for (const p of this.pending.values()) p.reject(this.broken);
    this.pending.clear();
  }
}
