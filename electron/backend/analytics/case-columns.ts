/**
 * An in-memory columnar copy of the cases the heatmap and choropleth read: one typed array per
 * column, codes interned, plus an index sorted by report time. A window change is then a binary
 * search and a scan of a few typed arrays instead of SQL over a million rows (see the analytics
 * bench for both). Built lazily on the first analytics request, so opening the file stays fast, and
 * kept current from the case events; the data file stays the truth and a rebuild re-reads it.
 */
import { CASE_STATUSES, type CaseStatus } from '../../../shared/cases/types.ts';
import type { SqlValue, Store } from '../store/store.ts';
import { Dictionary } from './dictionary.ts';

/**
 * Reading cells out of sql.js costs far more than SQLite's own work (about 0.6 µs a value), so the
 * build reads as few values per row as it can: the small enums packed into one integer, and only the
 * codes that cannot be derived (a cell's community and town, an item's category come from one
 * DISTINCT query each).
 */
const enumCase = (column: string, values: readonly string[], otherwise: number): string =>
  `(CASE ${column} ${values.map((v, i) => `WHEN '${v}' THEN ${i}`).join(' ')} ELSE ${otherwise} END)`;
const FLAGS =
  `${enumCase('status', CASE_STATUSES, 0)} + 16 * ${enumCase('level', ['', 'A', 'B', 'C'], 0)} + 64 * (simulated = 1)` +
  ` + 128 * (coalesce(json_extract(state_json, '$.reworkCount'), 0) > 0)`;
const COLUMNS = `seq, reported_at, lon, lat, ${FLAGS} AS flags, channel, item_code, cell_code, town_code,
  community_code, category_code, due_at, dispatched_at, closed_at, json_extract(clock_json, '$.pausedAt') AS paused_at`;
const FAST_COLUMNS = `seq, reported_at, lon, lat, ${FLAGS} AS flags, channel, item_code, cell_code, due_at,
  dispatched_at, closed_at, json_extract(clock_json, '$.pausedAt') AS paused_at`;
/**
 * Rows read between two yields of the build: at a million cases the build takes seconds, and the
 * host keeps acknowledging intake and answering every window in between (a chunk is about 0.2 s).
 */
export const BUILD_CHUNK = 10_000;
/** New rows out of time order wait here until there are enough to be worth a re-sort. */
const TAIL_LIMIT = 4096;

const num = (v: SqlValue | undefined): number => (typeof v === 'number' ? v : NaN);
const str = (v: SqlValue | undefined): string | null => (typeof v === 'string' ? v : null);

export interface BuildOptions {
  /** Awaited between chunks: the host answers other requests meanwhile. */
  pause?: () => Promise<void>;
  /** Rows read between pauses. */
  chunk?: number;
  /** Rows read so far (by rowid) of the table's last rowid, before each chunk. */
  onProgress?: (read: number, total: number) => void;
}

export class CaseColumns {
  size = 0;
  private capacity = 0;
  time = new Float64Array(0);
  /** The case number (the tail of its id): the live map's feature id. */
  seq = new Uint32Array(0);
  lon = new Float64Array(0);
  lat = new Float64Array(0);
  /** Index in CASE_STATUSES. */
  status = new Uint8Array(0);
  /** 0 none, 1 A, 2 B, 3 C. */
  level = new Uint8Array(0);
  simulated = new Uint8Array(0);
  rework = new Uint8Array(0);
  channel = new Uint16Array(0);
  category = new Uint16Array(0);
  item = new Uint16Array(0);
  town = new Uint32Array(0);
  community = new Uint32Array(0);
  cell = new Uint32Array(0);
  /** NaN where null. */
  dueAt = new Float64Array(0);
  dispatchedAt = new Float64Array(0);
  closedAt = new Float64Array(0);
  pausedAt = new Float64Array(0);
  /** The change counter when the row was last written (0: read at build): live deltas read it. */
  rowVersion = new Uint32Array(0);
  /** Bumped by every refresh; a client's cursor names the version it has seen. */
  version = 0;

  readonly channels = new Dictionary();
  readonly categories = new Dictionary();
  readonly items = new Dictionary();
  readonly towns = new Dictionary();
  readonly communities = new Dictionary();
  readonly cells = new Dictionary();

  private readonly placeOfCell = new Map<string, { community: string | null; town: string | null }>();
  private readonly categoryOfItem = new Map<string, string | null>();

  /** Row indices sorted by report time, and their times, for binary search. */
  private order = new Uint32Array(0);
  private orderLen = 0;
  private sortedTime = new Float64Array(0);
  private tail: number[] = [];
  /** seq → row + 1 (0: not loaded); case ids end in their seq. */
  private bySeq = new Uint32Array(0);

  /**
   * Reads every case, `chunk` rows at a time, awaiting `pause` between chunks. Changes made while it
   * runs may be missed for rows already read: the caller refreshes those cases afterwards.
   */
  static async build(store: Store, opts: BuildOptions = {}): Promise<CaseColumns> {
    const pause = opts.pause ?? (() => new Promise<void>((r) => setImmediate(r)));
    const chunk = opts.chunk ?? BUILD_CHUNK;
    const c = new CaseColumns();
    const last = Number(store.get('SELECT max(rowid) AS n FROM cases')?.n ?? 0);
    for (let lo = 1; lo <= last; lo += chunk) {
      opts.onProgress?.(lo - 1, last);
      if (lo > 1) await pause();
      const range = [lo, lo + chunk - 1];
      // Places and categories per code, so the row scan reads a single code per row for each. Per
      // chunk, like the rows: over the whole table at once these took seconds without a pause.
      for (const r of store.all(
        'SELECT DISTINCT cell_code, community_code, town_code FROM cases WHERE rowid BETWEEN ? AND ? AND cell_code IS NOT NULL',
        range,
      ))
        c.placeOfCell.set(String(r.cell_code), { community: str(r.community_code), town: str(r.town_code) });
      for (const r of store.all(
        'SELECT DISTINCT item_code, category_code FROM cases WHERE rowid BETWEEN ? AND ? AND item_code IS NOT NULL',
        range,
      ))
        c.categoryOfItem.set(String(r.item_code), str(r.category_code));
      for (const r of store.all(`SELECT ${FAST_COLUMNS} FROM cases WHERE rowid BETWEEN ? AND ?`, range))
        c.put(r, c.append());
    }
    c.resort();
    return c;
  }

  /** Re-reads one case after case.created / case.changed. */
  refresh(store: Store, id: string): void {
    const r = store.get(`SELECT ${COLUMNS} FROM cases WHERE id = ?`, [id]);
    if (!r) return;
    const seq = Number(r.seq);
    const known = seq < this.bySeq.length ? this.bySeq[seq]! : 0;
    if (known) {
      // Report time and place never change after intake; only the columns put() rewrites do.
      this.put(r, known - 1);
      this.rowVersion[known - 1] = ++this.version;
      return;
    }
    const row = this.append();
    this.put(r, row);
    this.rowVersion[row] = ++this.version;
    if (this.tail.length === 0 && this.time[row]! >= this.lastSortedTime()) this.pushSorted(row);
    else {
      this.tail.push(row);
      if (this.tail.length > TAIL_LIMIT) this.resort();
    }
  }

  /**
   * The columns as plain parts for the cache file beside the data file: every typed array (trimmed
   * to the rows), the time order and the dictionaries. Row versions are not kept: a loaded copy
   * starts a new generation, so no client cursor survives it anyway.
   */
  toParts(): { meta: ColumnsMeta; arrays: Record<PersistedColumn, ArrayBufferView> } {
    if (this.tail.length) this.resort();
    const n = this.size;
    const arrays = {} as Record<PersistedColumn, ArrayBufferView>;
    for (const k of PERSISTED) arrays[k] = this[k].subarray(0, n);
    arrays.order = this.order.subarray(0, this.orderLen);
    return {
      meta: {
        size: n,
        dictionaries: {
          channels: this.channels.values,
          categories: this.categories.values,
          items: this.items.values,
          towns: this.towns.values,
          communities: this.communities.values,
          cells: this.cells.values,
        },
      },
      arrays,
    };
  }

  static fromParts(
    meta: ColumnsMeta,
    read: (name: PersistedColumn, n: number) => ArrayBufferView,
  ): CaseColumns {
    const c = new CaseColumns();
    const n = meta.size;
    c.grow(Math.max(1024, n));
    c.size = n;
    for (const k of PERSISTED)
      (c[k] as { set(a: ArrayLike<number>): void }).set(read(k, n) as unknown as ArrayLike<number>);
    for (const [name, values] of Object.entries(meta.dictionaries) as [
      keyof ColumnsMeta['dictionaries'],
      (string | null)[],
    ][])
      for (const v of values.slice(1)) c[name].id(v);
    const order = read('order', n) as Uint32Array;
    c.order = Uint32Array.from(order);
    c.orderLen = n;
    c.sortedTime = new Float64Array(n);
    for (let i = 0; i < n; i++) c.sortedTime[i] = c.time[c.order[i]!]!;
    let maxSeq = 0;
    for (let r = 0; r < n; r++) maxSeq = Math.max(maxSeq, c.seq[r]!);
    c.bySeq = new Uint32Array(Math.max(1024, maxSeq + 1));
    for (let r = 0; r < n; r++) c.bySeq[c.seq[r]!] = r + 1;
    return c;
  }

  statusOf(row: number): CaseStatus {
    return CASE_STATUSES[this.status[row]!]!;
  }

  /** Calls `fn` for each row whose report time is in (from, to]. */
  forEachInWindow(from: number, to: number, fn: (row: number) => void): void {
    const n = this.orderLen;
    let lo = upperBound(this.sortedTime, n, from);
    const hi = upperBound(this.sortedTime, n, to);
    for (; lo < hi; lo++) fn(this.order[lo]!);
    for (const row of this.tail) {
      const t = this.time[row]!;
      if (t > from && t <= to) fn(row);
    }
  }

  private lastSortedTime(): number {
    return this.orderLen ? this.sortedTime[this.orderLen - 1]! : -Infinity;
  }

  private pushSorted(row: number): void {
    const n = this.orderLen;
    if (n === this.order.length) {
      const order = new Uint32Array(Math.max(1024, n * 2));
      order.set(this.order);
      const times = new Float64Array(order.length);
      times.set(this.sortedTime);
      this.order = order;
      this.sortedTime = times;
    }
    this.order[n] = row;
    this.sortedTime[n] = this.time[row]!;
    this.orderLen = n + 1;
  }

  private resort(): void {
    const idx = new Uint32Array(this.size);
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    const t = this.time;
    // Rows mostly arrive in time order: skip the comparator sort (slow on typed arrays) when they did.
    let sorted = true;
    for (let i = 1; i < idx.length && sorted; i++) sorted = t[i - 1]! <= t[i]!;
    if (!sorted) idx.sort((a, b) => t[a]! - t[b]! || a - b);
    this.order = idx;
    this.orderLen = idx.length;
    this.sortedTime = new Float64Array(idx.length);
    for (let i = 0; i < idx.length; i++) this.sortedTime[i] = t[idx[i]!]!;
    this.tail = [];
  }

  private append(): number {
    if (this.size === this.capacity) this.grow(Math.max(1024, this.capacity * 2));
    return this.size++;
  }

  private grow(cap: number): void {
    this.time = grown(this.time, cap);
    this.seq = grown(this.seq, cap);
    this.lon = grown(this.lon, cap);
    this.lat = grown(this.lat, cap);
    this.dueAt = grown(this.dueAt, cap);
    this.dispatchedAt = grown(this.dispatchedAt, cap);
    this.closedAt = grown(this.closedAt, cap);
    this.pausedAt = grown(this.pausedAt, cap);
    this.status = grown(this.status, cap);
    this.level = grown(this.level, cap);
    this.simulated = grown(this.simulated, cap);
    this.rework = grown(this.rework, cap);
    this.channel = grown(this.channel, cap);
    this.category = grown(this.category, cap);
    this.item = grown(this.item, cap);
    this.town = grown(this.town, cap);
    this.community = grown(this.community, cap);
    this.cell = grown(this.cell, cap);
    this.rowVersion = grown(this.rowVersion, cap);
    this.capacity = cap;
  }

  private put(r: Record<string, SqlValue>, row: number): void {
    const seq = Number(r.seq);
    if (seq >= this.bySeq.length) {
      const b = new Uint32Array(Math.max(1024, seq * 2));
      b.set(this.bySeq);
      this.bySeq = b;
    }
    this.bySeq[seq] = row + 1;
    this.seq[row] = seq;
    this.time[row] = num(r.reported_at);
    this.lon[row] = num(r.lon);
    this.lat[row] = num(r.lat);
    const flags = Number(r.flags);
    this.status[row] = flags & 15;
    this.level[row] = (flags >> 4) & 3;
    this.simulated[row] = (flags >> 6) & 1;
    this.rework[row] = (flags >> 7) & 1;
    this.channel[row] = this.channels.id(str(r.channel));
    const item = str(r.item_code);
    const cell = str(r.cell_code);
    // A single-case refresh reads the codes themselves (a new cell or item type may appear).
    if (item !== null && 'category_code' in r) this.categoryOfItem.set(item, str(r.category_code));
    if (cell !== null && 'town_code' in r)
      this.placeOfCell.set(cell, { community: str(r.community_code), town: str(r.town_code) });
    const place = cell === null ? undefined : this.placeOfCell.get(cell);
    this.item[row] = this.items.id(item);
    this.category[row] = this.categories.id(item === null ? null : (this.categoryOfItem.get(item) ?? null));
    this.cell[row] = this.cells.id(cell);
    this.community[row] = this.communities.id(place?.community ?? null);
    this.town[row] = this.towns.id(place?.town ?? null);
    this.dueAt[row] = num(r.due_at);
    this.dispatchedAt[row] = num(r.dispatched_at);
    this.closedAt[row] = num(r.closed_at);
    this.pausedAt[row] = num(r.paused_at);
  }
}

/** The typed columns kept in the cache file, in file order; `order` is the time index. */
export const PERSISTED = [
  'time',
  'seq',
  'lon',
  'lat',
  'dueAt',
  'dispatchedAt',
  'closedAt',
  'pausedAt',
  'status',
  'level',
  'simulated',
  'rework',
  'channel',
  'category',
  'item',
  'town',
  'community',
  'cell',
] as const;
export type PersistedColumn = (typeof PERSISTED)[number] | 'order';

export interface ColumnsMeta {
  size: number;
  dictionaries: Record<
    'channels' | 'categories' | 'items' | 'towns' | 'communities' | 'cells',
    (string | null)[]
  >;
}

/** First index in sorted[0..n) whose value is > x. */
function upperBound(sorted: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

type Column = Float64Array | Uint8Array | Uint16Array | Uint32Array;

/** A copy of the column with room for `cap` rows (same element type). */
function grown<T extends Column>(a: T, cap: number): T {
  const ctor = a.constructor as new (n: number) => T;
  const b = new ctor(cap);
  b.set(a);
  return b;
}
