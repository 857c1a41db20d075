/**
 * The case columns saved beside the data file (`<data file>.case-columns`), so a million cases are
 * not re-read from SQL at every start (about 15 s) but loaded in well under a second. The file
 * carries a stamp of the cases it was made from; a file whose stamp differs from the data file's
 * cases now is ignored and rebuilt. The data file stays the truth: deleting the cache only costs time.
 *
 * The stamp: case count, highest case number, the sum of every case's update time, and the case
 * history's last id and row count. Every change to a case appends a history row (ids are never
 * reused: AUTOINCREMENT) and moves its update time; a purge changes the counts. All cheap to read.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Store } from '../store/store.ts';
import { CaseColumns, PERSISTED, type ColumnsMeta, type PersistedColumn } from './case-columns.ts';

/** Bump when the file layout or the meaning of a column changes. */
const FORMAT = 1;
const MAGIC = 'GZCC';

export const columnsCachePath = (dataFile: string): string => `${dataFile}.case-columns`;

export function casesStamp(store: Store): string {
  const c = store.get(
    'SELECT count(*) AS n, coalesce(max(seq), 0) AS seq, total(updated_at) AS updated FROM cases',
  );
  const h = store.get('SELECT count(*) AS n, coalesce(max(id), 0) AS id FROM case_history');
  return JSON.stringify([FORMAT, c?.n, c?.seq, c?.updated, h?.n, h?.id]);
}

interface Header {
  magic: string;
  stamp: string;
  meta: ColumnsMeta;
  /** Byte length of each array, in PERSISTED order then `order`. */
  lengths: number[];
}

const NAMES: PersistedColumn[] = [...PERSISTED, 'order'];

/** Writes through a temporary file and a rename, so a crash leaves the old file or none. */
export function saveColumns(cols: CaseColumns, file: string, stamp: string): void {
  const { meta, arrays } = cols.toParts();
  const views = NAMES.map((k) => arrays[k]);
  const header: Header = { magic: MAGIC, stamp, meta, lengths: views.map((v) => v.byteLength) };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  // Each array starts on an 8-byte boundary so it can be viewed in place when read.
  const pad = (n: number): number => (8 - (n % 8)) % 8;
  const start = 8 + json.length + pad(8 + json.length);
  let total = start;
  for (const v of views) total += v.byteLength + pad(v.byteLength);
  const out = Buffer.alloc(total);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  let at = start;
  for (const v of views) {
    out.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), at);
    at += v.byteLength + pad(v.byteLength);
  }
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, out);
  renameSync(tmp, file);
}

type Ctor = new (b: ArrayBuffer, offset: number, length: number) => ArrayBufferView;

/** The cached columns if the file exists, is whole and matches `stamp`; otherwise null. */
export function loadColumns(file: string, stamp: string): CaseColumns | null {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return null;
  }
  try {
    if (buf.toString('latin1', 0, 4) !== MAGIC) return null;
    const len = buf.readUInt32LE(4);
    const header = JSON.parse(buf.toString('utf8', 8, 8 + len)) as Header;
    if (header.stamp !== stamp || header.lengths.length !== NAMES.length) return null;
    // A private aligned copy: Buffer's pool offset need not be a multiple of 8.
    const bytes = new Uint8Array(buf.byteLength);
    bytes.set(buf);
    const pad = (n: number): number => (8 - (n % 8)) % 8;
    let at = 8 + len + pad(8 + len);
    const views = new Map<PersistedColumn, { at: number; bytes: number }>();
    NAMES.forEach((k, i) => {
      views.set(k, { at, bytes: header.lengths[i]! });
      at += header.lengths[i]! + pad(header.lengths[i]!);
    });
    if (at > bytes.byteLength) return null;
    const empty = new CaseColumns();
    return CaseColumns.fromParts(header.meta, (name) => {
      const v = views.get(name)!;
      const proto = name === 'order' ? Uint32Array : (empty[name].constructor as unknown as Ctor);
      const per = (proto as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
      return new (proto as Ctor)(bytes.buffer, v.at, v.bytes / per);
    });
  } catch {
    return null;
  }
}

export function dropColumnsCache(file: string): void {
  rmSync(file, { force: true });
}
