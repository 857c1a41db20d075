/**
 * The planner's toolbar fits one row at 1920×1080 and at 3840×2160, in Chinese and in English:
 * nothing wraps or is cut off, every button is on the same line, and each button that shows only an
 * icon is named (for screen readers) and has a tooltip with its shortcut. The mode switch beside it
 * is remembered on the seat, and the address can name the mode. Real serve host, real Chromium with
 * WebGL, no off-loopback request, no console error.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import {
  assertCleanAndClose,
  chineseTextFonts,
  launchBrowser,
  notInChineseFont,
  openPage,
  screenshot,
  type WatchedPage,
} from '../helpers/browser.ts';
import { openPlannerPage } from '../helpers/editor-page.ts';
import { startServe, type ServeProcess } from '../helpers/serve-process.ts';

let serve: ServeProcess;
let browser: Browser;
const pages: WatchedPage[] = [];

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

const openPlanner = async (viewport: { width: number; height: number }): Promise<Page> =>
  (await openPlannerPage(browser, serve.url, pages, { viewport, hooks: false })).page;

interface Layout {
  overflow: number;
  /** How far apart the controls' vertical centres are: 0 when they share one row. */
  centreSpread: number;
  height: number;
  buttons: { id: string; name: string; title: string; text: string; visible: boolean }[];
}

const layout = (page: Page): Promise<Layout> =>
  page.getByTestId('editor-toolbar').evaluate((bar): Layout => {
    const controls = [...bar.querySelectorAll<HTMLElement>('button, input')];
    const centres = controls.map((c) => {
      const r = c.getBoundingClientRect();
      return (r.top + r.bottom) / 2;
    });
    const barBox = bar.getBoundingClientRect();
    return {
      overflow: bar.scrollWidth - bar.clientWidth,
      centreSpread: Math.max(...centres) - Math.min(...centres),
      height: barBox.height,
      buttons: [...bar.querySelectorAll<HTMLButtonElement>('button')].map((b) => {
        const r = b.getBoundingClientRect();
        return {
          id: b.dataset.testid ?? '',
          name: b.getAttribute('aria-label') ?? b.innerText.trim(),
          title: b.title,
          text: b.innerText.trim(),
          visible: r.width > 0 && r.left >= barBox.left && r.right <= barBox.right + 0.5,
        };
      }),
    };
  });

function checkOneRow(l: Layout, what: string): void {
  assert.ok(l.overflow <= 0, `${what}: the toolbar is ${l.overflow}px too wide`);
  assert.ok(l.centreSpread < 2, `${what}: every control on one row (centres ${l.centreSpread}px apart)`);
  assert.equal(l.buttons.length, 16, what);
  for (const b of l.buttons) {
    assert.ok(b.visible, `${what}: ${b.id} is inside the bar`);
    assert.ok(b.name.length > 0, `${what}: ${b.id} has a name`);
    assert.ok(b.title.startsWith(b.name), `${what}: ${b.id}'s tooltip "${b.title}" names it`);
  }
}

for (const [width, height] of [
  [1920, 1080],
  [3840, 2160],
] as const) {
  test(`the editor toolbar is one row at ${width}×${height}, in Chinese and English`, async () => {
    const page = await openPlanner({ width, height });
    const zh = await layout(page);
    checkOneRow(zh, `zh-CN ${width}`);
    const byId = new Map(zh.buttons.map((b) => [b.id, b]));
    // The modes keep their words; the rest are icons named in full, with their shortcuts on hover.
    assert.equal(byId.get('tool-split')?.text, '分割');
    assert.equal(byId.get('tool-split')?.title, '分割 (S)');
    assert.equal(byId.get('action-merge')?.text, '');
    assert.equal(byId.get('action-merge')?.title, '合并 (M)');
    assert.equal(byId.get('action-undo')?.name, '撤销');
    assert.equal(byId.get('action-undo')?.title, '撤销 (Ctrl+Z)');
    assert.equal(byId.get('action-help')?.title, '快捷键 (?)');
    assert.equal(byId.get('action-import')?.name, '导入');
    assert.equal(byId.get('action-publish')?.text, '发布');
    await screenshot(page, `editor-toolbar-${width}x${height}`);

    await page.getByTestId('lang-switch').click();
    await page.waitForSelector('html[lang="en"]');
    const en = await layout(page);
    checkOneRow(en, `en ${width}`);
    assert.equal(en.buttons.find((b) => b.id === 'tool-draw')?.text, 'New cell');
    assert.equal(en.buttons.find((b) => b.id === 'action-reparent')?.title, 'Move to community (P)');
    await screenshot(page, `editor-toolbar-en-${width}x${height}`);
    await page.getByTestId('lang-switch').click();
    await page.waitForSelector('html[lang="zh-CN"]');
  });
}

test('the seat comes back in the mode it was left in; ?mode= in the address opens that mode', async () => {
  const w = await openPage(browser, { width: 1920, height: 1080 });
  pages.push(w);
  const { page } = w;
  const pressed = async (): Promise<string | null> =>
    page.locator('[data-testid="mode-switch"] button[aria-pressed="true"]').getAttribute('data-testid');
  const operations = async (): Promise<void> => {
    await page.getByTestId('side-tab-dispatch').waitFor({ timeout: 90_000 });
    assert.equal(await pressed(), 'mode-operator');
  };
  const planning = async (): Promise<void> => {
    await page.waitForSelector('body[data-editor="ready"]', { timeout: 90_000 });
    assert.equal(await pressed(), 'mode-planner');
    assert.equal(await page.getByTestId('side-tab-dispatch').count(), 0, 'no operations panel');
  };

  await page.goto(serve.url);
  await operations();
  await page.getByTestId('mode-planner').click();
  await planning();
  await page.reload();
  await planning();

  // A bookmark naming the mode wins, without changing what the seat remembers.
  await page.goto(new URL('?mode=operator', serve.url).href);
  await operations();
  await page.goto(serve.url);
  await planning();

  await page.getByTestId('mode-operator').click();
  await operations();
  await page.goto(serve.url);
  await operations();
  await page.goto(new URL('?mode=planner', serve.url).href);
  await planning();
});

test('every Chinese text on the planner is drawn in the bundled Chinese font, the code field too', async () => {
  const page = await openPlanner({ width: 1920, height: 1080 });
  const drawn = await chineseTextFonts(page);
  assert.ok(
    drawn.some((d) => d.text === '输入编码定位'),
    'the code field placeholder is among them',
  );
  assert.ok(drawn.length > 20, `${drawn.length} Chinese texts on screen`);
  assert.deepEqual(notInChineseFont(drawn), [], 'drawn with a font that may lack Chinese glyphs');
});
