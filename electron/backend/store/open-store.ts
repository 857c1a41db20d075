/**
 * openStore: the data file as a durable store. Writes are applied to the in-memory sql.js
 * database, appended to the change log and acknowledged once fsynced; a worker folds the log into
 * snapshots. See store.ts for the contract and open-plan.ts for what happens to damaged files.
 */
import { mkdir, rename, truncate, unlink } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Database } from 'sql.js';
import type { Finding, OpenReport } from '../../../shared/api/contract.ts';
import { LogAppender, logDirOf, type LogFaults } from './change-log.ts';
import { acquireLock, type FileLock } from './file-lock.ts';
import { copyFileDurable, fsyncDir, stamp, writeFileDurable } from './fs-durable.ts';
import { timed, timedAsync } from '../timing.ts';
import type { LogRecord } from './log-record.ts';
import { runMigrations, SCHEMA_VERSION } from './migrations.ts';
import { planOpen, type ExistingPlan } from './open-plan.ts';
import { SnapshotClient, type ReplicaStart } from './snapshot-client.ts';
import { prevPathOf, tmpPathOf } from './snapshot-writer.ts';
import { loadSqlJs, queryAll, runOps } from './sql-exec.ts';
import {
  StoreOpenError,
  type Row,
  type SqlValue,
  type Store,
  type StoreOptions,
  type WriteOp,
} from './store.ts';
import type { SnapshotMode } from './worker-protocol.ts';

/** Test-only fault injection; not part of the Store contract. */
export interface StoreTestHooks {
  log?: LogFaults;
}

export async function openStore(options: StoreOptions, hooks: StoreTestHooks = {}): Promise<Store> {
  const path = resolve(options.path);
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (err) {
    throw new StoreOpenError('io', `Cannot create the folder for ${path}: ${(err as Error).message}`, {
      file: path,
    });
  }
  const lock = acquireLock(path);
  try {
    const SQL = await loadSqlJs();
    const plan = await timedAsync('store.plan', () => planOpen(SQL, path, options.onReadProgress));
    // Leftovers of a snapshot cut short; never trusted, removed so they are not mistaken for progress.
    for (const leftover of [tmpPathOf(path), `${prevPathOf(path)}.tmp`])
      await unlink(leftover).catch(() => undefined);
    if (plan.kind === 'create') {
      const db = new SQL.Database();
      runMigrations(db);
      options.populate?.(db);
      return await DurableStore.start(path, db, lock, options, hooks, {
        report: { outcome: 'created', findings: [] },
        worker: { start: { bytes: db.export() }, seq: 0 },
        replay: [],
        lastSeq: 0,
        snapshot: 'both',
        currentSeq: 0,
        prevSeq: 0,
        segments: [],
      });
    }
    const state = await timedAsync('store.carry-out', () => carryOut(path, plan));
    return await timedAsync('store.start', () =>
      DurableStore.start(path, plan.db, lock, options, hooks, state),
    );
  } catch (err) {
    lock.release();
    if (err instanceof StoreOpenError) throw err;
    throw new StoreOpenError('io', `Cannot open the data file ${path}: ${(err as Error).message}`, {
      file: path,
    });
  }
}

interface StartState {
  report: OpenReport;
  /** The replica's starting point; `replay` is then applied on top of it. */
  worker: { start: ReplicaStart; seq: number };
  replay: LogRecord[];
  lastSeq: number;
  /** Snapshot to take before accepting writes, if the disk does not already hold this state. */
  snapshot: SnapshotMode | undefined;
  /** applied_seq of `<data>` and of `.prev` (undefined: unknown, so no segment is deleted yet). */
  currentSeq: number;
  prevSeq: number | undefined;
  segments: number[];
}

/** Keeps damaged files aside, cuts a torn log back, migrates: the side effects of an existing-file open. */
async function carryOut(path: string, plan: ExistingPlan): Promise<StartState> {
  const findings: Finding[] = [...plan.findings];
  const when = stamp();
  if (plan.corruptData) {
    const kept = `${path}.corrupt-${when}`;
    await copyFileDurable(path, kept);
    findings.push({ code: 'corrupt_file_kept', values: { file: kept, reason: plan.corruptData.reason } });
  }
  if (plan.torn) {
    const seg = plan.torn.segment;
    const kept = `${seg.path}.torn-${when}`;
    await copyFileDurable(seg.path, kept);
    await truncate(seg.path, seg.validBytes);
    const fh = await open(seg.path, 'r+');
    await fh.sync().finally(() => fh.close());
    let lostRecords = 0;
    for (const later of plan.torn.later) {
      lostRecords += later.records.length;
      await rename(later.path, `${later.path}.torn-${when}`);
    }
    await fsyncDir(logDirOf(path));
    findings.push({
      code: 'log_tail_torn',
      values: {
        segment: seg.path,
        keptAs: kept,
        problem: plan.torn.problem,
        bytesDropped: seg.size - seg.validBytes,
        lastGoodSeq: plan.lastSeq,
        ...(lostRecords ? { laterRecordsSetAside: lostRecords } : {}),
      },
    });
  }

  const fromVersion = plan.source.schemaVersion;
  let migrated = false;
  if (fromVersion < SCHEMA_VERSION) {
    const backup = `${path}.schema-v${fromVersion}.bak`;
    // The old-version state is the source snapshot plus replayed records; export it only when they differ.
    if (plan.replayed.length) await writeFileDurable(`${backup}.tmp`, plan.db.export());
    else await copyFileDurable(plan.source.path, `${backup}.tmp`, true);
    await rename(`${backup}.tmp`, backup);
    await fsyncDir(dirname(path));
    findings.push({ code: 'backup_written', values: { file: backup, schemaVersion: fromVersion } });
    timed('store.migrate', () => runMigrations(plan.db));
    findings.push({ code: 'migrated', values: { fromVersion, toVersion: SCHEMA_VERSION } });
    migrated = true;
  }

  const damaged = plan.fromPrev || plan.corruptData !== undefined || plan.torn !== undefined;
  const outcome: OpenReport['outcome'] = damaged ? 'recovered' : migrated ? 'migrated' : 'opened';
  // A migrated state exists in no file, so the replica starts from an export of it; otherwise it
  // starts from the trusted snapshot's bytes and replays the same records.
  const base = {
    report: { outcome, findings },
    lastSeq: plan.lastSeq,
    segments: plan.segments,
  };
  if (migrated) {
    return {
      ...base,
      worker: { start: { bytes: plan.db.export() }, seq: plan.lastSeq },
      replay: [],
      snapshot: 'both',
      currentSeq: 0,
      prevSeq: 0,
    };
  }
  const mode: SnapshotMode | undefined =
    plan.fromPrev || plan.corruptData
      ? 'keep-prev'
      : plan.replayed.length || plan.torn
        ? 'rotate'
        : undefined;
  return {
    ...base,
    worker: {
      // A clean open: the file on disk is the state, so the replica may read it when first needed.
      start: {
        file: plan.source.path,
        ...(mode === undefined ? { deferUntil: plan.source.fingerprint } : {}),
      },
      seq: plan.source.appliedSeq,
    },
    replay: plan.replayed,
    snapshot: mode,
    currentSeq: plan.source.appliedSeq,
    prevSeq: plan.fromPrev ? plan.source.appliedSeq : undefined,
  };
}

class DurableStore implements Store {
  readonly schemaVersion = SCHEMA_VERSION;
  private lastSeq: number;
  private currentSeq: number;
  private prevSeq: number | undefined;
  private segments: number[];
  private activeSegment: number;
  private sinceRoll = 0;
  private inFlight: Promise<void> | undefined;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  /** Why the last automatic snapshot failed; the log still holds everything. */
  lastSnapshotError: Error | undefined;
  private log!: LogAppender;

  private constructor(
    readonly path: string,
    private readonly db: Database,
    private readonly lock: FileLock,
    private readonly worker: SnapshotClient,
    readonly report: OpenReport,
    private readonly everyRecords: number,
    state: StartState,
  ) {
    this.lastSeq = state.lastSeq;
    this.currentSeq = state.currentSeq;
    this.prevSeq = state.prevSeq;
    this.segments = state.segments;
    this.activeSegment = state.lastSeq + 1;
  }

  static async start(
    path: string,
    db: Database,
    lock: FileLock,
    options: StoreOptions,
    hooks: StoreTestHooks,
    state: StartState,
  ): Promise<DurableStore> {
    const worker = await SnapshotClient.start();
    const store = new DurableStore(
      path,
      db,
      lock,
      worker,
      state.report,
      options.snapshotEveryRecords ?? 5000,
      state,
    );
    try {
      const replicaReady = worker.init(path, state.worker.start, state.worker.seq);
      worker.apply(state.replay);
      // The recovered or new state goes to disk before the log continues after it.
      if (state.snapshot) {
        await replicaReady;
        await store.runSnapshot(state.lastSeq, state.snapshot, false);
      } else {
        // A clean open needs no snapshot now: the replica reads its own copy of the file only when
        // the first snapshot is due (snapshot-worker.ts), and records wait for it in the worker;
        // should that fail, snapshots fail and the fsynced log keeps every write.
        replicaReady.catch((err: unknown) => {
          store.lastSnapshotError = err as Error;
        });
      }
      store.log = await LogAppender.open(
        logDirOf(path),
        state.lastSeq + 1,
        (records) => worker.apply(records),
        hooks.log,
      );
      if (!store.segments.includes(store.activeSegment)) store.segments.push(store.activeSegment);
      await store.deleteCoveredSegments();
    } catch (err) {
      await worker.stop();
      db.close();
      throw err;
    }
    const everyMs = options.snapshotEveryMs ?? 30_000;
    store.timer = setInterval(() => store.autoSnapshot(), Math.max(10, Math.min(everyMs, 1000)));
    store.timer.unref();
    store.everyMs = everyMs;
    return store;
  }

  private everyMs = 30_000;
  private lastSnapshotAt = Date.now();

  all<T extends Row = Row>(sql: string, params: SqlValue[] = []): T[] {
    this.assertOpen();
    return queryAll<T>(this.db, sql, params);
  }

  get<T extends Row = Row>(sql: string, params: SqlValue[] = []): T | undefined {
    return this.all<T>(sql, params)[0];
  }

  write(ops: WriteOp[]): Promise<void> {
    try {
      this.assertOpen();
      if (this.log.failed) throw this.log.failed;
      // Copies, so a caller reusing its arrays cannot change what the replica later applies.
      const own = ops.map((o) => ({ sql: o.sql, params: o.params ? [...o.params] : [] }));
      runOps(this.db, own);
      const seq = ++this.lastSeq;
      const durable = this.log.append({ seq, ops: own });
      if (++this.sinceRoll >= this.everyRecords && !this.inFlight) this.autoSnapshot(true);
      return durable;
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  async snapshot(): Promise<void> {
    this.assertOpen();
    await this.snapshotUpTo(this.lastSeq);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    let failure: unknown;
    try {
      await this.snapshotUpTo(this.lastSeq);
    } catch (err) {
      failure = err;
    }
    this.closed = true;
    await this.log.close();
    await this.worker.stop();
    this.db.close();
    this.lock.release();
    if (failure && !this.log.failed) throw failure;
  }

  /** Waits for a running snapshot, then takes one unless `<data>` already holds `seq`. */
  private async snapshotUpTo(seq: number): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    if (this.currentSeq >= seq) return;
    if (this.log.failed) throw this.log.failed;
    await this.startSnapshot('rotate');
  }

  private autoSnapshot(force = false): void {
    if (this.closed || this.inFlight || this.lastSeq <= this.currentSeq || this.log.failed) return;
    if (!force && Date.now() - this.lastSnapshotAt < this.everyMs && this.sinceRoll < this.everyRecords)
      return;
    this.startSnapshot('rotate').catch((err: unknown) => {
      this.lastSnapshotError = err as Error;
    });
  }

  private startSnapshot(mode: SnapshotMode): Promise<void> {
    const seq = this.lastSeq;
    this.sinceRoll = 0;
    this.lastSnapshotAt = Date.now();
    const run = (async () => {
      if (this.activeSegment !== seq + 1) {
        // Queued behind every record up to seq, so the replica has them all when asked below.
        await this.log.roll(seq + 1);
        this.activeSegment = seq + 1;
        this.segments.push(seq + 1);
      }
      await this.runSnapshot(seq, mode, true);
    })();
    this.inFlight = run.finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async runSnapshot(seq: number, mode: SnapshotMode, deleteAfter: boolean): Promise<void> {
    await this.worker.snapshot(seq, mode);
    if (mode === 'rotate') this.prevSeq = this.currentSeq;
    if (mode === 'both') this.prevSeq = seq;
    this.currentSeq = seq;
    this.lastSnapshotError = undefined;
    if (deleteAfter) await this.deleteCoveredSegments();
  }

  /** Segments whose every record is in `.prev` too: neither snapshot generation needs them. */
  private async deleteCoveredSegments(): Promise<void> {
    const prev = this.prevSeq;
    if (prev === undefined) return;
    const doomed: number[] = [];
    for (let i = 0; i + 1 < this.segments.length; i++) {
      const next = this.segments[i + 1] as number;
      if (next - 1 <= prev && this.segments[i] !== this.activeSegment)
        doomed.push(this.segments[i] as number);
    }
    if (!doomed.length) return;
    this.segments = this.segments.filter((s) => !doomed.includes(s));
    await this.log.deleteSegments(doomed);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`the data file ${this.path} is closed`);
  }
}
