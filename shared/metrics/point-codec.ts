/**
 * Heatmap points and bins travel as one base64 string of little-endian float32 records, not as
 * GeoJSON: 100,000 points are 1.6 MB of floats instead of ~15 MB of objects, and the map worker
 * decodes them with one pass into a Float32Array. Float32 keeps lon/lat to ~1 m here.
 */
import { CASE_STATUSES, type CaseStatus } from '../cases/types.ts';

export interface PackedRecords {
  /** Numbers per record. */
  stride: number;
  /** Records. */
  count: number;
  /** Base64 of count × stride little-endian float32 values. */
  data: string;
}

/** A point's state: the status index in CASE_STATUSES, plus OVERDUE_FLAG when past due. */
export const OVERDUE_FLAG = 16;
export const stateCode = (status: CaseStatus, overdue: boolean): number =>
  CASE_STATUSES.indexOf(status) + (overdue ? OVERDUE_FLAG : 0);
export function decodeState(code: number): { status: CaseStatus; overdue: boolean } {
  const overdue = code >= OVERDUE_FLAG;
  return { status: CASE_STATUSES[overdue ? code - OVERDUE_FLAG : code]!, overdue };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Uint8Array(128);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** Plain-TS base64 so shared/ stays free of Buffer and atob; hosts may use faster native ones. */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    chunk += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    chunk += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + '=';
  }
  parts.push(chunk);
  return parts.join('');
}

export function base64ToBytes(b64: string): Uint8Array {
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((b64.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < b64.length; i += 4) {
    const n =
      (LOOKUP[b64.charCodeAt(i)]! << 18) |
      (LOOKUP[b64.charCodeAt(i + 1)]! << 12) |
      (LOOKUP[b64.charCodeAt(i + 2)]! << 6) |
      LOOKUP[b64.charCodeAt(i + 3)]!;
    if (o < out.length) out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function toLittleEndian(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (littleEndian) return bytes;
  const out = new Uint8Array(bytes.length);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

export function packRecords(
  values: Float32Array,
  stride: number,
  toBase64: (b: Uint8Array) => string = bytesToBase64,
): PackedRecords {
  return { stride, count: values.length / stride, data: toBase64(toLittleEndian(values)) };
}

export function unpackRecords(p: PackedRecords): Float32Array {
  const bytes = base64ToBytes(p.data);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(p.count * p.stride);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
