/**
 * The first screen, end to end: the real serve host on a fresh data file (Nansha demo), Debian's
 * Chromium with real WebGL, no request leaving the loopback address and no console error allowed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import {
  launchBrowser,
  mapInk,
  openPage,
  pngDifference,
  screenshot,
  type WatchedPage,
  assertCleanAndClose,
} from '../helpers/browser.ts';
import { invoke, startServe, type ServeProcess } from '../helpers/serve-process.ts';

let serve: ServeProcess;
let browser: Browser;
const pages: WatchedPage[] = [];

async function open(viewport = { width: 1920, height: 1080 }): Promise<WatchedPage> {
  const w = await openPage(browser, viewport);
  pages.push(w);
  await w.page.goto(serve.url);
  await w.page.waitForSelector('body[data-map-state="idle"]', { timeout: 90_000 });
  return w;
}

before(async () => {
  serve = await startServe({ demo: 'nansha' });
  browser = await launchBrowser();
});

after(async () => {
  // Closed even when the check fails: a browser or server left running keeps the test file alive.
  try {
    await assertCleanAndClose(pages);
  } finally {
    await browser?.close();
    await serve?.stop();
  }
});

describe('first screen (serve mode, Chromium)', () => {
  test('the map renders the grid on the canvas', async () => {
    const { page } = await open();
    const { ink, colours } = await mapInk(page);
    // The grid outlines and fills cover a good part of the map; a blank or failed canvas has ~0.
    assert.ok(ink > 0.05, `map canvas shows the grid (ink ratio ${ink.toFixed(3)})`);
    assert.ok(colours > 8, `several level colours are drawn (${colours})`);
    // The first picture is painted once, with the grid in it, not tile by tile from an empty map.
    const marks = await page.evaluate(() =>
      Object.fromEntries(
        ['gezhi:map-data', 'gezhi:first-paint', 'gezhi:map-idle'].map((n) => [
          n,
          performance.getEntriesByName(n)[0]?.startTime ?? null,
        ]),
      ),
    );
    const [data, paint, idle] = [
      marks['gezhi:map-data'],
      marks['gezhi:first-paint'],
      marks['gezhi:map-idle'],
    ];
    assert.ok(data !== null && paint !== null && idle !== null, JSON.stringify(marks));
    assert.ok(paint! >= data! && paint! <= idle!, `data ≤ first paint ≤ idle: ${JSON.stringify(marks)}`);
  });

  test('the tree lists the district, 9 towns and 172 communities', async () => {
    const { page } = await open();
    await page.getByTestId('tree').waitFor();
    assert.match((await page.getByTestId('tree-count-town').textContent()) ?? '', /\b9\b/);
    assert.match((await page.getByTestId('tree-count-community').textContent()) ?? '', /\b172\b/);
    const towns = await invoke(serve.origin, 'grid.tree');
    const townCodes = (towns.body.value as { code: string; level: string }[]).filter(
      (n) => n.level === 'town',
    );
    assert.equal(townCodes.length, 9);
    // Every town is a row under the district once the district is open.
    await page.getByTestId('tree-node-440115').waitFor();
    for (const t of townCodes) await page.getByTestId(`tree-node-${t.code}`).waitFor({ timeout: 5000 });
  });

  test('selecting a community by search flies to it and shows its attributes', async () => {
    const { page } = await open();
    const before = await mapInk(page);
    // 南沙街 is a real street in Nansha; its communities carry real names from the division list.
    const tree = (await invoke(serve.origin, 'grid.tree')).body.value as {
      code: string;
      name: string;
      level: string;
      childCount: number;
    }[];
    const community = tree.find((n) => n.level === 'community' && n.childCount > 0)!;
    await page.getByTestId('search-input').fill(community.name);
    await page.getByTestId(`search-result-${community.code}`).click();
    await page.waitForSelector(`body[data-selected="${community.code}"]`);
    await page.waitForSelector(`body[data-flown="${community.code}"]`, { timeout: 30_000 });
    const panel = page.getByTestId('attributes-panel');
    assert.equal((await panel.getByTestId('attr-code').textContent())?.trim(), community.code);
    assert.equal((await panel.getByTestId('attr-name').textContent())?.trim(), community.name);
    const area = Number(/[\d.]+/.exec((await panel.getByTestId('attr-area').textContent()) ?? '')?.[0]);
    assert.ok(area > 0.1 && area < 100, `area in km² (${area})`);
    assert.match(
      (await panel.getByTestId('attr-children').textContent()) ?? '',
      new RegExp(`\\b${community.childCount}\\b`),
    );
    assert.ok(((await panel.getByTestId('attr-parent').textContent()) ?? '').length > 1);
    assert.match((await panel.getByTestId('attr-population').textContent()) ?? '', /\d/);
    const after = await mapInk(page);
    assert.ok(pngDifference(before.png, after.png) > 0.2, 'the map moved to the community');
    await screenshot(page, 'community-selected-1920x1080');
  });

  test('clicking the map selects the unit under the pointer', async () => {
    const { page } = await open();
    const box = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForSelector('body[data-selected]', { timeout: 10_000 });
    const code = await page.evaluate(() => document.body.dataset.selected);
    assert.match(code ?? '', /^\d{6,15}$/);
    await page.getByTestId('attr-code').waitFor();
  });

  test('the language switch turns the UI to English and back, and is remembered', async () => {
    const { page } = await open();
    const zh = (await page.getByTestId('status-bar').textContent()) ?? '';
    assert.match(zh, /[\u4e00-\u9fff]/, 'Chinese by default');
    await page.getByTestId('lang-switch').click();
    await page.waitForSelector('html[lang="en"]');
    await page.reload();
    await page.waitForSelector('body[data-map-state="idle"]', { timeout: 90_000 });
    await page.waitForSelector('html[lang="en"]');
    const en = (await page.getByTestId('status-bar').textContent()) ?? '';
    assert.match(en, /[A-Za-z]{4,}/, 'English labels');
    assert.doesNotMatch(
      en.replace(/\S*gezhi\S*/g, ''),
      /[\u4e00-\u9fff]{2,}/,
      'no Chinese labels left in the status bar',
    );
    await screenshot(page, 'first-screen-en-1920x1080');
    await page.getByTestId('lang-switch').click();
    await page.waitForSelector('html[lang="zh-CN"]');
  });

  test('in software WebGL nothing animates while the grid loads, and the status bar says why the map is slow', async () => {
    const w = await openPage(browser);
    pages.push(w);
    // Sampled from the first script on: the largest number of endless animations running at once
    // before the map's first idle (a spinner, a pulsing layer swatch). In software rendering each
    // of their frames is drawn by the CPU that is loading the map.
    // A string, not a function: tsx's name helpers do not exist in the page.
    await w.page.addInitScript(`
      globalThis.maxEndless = 0;
      const sample = () => {
        const endless = document.getAnimations().filter(
          (a) => a.playState === 'running' && a.effect && a.effect.getTiming().iterations === Infinity,
        );
        globalThis.maxEndless = Math.max(globalThis.maxEndless, endless.length);
        if (!document.body || document.body.dataset.mapState !== 'idle') setTimeout(sample, 20);
      };
      sample();
    `);
    await w.page.goto(serve.url);
    await w.page.waitForSelector('body[data-map-state="idle"]', { timeout: 90_000 });
    assert.equal(await w.page.evaluate(() => document.documentElement.dataset.render), 'software');
    assert.equal(
      await w.page.evaluate(() => (globalThis as unknown as { maxEndless: number }).maxEndless),
      0,
    );
    const chip = w.page.getByTestId('status-render');
    assert.equal((await chip.textContent())?.trim(), '软件渲染');
    assert.match((await chip.getAttribute('title')) ?? '', /SwiftShader/i, 'the renderer is named');
  });

  test('the status bar shows the data file, schema version and counts', async () => {
    const { page } = await open();
    const text = (await page.getByTestId('status-datafile').textContent()) ?? '';
    assert.ok(text.includes('gezhi.gpkg'), text);
    assert.match((await page.getByTestId('status-schema').textContent()) ?? '', /\d/);
  });

  test('screenshots at 1920×1080 and 3840×2160', async () => {
    const hd = await open({ width: 1920, height: 1080 });
    await screenshot(hd.page, 'first-screen-1920x1080');
    const uhd = await open({ width: 3840, height: 2160 });
    const { ink } = await mapInk(uhd.page);
    assert.ok(ink > 0.05, `4K map renders (ink ${ink.toFixed(3)})`);
    await screenshot(uhd.page, 'first-screen-3840x2160');
  });
});
