/**
 * Child process for the durability tests: `node --import tsx store-writer.ts FILE MODE [PREFIX]`.
 * MODE 'stream': writes until killed, printing `ack KEY` only after write() resolved.
 * MODE a number N: writes N changes, then exits without close() (as a crashing host would).
 * Every write is one transaction of three statements, so a half-applied one is detectable.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'sql.js';
import { openStore } from '../../electron/backend/store/open-store.ts';
import type { WriteOp } from '../../electron/backend/store/store.ts';

const [file, mode = 'stream', prefix = 'w'] = process.argv.slice(2);
if (!file) throw new Error('usage: store-writer.ts FILE MODE [PREFIX]');

function crashTables(db: Database): void {
  db.run('CREATE TABLE t_a (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
  db.run('CREATE TABLE t_b (k TEXT PRIMARY KEY, n INTEGER NOT NULL)');
  db.run('CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
  db.run('INSERT INTO counter VALUES (1, 0)');
  // Ballast, so exporting and writing a snapshot takes long enough to be killed in the middle of.
  db.run('CREATE TABLE ballast (b BLOB)');
  for (let i = 0; i < 16; i++) db.run('INSERT INTO ballast VALUES (?)', [randomBytes(256 * 1024)]);
}

function change(key: string, i: number): WriteOp[] {
  return [
    { sql: 'INSERT INTO t_a VALUES (?, ?)', params: [key, `${key}:${'案'.repeat(90)}`] },
    { sql: 'INSERT INTO t_b VALUES (?, ?)', params: [key, i] },
    { sql: 'UPDATE counter SET n = n + 1 WHERE id = 1' },
  ];
}

const store = await openStore({
  path: file,
  populate: crashTables,
  // A test that edits log bytes at known offsets needs the log left whole: it sets these higher.
  snapshotEveryRecords: Number(process.env.GEZHI_WRITER_SNAPSHOT_RECORDS ?? 40),
  snapshotEveryMs: Number(process.env.GEZHI_WRITER_SNAPSHOT_MS ?? 50),
});
process.stdout.write(`ready ${store.report.outcome}\n`);
let next = 0;
if (mode === 'stream') {
  const writer = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      const key = `${prefix}-${i}`;
      await store.write(change(key, i));
      process.stdout.write(`ack ${key}\n`);
    }
  };
  await Promise.all([writer(), writer(), writer(), writer()]);
} else {
  for (let i = 0; i < Number(mode); i++) await store.write(change(`${prefix}-${i}`, i));
  process.stdout.write('done\n');
}
