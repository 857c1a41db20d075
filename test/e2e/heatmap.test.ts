/**
 * The live heatmap, end to end: the real serve host on a data file seeded with 3,000 cases over the
 * last 30 days (Nansha grid), Debian's Chromium with real WebGL, no request leaving 127.0.0.1 and no
 * console error. The whole district shows beside the heatmap's panel and time bar; the drill sends
 * cases and the heatmap changes without a reload; 24 h → 7 d changes the picture; category, channel
 * and town filters work on the map without a new read; zoomed in, single cases are dots coloured by
 * status and dense ones clusters, and a case whose due time passes turns overdue with no event;
 * playback advances the clock; the choropleth legend and top list match the backend's numbers, and
 * a top-list click selects the unit. Screenshots at 1920×1080 and 3840×2160.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import type { ChoroplethResult, HeatmapPointsData } from '../../shared/api/analytics-contract.ts';
import type { CaseDetail } from '../../shared/api/cases-contract.ts';
import { CASE_STATUSES } from '../../shared/cases/types.ts';
import { OVERDUE_FLAG } from '../../shared/metrics/point-codec.ts';
import { classOf } from '../../shared/metrics/breaks.ts';
import { writeRecentCasesFile } from '../helpers/analytics-cases.ts';
import {
  assertCleanAndClose,
  chineseTextFonts,
  launchBrowser,
  mapInk,
  notInChineseFont,
  openPage,
  pngDifference,
  screenshot,
  SCREENSHOT_DIR,
  type WatchedPage,
} from '../helpers/browser.ts';
import { invoke, startServe, tempDir, type ServeProcess } from '../helpers/serve-process.ts';

const DAY = 86_400_000;
const CASES = 3000;
let serve: ServeProcess;
let browser: Browser;
let clockFile: string;
const pages: WatchedPage[] = [];

async function api<T>(method: string, params: unknown = {}): Promise<T> {
  const r = await invoke(serve.origin, method, params);
  assert.ok(r.body.ok, `${method}: ${JSON.stringify(r.body.error)}`);
  return r.body.value as T;
}

const drawn = (page: Page): Promise<number> =>
  page.evaluate(() => Number(document.body.dataset.heatDrawn ?? 0));

/**
 * Waits until the heatmap has drawn a picture after `before`, showing a window `span` ms long when
 * given (a background load finishing is a picture too, of the window shown before).
 */
async function nextPicture(page: Page, before: number, span?: number, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    ([n, ms]) => {
      const d = document.body.dataset;
      if (Number(d.heatDrawn ?? 0) <= n) return false;
      return ms === null || Number(d.heatDrawnTo) - Number(d.heatDrawnFrom) === ms;
    },
    [before, span ?? null] as const,
    { timeout },
  );
}

const shownCount = async (page: Page): Promise<number> =>
  Number(await page.evaluate(() => document.body.dataset.heatPoints));

/** The heatmap's remembered settings (switch, window, filters) back to nothing: a page opens as new. */
const forgetHeatmap = (): Promise<unknown> => api('settings.set', { key: 'heatmap.view', value: null });

async function openHeatmap(viewport = { width: 1920, height: 1080 }): Promise<Page> {
  await forgetHeatmap();
  const w = await openPage(browser, viewport);
  pages.push(w);
  // ?e2e installs the heatmap's test hook (window.gezhiHeatmap).
  const url = new URL(serve.url);
  url.searchParams.set('e2e', '1');
  await w.page.goto(url.href);
  await w.page.waitForSelector('body[data-map-state="idle"]', { timeout: 90_000 });
  await w.page.getByTestId('heat-toggle').click();
  await w.page.getByTestId('heat-panel').waitFor();
  // The first picture: the default 24 h window drawn.
  await nextPicture(w.page, 0, DAY, 30_000);
  return w.page;
}

before(async () => {
  const dataFile = await writeRecentCasesFile('gezhi-e2e-heat-', CASES, 7);
  clockFile = join(tempDir('gezhi-e2e-heat-clock-'), 'clock-offset');
  writeFileSync(clockFile, '0');
  serve = await startServe({ dataFile, extraArgs: ['--clock-file', clockFile] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await serve?.stop();
});

describe('live heatmap', () => {
  let page: Page;

  test('switched off, the live window is read ahead only once the backend has it at hand; switching on then draws at once', async () => {
    const heatUrl = new URL(serve.url);
    heatUrl.searchParams.set('e2e', '1');
    const heatReads = (w: WatchedPage): string[] => {
      const out: string[] = [];
      w.page.on('request', (r) => {
        const body = r.postData() ?? '';
        if (r.url().endsWith('/api/invoke') && body.includes('heatmap.points')) out.push(body);
      });
      return out;
    };
    // A fresh file: the case columns are not built, and a heatmap nobody switched on must not build them.
    await forgetHeatmap();
    const cold = await openPage(browser);
    pages.push(cold);
    const coldReads = heatReads(cold);
    await cold.page.goto(heatUrl.href);
    await cold.page.waitForSelector('body[data-heat-ahead="unready"]', { timeout: 90_000 });
    await cold.page.waitForFunction(() => document.body.dataset.mapState === 'idle');
    assert.equal(coldReads.length, 1, 'one read ahead, answered unready');
    assert.match(coldReads[0]!, /"ifReady":true/);
    await new Promise((r) => setTimeout(r, 500));
    const plain = await mapInk(cold.page);
    await cold.context.close();
    pages.splice(pages.indexOf(cold), 1);

    // Once a read has built them, a window reads its live window ahead and draws none of it.
    await api('heatmap.points', { window: { preset: '1h' }, zoom: 10 });
    const w = await openPage(browser);
    pages.push(w);
    const reads = heatReads(w);
    await w.page.goto(heatUrl.href);
    await w.page.waitForSelector('body[data-map-state="idle"]', { timeout: 90_000 });
    await w.page.waitForFunction(() => Number(document.body.dataset.heatReadyLoads ?? 0) >= 1, null, {
      timeout: 30_000,
    });
    assert.equal(reads.length, 1, 'the live window, read once');
    await new Promise((r) => setTimeout(r, 500));
    const ready = await mapInk(w.page);
    assert.ok(
      pngDifference(plain.png, ready.png) < 0.002,
      `switched off, the points read ahead draw nothing (${pngDifference(plain.png, ready.png)} of pixels differ)`,
    );

    // Switching on: the picture is drawn from what was read ahead, with no read and no new load.
    const loads = await w.page.evaluate(() => Number(document.body.dataset.heatFullLoads));
    const t0 = await w.page.evaluate(() => performance.now());
    await w.page.getByTestId('heat-toggle').click();
    await nextPicture(w.page, 0, DAY);
    const drawnLoads = await w.page.evaluate(() => Number(document.body.dataset.heatDrawnLoads));
    assert.equal(drawnLoads, loads, 'the first picture is the load made ahead');
    // The wider range is read after the first picture: none before it.
    const since = await w.page.evaluate(
      (t) =>
        performance
          .getEntriesByType('mark')
          .filter((m) => m.startTime >= t && (m.name === 'heat:request' || m.name === 'heat:picture'))
          .map((m) => m.name),
      t0,
    );
    assert.equal(since[0], 'heat:picture', `no read before the first picture: ${since.join(', ')}`);
    const on = await mapInk(w.page);
    assert.ok(pngDifference(ready.png, on.png) > 0.01, 'switched on, the heat shows');
    const day = Number(await w.page.evaluate(() => document.body.dataset.heatPoints));
    const backend = await api<{ total: number }>('heatmap.points', { window: { preset: '24h' }, zoom: 10 });
    assert.ok(Math.abs(day - backend.total) <= 2, `page ${day}, backend ${backend.total}`);
  });

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
    await nextPicture(page, n, 7 * DAY);
    const week = Number(await page.evaluate(() => document.body.dataset.heatPoints));
    assert.ok(week > day * 3, `7 d (${week}) holds several times 24 h (${day})`);
    const after7 = await mapInk(page);
    assert.ok(pngDifference(before24.png, after7.png) > 0.01, '7 d draws a different picture');
    // Back to 24 h: a filter over the points already there, the same count as before.
    const n2 = await drawn(page);
    await page.getByTestId('heat-preset-24h').click();
    await nextPicture(page, n2, DAY);
    assert.equal(Number(await page.evaluate(() => document.body.dataset.heatPoints)), day);
  });

  test('the whole district shows beside the panel and the time bar', async () => {
    const district = await api<{ features: { geometry: { coordinates: number[][][] | number[][][][] } }[] }>(
      'grid.layer',
      { level: 'district' },
    );
    const flat = (district.features[0]!.geometry.coordinates as unknown[]).flat(3) as number[];
    const ring = flat.flatMap((v, i) => (i % 2 === 0 ? [[v, flat[i + 1]!] as [number, number]] : []));
    const west = ring.reduce((a, b) => (b[0] < a[0] ? b : a));
    const south = ring.reduce((a, b) => (b[1] < a[1] ? b : a));
    // The refit after the panel appeared is a short animation.
    await page.waitForFunction(() => document.body.dataset.mapState === 'idle');
    await new Promise((r) => setTimeout(r, 800));
    const panel = (await page.getByTestId('heat-panel').boundingBox())!;
    const bar = (await page.getByTestId('heat-bar').boundingBox())!;
    const w = await page.evaluate((at) => window.gezhiHeatmap!.project(at), west);
    const s = await page.evaluate((at) => window.gezhiHeatmap!.project(at), south);
    assert.ok(
      w.x > panel.x + panel.width,
      `the west edge (x ${w.x}) is right of the panel (${panel.x + panel.width})`,
    );
    assert.ok(s.y < bar.y, `the south edge (y ${s.y}) is above the time bar (${bar.y})`);
  });

  test('category, item, channel and town filter the points on the map, with no new read', async () => {
    // The 30-day range loads behind the first picture; after that every filter is the map's.
    await page.waitForFunction(() => document.body.dataset.heatWide === 'true', null, { timeout: 30_000 });
    const reads: string[] = [];
    const onRequest = (r: { url(): string; postData(): string | null }): void => {
      // A delta (`since`) is the live feed's own; a read of the points is what a filter must not cost.
      const body = r.postData() ?? '';
      if (r.url().endsWith('/api/invoke') && body.includes('"heatmap.points"') && !body.includes('"since"'))
        reads.push(body);
    };
    page.on('request', onRequest);
    const fullLoads = await page.evaluate(() => document.body.dataset.heatFullLoads);
    const now = Number(await page.getByTestId('heat-clock').getAttribute('data-time'));
    const town = (
      await api<{ features: { properties: { code: string } }[] }>('grid.labels', { level: 'town' })
    ).features[1]!.properties.code;
    const backend = async (filters: object): Promise<number> =>
      (
        await api<HeatmapPointsData>('heatmap.points', {
          window: { from: Math.floor(now / 60_000) * 60_000 + 60_000 - DAY, to: now },
          zoom: 10,
          filters,
        })
      ).total;
    const all = await shownCount(page);
    /** After `act`, the count beside the map settles on the backend's for the same filters. */
    const check = async (label: string, act: () => Promise<void>, filters: object): Promise<void> => {
      await act();
      const want = await backend(filters);
      let shown = -1;
      for (let i = 0; i < 40 && Math.abs(shown - want) > 2; i++) {
        if (i) await new Promise((r) => setTimeout(r, 250));
        shown = await shownCount(page);
      }
      assert.ok(Math.abs(shown - want) <= 2, `${label}: page ${shown}, backend ${want}`);
      assert.ok(shown < all, `${label} leaves out some cases (${shown} of ${all})`);
    };
    const select = (id: string, value: string) => async (): Promise<void> => {
      await page.getByTestId(id).selectOption(value);
    };
    await check('channel', select('heat-filter-channel', 'hotline12345'), { channels: ['hotline12345'] });
    await check('channel and town', select('heat-filter-town', town), {
      channels: ['hotline12345'],
      towns: [town],
    });
    await page.getByTestId('heat-filter-channel').selectOption('');
    await page.getByTestId('heat-filter-town').selectOption('');
    await check('category', () => page.getByTestId('heat-filter-codes').fill('E01'), { categories: ['E01'] });
    await check('item type', () => page.getByTestId('heat-filter-codes').fill('E0101'), { items: ['E0101'] });
    await page.getByTestId('heat-filter-codes').fill('');
    await page.waitForFunction((want) => Number(document.body.dataset.heatPoints) === want, all);
    page.off('request', onRequest);
    assert.deepEqual(reads, [], 'no heatmap read for a filter over loaded points');
    assert.equal(await page.evaluate(() => document.body.dataset.heatFullLoads), fullLoads, 'nothing resent');
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

  let spread: CaseDetail[] = [];
  let cellCode = '';

  test('zoomed in: single cases are dots coloured by status, dense ones are clusters', async () => {
    // A cell well inside the district: ten cases within a few metres of its centre, three apart.
    const cells = await api<{
      features: { properties: { code: string }; geometry: { coordinates: [number, number] } }[];
    }>('grid.labels', { level: 'cell' });
    const cell = cells.features[Math.floor(cells.features.length / 2)]!;
    const [lon, lat] = cell.geometry.coordinates;
    const create = (dx: number, dy: number, i: number): Promise<CaseDetail> =>
      api<CaseDetail>('cases.create', {
        itemCode: 'E0101',
        lon: lon + dx,
        lat: lat + dy,
        description: `放大测试 ${i}`,
      });
    const dense: CaseDetail[] = [];
    for (let i = 0; i < 10; i++) dense.push(await create((i % 4) * 0.00002, Math.floor(i / 4) * 0.00002, i));
    spread = [];
    for (const [i, [dx, dy]] of [
      [0.0025, 0.0012],
      [-0.0024, 0.0014],
      [0.0004, -0.0022],
    ].entries())
      spread.push(await create(dx!, dy!, 10 + i));
    await api('cases.act', { id: spread[1]!.id, action: { type: 'register' } });
    const seq = (c: CaseDetail): number => Number(c.id.split('-')[1]);
    await page.waitForFunction(
      (s) => Number(document.body.dataset.heatDrawnSeq ?? 0) >= s,
      Math.max(...[...dense, ...spread].map(seq)),
      { timeout: 15_000 },
    );
    // Zoom in as a person would: find the cell, which the map flies to.
    cellCode = cell.properties.code;
    await page.getByTestId('search-input').fill(cell.properties.code);
    await page.getByTestId(`search-result-${cell.properties.code}`).click();
    await page.waitForFunction((code) => document.body.dataset.selected === code, cell.properties.code);
    await page.waitForFunction(
      ([ids]) => {
        const r = window.gezhiHeatmap?.rendered();
        return !!r && r.clusters.length > 0 && ids.every((id) => r.dots.some((d) => d.id === id));
      },
      [spread.map(seq)] as const,
      { timeout: 30_000 },
    );
    const zoom = await page.evaluate(() => window.gezhiHeatmap!.zoom());
    assert.ok(zoom >= 13.5, `zoomed in (${zoom.toFixed(1)})`);
    const r = await page.evaluate(() => window.gezhiHeatmap!.rendered());
    const stateOf = (c: CaseDetail): number => r.dots.find((d) => d.id === seq(c))!.state;
    assert.equal(stateOf(spread[0]!), CASE_STATUSES.indexOf('reported'));
    assert.equal(
      stateOf(spread[1]!),
      CASE_STATUSES.indexOf('registered'),
      'a registered case has its own colour',
    );
    const big = Math.max(...r.clusters.map((c) => c.count));
    assert.ok(big >= 5, `the ten cases close together are clustered (largest cluster ${big})`);
    const denseDots = r.dots.filter((d) => dense.some((c) => seq(c) === d.id)).length;
    assert.ok(denseDots < dense.length, `not all ten drawn as single dots (${denseDots})`);
    await screenshot(page, 'heatmap-zoomed-1920');
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
    // Drawn: the map's picture after the colours went on (the level's grid is re-tiled for them).
    await page.waitForFunction(() => document.body.dataset.heatDrawnChoro === 'community', null, {
      timeout: 30_000,
    });
    const legend = await page.getByTestId('choro-class').evaluateAll((els) =>
      els.map((e) => ({
        upper: Number(e.getAttribute('data-upper')),
        units: Number(e.getAttribute('data-units')),
      })),
    );
    const now = Number(await page.getByTestId('heat-clock').getAttribute('data-time'));
    const c = await api<ChoroplethResult>('choropleth.get', {
      // The page's live window starts at a whole minute.
      window: { from: Math.floor(now / 60_000) * 60_000 + 60_000 - 30 * DAY, to: now },
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

  test('a case whose due time passes turns overdue on the map, with no event', async () => {
    // Back to the cell of the test above (the choropleth's list moved the map).
    await page.getByTestId('search-input').fill(cellCode);
    await page.getByTestId(`search-result-${cellCode}`).click();
    await page.waitForFunction((code) => document.body.dataset.selected === code, cellCode);
    // 30 days: the backend clock jumps to the due time below, which a 24 h window may not reach.
    let n = await drawn(page);
    if ((await page.getByTestId('heat-preset-30d').getAttribute('aria-pressed')) !== 'true') {
      await page.getByTestId('heat-preset-30d').click();
      await nextPicture(page, n, 30 * DAY);
    }
    const late = spread[1]!;
    const seq = Number(late.id.split('-')[1]);
    const dispatched = await api<CaseDetail>('cases.act', { id: late.id, action: { type: 'dispatch' } });
    assert.ok(dispatched.clock && !dispatched.clock.overdue, 'the clock runs and is not overdue yet');
    const stateShown = (): Promise<number | undefined> =>
      page.evaluate((id) => window.gezhiHeatmap!.rendered().dots.find((d) => d.id === id)?.state, seq);
    await page.waitForFunction(
      ([id, want]) => window.gezhiHeatmap!.rendered().dots.find((d) => d.id === id)?.state === want,
      [seq, CASE_STATUSES.indexOf('dispatched')] as const,
      { timeout: 15_000 },
    );
    const fullLoads = await page.evaluate(() => document.body.dataset.heatFullLoads);
    // The backend's clock to eight seconds before the due time; nothing touches the case after this.
    writeFileSync(clockFile, String(dispatched.clock!.dueAt - Date.now() - 8000));
    n = await drawn(page);
    await page.waitForFunction(
      ([id]) => (window.gezhiHeatmap!.rendered().dots.find((d) => d.id === id)?.state ?? 0) >= 16,
      [seq] as const,
      { timeout: 60_000 },
    );
    assert.ok(((await stateShown()) ?? 0) >= OVERDUE_FLAG);
    // The overdue count beside the map is the backend's for the same window (its clock moved too, so
    // other cases may have turned overdue or left the window meanwhile).
    let shown = -1;
    let want = -2;
    for (let i = 0; i < 40 && Math.abs(shown - want) > 2; i++) {
      if (i) await new Promise((r) => setTimeout(r, 500));
      const now = Number(await page.getByTestId('heat-clock').getAttribute('data-time'));
      const from = Math.floor(now / 60_000) * 60_000 + 60_000 - 30 * DAY;
      shown = Number(await page.getByTestId('heat-status').getAttribute('data-overdue'));
      want = (await api<ChoroplethResult>('choropleth.get', { window: { from, to: now }, level: 'town' }))
        .totals.openOverdue;
    }
    assert.ok(Math.abs(shown - want) <= 2, `overdue beside the map ${shown}, backend ${want}`);
    assert.equal(await page.evaluate(() => document.body.dataset.heatFullLoads), fullLoads, 'no reload');
    await page
      .waitForFunction((before) => Number(document.body.dataset.heatDrawn ?? 0) > before, n, {
        timeout: 15_000,
      })
      .catch(async (e: unknown) => {
        const w = await page.evaluate(() => window.gezhiHeatmap!.waiting());
        throw new Error(`no new picture; waiting for ${JSON.stringify(w)}: ${String(e)}`);
      });
    await screenshot(page, 'heatmap-overdue-1920');
    // The backend's clock back to now, for the wall's page below.
    writeFileSync(clockFile, '0');
  });

  test('the wall at 3840×2160', async () => {
    // One page at a time: this machine draws WebGL in software.
    await assertCleanAndClose(pages.splice(0));
    const big = await openHeatmap({ width: 3840, height: 2160 });
    await big.getByTestId('choro-level-town').click();
    await big.getByTestId('choro-legend').waitFor();
    await big.waitForFunction(() => document.body.dataset.heatDrawnChoro === 'town', null, {
      timeout: 60_000,
    });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, 'heatmap-choropleth-3840.png');
    // A 4K software-rendered frame can take longer than the helper's default wait; one capture, read back.
    await big.screenshot({ path, timeout: 120_000 });
    const img = PNG.sync.read(readFileSync(path));
    assert.equal(img.width, 3840);
    // The middle of the map (choropleth colours and heat) is not the bare background.
    let ink = 0;
    let warm = 0;
    let n = 0;
    for (let y = 700; y < 1500; y += 8)
      for (let x = 1600; x < 2600; x += 8) {
        const i = (y * img.width + x) * 4;
        const [r, g, b] = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
        n++;
        if (r + g + b > 90) ink++;
        // The upper classes are amber to rose; the bare map is blue.
        if (r > b + 40) warm++;
      }
    assert.ok(ink / n > 0.2, `the map is drawn (${Math.round((ink / n) * 100)} % ink)`);
    assert.ok(warm / n > 0.1, `the busier towns are coloured (${Math.round((warm / n) * 100)} % warm)`);
    // The filters' and the choropleth's closed <select>s among them: they once drew their choice in
    // the system font, as boxes.
    const drawn = await chineseTextFonts(big);
    assert.ok(drawn.filter((d) => d.text === '全部').length >= 3, 'the filters show 全部');
    assert.deepEqual(notInChineseFont(drawn), [], 'drawn with a font that may lack Chinese');
  });

  test('a reload brings the heatmap back as it was left: on, its window, a filter and the choropleth', async () => {
    const p = await openHeatmap();
    let n = await drawn(p);
    await p.getByTestId('heat-preset-7d').click();
    await nextPicture(p, n, 7 * DAY);
    await p.getByTestId('heat-filter-level').selectOption('A');
    await p.getByTestId('choro-level-town').click();
    await p.getByTestId('choro-legend').waitFor();
    const count = Number(await p.getByTestId('heat-status').getAttribute('data-count'));
    // Written a moment after the last change (debounced), into the data file's settings.
    const stored = async (): Promise<Record<string, unknown>> =>
      (await api<{ value: Record<string, unknown> }>('settings.get', { key: 'heatmap.view' })).value;
    for (let i = 0; i < 50 && (await stored())?.choroLevel !== 'town'; i++)
      await new Promise((r) => setTimeout(r, 100));
    const v = await stored();
    assert.deepEqual(
      { on: v.on, preset: v.preset, levels: v.levels },
      { on: true, preset: '7d', levels: ['A'] },
    );

    await p.reload();
    await p.waitForSelector('body[data-map-state="idle"]', { timeout: 90_000 });
    n = 0;
    await nextPicture(p, n, 7 * DAY);
    assert.equal(await p.getByTestId('heat-toggle').getAttribute('aria-pressed'), 'true');
    assert.equal(await p.getByTestId('heat-preset-7d').getAttribute('aria-pressed'), 'true');
    assert.equal(await p.getByTestId('heat-filter-level').inputValue(), 'A');
    await p.getByTestId('choro-legend').waitFor();
    await p.waitForFunction(
      (c) => Number(document.querySelector('[data-testid="heat-status"]')?.getAttribute('data-count')) === c,
      count,
    );
  });

  test('no request left the machine and no console error', async () => {
    await assertCleanAndClose(pages);
  });
});
