/**
 * The store from an esbuild bundle (as scripts/build.mjs makes dist/electron/*.cjs): the worker is
 * the sibling snapshot-worker.cjs, not the .ts source under tsx.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '../..');

test('bundled (cjs) store finds snapshot-worker.cjs and snapshots through it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gezhi-bundle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const entry = join(dir, 'host.ts');
  writeFileSync(
    entry,
    `import { openStore } from ${JSON.stringify(join(root, 'electron/backend/store/open-store.ts'))};
     async function main() {
     const file = process.argv[2];
     const s = await openStore({ path: file, populate: (db) => db.run('CREATE TABLE kv (k TEXT, v TEXT)') });
     for (let i = 0; i < 20; i++) await s.write([{ sql: 'INSERT INTO kv VALUES (?, ?)', params: ['k' + i, 'v'] }]);
     await s.snapshot();
     const n = s.get('SELECT count(*) AS n FROM kv').n;
     await s.close();
     console.log(JSON.stringify({ outcome: s.report.outcome, n }));
     }
     void main();`,
  );
  const out = join(dir, 'dist');
  const result = await build({
    entryPoints: [entry, join(root, 'electron/backend/store/snapshot-worker.ts')],
    outdir: out,
    outExtension: { '.js': '.cjs' },
    entryNames: '[name]',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'silent',
  });
  assert.deepEqual(result.errors, []);
  assert.deepEqual(
    result.warnings.map((w) => w.text),
    [],
  );
  assert.ok(existsSync(join(out, 'snapshot-worker.cjs')));
  const file = join(dir, 'data', 'gezhi.gpkg');
  const run = spawnSync(process.execPath, [join(out, 'host.cjs'), file], {
    encoding: 'utf8',
    env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
  });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), { outcome: 'created', n: 20 });
  // The snapshot holds all 20 rows with no log left to replay.
  const again = spawnSync(process.execPath, [join(out, 'host.cjs'), file], {
    encoding: 'utf8',
    env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
  });
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(JSON.parse(again.stdout), { outcome: 'opened', n: 40 });
});
