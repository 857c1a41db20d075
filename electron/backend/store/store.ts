/**
 * The data file: one SQLite/GeoPackage file held in memory by sql.js, made durable by an fsynced
 * change log beside it and periodic snapshots written off the request path. This module holds the
 * interface; open-store.ts implements it.
 */
import type { Database } from 'sql.js';
import type { OpenReport } from '../../../shared/api/contract.ts';

export type SqlValue = number | string | Uint8Array | null;
export type Row = Record<string, SqlValue>;

/** One statement of a write. Must be deterministic (no now(), random()): it is replayed from the log. */
export interface WriteOp {
  sql: string;
  params?: SqlValue[];
}

export interface StoreOptions {
  /** The data file, e.g. userData/gezhi.gpkg. Its folder is created when missing. */
  path: string;
  /**
   * Fills a brand-new data file after the migrations ran and before its first snapshot (not logged:
   * the snapshot makes it durable). Not called when the file exists.
   */
  populate?: (db: Database) => void;
  /** Fold the log into a new snapshot after this many records or this many ms with records pending. */
  snapshotEveryRecords?: number;
  snapshotEveryMs?: number;
  /** How much of the data file has been read into memory so far, as it is read (bytes). */
  onReadProgress?: (read: number, total: number) => void;
}

export interface Store {
  readonly path: string;
  readonly schemaVersion: number;
  /** What was found on open and what was recovered; the UI shows it when not clean. */
  readonly report: OpenReport;
  /** Read rows (sees every write applied so far). */
  all<T extends Row = Row>(sql: string, params?: SqlValue[]): T[];
  get<T extends Row = Row>(sql: string, params?: SqlValue[]): T | undefined;
  /**
   * Apply the statements atomically; resolves only once they are on disk (fsynced log record).
   * A failing statement rolls the whole write back and rejects; nothing is logged.
   */
  write(ops: WriteOp[]): Promise<void>;
  /** Fold the log into a new snapshot now (resolves when the new snapshot is renamed into place). */
  snapshot(): Promise<void>;
  /** Final snapshot, then release the file lock. */
  close(): Promise<void>;
}

export type StoreOpenErrorCode = 'newer_schema' | 'unreadable' | 'locked' | 'io';

/** Opening failed; nothing on disk was changed. `details` feed the user's message. */
export class StoreOpenError extends Error {
  constructor(
    readonly code: StoreOpenErrorCode,
    message: string,
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'StoreOpenError';
  }
}
