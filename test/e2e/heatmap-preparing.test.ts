/**
 * The heatmap's first use of a data file: the backend builds its case columns from SQL (about 16 s
 * at a million cases), and the panel says how far it has got instead of a bare "reading". The serve
 * host's --columns-build-hold-file (tests only) builds 1,000 rows at a time and waits between chunks
 * while the file exists, so the state can be seen and photographed; removing it lets the build end
 * and the heatmap draw. Real host, real data file, Debian's Chromium with real WebGL.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { writeRecentCasesFile } from '../helpers/analytics-cases.ts';
import {
  assertCleanAndClose,
  launchBrowser,
  openPage,
  screenshot,
  type WatchedPage,
} from '../helpers/browser.ts';
import { startServe, tempDir, type ServeProcess } from '../helpers/serve-process.ts';

const CASES = 3000;
let serve: ServeProcess;
let browser: Browser;
let holdFile: string;
const pages: WatchedPage[] = [];

before(async () => {
  const dataFile = await writeRecentCasesFile('gezhi-e2e-heat-prep-', CASES, 11);
  holdFile = join(tempDir('gezhi-e2e-heat-prep-hold-'), 'hold');
  writeFileSync(holdFile, '');
  serve = await startServe({ dataFile, extraArgs: ['--columns-build-hold-file', holdFile] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await serve?.stop();
});

/** `click`: switch the heatmap on; otherwise it is on as the last window left it (remembered). */
async function switchedOn(viewport: { width: number; height: number }, click: boolean): Promise<Page> {
  const w = await openPage(browser, viewport);
  pages.push(w);
  // ?e2e installs the heatmap's test hook (window.gezhiHeatmap).
  const url = new URL(serve.url);
  url.searchParams.set('e2e', '1');
  await w.page.goto(url.href);
  await w.page.waitForSelector('body[data-map-state="idle"]', { timeout: 90_000 });
  if (click) await w.page.getByTestId('heat-toggle').click();
  assert.equal(await w.page.getByTestId('heat-toggle').getAttribute('aria-pressed'), 'true');
  // The dispatch queue's markers step aside while the heatmap is on, remembered or clicked.
  const shown = await w.page.evaluate(() => window.gezhiHeatmap!.visibleLayers());
  assert.ok(shown.includes('heat-density'), 'the density is on the map');
  assert.deepEqual(
    shown.filter((id) => id.startsWith('cases-')),
    [],
    'no dispatch marker layer drawn under the heatmap',
  );
  return w.page;
}

test('the first use says how far the backend has got preparing the cases, then draws the heatmap', async () => {
  const page = await switchedOn({ width: 1920, height: 1080 }, true);
  const status = page.getByTestId('heat-status');
  // 3,000 cases read 1,000 at a time: held after the first chunk, a third of the way.
  await page.waitForFunction(
    () => document.querySelector('[data-testid="heat-status"]')?.textContent?.includes('首次使用'),
    null,
    { timeout: 30_000 },
  );
  assert.equal(await status.textContent(), '首次使用，正在整理案件数据… 33%（1,000 / 3,000 件）');
  assert.equal(await status.getAttribute('data-state'), 'loading');
  // Three of ten steps done.
  assert.equal(await page.locator('.heat-panel .load-step.done').count(), 3);
  // The switch is held for one complete picture at most this long (heat-layer.ts HOLD_MAX_MS); the
  // map is then drawn as it is while the build goes on.
  await new Promise((r) => setTimeout(r, 1800));
  await page.waitForFunction(() => document.body.dataset.mapState === 'idle');
  await screenshot(page, 'heatmap-preparing-1920');

  // A second window at the wall's size opens with the heatmap on, as the first left it, waits on the
  // same build and says the same.
  const wall = await switchedOn({ width: 3840, height: 2160 }, false);
  await wall.waitForFunction(
    () => document.querySelector('[data-testid="heat-status"]')?.textContent?.includes('33%'),
    null,
    { timeout: 30_000 },
  );
  await new Promise((r) => setTimeout(r, 1800));
  await screenshot(wall, 'heatmap-preparing-3840');

  rmSync(holdFile);
  for (const p of [page, wall]) {
    await p.waitForFunction(
      () => {
        const d = document.body.dataset;
        return Number(d.heatDrawn ?? 0) > 0 && Number(d.heatDrawnTo) - Number(d.heatDrawnFrom) === 86_400_000;
      },
      null,
      { timeout: 30_000 },
    );
    const s = p.getByTestId('heat-status');
    assert.equal(await s.getAttribute('data-state'), 'idle');
    assert.ok(Number(await s.getAttribute('data-count')) > 0, 'the last 24 h of cases shown');
    assert.equal(await p.locator('.heat-panel .load-step').count(), 0, 'no progress once drawn');
  }
});

test('no request left the machine and no console error', async () => {
  await assertCleanAndClose(pages);
});
