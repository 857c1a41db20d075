/**
 * The live heatmap, end to end: the real serve host on a data file seeded with 3,000 cases over the
 * last 30 days (Nansha grid), Debian's Chromium with real WebGL, no request leaving 127.0.0.1 and no
 * console error. The drill sends cases and the heatmap changes within a second without a reload;
 * 24 h → 7 d changes the picture; playback advances the clock; the choropleth legend and top list
 * match the backend's numbers, and a top-list click selects the unit. Screenshots at 1920×1080 and
 * 3840×2160.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import type { ChoroplethResult } from '../../shared/api/analytics-contract.ts';
import { classOf } from '../../shared/metrics/breaks.ts';
import { generateNansha } from '../../shared/demo/index.ts';
import { writeCasesFile } from '../helpers/analytics-cases.ts';
import {
  assertCleanAndClose,
  launchBrowser,
  mapInk,
  openPage,
  pngDifference,
  screenshot,
  SCREENSHOT_DIR,
  type WatchedPage,
} from '../helpers/browser.ts';
import { invoke, REPO_ROOT, startServe, tempDir, type ServeProcess } from '../helpers/serve-process.ts';

const DAY = 86_400_000;
const CASES = 3000;
let serve: ServeProcess;
let browser: Browser;
const pages: WatchedPage[] = [];

async function api<T>(method: string, params: unknown = {}): Promise<T> {
  const r = await invoke(serve.origin, method, params);
  assert.ok(r.body.ok, `${method}: ${JSON.stringify(r.body.error)}`);
  return r.body.value as T;
}

const drawn = (page: Page): Promise<number> =>
  page.evaluate(() => Number(document.body.dataset.heatDrawn ?? 0));

/** Waits until the heatmap has drawn a change after `before` (the map went idle after it). */
async function nextPicture(page: Page, before: number, timeout = 20_000): Promise<void> {
  await page.waitForFunction((n) => Number(document.body.dataset.heatDrawn ?? 0) > n, before, { timeout });
}

async function openHeatmap(viewport = { width: 1920, height: 1080 }): Promise<Page> {
  const w = await openPage(browser, viewport);
  pages.push(w);
  await w.page.goto(serve.url);
  await w.page.waitForSelector('body[data-map-state="idle"]', { timeout: 90_000 });
  await w.page.getByTestId('heat-toggle').click();
  await w.page.getByTestId('heat-panel').waitFor();
  await w.page.waitForFunction(() => Number(document.body.dataset.heatPoints ?? 0) > 0, null, {
    timeout: 30_000,
  });
  return w.page;
}

before(async () => {
  const dataFile = join(tempDir('gezhi-e2e-heat-'), 'gezhi.gpkg');
  const csv = readFileSync(join(REPO_ROOT, 'data', 'divisions-guangzhou.csv'), 'utf8');
  const now = Date.now();
  await writeCasesFile({
    path: dataFile,
    dataset: generateNansha(csv, { seed: 1 }),
    cases: CASES,
    from: now - 30 * DAY,
    to: now - 60_000,
    seed: 7,
  });
  serve = await startServe({ dataFile });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await serve?.stop();
});

describe('live heatmap', () => {
  let page: Page;

  test('the heatmap shows the last 24 h of cases; 7 d shows more and a different picture', async () => {
    page = await openHeatmap();
    const day = Number(await page.evaluate(() => document.body.dataset.heatPoints));
    const backend = await api<{ total: number }>('heatmap.points', { window: { preset: '24h' }, zoom: 10 });
    // The page's window starts at a whole minute; a case reported in that minute may differ.
    assert.ok(Math.abs(day - backend.total) <= 2, `page ${day}, backend ${backend.total}`);
    await screenshot(page, 'heatmap-24h-1920');
    const before24 = await mapInk(page);
    const n = await drawn(page);
    await page.getByTestId('heat-preset-7d').click();
    await nextPicture(page, n);
    const week = Number(await page.evaluate(() => document.body.dataset.heatPoints));
    assert.ok(week > day * 3, `7 d (${week}) holds several times 24 h (${day})`);
    const after7 = await mapInk(page);
    assert.ok(pngDifference(before24.png, after7.png) > 0.01, '7 d draws a different picture');
    // Back to 24 h: a filter over the points already there, the same count as before.
    const n2 = await drawn(page);
    await page.getByTestId('heat-preset-24h').click();
    await nextPicture(page, n2);
    assert.equal(Number(await page.evaluate(() => document.body.dataset.heatPoints)), day);
  });

  test('cases from the drill appear in the heatmap as a delta, without a reload', async () => {
    const labels = await api<{ features: { geometry: { coordinates: [number, number] } }[] }>('grid.labels', {
      level: 'town',
    });
    const [lon, lat] = labels.features[0]!.geometry.coordinates;
    const before = await mapInk(page);
    const count = Number(await page.evaluate(() => document.body.dataset.heatPoints));
    const fullLoads = await page.evaluate(() => document.body.dataset.heatFullLoads);
    // A marker on the page: a reload would lose it.
    await page.evaluate(() => ((window as unknown as { heatNoReload: boolean }).heatNoReload = true));
    await api('drill.start', {
      ratePerMinute: 3000,
      durationMinutes: 1,
      hotspots: [{ lon, lat, radiusM: 300, weight: 1 }],
      seed: 3,
    });
    await new Promise((r) => setTimeout(r, 1500));
    await api('drill.stop', {});
    const made = (await api<{ created: number }>('drill.status', {})).created;
    assert.ok(made > 10, `the drill made cases (${made})`);
    // The issue asks for a second; the figure is measured by the live_latency_ms benchmark, here
    // the wait only guards against a change that never comes (this machine's load varies).
    const t0 = Date.now();
    await page.waitForFunction(
      (want) => Number(document.body.dataset.heatPoints ?? 0) >= want,
      count + made,
      {
        timeout: 15_000,
      },
    );
    console.error(
      `heatmap e2e: ${made} drill cases in the map's source ${Date.now() - t0} ms after the last`,
    );
    const n = await drawn(page);
    await nextPicture(page, n - 1);
    await page.waitForFunction(() => document.body.dataset.mapState === 'idle');
    const after = await mapInk(page);
    assert.ok(pngDifference(before.png, after.png) > 0.001, 'the hot spot shows');
    assert.equal(
      await page.evaluate(() => document.body.dataset.heatFullLoads),
      fullLoads,
      'new cases were sent to the map as a diff, not by reloading every point',
    );
    assert.equal(
      await page.evaluate(() => (window as unknown as { heatNoReload?: boolean }).heatNoReload),
      true,
      'no page reload',
    );
    await screenshot(page, 'heatmap-live-1920');
  });

  test('playback of a day advances the clock and moves the window', async () => {
    await page.getByTestId('heat-play-day').click();
    await page.getByTestId('heat-play-toggle').waitFor();
    const t0 = Number(await page.getByTestId('heat-clock').getAttribute('data-time'));
    // An hour of cases per second: a day lasts 24 s, so the pause below lands mid-day.
    await page.getByTestId('heat-speed').selectOption({ index: 0 });
    await page.getByTestId('heat-play-toggle').click();
    await page.waitForFunction(
      (t) =>
        Number(document.querySelector('[data-testid="heat-clock"]')?.getAttribute('data-time')) >
        t + 3_600_000,
      t0,
      { timeout: 10_000 },
    );
    await page.getByTestId('heat-play-toggle').click();
    const t1 = Number(await page.getByTestId('heat-clock').getAttribute('data-time'));
    assert.ok(t1 > t0, 'the clock moved forward');
    assert.equal(await page.getByTestId('heat-bar').getAttribute('data-mode'), 'playback');
    await screenshot(page, 'heatmap-playback-1920');
    await page.getByTestId('heat-stop').click();
    assert.equal(await page.getByTestId('heat-bar').getAttribute('data-mode'), 'live');
  });

  test('the choropleth legend and top list match the backend; a top-list click selects the unit', async () => {
    await page.getByTestId('heat-preset-30d').click();
    await page.getByTestId('choro-level-community').click();
    await page.getByTestId('choro-legend').waitFor();
    const legend = await page.getByTestId('choro-class').evaluateAll((els) =>
      els.map((e) => ({
        upper: Number(e.getAttribute('data-upper')),
        units: Number(e.getAttribute('data-units')),
      })),
    );
    const now = Number(await page.getByTestId('heat-clock').getAttribute('data-time'));
    const c = await api<ChoroplethResult>('choropleth.get', {
      window: { from: now - 30 * DAY, to: now },
      level: 'community',
      metric: 'count',
    });
    const want = [...c.breaks.breaks, c.breaks.max];
    assert.deepEqual(
      legend.map((l) => l.upper),
      want,
      'class bounds are the backend breaks',
    );
    const perClass = want.map((_, i) => c.count.filter((v) => classOf(v, c.breaks.breaks) === i).length);
    assert.deepEqual(
      legend.map((l) => l.units),
      perClass,
    );
    const top = await page
      .getByTestId('choro-top-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    assert.deepEqual(
      top,
      c.top.map((u) => u.code),
    );
    await screenshot(page, 'heatmap-choropleth-1920');
    await page.getByTestId('choro-top-row').first().click();
    await page.waitForFunction((code) => document.body.dataset.selected === code, c.top[0]!.code, {
      timeout: 10_000,
    });
  });

  test('the wall at 3840×2160', async () => {
    // One page at a time: this machine draws WebGL in software.
    await assertCleanAndClose(pages.splice(0));
    const big = await openHeatmap({ width: 3840, height: 2160 });
    await big.getByTestId('choro-level-town').click();
    await big.getByTestId('choro-legend').waitFor();
    await big.waitForFunction(() => document.body.dataset.mapState === 'idle');
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, 'heatmap-choropleth-3840.png');
    // A 4K software-rendered frame can take longer than the helper's default wait; one capture, read back.
    await big.screenshot({ path, timeout: 120_000 });
    const img = PNG.sync.read(readFileSync(path));
    assert.equal(img.width, 3840);
    // The middle of the map (choropleth colours and heat) is not the bare background.
    let ink = 0;
    let n = 0;
    for (let y = 700; y < 1500; y += 8)
      for (let x = 1600; x < 2600; x += 8) {
        const i = (y * img.width + x) * 4;
        n++;
        if (img.data[i]! + img.data[i + 1]! + img.data[i + 2]! > 90) ink++;
      }
    assert.ok(ink / n > 0.2, `the map is drawn (${Math.round((ink / n) * 100)} % ink)`);
  });

  test('no request left the machine and no console error', async () => {
    await assertCleanAndClose(pages);
  });
});
