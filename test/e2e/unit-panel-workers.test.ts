/**
 * The operator's read-only unit panel shows who works a cell: the grid chief, the full-time,
 * part-time and volunteer grid workers by name (with how many have no name on record), and the
 * planner's notes, once a planner has published them; in Chinese and English, at 1920×1080 and
 * 3840×2160. Real serve host, real Chromium with WebGL, no off-loopback request, no console error.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { DraftUnitFeature } from '../../shared/api/drafts-contract.ts';
import {
  assertCleanAndClose,
  launchBrowser,
  openPage,
  screenshot,
  type WatchedPage,
} from '../helpers/browser.ts';
import { invoke, startServe, type ServeProcess } from '../helpers/serve-process.ts';

let serve: ServeProcess;
let browser: Browser;
const pages: WatchedPage[] = [];
let cell: DraftUnitFeature;
const NAME = '滨海公园专属网格';
const WORKERS = {
  fullTime: ['黄伟', '林静'],
  partTime: ['陈志强'],
  volunteer: ['李秀英', '王建国', '张丽华', '刘洋', '欧阳明轩'],
};
const NOTES = '周末及节假日游客高峰，东门、南门各安排一名志愿者。\n台风预警时负责园内人员疏散。';

async function call<T>(method: string, params: unknown = {}): Promise<T> {
  const r = await invoke(serve.origin, method, params);
  assert.ok(r.body.ok, `${method}: ${JSON.stringify(r.body.error)}`);
  return r.body.value as T;
}

async function open(viewport: { width: number; height: number }): Promise<Page> {
  const w = await openPage(browser, viewport);
  pages.push(w);
  await w.page.goto(serve.url);
  await w.page.waitForSelector('body[data-map-state="idle"]', { timeout: 90_000 });
  return w.page;
}

async function select(page: Page, name: string, code: string): Promise<void> {
  await page.getByTestId('search-input').fill(name);
  await page.getByTestId(`search-result-${code}`).click();
  await page.waitForSelector(`body[data-flown="${code}"]`, { timeout: 30_000 });
  await page.waitForSelector(`[data-testid="attr-code"]:text-is("${code}")`);
}

const text = async (page: Page, testId: string): Promise<string> =>
  (await page.getByTestId(testId).innerText()).replace(/\s+/g, ' ').trim();

before(async () => {
  serve = await startServe({ demo: 'nansha' });
  browser = await launchBrowser();
  // A planner records the cell's people and notes and publishes them.
  await call('draft.open');
  cell = (await call<{ features: DraftUnitFeature[] }>('draft.layer', { level: 'cell' })).features[5]!;
  await call('draft.edit', {
    op: {
      op: 'setAttributes',
      code: cell.properties.code,
      attrs: {
        name: NAME,
        kind: 'dedicated',
        subtype: 'park',
        chief: '周婷',
        staffFullTime: 2,
        staffPartTime: 1,
        // Seven volunteers, five of them on record by name.
        staffVolunteer: 7,
        workerNames: WORKERS,
        notes: NOTES,
      },
    },
  });
  await call('draft.publish', { reason: '登记滨海公园网格人员' });
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

test('the unit panel lists the grid chief, the workers by name and the notes (1920×1080, zh-CN and English)', async () => {
  const page = await open({ width: 1920, height: 1080 });
  await select(page, NAME, cell.properties.code);
  assert.equal(await text(page, 'attr-chief'), '周婷');
  assert.equal(await text(page, 'attr-workers-fullTime'), '专职 2 黄伟 林静');
  assert.equal(await text(page, 'attr-workers-partTime'), '兼职 1 陈志强');
  assert.equal(
    await text(page, 'attr-workers-volunteer'),
    '义务 7 李秀英 王建国 张丽华 刘洋 欧阳明轩 另 2 人未登记姓名',
  );
  assert.equal(await page.getByTestId('attr-notes').innerText(), NOTES, 'the notes keep their line breaks');
  // Everything fits in the panel: no sideways scrolling, nothing cut off.
  const panel = page.getByTestId('attributes-panel');
  assert.ok(
    await panel.evaluate((el) => el.scrollWidth <= el.clientWidth),
    'the panel does not scroll sideways',
  );
  await screenshot(page, 'unit-panel-workers-1920x1080');

  await page.getByTestId('lang-switch').click();
  await page.waitForSelector('html[lang="en"]');
  assert.match(await text(page, 'attributes-panel'), /Grid chief 周婷/);
  assert.match(await text(page, 'attributes-panel'), /Grid workers Full-time 2 黄伟 林静/);
  assert.match(await text(page, 'attr-workers-volunteer'), /2 more, names not recorded$/);
  assert.match(await text(page, 'attributes-panel'), /Notes 周末/);
  await screenshot(page, 'unit-panel-workers-en-1920x1080');
  await page.getByTestId('lang-switch').click();
  await page.waitForSelector('html[lang="zh-CN"]');

  // A community sums its cells' workers and says so; it has no names of its own to list.
  const parent = cell.properties.parentCode!;
  const community = await call<{ name: string }>('grid.unit', { code: parent });
  await select(page, community.name, parent);
  assert.match(await text(page, 'attr-staff'), /辖内各网格合计/);
  assert.equal(await page.locator('[data-testid="attr-staff"] .worker-names').count(), 0);
  assert.equal(await page.getByTestId('attr-notes').count(), 0, 'no notes row without notes');
});

test('the unit panel with workers and notes at 3840×2160', async () => {
  const page = await open({ width: 3840, height: 2160 });
  await select(page, NAME, cell.properties.code);
  await page.getByTestId('attr-notes').waitFor();
  assert.equal(await text(page, 'attr-workers-partTime'), '兼职 1 陈志强');
  await screenshot(page, 'unit-panel-workers-3840x2160');
});
