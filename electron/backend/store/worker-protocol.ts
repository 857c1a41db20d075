/** Messages between the store (main thread) and the snapshot worker. */
import type { LogRecord } from './log-record.ts';

/**
 * How the snapshot's predecessors are kept:
 * - rotate: the current file becomes `.prev` (two generations);
 * - both: the new snapshot also becomes `.prev` (a new or migrated file, whose old log is not replayable on it);
 * - keep-prev: `.prev` is left alone (the current file is corrupt and must not become `.prev`).
 */
export type SnapshotMode = 'rotate' | 'both' | 'keep-prev';

/** Size and modification time of a snapshot file as it was read on open. */
export interface FileFingerprint {
  size: number;
  mtimeMs: number;
}

export type ToWorker =
  /**
   * The replica starts from `bytes` or from the (trusted, unchanged) snapshot file `file`. With
   * `deferUntil`, the file is read only when the first snapshot is asked for, and only while it
   * still has that fingerprint; records wait in order until then.
   */
  | {
      type: 'init';
      dataPath: string;
      bytes?: Uint8Array;
      file?: string;
      seq: number;
      deferUntil?: FileFingerprint;
    }
  | { type: 'apply'; records: LogRecord[] }
  | { type: 'snapshot'; id: number; seq: number; mode: SnapshotMode }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'snapshot-done'; id: number; seq: number; ms: number }
  | { type: 'snapshot-failed'; id: number; message: string }
  | { type: 'broken'; message: string };
