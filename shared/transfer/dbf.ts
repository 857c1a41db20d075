/**
 * dBASE III tables as Shapefiles carry them. Read by hand rather than through the shapefile
 * package's DBF reader because the text encoding is not known up front: the raw bytes of the text
 * fields are what decides between GBK and UTF-8 (and what the planner previews both ways).
 * Written by hand because no library at hand writes GBK-encoded DBF text correctly.
 */
import { TransferError } from './errors.ts';

export type DbfEncoding = 'utf-8' | 'gbk';
export type DbfValue = string | number | boolean | null;

export interface DbfField {
  /** Raw name bytes (names may be GBK too). */
  nameBytes: Uint8Array;
  type: string;
  length: number;
  decimals: number;
  offset: number;
}

export interface DbfTable {
  fields: DbfField[];
  recordCount: number;
  /** Language driver id (byte 29): 0x4d is code page 936 (GBK), 0x57 ANSI/unspecified. */
  languageDriver: number;
  bytes: Uint8Array;
  headerLength: number;
  recordLength: number;
}

export function readDbfHeader(bytes: Uint8Array): DbfTable {
  if (bytes.length < 32) throw new TransferError('truncatedDbf', 'The .dbf file is too short', {});
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const recordCount = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const fields: DbfField[] = [];
  let offset = 1;
  for (let p = 32; p + 32 <= headerLength && bytes[p] !== 0x0d; p += 32) {
    let end = p;
    while (end < p + 11 && bytes[end] !== 0) end++;
    const length = bytes[p + 16] as number;
    fields.push({
      nameBytes: bytes.slice(p, end),
      type: String.fromCharCode(bytes[p + 11] as number),
      length,
      decimals: bytes[p + 17] as number,
      offset,
    });
    offset += length;
  }
  if (headerLength + recordCount * recordLength > bytes.length)
    throw new TransferError(
      'truncatedDbf',
      `The .dbf file is truncated: ${recordCount} records declared, the file holds fewer`,
      {
        declared: recordCount,
        present: Math.max(0, Math.floor((bytes.length - headerLength) / recordLength)),
      },
    );
  return { fields, recordCount, languageDriver: bytes[29] as number, bytes, headerLength, recordLength };
}

const trimBytes = (b: Uint8Array): Uint8Array => {
  let s = 0;
  let e = b.length;
  while (s < e && (b[s] === 0x20 || b[s] === 0)) s++;
  while (e > s && (b[e - 1] === 0x20 || b[e - 1] === 0)) e--;
  return b.subarray(s, e);
};

/** The raw bytes of every non-empty text value (up to `limit` records), for encoding detection. */
export function textSample(t: DbfTable, limit = 2000): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  const n = Math.min(limit, t.recordCount);
  for (let r = 0; r < n; r++) {
    const base = t.headerLength + r * t.recordLength;
    for (const f of t.fields) {
      if (f.type !== 'C') continue;
      const v = trimBytes(t.bytes.subarray(base + f.offset, base + f.offset + f.length));
      if (!v.length) continue;
      parts.push(v, new Uint8Array([0x0a]));
      size += v.length + 1;
    }
  }
  for (const f of t.fields) parts.push(f.nameBytes, new Uint8Array([0x0a]));
  const out = new Uint8Array(size + t.fields.reduce((s, f) => s + f.nameBytes.length + 1, 0));
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}

function decoderFor(encoding: DbfEncoding): TextDecoder {
  // GB18030 reads every GBK byte sequence and more.
  return new TextDecoder(encoding === 'gbk' ? 'gb18030' : 'utf-8');
}

export function fieldNames(t: DbfTable, encoding: DbfEncoding): string[] {
  const d = decoderFor(encoding);
  return t.fields.map((f) => d.decode(f.nameBytes).trim());
}

/** Record `r` as values by field name; null for deleted records' fields is not used (deleted records are skipped by the caller). */
export function readRecord(
  t: DbfTable,
  r: number,
  names: string[],
  decoder: TextDecoder,
): Record<string, DbfValue> {
  const base = t.headerLength + r * t.recordLength;
  const out: Record<string, DbfValue> = {};
  t.fields.forEach((f, i) => {
    const raw = trimBytes(t.bytes.subarray(base + f.offset, base + f.offset + f.length));
    const key = names[i] as string;
    if (!raw.length) {
      out[key] = null;
      return;
    }
    switch (f.type) {
      case 'N':
      case 'F': {
        const s = new TextDecoder('latin1').decode(raw);
        const v = Number(s);
        out[key] = s.startsWith('*') || !Number.isFinite(v) ? null : v;
        return;
      }
      case 'L': {
        const c = String.fromCharCode(raw[0] as number).toUpperCase();
        out[key] = 'YT'.includes(c) ? true : 'NF'.includes(c) ? false : null;
        return;
      }
      default:
        out[key] = decoder.decode(raw);
    }
  });
  return out;
}

export function isDeleted(t: DbfTable, r: number): boolean {
  return t.bytes[t.headerLength + r * t.recordLength] === 0x2a;
}

export function readDbfRecords(
  t: DbfTable,
  encoding: DbfEncoding,
): { names: string[]; rows: (Record<string, DbfValue> | null)[] } {
  const names = fieldNames(t, encoding);
  const d = decoderFor(encoding);
  const rows: (Record<string, DbfValue> | null)[] = [];
  for (let r = 0; r < t.recordCount; r++) rows.push(isDeleted(t, r) ? null : readRecord(t, r, names, d));
  return { names, rows };
}

/** The encoding a .cpg names, or null when it names none we read. */
export function encodingFromCpg(text: string): DbfEncoding | null {
  const s = text.trim().toUpperCase().replace(/\s+/g, ' ');
  if (/^(UTF-?8|65001)$/.test(s)) return 'utf-8';
  if (/^(GBK|GB2312|GB18030|936|CP936|ANSI 936|MS936|EUC-CN)$/.test(s)) return 'gbk';
  return null;
}

// ---- writing ----

export interface DbfColumn {
  name: string;
  type: 'C' | 'N';
  length: number;
  decimals?: number;
}

/**
 * Writes a dBASE III table with text in `encode`'s bytes (GBK or UTF-8). Text is cut at a
 * character boundary so a multi-byte character is never split at the field's end.
 */
export function writeDbf(
  columns: DbfColumn[],
  rows: DbfValue[][],
  encode: (s: string) => Uint8Array,
  languageDriver: number,
): Uint8Array {
  const headerLength = 32 + columns.length * 32 + 1;
  const recordLength = 1 + columns.reduce((s, c) => s + c.length, 0);
  const out = new Uint8Array(headerLength + rows.length * recordLength + 1);
  const view = new DataView(out.buffer);
  const now = new Date();
  out[0] = 0x03;
  out[1] = now.getUTCFullYear() - 1900;
  out[2] = now.getUTCMonth() + 1;
  out[3] = now.getUTCDate();
  view.setUint32(4, rows.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  out[29] = languageDriver;
  columns.forEach((c, i) => {
    const p = 32 + i * 32;
    const name = encode(c.name).subarray(0, 10);
    out.set(name, p);
    out[p + 11] = c.type.charCodeAt(0);
    out[p + 16] = c.length;
    out[p + 17] = c.decimals ?? 0;
  });
  out[headerLength - 1] = 0x0d;
  out.fill(0x20, headerLength, headerLength + rows.length * recordLength);
  rows.forEach((row, r) => {
    let p = headerLength + r * recordLength + 1;
    columns.forEach((c, i) => {
      const v = row[i];
      if (v !== null && v !== undefined) {
        if (c.type === 'N') {
          const s = typeof v === 'number' ? v.toFixed(c.decimals ?? 0) : String(v);
          const b = new TextEncoder().encode(s.slice(0, c.length));
          out.set(b, p + c.length - b.length);
        } else {
          out.set(fitBytes(String(v), c.length, encode), p);
        }
      }
      p += c.length;
    });
  });
  out[out.length - 1] = 0x1a;
  return out;
}

function fitBytes(s: string, max: number, encode: (s: string) => Uint8Array): Uint8Array {
  let b = encode(s);
  if (b.length <= max) return b;
  const chars = [...s];
  while (chars.length && b.length > max) {
    chars.pop();
    b = encode(chars.join(''));
  }
  return b;
}
