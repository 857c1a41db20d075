/** Messages between the store (main thread) and the snapshot worker. */
import type { LogRecord } from './log-record.ts';

/**
 * How the snapshot's predecessors are kept:
 * - rotate: the current file becomes `.prev` (two generations);
 * - both: the new snapshot also becomes `.prev` (a new or migrated file, whose old log is not replayable on it);
 * - keep-prev: `.prev` is left alone (the current file is corrupt and must not become `.prev`).
 */
export type SnapshotMode = 'rotate' | 'both' | 'keep-prev';

export type ToWorker =
  /** The replica starts from `bytes` or from the (trusted, unchanged) snapshot file `file`. */
  | { type: 'init'; dataPath: string; bytes?: Uint8Array; file?: string; seq: number }
  | { type: 'apply'; records: LogRecord[] }
  | { type: 'snapshot'; id: number; seq: number; mode: SnapshotMode }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'snapshot-done'; id: number; seq: number; ms: number }
  | { type: 'snapshot-failed'; id: number; message: string }
  | { type: 'broken'; message: string };
