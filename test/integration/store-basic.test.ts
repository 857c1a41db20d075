import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { test } from 'node:test';
import type { Database } from 'sql.js';
import { gridUnitWriteOps, nameInitials, writeGridUnits } from '../../electron/backend/store/grid-tables.ts';
import { MIGRATIONS, runMigrations, SCHEMA_VERSION } from '../../electron/backend/store/migrations.ts';
import { openStore } from '../../electron/backend/store/open-store.ts';
import { loadSqlJs } from '../../electron/backend/store/sql-exec.ts';
import { StoreOpenError } from '../../electron/backend/store/store.ts';
import { decodeGpkgGeometry } from '../../shared/geo/gpkg-geometry.ts';
import { FIXTURE_UNITS, snapshotFolder, tempDataFile } from '../helpers/store-fixtures.ts';

const kvTable = (db: Database): void => {
  db.run('CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
};
const put = (k: string, v: string) => [{ sql: 'INSERT OR REPLACE INTO kv VALUES (?, ?)', params: [k, v] }];

test('create, write, read, reopen', async (t) => {
  const file = tempDataFile(t);
  const s = await openStore({ path: file, populate: kvTable });
  assert.equal(s.report.outcome, 'created');
  assert.equal(s.schemaVersion, SCHEMA_VERSION);
  await s.write(put('a', '1'));
  await Promise.all([s.write(put('b', '2')), s.write(put('c', '3'))]);
  const blob = new Uint8Array([0, 1, 2, 255]);
  await s.write([
    { sql: 'CREATE TABLE bin (x BLOB)' },
    { sql: 'INSERT INTO bin VALUES (?)', params: [blob] },
  ]);
  assert.deepEqual(s.get('SELECT v FROM kv WHERE k = ?', ['b']), { v: '2' });
  await s.close();
  await assert.rejects(s.write(put('late', 'x')), /closed/);

  const again = await openStore({ path: file, populate: () => assert.fail('populate on an existing file') });
  assert.deepEqual(again.report, { outcome: 'opened', findings: [] });
  assert.deepEqual(
    again.all('SELECT k, v FROM kv ORDER BY k').map((r) => `${r.k}=${r.v}`),
    ['a=1', 'b=2', 'c=3'],
  );
  assert.deepEqual(again.get('SELECT x FROM bin')?.x, blob);
  await again.close();
});

test('writes survive a process that never calls close(): the log is replayed', async (t) => {
  const file = tempDataFile(t);
  const script = `
    import { openStore } from ${JSON.stringify(new URL('../../electron/backend/store/open-store.ts', import.meta.url).href)};
    const s = await openStore({ path: ${JSON.stringify(file)}, populate: (db) => db.run('CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)') });
    for (let i = 0; i < 50; i++) await s.write([{ sql: 'INSERT INTO kv VALUES (?, ?)', params: ['k' + i, 'v'] }]);
  `;
  execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: process.cwd(),
  });
  assert.ok(!existsSync(`${file}.lock`), 'lock released at exit');
  const s = await openStore({ path: file });
  assert.equal(s.report.outcome, 'opened');
  assert.deepEqual(
    s.report.findings.map((f) => f.code),
    ['log_replayed'],
  );
  assert.equal(s.get('SELECT count(*) AS n FROM kv')?.n, 50);
  await s.close();
});

test('after a clean open the replica reads the file when the first snapshot is due, with every write since', async (t) => {
  const file = tempDataFile(t);
  const first = await openStore({ path: file, populate: kvTable });
  await first.write(put('before', '0'));
  await first.close();
  const s = await openStore({ path: file });
  assert.deepEqual(s.report, { outcome: 'opened', findings: [] });
  await s.write(put('a', '1'));
  await s.write(put('b', '2'));
  await s.snapshot();
  await s.write(put('c', '3'));
  await s.close();
  // Read by SQLite itself: the snapshots folded every write in, on top of the file as opened.
  const rows = execFileSync('sqlite3', [file, "SELECT k || '=' || v FROM kv ORDER BY k"], {
    encoding: 'utf8',
  });
  assert.deepEqual(rows.trim().split('\n'), ['a=1', 'b=2', 'before=0', 'c=3']);
  const again = await openStore({ path: file });
  assert.deepEqual(again.report, { outcome: 'opened', findings: [] }, 'nothing left to replay');
  await again.close();
});

test('a data file another program changed while open is not overwritten; the log keeps the writes', async (t) => {
  const file = tempDataFile(t);
  const first = await openStore({ path: file, populate: kvTable });
  await first.write(put('a', '1'));
  await first.close();
  const s = await openStore({ path: file });
  // Another program rewrites the file behind the lock (a different database, a different size).
  const SQL = await loadSqlJs();
  const other = new SQL.Database();
  other.run('CREATE TABLE theirs (x TEXT)');
  for (let i = 0; i < 200; i++) other.run('INSERT INTO theirs VALUES (?)', ['x'.repeat(100)]);
  const theirs = Buffer.from(other.export());
  other.close();
  writeFileSync(file, theirs);
  await s.write(put('b', '2'));
  await assert.rejects(s.snapshot(), /changed by another program/);
  await assert.rejects(s.close(), /changed by another program/);
  assert.ok(readFileSync(file).equals(theirs), 'their file is left as they wrote it');
  const logged = readdirSync(`${file}.log`).length;
  assert.ok(logged > 0, 'the change log still holds the write');
});

test('a failing statement rolls the whole write back and logs nothing', async (t) => {
  const file = tempDataFile(t);
  const s = await openStore({ path: file, populate: kvTable });
  await s.write(put('a', '1'));
  await assert.rejects(
    s.write([
      { sql: "UPDATE kv SET v = 'changed' WHERE k = 'a'" },
      { sql: 'INSERT INTO kv VALUES (?, ?)', params: ['b', '2'] },
      { sql: 'INSERT INTO no_such_table VALUES (1)' },
    ]),
    /no such table/,
  );
  assert.deepEqual(s.all('SELECT k, v FROM kv'), [{ k: 'a', v: '1' }]);
  await s.write(put('c', '3'));
  await s.close();
  const again = await openStore({ path: file });
  assert.deepEqual(again.all('SELECT k, v FROM kv ORDER BY k'), [
    { k: 'a', v: '1' },
    { k: 'c', v: '3' },
  ]);
  await again.close();
});

test('after a disk failure the store is read-only and says why', async (t) => {
  const file = tempDataFile(t);
  let failing = false;
  const s = await openStore(
    { path: file, populate: kvTable },
    {
      log: {
        beforeWrite: () => {
          if (failing) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        },
      },
    },
  );
  await s.write(put('a', '1'));
  failing = true;
  await assert.rejects(s.write(put('b', '2')), /could not be written.*ENOSPC.*read-only/);
  failing = false;
  await assert.rejects(s.write(put('c', '3')), /read-only/);
  assert.equal(s.get("SELECT v FROM kv WHERE k = 'a'")?.v, '1');
  await s.close();
  const again = await openStore({ path: file });
  assert.deepEqual(again.all('SELECT k FROM kv'), [{ k: 'a' }]);
  await again.close();
});

test('a second open of the same file is refused as locked; a stale lock is taken over', async (t) => {
  const file = tempDataFile(t);
  const s = await openStore({ path: file, populate: kvTable });
  await assert.rejects(
    openStore({ path: file }),
    (e: unknown) => e instanceof StoreOpenError && e.code === 'locked',
  );
  await s.close();
  // A pid that cannot be alive: the lock is stale.
  writeFileSync(`${file}.lock`, '999999999\n');
  const again = await openStore({ path: file });
  assert.equal(again.report.outcome, 'opened');
  await again.close();
  assert.ok(!existsSync(`${file}.lock`));
  // Our own pid left by an earlier run (pid reuse in a container) is stale too.
  writeFileSync(`${file}.lock`, `${process.pid}\n`);
  const third = await openStore({ path: file });
  await third.close();
});

async function fileAtSchema(file: string, version: number): Promise<void> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  runMigrations(db, version);
  db.run('CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)');
  db.run("INSERT INTO kv VALUES ('old', 'row')");
  writeFileSync(file, db.export());
  db.close();
}

test('an older file is backed up, then migrated', async (t) => {
  assert.ok(MIGRATIONS.length >= 2);
  const file = tempDataFile(t);
  await fileAtSchema(file, 1);
  const oldBytes = readFileSync(file);
  const s = await openStore({ path: file });
  assert.equal(s.report.outcome, 'migrated');
  const backup = `${file}.schema-v1.bak`;
  assert.deepEqual(s.report.findings, [
    { code: 'backup_written', values: { file: backup, schemaVersion: 1 } },
    { code: 'migrated', values: { fromVersion: 1, toVersion: SCHEMA_VERSION } },
  ]);
  assert.ok(readFileSync(backup).equals(oldBytes), 'backup holds the old bytes');
  assert.equal(
    s.get("SELECT value FROM gezhi_meta WHERE key = 'schema_version'")?.value,
    String(SCHEMA_VERSION),
  );
  await s.write([{ sql: "INSERT INTO app_setting VALUES ('theme', '\"dark\"', 1)" }]);
  await s.close();
  const again = await openStore({ path: file });
  assert.equal(again.report.outcome, 'opened');
  assert.equal(again.get('SELECT v FROM kv')?.v, 'row');
  assert.equal(again.get('SELECT value FROM app_setting')?.value, '"dark"');
  await again.close();
});

test('a file from a newer schema is refused and left untouched', async (t) => {
  const file = tempDataFile(t);
  await fileAtSchema(file, SCHEMA_VERSION);
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(file));
  db.run("UPDATE gezhi_meta SET value = '999' WHERE key = 'schema_version'");
  writeFileSync(file, db.export());
  const before = snapshotFolder(dirname(file));
  await assert.rejects(openStore({ path: file }), (e: unknown) => {
    assert.ok(e instanceof StoreOpenError);
    assert.equal(e.code, 'newer_schema');
    assert.deepEqual(
      { fileVersion: e.details.fileVersion, appVersion: e.details.appVersion },
      { fileVersion: 999, appVersion: SCHEMA_VERSION },
    );
    return true;
  });
  assert.deepEqual(snapshotFolder(dirname(file)), before);
});

test('grid units: per-level rows, geometry, area, initials, extents', async (t) => {
  assert.equal(nameInitials('南沙街'), 'nsj');
  assert.equal(nameInitials('金洲社区第1网格'), 'jzsqd1wg');
  const file = tempDataFile(t);
  const s = await openStore({ path: file, populate: (db) => writeGridUnits(db, FIXTURE_UNITS) });
  assert.equal(s.get('SELECT count(*) AS n FROM grid_cell')?.n, 3);
  const town = s.get<{
    name: string;
    initials: string;
    area_km2: number;
    geom: Uint8Array;
    parent_code: string;
  }>("SELECT * FROM grid_town WHERE code = '440115001'");
  assert.ok(town);
  assert.equal(town.initials, 'nsjd');
  assert.equal(town.parent_code, '440115');
  // 0.2° x 0.3° at 22.75°N: about 20.5 km x 33.3 km.
  assert.ok(town.area_km2 > 650 && town.area_km2 < 710, `area ${town.area_km2}`);
  assert.equal(decodeGpkgGeometry(town.geom).coordinates[0]?.[0]?.[2]?.[0], 113.5);
  const ext = s.get("SELECT min_x, max_x, min_y, max_y FROM gpkg_contents WHERE table_name = 'grid_town'");
  assert.deepEqual(ext, { min_x: 113.3, max_x: 113.7, min_y: 22.6, max_y: 22.9 });
  // The same ops through the logged path widen the extent and survive a reopen.
  const more = {
    ...FIXTURE_UNITS[2]!,
    code: '440115002',
    name: '珠江街道',
    geometry: FIXTURE_UNITS[0]!.geometry,
  };
  await s.write(gridUnitWriteOps([more], new Date('2025-01-01T00:00:00Z')));
  await s.close();
  const again = await openStore({ path: file });
  assert.equal(again.get("SELECT min_x FROM gpkg_contents WHERE table_name = 'grid_town'")?.min_x, 113.0);
  assert.equal(
    again.get("SELECT last_change FROM gpkg_contents WHERE table_name = 'grid_town'")?.last_change,
    '2025-01-01T00:00:00.000Z',
  );
  await again.close();
});

function run(cmd: string, args: string[]): { stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

test('the data file is valid SQLite and a GeoPackage GDAL reads', async (t) => {
  const file = tempDataFile(t);
  const s = await openStore({ path: file, populate: (db) => writeGridUnits(db, FIXTURE_UNITS) });
  await s.close();
  assert.equal(run('sqlite3', [file, 'PRAGMA integrity_check']).stdout.trim(), 'ok');
  assert.equal(run('sqlite3', [file, 'PRAGMA application_id']).stdout.trim(), String(0x47504b47));
  assert.equal(run('sqlite3', [file, 'PRAGMA user_version']).stdout.trim(), '10300');

  const list = run('ogrinfo', [file]);
  assert.equal(list.stderr, '', `ogrinfo warned: ${list.stderr}`);
  for (const layer of ['grid_city', 'grid_district', 'grid_town', 'grid_community', 'grid_cell']) {
    assert.match(list.stdout, new RegExp(`${layer} \\(Multi Polygon\\)`));
  }
  const summary = run('ogrinfo', ['-al', '-so', file]);
  assert.equal(summary.stderr, '', `ogrinfo warned: ${summary.stderr}`);
  const counts = Object.fromEntries(
    [...summary.stdout.matchAll(/Layer name: (grid_\w+)[\s\S]*?Feature Count: (\d+)/g)].map((m) => [
      m[1],
      Number(m[2]),
    ]),
  );
  assert.deepEqual(counts, { grid_city: 1, grid_district: 1, grid_town: 2, grid_community: 2, grid_cell: 3 });
  assert.match(summary.stdout, /ID\["EPSG",4326\]|AUTHORITY\["EPSG","4326"\]/);

  const cells = run('ogrinfo', ['-al', file, 'grid_cell']);
  assert.equal(cells.stderr, '');
  assert.match(cells.stdout, /name \(String\) = 金洲社区第2网格/);
  assert.match(cells.stdout, /MULTIPOLYGON \(\(\(113\.5 22\.6,113\.6 22\.6/);
  assert.ok(!readdirSync(dirname(file)).some((n) => n.endsWith('.tmp')));
});
