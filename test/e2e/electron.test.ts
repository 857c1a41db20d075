/**
 * The Electron host itself. Electron's binary is downloaded by its npm package on first run, which
 * fails on machines without internet access; there this test says so and skips.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/serve-process.ts';

function electronBinary(): { path: string } | { skip: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { skip: 'the electron package has no binary' };
  } catch (e) {
    return { skip: `Electron binary not installed (${(e as Error).message.split('\n')[0]})` };
  }
}

const bin = electronBinary();
if ('skip' in bin) console.log(`electron e2e skipped: ${bin.skip}`);

test(
  'the Electron window opens the app on app:// with the grid loaded',
  { skip: 'skip' in bin ? bin.skip : false },
  async () => {
    const { _electron } = await import('playwright-core');
    const userData = mkdtempSync(join(tmpdir(), 'gezhi-electron-'));
    const app = await _electron.launch({
      executablePath: (bin as { path: string }).path,
      args: [REPO_ROOT, `--user-data-dir=${userData}`, '--no-sandbox'],
      cwd: REPO_ROOT,
    });
    try {
      const page = await app.firstWindow();
      assert.match(page.url(), /^app:\/\/gezhi\//);
      await page.waitForSelector('body[data-map-state="idle"]', { timeout: 90_000 });
      const host = await page.evaluate(() => (window as unknown as { gezhi?: { host: string } }).gezhi?.host);
      assert.equal(host, 'electron');
      const hasRequire = await page.evaluate(
        () => typeof (window as unknown as { require?: unknown }).require,
      );
      assert.equal(hasRequire, 'undefined', 'no Node in the renderer');
      assert.ok(existsSync(join(userData, 'gezhi.gpkg')), 'data file in userData');
    } finally {
      await app.close();
    }
  },
);
