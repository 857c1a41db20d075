/**
 * Drafts and versions in the planner's editor, end to end: a cell deleted into the neighbour the
 * planner picks, a border cell moved to the next community, each published with a reason; the history
 * says who, when, why and how many units; versions 1 and 3 compared: removed, reshaped (with its area
 * change) and re-coded units listed and drawn on the map; discarding asks first; closing the app (the
 * serve host stopped) and opening it again finds the draft as it was, undo and redo included. Real
 * serve host on a fresh Nansha data file, Debian's Chromium with WebGL; screenshots at 1920×1080 and
 * 3840×2160.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { area } from '@turf/area';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import type {
  DraftTopology,
  DraftUnitFeature,
  OpenDraftState,
  VersionInfo,
} from '../../shared/api/drafts-contract.ts';
import type { GridUnitAttributes } from '../../shared/grid/types.ts';
import { DIFF_COLORS } from '../../renderer/src/editor/editor-layers.ts';
import {
  assertCleanAndClose,
  launchBrowser,
  pngDifference,
  screenshot,
  type WatchedPage,
} from '../helpers/browser.ts';
import { bbox, callApi, draftLayer } from '../helpers/draft-queries.ts';
import {
  blur,
  gotoCode,
  openPlannerPage,
  revision,
  settle,
  waitRevisionAfter,
} from '../helpers/editor-page.ts';
import { startServe, type ServeProcess } from '../helpers/serve-process.ts';

let serve: ServeProcess;
let browser: Browser;
const pages: WatchedPage[] = [];

const call = <T>(method: string, params: unknown = {}): Promise<T> =>
  callApi<T>(serve.origin, method, params);
const layer = (level: string): Promise<DraftUnitFeature[]> => draftLayer(serve.origin, level);
const openPlanner = (viewport?: { width: number; height: number }): Promise<WatchedPage> =>
  openPlannerPage(browser, serve.url, pages, { viewport });

async function publish(page: Page, reason: string): Promise<number> {
  await page.getByTestId('action-publish').click();
  await page.getByTestId('publish-reason').fill(reason);
  await page.getByTestId('publish-submit').click();
  await page.waitForSelector('[data-testid="editor-toast"]:has-text("已发布")');
  await page.waitForSelector('body[data-editor="ready"]');
  return Math.max(...(await call<VersionInfo[]>('versions.list')).map((v) => v.version));
}
async function renameCell(page: Page, code: string, name: string): Promise<void> {
  await gotoCode(page, code);
  await page.getByTestId('attrs-name').fill(name);
  const r = await revision(page);
  await page.getByTestId('attrs-save').click();
  await waitRevisionAfter(page, r);
  await blur(page);
}
/** Checks exactly versions `a` and `b` in the history and compares them. */
async function compare(page: Page, a: number, b: number): Promise<void> {
  for (const v of (await call<VersionInfo[]>('versions.list')).map((x) => x.version)) {
    const box = page.getByTestId(`version-${v}`).locator('input[type=checkbox]');
    if ((await box.isChecked()) !== (v === a || v === b)) await box.click();
  }
  await page.getByTestId('versions-compare').click();
  await page.getByTestId('version-diff').waitFor();
  await page.waitForTimeout(700);
  await settle(page);
}
/** Pixels of the map drawn in one of the comparison's colours (within a small tolerance). */
async function mapPixelsOf(page: Page, hex: string): Promise<number> {
  const img = PNG.sync.read(await page.getByTestId('editor-map').screenshot());
  const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    const d =
      Math.abs(img.data[i]! - want[0]!) +
      Math.abs(img.data[i + 1]! - want[1]!) +
      Math.abs(img.data[i + 2]! - want[2]!);
    if (d < 30) n++;
  }
  return n;
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

describe('drafts and versions (serve mode, Chromium)', () => {
  test('delete into a neighbour, move a cell, publish twice; history; compare 1 with 3; discard; reopen', async () => {
    const first = await openPlanner();
    const { page } = first;
    const cells = await layer('cell');
    const byCode = new Map(cells.map((c) => [c.properties.code, c]));
    const communities = new Set((await layer('community')).map((c) => c.properties.code));
    const siblings = (parent: string | null): number =>
      cells.filter((c) => c.properties.parentCode === parent).length;

    // A cell with a sibling neighbour (it will take the area), and, in another community, a border cell
    // that can move to the community next door.
    let victim: { cell: DraftUnitFeature; heir: DraftUnitFeature } | null = null;
    let mover: { cell: DraftUnitFeature; to: string } | null = null;
    for (const c of cells.slice(0, 500)) {
      if (victim && mover) break;
      if (siblings(c.properties.parentCode) < 3) continue;
      const topo = await call<DraftTopology>('draft.topology', { bbox: bbox(c) });
      const mine = topo.arcs.filter((a) => a.users.includes(c.properties.code));
      const heir = mine
        .flatMap((a) => a.users)
        .map((u) => byCode.get(u))
        .find((u) => u && u !== c && u.properties.parentCode === c.properties.parentCode);
      const to = mine
        .flatMap((a) => a.users)
        .find((u) => communities.has(u) && u !== c.properties.parentCode);
      if (!victim && heir) victim = { cell: c, heir };
      else if (
        !mover &&
        to &&
        victim &&
        ![victim.cell.properties.parentCode, victim.heir.properties.parentCode].includes(
          c.properties.parentCode,
        ) &&
        to !== victim.cell.properties.parentCode
      )
        mover = { cell: c, to };
    }
    assert.ok(victim && mover, 'a cell with a sibling neighbour, and a border cell elsewhere');
    const gone = victim.cell.properties.code;
    const heir = victim.heir.properties.code;

    // Delete: the area goes to the neighbour the planner picks.
    await gotoCode(page, gone);
    await page.keyboard.press('Delete');
    await page.getByTestId('delete-dialog').waitFor();
    await page.getByTestId(`delete-give-${heir}`).check();
    await screenshot(page, 'editor-versions-delete-1920x1080');
    let r = await revision(page);
    await page.getByTestId('delete-submit').click();
    await waitRevisionAfter(page, r);
    const afterDelete = new Map((await layer('cell')).map((c) => [c.properties.code, c]));
    assert.ok(!afterDelete.has(gone), 'the cell is gone');
    const gained = area(afterDelete.get(heir)!) - area(victim.heir);
    assert.ok(Math.abs(gained - area(victim.cell)) < 1, `the neighbour took its area (${gained} m²)`);
    assert.equal((await call<OpenDraftState>('draft.get')).coverage.counts.errors, 0, 'no gap left');
    const v2 = await publish(page, '撤并网格：并入相邻网格');

    // Move a border cell to the community next door: its code follows the new parent.
    await gotoCode(page, mover.cell.properties.code);
    await page.keyboard.press('p');
    await page.getByTestId(`reparent-to-${mover.to}`).check();
    r = await revision(page);
    await page.getByTestId('reparent-submit').click();
    await waitRevisionAfter(page, r);
    const moved = (await layer('cell')).find(
      (c) => c.properties.parentCode === mover.to && !byCode.has(c.properties.code),
    );
    assert.ok(moved, 'the cell under its new community');
    const v3 = await publish(page, '调整村社区边界：网格划入相邻社区');
    assert.deepEqual([v2, v3], [2, 3]);

    // The history: newest first, each with who, when (Beijing time), why and how many units.
    await page.getByTestId('action-versions').click();
    await page.getByTestId('version-3').waitFor();
    assert.deepEqual(
      await page
        .locator('li[data-testid^="version-"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid'))),
      ['version-3', 'version-2', 'version-1'],
    );
    const versions = await call<VersionInfo[]>('versions.list');
    for (const v of versions) {
      const row = (await page.getByTestId(`version-${v.version}`).textContent()) ?? '';
      assert.ok(row.includes(`v${v.version}`) && row.includes(v.reason), `v${v.version}: ${row}`);
      assert.ok(row.includes(v.publishedBy.name), 'who');
      const when = new Intl.DateTimeFormat('zh-CN', {
        timeZone: 'Asia/Shanghai',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(v.publishedAt);
      assert.ok(row.includes(when), `when: ${when} in ${row}`);
    }
    const counts = (v: number): Promise<string | null> =>
      page.getByTestId(`version-counts-${v}`).textContent();
    assert.match((await counts(1)) ?? '', new RegExp(`网格 ${cells.length.toLocaleString('en-US')}`));
    assert.match((await counts(2)) ?? '', new RegExp(`网格 ${(cells.length - 1).toLocaleString('en-US')}`));
    assert.match((await counts(3)) ?? '', /镇街 9 · 村社区 172/);

    // Compare 1 with 3: the deleted cell removed, its heir reshaped (gaining its area), the moved cell
    // re-coded; all drawn on the map in their colours until the comparison is closed.
    await compare(page, 1, 3);
    const diff = page.getByTestId('version-diff');
    assert.match((await diff.locator('h3').textContent()) ?? '', /第 1 版 → 第 3 版/);
    assert.match((await page.getByTestId('diff-removed').textContent()) ?? '', new RegExp(gone));
    const heirRow = page.getByTestId('diff-reshaped').locator('button', { hasText: heir });
    const shown = /\+([\d,]+) 平方米/.exec((await heirRow.textContent()) ?? '');
    assert.ok(shown, 'the area change is shown');
    const m2 = Number(shown[1]!.replaceAll(',', ''));
    assert.ok(Math.abs(m2 - area(victim.cell)) < 2, `it gained the deleted cell's area (${m2} m²)`);
    assert.match(
      (await page.getByTestId('diff-recoded').textContent()) ?? '',
      new RegExp(`${mover.cell.properties.code} → ${moved.properties.code}`),
    );
    await heirRow.click();
    await page.waitForTimeout(700);
    await settle(page);
    await screenshot(page, 'editor-versions-diff-1920x1080');
    assert.ok((await mapPixelsOf(page, DIFF_COLORS.reshaped)) > 50, 'reshaped drawn on the map');
    await page.getByTestId('diff-recoded').locator('button').first().click();
    await page.waitForTimeout(700);
    await settle(page);
    assert.ok((await mapPixelsOf(page, DIFF_COLORS.recoded)) > 50, 're-coded drawn on the map');
    const shownMap = await page.getByTestId('editor-map').screenshot();
    await diff.getByRole('button', { name: '关闭' }).click();
    await diff.waitFor({ state: 'detached' });
    await page.waitForTimeout(300);
    await settle(page);
    assert.ok((await mapPixelsOf(page, DIFF_COLORS.recoded)) < 5, 'closed: no longer drawn');
    // The same view without the comparison: the highlighted units (the moved cell, the communities
    // that exchanged it, the removed cell's area) were a visible part of the picture.
    const plain = await page.getByTestId('editor-map').screenshot();
    assert.ok(pngDifference(shownMap, plain) > 0.01, 'the changes were highlighted on the map');

    // Discard asks first and says how much goes; cancelling keeps the draft.
    const keep = byCode.get(heir)!.properties.name;
    await renameCell(page, heir, '待放弃的名称');
    await page.getByTestId('action-discard').click();
    const dialog = page.getByTestId('discard-dialog');
    assert.match((await dialog.textContent()) ?? '', /1 项修改/);
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await call<OpenDraftState>('draft.get')).edits, 1, 'cancel keeps the edit');
    await page.getByTestId('action-discard').click();
    await page.getByTestId('discard-submit').click();
    await page.waitForSelector('[data-testid="editor-toast"]:has-text("草稿已放弃")');
    await page.waitForSelector('body[data-editor="ready"]');
    assert.equal((await call<OpenDraftState>('draft.get')).edits, 0);
    assert.equal((await call<GridUnitAttributes>('draft.unit', { code: heir })).name, keep);

    // An edit, then the app is closed and opened again: the draft is as it was, and undo still works.
    await renameCell(page, heir, '重开后仍在的名称');
    await assertCleanAndClose([first]);
    pages.splice(pages.indexOf(first), 1);
    const dataFile = serve.dataFile;
    await serve.stop();
    serve = await startServe({ dataFile });
    const { page: again } = await openPlanner({ width: 3840, height: 2160 });
    const state = await call<OpenDraftState>('draft.get');
    assert.equal(state.edits, 1);

    // The comparison at 3840×2160, then the reopened draft's edit and its undo.
    await again.getByTestId('action-versions').click();
    await again.getByTestId('version-3').waitFor();
    await compare(again, 1, 3);
    await again.getByTestId('diff-reshaped').locator('button', { hasText: heir }).click();
    await again.waitForTimeout(700);
    await settle(again);
    await screenshot(again, 'editor-versions-diff-3840x2160');
    await gotoCode(again, heir);
    assert.equal(await again.getByTestId('attrs-name').inputValue(), '重开后仍在的名称');
    r = await revision(again);
    await again.keyboard.press('Control+z');
    await waitRevisionAfter(again, r);
    await again.waitForSelector(`[data-testid="editor-attr-name"]:text-is("${keep}")`);
    r = await revision(again);
    await again.keyboard.press('Control+Shift+z');
    await waitRevisionAfter(again, r);
    await again.waitForSelector('[data-testid="editor-attr-name"]:text-is("重开后仍在的名称")');
  });
});
