/**
 * The operator's and the administrator's corrections, end to end on the real serve host in Debian's
 * Chromium: an administrator (signed in by role) edits an item's time limit and a new case is held
 * to it; a case reported outside the district waits in the "to locate" list and is placed by a
 * click on the map then typed coordinates; a flagged duplicate is merged into its original; a photo
 * is attached to a step and shown as a thumbnail. Screenshots at 1920×1080 and 3840×2160.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import {
  assertCleanAndClose,
  launchBrowser,
  openPage,
  screenshot,
  type WatchedPage,
} from '../helpers/browser.ts';
import { invoke, startServe, tempDir, type ServeProcess } from '../helpers/serve-process.ts';

let serve: ServeProcess;
let browser: Browser;
const pages: WatchedPage[] = [];

interface Detail {
  id: string;
  status: string;
  outsideDistrict: boolean;
  possibleDuplicateOf: string | null;
  cell: { code: string } | null;
  catalogueVersion: number | null;
  state: { item: { timeLimit: { value: number; unit: string } } | null; mergedInto?: string | null };
  history: { action: string; actor: { name: string }; reason: string | null; attachments: string[] }[];
  attachments: { id: string; name: string }[];
}

async function api<T>(method: string, params: unknown = {}): Promise<T> {
  const r = await invoke(serve.origin, method, params);
  assert.ok(r.body.ok, `${method}: ${JSON.stringify(r.body.error)}`);
  return r.body.value as T;
}

/** Cell label points: real places inside a published cell. */
async function places(): Promise<[number, number][]> {
  const fc = await api<{ features: { geometry: { coordinates: [number, number] } }[] }>('grid.labels', {
    level: 'cell',
  });
  return fc.features.map((f) => f.geometry.coordinates);
}

async function openDispatch(viewport = { width: 1920, height: 1080 }): Promise<Page> {
  const w = await openPage(browser, viewport);
  pages.push(w);
  await w.page.goto(serve.url);
  await w.page.waitForSelector('body[data-map-state="idle"]', { timeout: 90_000 });
  await w.page.getByTestId('side-tab-dispatch').click();
  await w.page.getByTestId('dispatch-panel').waitFor();
  return w.page;
}

/**
 * A refusal the test provokes on purpose reaches the page as an HTTP 4xx, which Chromium logs as a
 * console error; exactly the expected ones are taken off the list so any other error still fails.
 */
function expectRefusals(page: Page, count: number): void {
  const w = pages.find((x) => x.page === page)!;
  const refused = w.consoleErrors.filter((e) => /status of 4\d\d/.test(e));
  assert.equal(refused.length, count, w.consoleErrors.join(' | '));
  w.consoleErrors.splice(0, w.consoleErrors.length, ...w.consoleErrors.filter((e) => !refused.includes(e)));
}

async function openRow(page: Page, id: string): Promise<void> {
  await page.getByTestId(`queue-row-${id}`).click();
  await page.waitForSelector(`[data-testid="case-detail"] .detail-body[data-case-id="${id}"]`);
}

/** A small real PNG (a red square with a white cross) for the attachment upload. */
function photo(): Buffer {
  const png = new PNG({ width: 64, height: 64 });
  for (let y = 0; y < 64; y++)
    for (let x = 0; x < 64; x++) {
      const i = (y * 64 + x) * 4;
      const cross = Math.abs(x - 32) < 4 || Math.abs(y - 32) < 4;
      png.data.set(cross ? [255, 255, 255, 255] : [200, 30, 30, 255], i);
    }
  return PNG.sync.write(png);
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

describe('corrections and reference data (serve mode, Chromium)', () => {
  test('only the administrator sees the reference data screen; an edited time limit holds new cases', async () => {
    const page = await openDispatch();
    assert.equal(await page.getByTestId('open-admin').count(), 0, 'an operator has no admin button');
    await page.getByTestId('actor-role').selectOption('admin');
    await page.getByTestId('open-admin').click();
    await page.getByTestId('admin-screen').waitFor();
    await page.getByTestId('admin-item-search').fill('E0102');
    await page.getByTestId('admin-item-E0102').click();
    await page.getByTestId('admin-item-form').waitFor();
    assert.equal(await page.getByTestId('admin-item-limit').inputValue(), '4');

    // A bad value is refused with the reason, nothing saved.
    await page.getByTestId('admin-item-limit').fill('0');
    await page.getByTestId('admin-items-save').click();
    const problem = (await page.getByTestId('admin-items-error').textContent()) ?? '';
    assert.match(problem, /未保存/);
    assert.match(problem, /time limit must be positive/);
    expectRefusals(page, 1);

    await page.getByTestId('admin-item-limit').fill('2');
    await page.getByTestId('admin-item-unit').selectOption('workingDays');
    await page.getByTestId('admin-items-note').fill('暴露垃圾时限改为 2 个工作日');
    await page.getByTestId('admin-items-save').click();
    await page.getByTestId('admin-items-saved').waitFor();
    assert.match((await page.getByTestId('admin-items-version').textContent()) ?? '', /第 2 版/);
    await screenshot(page, 'admin-items-1920x1080');

    await page.getByTestId('admin-tab-history').click();
    await page.getByTestId('admin-history-row-2').waitFor();
    const row = (await page.getByTestId('admin-history-row-2').textContent()) ?? '';
    assert.match(row, /系统管理员/);
    assert.match(row, /暴露垃圾时限改为 2 个工作日/);
    await page.getByTestId('admin-tab-calendar').click();
    await page.getByTestId('admin-holidays').waitFor();
    await screenshot(page, 'admin-calendar-1920x1080');
    await page.getByTestId('admin-close').click();

    const [lon, lat] = (await places())[3]!;
    const c = await api<Detail>('cases.create', { itemCode: 'E0102', lon, lat, description: '新时限' });
    assert.deepEqual(c.state.item?.timeLimit, { value: 2, unit: 'workingDays' });
    assert.equal(c.catalogueVersion, 2);
    await openRow(page, c.id);
    await page.getByTestId('case-action-register').click();
    await page.waitForSelector(`[data-testid="case-detail"] .detail-body[data-status="registered"]`);
    const registered = await api<Detail>('cases.get', { id: c.id });
    assert.equal(
      registered.history.at(-1)!.actor.name,
      '系统管理员',
      'the signed-in role acts and is recorded',
    );
  });

  test('a case outside the district is listed to locate and placed from the map and typed coordinates', async () => {
    const lost = await api<Detail>('cases.create', {
      itemCode: 'E0101',
      lon: 116.39,
      lat: 39.9,
      description: '热线坐标录错，需人工定位',
      channel: 'hotline12345',
    });
    assert.equal(lost.outsideDistrict, true);
    const page = await openDispatch();
    await page.getByTestId('filter-flag').selectOption('toLocate');
    await page.getByTestId(`queue-row-${lost.id}`).waitFor();
    // The filtered answer replaces the unfiltered queue: then only the case to locate is listed.
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid^="queue-row-"]').length === 1,
      null,
      {
        timeout: 10_000,
      },
    );
    await openRow(page, lost.id);
    await page.getByTestId('case-locate-manual').click();
    await page.getByTestId('locate-box').waitFor();
    await page.waitForSelector('body[data-case-picking="on"]');
    const box = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(() =>
      /^1\d\d\.\d{6}$/.test((document.querySelector('[data-testid="locate-lon"]') as HTMLInputElement).value),
    );
    await screenshot(page, 'locate-1920x1080');

    // Outside again is refused with the backend's reason, and the case stays to locate.
    await page.getByTestId('locate-lon').fill('100');
    await page.getByTestId('locate-lat').fill('30');
    await page.getByTestId('locate-submit').click();
    assert.match((await page.getByTestId('locate-error').textContent()) ?? '', /outside|辖区|published cell/);
    expectRefusals(page, 1);

    const [lon, lat] = (await places())[5]!;
    await page.getByTestId('locate-lon').fill(lon.toFixed(6));
    await page.getByTestId('locate-lat').fill(lat.toFixed(6));
    await page.getByTestId('locate-submit').click();
    await page
      .getByTestId('locate-box')
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(async (e: unknown) => {
        throw new Error(
          `${String(e)}: ${await page
            .getByTestId('locate-error')
            .textContent()
            .catch(() => '')}`,
        );
      });
    await page.waitForSelector('body[data-case-picking="off"]');
    const placed = await api<Detail>('cases.get', { id: lost.id });
    assert.equal(placed.outsideDistrict, false);
    assert.ok(placed.cell);
    assert.equal(placed.history.at(-1)!.action, 'locate');
    assert.doesNotMatch((await page.getByTestId('case-place').textContent()) ?? '', /辖区外/);
    await page.locator(`[data-testid="queue-row-${lost.id}"]`).waitFor({ state: 'detached' });
  });

  test('a flagged duplicate is merged into its original from the detail; a photo goes with a step', async () => {
    const [lon, lat] = (await places())[8]!;
    const original = await api<Detail>('cases.create', {
      itemCode: 'E0102',
      lon,
      lat,
      description: '垃圾桶满溢',
    });
    const dup = await api<Detail>('cases.create', {
      itemCode: 'E0102',
      lon: lon + 0.0001,
      lat,
      description: '垃圾桶满溢（第二位居民）',
      channel: 'hotline12345',
    });
    assert.equal(dup.possibleDuplicateOf, original.id);

    const page = await openDispatch();
    await page.getByTestId('filter-flag').selectOption('duplicate');
    await openRow(page, dup.id);
    await page.getByTestId('duplicate-box').waitFor();
    await screenshot(page, 'duplicate-1920x1080');
    await page.getByTestId('duplicate-merge').click();
    await page.waitForSelector(`[data-testid="case-detail"] .detail-body[data-status="closed"]`);
    assert.match((await page.getByTestId('merged-into').textContent()) ?? '', new RegExp(original.id));
    const merged = await api<Detail>('cases.get', { id: dup.id });
    assert.equal(merged.state.mergedInto, original.id);

    // Follow the reference to the original; its timeline says a duplicate came in.
    await page.getByTestId('duplicate-open-original').click();
    await page.waitForSelector(`[data-testid="case-detail"] .detail-body[data-case-id="${original.id}"]`);
    await page.locator('[data-action="absorbDuplicate"]').waitFor();

    // A photo on the register step: stored with the case, referenced by the step, shown as a thumbnail.
    const file = join(tempDir(), '现场照片.png');
    writeFileSync(file, photo());
    await page.getByTestId('attachment-input').setInputFiles(file);
    await page.getByTestId('attachment-pending').waitFor();
    await page.getByTestId('case-action-register').click();
    await page.waitForSelector(`[data-testid="case-detail"] .detail-body[data-status="registered"]`);
    const withPhoto = await api<Detail>('cases.get', { id: original.id });
    assert.equal(withPhoto.attachments.length, 1);
    assert.deepEqual(withPhoto.history.at(-1)!.attachments, [withPhoto.attachments[0]!.id]);
    const thumb = page.getByTestId(`attachment-thumb-${withPhoto.attachments[0]!.id}`);
    await thumb.waitFor();
    assert.equal(await thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth), 64);
    // Who added it, by name as the timeline says it, not the seat's id.
    const line = (await page.getByTestId(`attachment-${withPhoto.attachments[0]!.id}`).textContent()) ?? '';
    assert.ok(line.includes(withPhoto.history.at(-1)!.actor.name), line);
    assert.doesNotMatch(line, /seat-/);
    await thumb.scrollIntoViewIfNeeded();
    await screenshot(page, 'attachment-1920x1080');

    // A file of the wrong kind is refused in the reader's words, nothing uploaded.
    const text = join(tempDir(), 'notes.txt');
    writeFileSync(text, 'plain text');
    await page.getByTestId('attachment-input').setInputFiles(text);
    assert.match((await page.getByTestId('attachment-error').textContent()) ?? '', /只接受/);
    assert.equal((await api<Detail>('cases.get', { id: original.id })).attachments.length, 1);
  });

  test('screenshots at 3840×2160: the admin screen and a duplicate in the detail', async () => {
    const [lon, lat] = (await places())[12]!;
    await api<Detail>('cases.create', { itemCode: 'C0101', lon, lat, description: '井盖缺失' });
    const dup = await api<Detail>('cases.create', {
      itemCode: 'C0101',
      lon,
      lat,
      description: '井盖缺失（重复）',
    });
    const page = await openDispatch({ width: 3840, height: 2160 });
    await page.getByTestId('filter-flag').selectOption('duplicate');
    await openRow(page, dup.id);
    await page.getByTestId('duplicate-box').waitFor();
    await screenshot(page, 'duplicate-3840x2160');
    await page.getByTestId('actor-role').selectOption('admin');
    await page.getByTestId('open-admin').click();
    await page.getByTestId('admin-item-E0102').click();
    await screenshot(page, 'admin-items-3840x2160');
    await page.getByTestId('admin-tab-departments').click();
    await page.locator('[data-testid^="admin-town-template-"]').first().waitFor();
    await screenshot(page, 'admin-departments-3840x2160');
    await page.getByTestId('admin-close').click();
  });
});
