/**
 * Change-log record framing: u32 payload length, u32 CRC32 of the payload (both little-endian),
 * then the payload, JSON {seq, ops}. Byte params travel as {"$b64": ...} because JSON has no bytes.
 */
import { crc32 } from 'node:zlib';
import type { SqlValue, WriteOp } from './store.ts';

export interface LogRecord {
  seq: number;
  ops: WriteOp[];
}

const FRAME_HEADER = 8;
/** A length beyond this is garbage, not a record (a write is a handful of statements). */
const MAX_PAYLOAD = 256 * 1024 * 1024;

export function encodeRecord(record: LogRecord): Buffer {
  const payload = Buffer.from(
    JSON.stringify(record, (_key, value: unknown) =>
      value instanceof Uint8Array
        ? { $b64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') }
        : value,
    ),
    'utf8',
  );
  const frame = Buffer.allocUnsafe(FRAME_HEADER + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  payload.copy(frame, FRAME_HEADER);
  return frame;
}

export interface DecodedSegment {
  records: LogRecord[];
  /** Bytes of whole, CRC-checked records from the start of the segment. */
  validBytes: number;
  /** Why decoding stopped before the end of the buffer; undefined when the whole buffer was read. */
  problem: string | undefined;
}

/** Reads records until the end or the first damaged one; `firstSeq` is the seq the file name promises. */
export function decodeSegment(buf: Buffer, firstSeq: number): DecodedSegment {
  const records: LogRecord[] = [];
  let off = 0;
  let expected = firstSeq;
  const stop = (problem: string): DecodedSegment => ({ records, validBytes: off, problem });
  while (off < buf.length) {
    if (buf.length - off < FRAME_HEADER) return stop(`${buf.length - off} stray bytes at the end`);
    const len = buf.readUInt32LE(off);
    if (len === 0 || len > MAX_PAYLOAD) return stop(`invalid record length ${len}`);
    if (off + FRAME_HEADER + len > buf.length)
      return stop(`record cut short (${buf.length - off - FRAME_HEADER} of ${len} bytes)`);
    const payload = buf.subarray(off + FRAME_HEADER, off + FRAME_HEADER + len);
    if (crc32(payload) !== buf.readUInt32LE(off + 4)) return stop('checksum mismatch');
    let record: LogRecord;
    try {
      record = parsePayload(payload);
    } catch (err) {
      return stop(`unreadable record: ${(err as Error).message}`);
    }
    if (record.seq !== expected) return stop(`record seq ${record.seq} where ${expected} was expected`);
    records.push(record);
    expected++;
    off += FRAME_HEADER + len;
  }
  return { records, validBytes: off, problem: undefined };
}

function parsePayload(payload: Buffer): LogRecord {
  const parsed: unknown = JSON.parse(payload.toString('utf8'), (_key, value: unknown) => {
    if (value && typeof value === 'object' && '$b64' in value) {
      const b64 = (value as { $b64: unknown }).$b64;
      if (typeof b64 === 'string') return new Uint8Array(Buffer.from(b64, 'base64'));
    }
    return value;
  });
  if (!isRecord(parsed)) throw new Error('not a {seq, ops} record');
  return parsed;
}

function isRecord(v: unknown): v is LogRecord {
  if (!v || typeof v !== 'object') return false;
  const r = v as { seq?: unknown; ops?: unknown };
  return Number.isSafeInteger(r.seq) && Array.isArray(r.ops) && r.ops.every(isOp);
}

function isOp(v: unknown): v is WriteOp {
  if (!v || typeof v !== 'object') return false;
  const op = v as { sql?: unknown; params?: unknown };
  return (
    typeof op.sql === 'string' &&
    (op.params === undefined || (Array.isArray(op.params) && op.params.every(isSqlValue)))
  );
}

function isSqlValue(v: unknown): v is SqlValue {
  return v === null || typeof v === 'number' || typeof v === 'string' || v instanceof Uint8Array;
}
