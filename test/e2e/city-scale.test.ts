/**
 * The first screen at city scale (Guangzhou: 11 districts, ~30,000 cells). The cells are not part
 * of the first picture (they are not drawn at the opening zoom) and load once the map is idle; this
 * checks that they do arrive and become pickable, also when the map's data came before the tree.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { centroid } from '@turf/centroid';
import type { FeatureCollection } from 'geojson';
import type { Browser } from 'playwright-core';
import {
  assertCleanAndClose,
  launchBrowser,
  mapInk,
  openPage,
  type WatchedPage,
} from '../helpers/browser.ts';
import { invoke, startServe, type ServeProcess } from '../helpers/serve-process.ts';

let serve: ServeProcess;
let browser: Browser;
const pages: WatchedPage[] = [];

before(async () => {
  serve = await startServe({ demo: 'guangzhou', timeoutMs: 300_000 });
  browser = await launchBrowser();
});

after(async () => {
  try {
    await assertCleanAndClose(pages);
  } finally {
    await browser?.close();
    await serve?.stop();
  }
});

describe('city-scale first screen (serve mode, Chromium)', () => {
  test('the city opens with its districts drawn, then the cells load and can be picked', async () => {
    const cells = (await invoke(serve.origin, 'grid.layer', { level: 'cell' })).body
      .value as FeatureCollection;
    assert.ok(cells.features.length > 20_000, `a city-scale grid (${cells.features.length} cells)`);
    const w = await openPage(browser, { width: 1920, height: 1080 });
    pages.push(w);
    const { page } = w;
    await page.goto(serve.url);
    await page.waitForSelector('body[data-map-state="idle"]', { timeout: 120_000 });
    const { ink } = await mapInk(page);
    assert.ok(ink > 0.05, `the city's grid is drawn (ink ratio ${ink.toFixed(3)})`);
    assert.match((await page.getByTestId('tree-count-district').textContent()) ?? '', /\b11\b/);

    // Remember a view close in on one cell, as a person who zoomed there would have, and reopen.
    const cell = cells.features[Math.floor(cells.features.length / 2)]!;
    const [lng, lat] = centroid(cell).geometry.coordinates as [number, number];
    const set = await invoke(serve.origin, 'settings.set', {
      key: 'map.view',
      value: { center: [lng, lat], zoom: 16 },
    });
    assert.equal(set.status, 200);
    await page.reload();
    await page.waitForSelector('body[data-map-state="idle"]', { timeout: 120_000 });
    // The cells come after the first picture; their layer button says so until the map has drawn them.
    await page.waitForSelector('[data-testid="layer-toggle-cell"]:not([data-loading])', { timeout: 60_000 });
    const box = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction((code) => document.body.dataset.selected === code, cell.properties!.code, {
      timeout: 10_000,
    });
    await page.getByTestId('attr-code').waitFor();
  });
});
