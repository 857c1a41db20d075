/**
 * Case counts kept in the data file: one row per combination of the queue's filter columns (status,
 * town, level, category, channel, simulated, the two operator flags) with how many cases have it.
 * The dispatch queue's counts per status, its total and the drill's count of simulated cases are sums
 * over these few hundred rows instead of scans of every case (1.4 s at 1M cases).
 *
 * Triggers on `cases` keep it right in the same transaction as every insert, update and delete,
 * whoever writes (the case service, a drill purge, a log replay, the snapshot replica, or another
 * SQLite tool), so no write path can forget it. Nullable columns count as '' so that the primary
 * key, where NULLs would never be equal, finds the row.
 */
import type { Database } from 'sql.js';
import type { SqlValue, Store } from '../store/store.ts';

/** The filter columns of `cases`, as case_counts keys them: [counts column, expression over a cases row]. */
const KEYS: readonly (readonly [string, (row: string) => string])[] = [
  ['status', (r) => `${r}.status`],
  ['town_code', (r) => `coalesce(${r}.town_code, '')`],
  ['level', (r) => `coalesce(${r}.level, '')`],
  ['category_code', (r) => `coalesce(${r}.category_code, '')`],
  ['channel', (r) => `${r}.channel`],
  ['simulated', (r) => `${r}.simulated`],
  ['outside_district', (r) => `${r}.outside_district`],
  ['duplicate', (r) => `(${r}.possible_duplicate_of IS NOT NULL)`],
];
const KEY_COLUMNS = KEYS.map(([c]) => c).join(', ');
/** The columns of `cases` the keys read: an update of any other column leaves the counts alone. */
const WATCHED =
  'status, town_code, level, category_code, channel, simulated, outside_district, possible_duplicate_of';

const increment = (row: string): string =>
  `INSERT INTO case_counts (${KEY_COLUMNS}, n) VALUES (${KEYS.map(([, e]) => e(row)).join(', ')}, 1)
   ON CONFLICT (${KEY_COLUMNS}) DO UPDATE SET n = n + 1;`;
const decrement = (row: string): string =>
  `UPDATE case_counts SET n = n - 1 WHERE ${KEYS.map(([c, e]) => `${c} = ${e(row)}`).join(' AND ')};`;

/** Part of migration 9: the table, its triggers, and the counts of the cases already in the file. */
export function caseCountsTable(db: Database): void {
  db.run(`CREATE TABLE case_counts (
    status TEXT NOT NULL, town_code TEXT NOT NULL, level TEXT NOT NULL, category_code TEXT NOT NULL,
    channel TEXT NOT NULL, simulated INTEGER NOT NULL, outside_district INTEGER NOT NULL,
    duplicate INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (${KEY_COLUMNS})
  ) WITHOUT ROWID`);
  db.run(`INSERT INTO case_counts (${KEY_COLUMNS}, n)
    SELECT ${KEYS.map(([, e]) => e('cases')).join(', ')}, count(*) FROM cases
    GROUP BY ${KEYS.map((_, i) => i + 1).join(', ')}`);
  db.run(`CREATE TRIGGER case_counts_insert AFTER INSERT ON cases BEGIN ${increment('NEW')} END`);
  db.run(`CREATE TRIGGER case_counts_delete AFTER DELETE ON cases BEGIN ${decrement('OLD')} END`);
  // Every lifecycle step rewrites status, level and category (case-records.ts); most leave the keys
  // as they were, and those cost nothing here.
  const changed = WATCHED.split(', ')
    .map((c) => `OLD.${c} IS NOT NEW.${c}`)
    .join(' OR ');
  db.run(`CREATE TRIGGER case_counts_update AFTER UPDATE OF ${WATCHED} ON cases WHEN ${changed}
    BEGIN ${decrement('OLD')} ${increment('NEW')} END`);
}

/** The queue's filters, as far as case_counts holds them. */
export interface CountFilter {
  town?: string;
  level?: string;
  category?: string;
  channel?: string;
  simulated?: boolean;
  flag?: 'toLocate' | 'duplicate';
}

const CLOSED = "('closed', 'archived', 'voided')";

/** How many cases per status match the filters (statuses without a case left out). */
export function countByStatus(store: Pick<Store, 'all'>, f: CountFilter): Map<string, number> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (sql: string, value: SqlValue): void => {
    where.push(sql);
    params.push(value);
  };
  if (f.town) add('town_code = ?', f.town);
  if (f.level) add('level = ?', f.level);
  if (f.category) add('category_code = ?', f.category);
  if (f.channel) add('channel = ?', f.channel);
  if (f.simulated !== undefined) add('simulated = ?', f.simulated ? 1 : 0);
  // The operator's work lists: flagged cases still open (as CaseService.list filters its rows).
  if (f.flag)
    where.push(`${f.flag === 'toLocate' ? 'outside_district' : 'duplicate'} = 1 AND status NOT IN ${CLOSED}`);
  const rows = store.all<{ status: string; n: number }>(
    `SELECT status, sum(n) AS n FROM case_counts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     GROUP BY status HAVING sum(n) > 0`,
    params,
  );
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

/** How many cases match the filters, whatever their status. */
export function countCases(store: Pick<Store, 'all'>, f: CountFilter): number {
  let total = 0;
  for (const n of countByStatus(store, f).values()) total += n;
  return total;
}
