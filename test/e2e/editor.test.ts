/**
 * The planner's editor, end to end: the real serve host on a fresh Nansha data file, Debian's
 * Chromium with real WebGL; no request leaving the loopback address and no console error allowed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { Position } from 'geojson';
import type { DraftTopology, DraftUnitFeature, OpenDraftState } from '../../shared/api/drafts-contract.ts';
import {
  launchBrowser,
  pngDifference,
  screenshot,
  type WatchedPage,
  assertCleanAndClose,
} from '../helpers/browser.ts';
import { callApi, positions } from '../helpers/draft-queries.ts';
import { gotoCode, openPlannerPage, project, revision, waitRevisionAfter } from '../helpers/editor-page.ts';
import { startServe, type ServeProcess } from '../helpers/serve-process.ts';

let serve: ServeProcess;
let browser: Browser;
const pages: WatchedPage[] = [];

const call = <T>(method: string, params: unknown = {}): Promise<T> =>
  callApi<T>(serve.origin, method, params);
const openPlanner = (viewport?: { width: number; height: number }, viaSwitch = false): Promise<WatchedPage> =>
  openPlannerPage(browser, serve.url, pages, { viewport, viaSwitch });
const cells = async (): Promise<DraftUnitFeature[]> =>
  (await call<{ features: DraftUnitFeature[] }>('draft.layer', { level: 'cell' })).features;
const has = (f: DraftUnitFeature, p: Position): boolean =>
  positions(f).some((q) => Math.abs(q[0]! - p[0]!) < 1e-9 && Math.abs(q[1]! - p[1]!) < 1e-9);
async function editorMap(page: Page): Promise<Buffer> {
  return page.getByTestId('editor-map').screenshot();
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

describe('planner editor (serve mode, Chromium)', () => {
  test('drag, split, merge, undo/redo, gap, publish and compare', async () => {
    // From the operations map through the mode switch, as on a seat that has not planned before.
    const { page } = await openPlanner(undefined, true);
    const state = await call<OpenDraftState>('draft.get');
    assert.equal(state.open, true);
    assert.equal(state.coverage.counts.errors, 0, 'the demo grid is clean');

    // A vertex inside an arc that two sibling cells share.
    const all = await cells();
    let pick: { a: DraftUnitFeature; b: DraftUnitFeature; vertex: number; at: Position } | null = null;
    for (const a of all.slice(0, 200)) {
      const [w, s, e, n] = bbox(a);
      const topo = await call<DraftTopology>('draft.topology', { bbox: [w, s, e, n] });
      const at = new Map(topo.vertices.map(([id, lon, lat]) => [id, [lon, lat]]));
      for (const arc of topo.arcs) {
        const other = arc.users.find(
          (u) => u !== a.properties.code && all.some((c) => c.properties.code === u),
        );
        if (!arc.users.includes(a.properties.code) || !other) continue;
        const vertex = arc.vertices[0]!;
        pick = { a, b: all.find((c) => c.properties.code === other)!, vertex, at: at.get(vertex)! };
        break;
      }
      if (pick) break;
    }
    assert.ok(pick, 'two neighbouring cells with a shared interior vertex');
    const { a, b, vertex, at } = pick;
    assert.ok(has(a, at) && has(b, at));

    // Select a cell by clicking it, then drag the shared vertex.
    await gotoCode(page, a.properties.code);
    const before = await editorMap(page);
    const from = await project(page, at);
    const rev = await revision(page);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) await page.mouse.move(from.x + i * 5, from.y + i * 3);
    await page.waitForTimeout(300);
    const during = await editorMap(page);
    assert.ok(pngDifference(before, during) > 0.0005, 'the neighbours follow while dragging');
    await page.mouse.up();
    await waitRevisionAfter(page, rev);
    const moved = await cells();
    const a2 = moved.find((c) => c.properties.code === a.properties.code)!;
    const b2 = moved.find((c) => c.properties.code === b.properties.code)!;
    assert.ok(!has(a2, at) && !has(b2, at), 'the old position is gone from both cells');
    const topo = await call<DraftTopology>('draft.topology', { bbox: bbox(a2) });
    const now = topo.vertices.find(([id]) => id === vertex)!;
    assert.ok(has(a2, [now[1], now[2]]) && has(b2, [now[1], now[2]]), 'both cells hold the new position');
    await page.waitForTimeout(400);
    assert.ok(pngDifference(before, await editorMap(page)) > 0.0005, 'the canvas changed');
    await screenshot(page, 'editor-drag-1920x1080');

    // Split the cell by a line drawn across it.
    const count0 = moved.length;
    const [w, s, e, n] = bbox(a2);
    const mid = (s + n) / 2;
    const left = await project(page, [w - (e - w) * 0.2, mid]);
    const right = await project(page, [e + (e - w) * 0.2, mid]);
    await page.keyboard.press('s');
    await page.mouse.click(left.x, left.y);
    await page.mouse.click(right.x, right.y);
    let r = await revision(page);
    await page.keyboard.press('Enter');
    await waitRevisionAfter(page, r);
    assert.equal((await cells()).length, count0 + 1, 'the split made one more cell');
    await page.waitForSelector('[data-testid="editor-selection-count"]');
    await screenshot(page, 'editor-split-1920x1080');

    // Merge the two parts back, keeping the original's code.
    await page.keyboard.press('m');
    await page.getByTestId(`merge-keep-${a.properties.code}`).check();
    r = await revision(page);
    await page.getByTestId('merge-submit').click();
    await waitRevisionAfter(page, r);
    assert.equal((await cells()).length, count0, 'merged back');

    // Undo the merge, redo it.
    r = await revision(page);
    await page.keyboard.press('Control+z');
    await waitRevisionAfter(page, r);
    assert.equal((await cells()).length, count0 + 1, 'undo brings the two parts back');
    r = await revision(page);
    await page.keyboard.press('Control+Shift+z');
    await waitRevisionAfter(page, r);
    assert.equal((await cells()).length, count0, 'redo merges again');

    // Delete a cell leaving a gap: the panel and the map show it within a second.
    await gotoCode(page, b.properties.code);
    const beforeGap = await editorMap(page);
    await page.keyboard.press('Delete');
    await page.getByTestId('delete-leave-gap').check();
    const t0 = Date.now();
    await page.getByTestId('delete-submit').click();
    await page.waitForSelector('[data-testid="coverage-defect"][data-rule="gap"]', { timeout: 5000 });
    const shownMs = Date.now() - t0;
    assert.ok(shownMs < 1000, `the gap is listed within a second (${shownMs} ms)`);
    assert.notEqual((await page.getByTestId('coverage-errors').textContent())?.trim()[0], '0');
    await page.waitForTimeout(300);
    assert.ok(pngDifference(beforeGap, await editorMap(page)) > 0.001, 'the gap is drawn on the map');
    await page.locator('[data-testid="coverage-defect"][data-rule="gap"]').first().click();
    await page.waitForSelector('body[data-editor-focus]');
    await screenshot(page, 'editor-gap-1920x1080');
    r = await revision(page);
    await page.keyboard.press('Control+z');
    await waitRevisionAfter(page, r);
    await page.waitForSelector('[data-testid="coverage-defect"][data-rule="gap"]', { state: 'detached' });

    // Publish with a reason; the toast names the new version.
    await page.getByTestId('action-publish').click();
    await page.getByTestId('publish-reason').fill('端到端测试：调整网格边界');
    await page.getByTestId('publish-submit').click();
    const toast = (await page.getByTestId('editor-toast').textContent()) ?? '';
    const versions = await call<{ version: number }[]>('versions.list');
    const newest = Math.max(...versions.map((v) => v.version));
    assert.ok(toast.includes(String(newest)), `toast names version ${newest}: ${toast}`);
    await page.waitForSelector('body[data-editor="ready"]');

    // Compare the new version with the one before it.
    await page.getByTestId('action-versions').click();
    await page.getByTestId(`version-${newest}`).waitFor();
    await page.getByTestId('versions-compare').click();
    await page.getByTestId('version-diff').waitFor();
    await page.getByTestId('diff-reshaped').waitFor();
    await page.waitForTimeout(500);
    await screenshot(page, 'editor-diff-1920x1080');
  });

  test('screenshots at 1920×1080 and 3840×2160', async () => {
    for (const vp of [
      { width: 1920, height: 1080 },
      { width: 3840, height: 2160 },
    ]) {
      const { page } = await openPlanner(vp);
      const code = (await cells())[5]!.properties.code;
      await gotoCode(page, code);
      await screenshot(page, `editor-${vp.width}x${vp.height}`);
    }
  });
});

function bbox(f: DraftUnitFeature): [number, number, number, number] {
  const ps = positions(f);
  const xs = ps.map((p) => p[0]!);
  const ys = ps.map((p) => p[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
