// Runs every test file under test/ with Node's own test runner (TypeScript through tsx).
// `node scripts/run-tests.mjs unit` runs only test/unit, and so on.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const suites = process.argv.slice(2);
const roots = suites.length
  ? suites.map((s) => join('test', s))
  : ['test/unit', 'test/integration', 'test/e2e'];
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(p);
  }
};
for (const r of roots) walk(r);
const reporter = process.env.CI || !process.stdout.isTTY ? 'spec' : 'spec';
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-reporter=${reporter}`, '--test-concurrency=1', ...files],
  { stdio: 'inherit', env: { ...process.env, TZ: process.env.TZ ?? 'Asia/Shanghai' } },
);
process.exit(res.status ?? 1);
