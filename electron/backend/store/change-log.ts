/**
 * The change log: segment files `<data>.log/NNNNNNNNNNNN.seg`, each named by the seq of its first
 * record. A new segment starts at every snapshot so whole segments can be deleted once two
 * snapshot generations cover them. Appends use group commit: records queued while an fsync is in
 * flight share the next one.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, open, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsyncDir } from './fs-durable.ts';
import { decodeSegment, encodeRecord, type LogRecord } from './log-record.ts';

const SEGMENT_RE = /^(\d{12})\.seg$/;

export function logDirOf(dataPath: string): string {
  return `${dataPath}.log`;
}

export function segmentName(firstSeq: number): string {
  return `${String(firstSeq).padStart(12, '0')}.seg`;
}

export interface ScannedSegment {
  path: string;
  firstSeq: number;
  size: number;
  records: LogRecord[];
  validBytes: number;
  problem: string | undefined;
}

/** Reads every segment in seq order; touches nothing. */
export function scanLog(dir: string): ScannedSegment[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const segments: ScannedSegment[] = [];
  for (const name of names) {
    const m = SEGMENT_RE.exec(name);
    if (!m?.[1]) continue;
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const firstSeq = Number(m[1]);
    const buf = readFileSync(path);
    const decoded = decodeSegment(buf, firstSeq);
    segments.push({ path, firstSeq, size: buf.length, ...decoded });
  }
  return segments.sort((a, b) => a.firstSeq - b.firstSeq);
}

/** Segment file names present (first seqs), sorted. */
export function listSegments(dir: string): number[] {
  try {
    return readdirSync(dir)
      .map((n) => SEGMENT_RE.exec(n)?.[1])
      .filter((s): s is string => s !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

type QueueItem =
  | { kind: 'record'; record: LogRecord; frame: Buffer; resolve: () => void; reject: (e: Error) => void }
  | { kind: 'roll'; firstSeq: number; resolve: () => void; reject: (e: Error) => void };

/** Test hook: lets a test make the disk fail without a full disk. */
export interface LogFaults {
  beforeWrite?: () => void;
}

export class LogAppender {
  private queue: QueueItem[] = [];
  private flushing: Promise<void> | undefined;
  private failure: Error | undefined;

  private constructor(
    readonly dir: string,
    private fh: FileHandle,
    private readonly onDurable: (records: LogRecord[]) => void,
    private readonly faults: LogFaults,
  ) {}

  /** Starts a fresh segment for records from `firstSeq` on (an empty leftover of that name is replaced). */
  static async open(
    dir: string,
    firstSeq: number,
    onDurable: (records: LogRecord[]) => void,
    faults: LogFaults = {},
  ): Promise<LogAppender> {
    if (!existsSync(dir)) {
      await mkdir(dir, { recursive: true });
      await fsyncDir(dirname(dir));
    }
    const fh = await openSegment(dir, firstSeq);
    return new LogAppender(dir, fh, onDurable, faults);
  }

  /** The disk error that made the log unusable, if any. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /** Resolves once the record is fsynced. */
  append(record: LogRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.queue.push({ kind: 'record', record, frame: encodeRecord(record), resolve, reject });
      this.kick();
    });
  }

  /** Starts a new segment after every record queued so far; resolves once it exists on disk. */
  roll(firstSeq: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.queue.push({ kind: 'roll', firstSeq, resolve, reject });
      this.kick();
    });
  }

  /** Waits for everything queued, then closes the segment. */
  async close(): Promise<void> {
    await this.flushing;
    await this.fh.close().catch(() => undefined);
  }

  async deleteSegments(firstSeqs: number[]): Promise<void> {
    for (const s of firstSeqs) await unlink(join(this.dir, segmentName(s))).catch(() => undefined);
    if (firstSeqs.length) await fsyncDir(this.dir).catch(() => undefined);
  }

  private kick(): void {
    this.flushing ??= this.flushLoop().finally(() => {
      this.flushing = undefined;
      if (this.queue.length) this.kick();
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length) {
      const head = this.queue[0];
      if (head?.kind === 'roll') {
        this.queue.shift();
        await this.doRoll(head);
        continue;
      }
      const end = this.queue.findIndex((i) => i.kind === 'roll');
      const batch = this.queue.splice(0, end === -1 ? this.queue.length : end) as Extract<
        QueueItem,
        { kind: 'record' }
      >[];
      try {
        this.faults.beforeWrite?.();
        const buf =
          batch.length === 1
            ? (batch[0] as (typeof batch)[0]).frame
            : Buffer.concat(batch.map((i) => i.frame));
        let off = 0;
        while (off < buf.length) off += (await this.fh.write(buf, off, buf.length - off)).bytesWritten;
        await this.fh.datasync();
      } catch (err) {
        this.fail(err, batch);
        return;
      }
      this.onDurable(batch.map((i) => i.record));
      for (const i of batch) i.resolve();
    }
  }

  private async doRoll(item: Extract<QueueItem, { kind: 'roll' }>): Promise<void> {
    try {
      await this.fh.close();
      this.fh = await openSegment(this.dir, item.firstSeq);
    } catch (err) {
      this.fail(err, [item]);
      return;
    }
    item.resolve();
  }

  private fail(err: unknown, batch: QueueItem[]): void {
    const cause = err instanceof Error ? err : new Error(String(err));
    this.failure = new Error(
      `the change log could not be written (${cause.message}); the data file is now read-only`,
      { cause },
    );
    const all = [...batch, ...this.queue.splice(0)];
    for (const i of all) i.reject(this.failure);
  }
}

async function openSegment(dir: string, firstSeq: number): Promise<FileHandle> {
  const fh = await open(join(dir, segmentName(firstSeq)), 'w');
  // The new name must be durable before any record in it is acknowledged.
  await fsyncDir(dir);
  return fh;
}
