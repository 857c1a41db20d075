/** Small helpers over sql.js shared by the main thread, the replay on open and the snapshot worker. */
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import type { Row, SqlValue, WriteOp } from './store.ts';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** In Node, sql.js finds node_modules/sql.js/dist/sql-wasm.wasm by itself. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs();
  return sqlJs;
}

/**
 * Runs the statements atomically. A savepoint rather than BEGIN so callers may nest it in their
 * own transaction (populate does).
 */
export function runOps(db: Database, ops: readonly WriteOp[]): void {
  db.run('SAVEPOINT gezhi_write');
  try {
    for (const op of ops) db.run(op.sql, op.params ?? []);
  } catch (err) {
    db.run('ROLLBACK TO gezhi_write');
    db.run('RELEASE gezhi_write');
    throw err;
  }
  db.run('RELEASE gezhi_write');
}

export function queryAll<T extends Row = Row>(db: Database, sql: string, params: SqlValue[] = []): T[] {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const rows: T[] = [];
    while (stmt.step()) rows.push(stmt.getAsObject() as T);
    return rows;
  } finally {
    stmt.free();
  }
}

export function queryValue(db: Database, sql: string, params: SqlValue[] = []): SqlValue | undefined {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    return stmt.step() ? (stmt.get()[0] ?? null) : undefined;
  } finally {
    stmt.free();
  }
}

/** The log's seq folded into a snapshot; 0 for a file that never had a log record applied. */
export function readAppliedSeq(db: Database): number {
  const v = queryValue(db, "SELECT value FROM gezhi_meta WHERE key = 'applied_seq'");
  return v === undefined || v === null ? 0 : Number(v);
}

export function writeAppliedSeq(db: Database, seq: number): void {
  db.run("INSERT OR REPLACE INTO gezhi_meta (key, value) VALUES ('applied_seq', ?)", [String(seq)]);
}
