/**
 * The coverage check in the planner's editor, end to end: a Nansha data file whose one cell holds a
 * copy of a shared corner 1e-9° off (float noise an import leaves; the check rightly ignores it, the
 * topology keeps two vertices). The planner drags that corner into the cell: the gap shows in the
 * panel and on the map within a second, the one-click fix closes it (the cell now walks its
 * neighbours' boundary), the panel is clean again, and the draft is published with a reason.
 * Real serve host, Debian's Chromium with WebGL; no off-loopback request, no console error.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Polygon, Position } from 'geojson';
import type {
  DraftEditResponse,
  DraftTopology,
  OpenDraftState,
  VersionInfo,
} from '../../shared/api/drafts-contract.ts';
import { generateNansha } from '../../shared/demo/index.ts';
import type { GridUnit } from '../../shared/grid/types.ts';
import { createBackend } from '../../electron/backend/backend.ts';
import {
  assertCleanAndClose,
  launchBrowser,
  pngDifference,
  screenshot,
  type WatchedPage,
} from '../helpers/browser.ts';
import { callApi } from '../helpers/draft-queries.ts';
import { gotoCode, openPlannerPage, project } from '../helpers/editor-page.ts';
import { invoke, REPO_ROOT, startServe, tempDir, type ServeProcess } from '../helpers/serve-process.ts';

let serve: ServeProcess;
let browser: Browser;
const pages: WatchedPage[] = [];
let cell: GridUnit;
let corner: Position;
let inward: Position;

const call = <T>(method: string, params: unknown = {}): Promise<T> =>
  callApi<T>(serve.origin, method, params);
const openPlanner = (viewport?: { width: number; height: number }): Promise<WatchedPage> =>
  openPlannerPage(browser, serve.url, pages, { viewport, coverage: true });

/**
 * Nansha with noise in one cell: a corner of the cell that lies inside its community (shared only
 * with sibling cells) is moved 1e-9° in this cell's ring alone.
 */
function noisyNansha(): { units: GridUnit[]; cell: GridUnit; corner: Position; inward: Position } {
  const dataset = generateNansha(readFileSync(join(REPO_ROOT, 'data', 'divisions-guangzhou.csv'), 'utf8'));
  const byCode = new Map(dataset.units.map((u) => [u.code, u]));
  const key = (p: Position): string => `${p[0]},${p[1]}`;
  for (const u of dataset.units.filter((x) => x.level === 'cell').slice(20)) {
    const parent = byCode.get(u.parentCode ?? '');
    if (u.geometry.type !== 'Polygon' || parent?.geometry.type !== 'Polygon') continue;
    const onParent = new Set(parent.geometry.coordinates.flat().map(key));
    const ring = u.geometry.coordinates[0]!;
    const i = ring.findIndex((p, k) => k > 0 && k < ring.length - 1 && !onParent.has(key(p)));
    if (i < 0) continue;
    const p = ring[i]!;
    const n = ring.length - 1;
    const cx = ring.slice(0, n).reduce((s, q) => s + q[0]!, 0) / n;
    const cy = ring.slice(0, n).reduce((s, q) => s + q[1]!, 0) / n;
    const noisy: Position = [p[0]! + 1e-9, p[1]!];
    const rings = u.geometry.coordinates.map((r, k) =>
      k === 0 ? r.map((q, j) => (j === i ? noisy : q)) : r,
    );
    const changed: GridUnit = { ...u, geometry: { type: 'Polygon', coordinates: rings } as Polygon };
    return {
      units: dataset.units.map((x) => (x.code === u.code ? changed : x)),
      cell: changed,
      corner: p,
      inward: [p[0]! + (cx - p[0]!) * 0.45, p[1]! + (cy - p[1]!) * 0.45],
    };
  }
  throw new Error('no cell with an inner corner');
}

const editorMap = (page: Page): Promise<Buffer> => page.getByTestId('editor-map').screenshot();
const count = async (page: Page, id: string): Promise<number> =>
  Number(await page.getByTestId(id).getAttribute('data-count'));

before(async () => {
  const made = noisyNansha();
  cell = made.cell;
  corner = made.corner;
  inward = made.inward;
  const dataFile = join(tempDir('gezhi-coverage-e2e-'), 'gezhi.gpkg');
  const b = await createBackend({
    dataFile,
    host: 'serve',
    version: 'test',
    dataDir: join(REPO_ROOT, 'data'),
    makeDemo: () => ({ name: '南沙区（导入噪声）', units: made.units }),
  });
  await b.close();
  serve = await startServe({ dataFile });
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

describe('coverage check in the editor (serve mode, Chromium)', () => {
  test('drag opens a gap, it shows within a second, one click fixes it, publish', async () => {
    const { page } = await openPlanner();
    const opened = await call<OpenDraftState>('draft.get');
    assert.equal(opened.coverage.counts.errors, 0, 'the 1e-9° noise is no defect');
    assert.equal(await count(page, 'coverage-errors'), 0);

    await gotoCode(page, cell.code);
    const before = await editorMap(page);
    const from = await project(page, corner);
    const to = await project(page, inward);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++)
      await page.mouse.move(from.x + ((to.x - from.x) * i) / 10, from.y + ((to.y - from.y) * i) / 10);
    await page.waitForTimeout(200);
    // Timed in the page, from the drop to the first frame that lists the gap, so the test driver's
    // own round trips on a busy machine do not count.
    await page.evaluate(`(() => {
      addEventListener('pointerup', () => { window.dropAt = performance.now(); }, { once: true, capture: true });
      new MutationObserver((_, o) => {
        if (window.dropAt !== undefined &&
            document.querySelector('[data-testid="coverage-defect"][data-rule="gap"]')) {
          window.gapShownMs = performance.now() - window.dropAt;
          o.disconnect();
        }
      }).observe(document.body, { childList: true, subtree: true });
    })()`);
    await page.mouse.up();
    await page.waitForSelector('[data-testid="coverage-defect"][data-rule="gap"]', { timeout: 5000 });
    const shownMs = await page.evaluate(
      () => (window as unknown as { gapShownMs?: number }).gapShownMs ?? -1,
    );
    assert.ok(
      shownMs >= 0 && shownMs < 1000,
      `the gap is listed within a second of the drop (${shownMs} ms)`,
    );
    assert.ok((await count(page, 'coverage-errors')) >= 1);
    await page.waitForTimeout(400);
    assert.ok(pngDifference(before, await editorMap(page)) > 0.0005, 'the gap is drawn on the map');

    // The gap is in the backend's draft too: the publish gate would refuse it.
    const gapState = await call<OpenDraftState>('draft.get');
    assert.equal(gapState.coverage.publishable, false);
    assert.equal(gapState.coverage.defects.filter((d) => d.rule === 'gap').length, 1);

    // Click it: the map flies to it and highlights it; its fix offers the cells that border it.
    await page.locator('[data-testid="coverage-defect"][data-rule="gap"]').first().click();
    await page.waitForSelector('body[data-editor-focus]');
    await page.getByTestId('coverage-fix-apply-gap').waitFor({ timeout: 10_000 });
    const options = await page
      .getByTestId('coverage-fix-choice-gap')
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    assert.ok(options.includes(cell.code), `the dragged cell is offered: ${options.join(', ')}`);
    assert.ok(options.length >= 2, 'and its neighbours');
    assert.equal(await page.getByTestId('coverage-accept').count(), 0, 'an error cannot be accepted');
    await page.waitForTimeout(600);
    await screenshot(page, 'coverage-defects-1920x1080');

    // The same draft on a 4K screen: the defects layer with the gap highlighted.
    const big = await openPlanner({ width: 3840, height: 2160 });
    await big.page.locator('[data-testid="coverage-defect"][data-rule="gap"]').first().click();
    await big.page.waitForSelector('body[data-editor-focus]');
    await big.page.getByTestId('coverage-fix-apply-gap').waitFor({ timeout: 10_000 });
    await big.page.waitForTimeout(900);
    await screenshot(big.page, 'coverage-defects-3840x2160');
    await big.page.close();

    // One click: the default fix (the cell that borders the gap most takes it).
    const rev = Number(await page.evaluate(() => document.body.dataset.editorRevision ?? '0'));
    await page.getByTestId('coverage-fix-apply-gap').click();
    await page.waitForFunction((x) => Number(document.body.dataset.editorRevision ?? '0') > x, rev, {
      timeout: 20_000,
    });
    await page.waitForSelector('[data-testid="coverage-defect"][data-rule="gap"]', {
      state: 'detached',
      timeout: 5000,
    });
    await page.waitForSelector('[data-testid="coverage-clean"]', { timeout: 5000 });
    assert.equal(await count(page, 'coverage-errors'), 0);
    const fixed = await call<OpenDraftState>('draft.get');
    assert.equal(fixed.coverage.counts.errors, 0);
    assert.equal(fixed.log[0]!.op, 'fixCoverage', 'the fix is one edit of the draft');
    assert.equal(fixed.edits, 2);
    await screenshot(page, 'coverage-fixed-1920x1080');

    // The fixed boundary is shared: some vertex of the cell's ring is now used by a neighbour too.
    const [w, s, e, n] = bboxOf((cell.geometry as Polygon).coordinates[0]!);
    const topo = await call<DraftTopology>('draft.topology', { bbox: [w, s, e, n] });
    const shared = topo.arcs.filter(
      (a) => a.users.includes(cell.code) && a.users.some((u) => u !== cell.code && u.length === 15),
    );
    assert.ok(shared.length >= 2, 'the cell walks its neighbours’ arcs');

    // Publish with a reason; the dialog's full check passes first.
    await page.getByTestId('action-publish').click();
    await page.waitForSelector('[data-testid="publish-check"][data-allowed="yes"]', { timeout: 30_000 });
    await page.getByTestId('publish-reason').fill('端到端测试：修复拖动顶点留下的缝隙');
    await page.getByTestId('publish-submit').click();
    await page.waitForFunction(
      () => /\b2\b/.test(document.querySelector('[data-testid="editor-toast"]')?.textContent ?? ''),
      undefined,
      { timeout: 30_000 },
    );
    const toast = await page.getByTestId('editor-toast').textContent();
    const versions = await call<VersionInfo[]>('versions.list');
    const newest = versions.find((v) => v.current)!;
    assert.equal(newest.version, 2);
    assert.equal(newest.reason, '端到端测试：修复拖动顶点留下的缝隙');
    assert.ok((toast ?? '').includes('2'), `the toast names version 2: ${toast}`);
  });

  test('a sliver warning is accepted with a reason, shown as accepted after a reload', async () => {
    await call('draft.open', {});
    const cells = (
      await call<{ features: { properties: { code: string }; geometry: Polygon }[] }>('draft.layer', {
        level: 'cell',
      })
    ).features;
    let sliverCell: string | null = null;
    let sliverRing: Position[] = [];
    for (const c of cells.slice(100, 160)) {
      if (c.geometry.type !== 'Polygon') continue;
      const ring = c.geometry.coordinates[0]!;
      const r = await invoke(serve.origin, 'draft.edit', {
        op: { op: 'splitUnit', code: c.properties.code, line: sliverLine(ring) },
      });
      if (!r.body.ok) continue;
      const s = await call<OpenDraftState>('draft.get');
      if (s.coverage.defects.some((d) => d.rule === 'sliver')) {
        sliverCell = c.properties.code;
        sliverRing = ring;
        break;
      }
      await call('draft.undo', {});
    }
    assert.ok(sliverCell, 'a split left a sliver');

    const { page } = await openPlanner();
    const row = page.locator('[data-testid="coverage-defect"][data-rule="sliver"]').first();
    assert.equal(await row.getAttribute('data-standing'), 'warning');
    await row.click();
    await page.getByTestId('coverage-accept-reason').fill('沿河堤的窄条，实地核实后保留');
    await page.getByTestId('coverage-accept').click();
    await page.waitForSelector(
      '[data-testid="coverage-defect"][data-rule="sliver"][data-standing="accepted"]',
    );
    assert.equal(await count(page, 'coverage-accepted'), 1);
    assert.equal(await count(page, 'coverage-warnings'), 0);
    await page.getByTestId('coverage-accepted-note').waitFor();
    await page.waitForTimeout(600);
    await screenshot(page, 'coverage-accepted-1920x1080');

    // Reopened: still listed, still accepted, with who and why.
    await page.reload();
    await page.waitForSelector('body[data-map-state="idle"]', { timeout: 90_000 });
    if ((await page.getByTestId('coverage-panel').count()) === 0)
      await page.getByTestId('mode-planner').click();
    await page.waitForSelector('body[data-coverage-check^="full:"]', { timeout: 60_000 });
    const again = page.locator('[data-testid="coverage-defect"][data-rule="sliver"]').first();
    assert.equal(await again.getAttribute('data-standing'), 'accepted');
    await again.click();
    const note = (await page.getByTestId('coverage-accepted-note').textContent()) ?? '';
    assert.ok(note.includes('沿河堤的窄条，实地核实后保留') && note.includes('规划员'), note);

    // An edit widens one end of the strip by 0.2 m (half as much area again): the finding gets a new
    // id, yet it is still accepted, flagged as changed since, until the planner accepts it again.
    const sliver = (await call<OpenDraftState>('draft.get')).coverage.defects.find(
      (d) => d.rule === 'sliver',
    )!;
    const [p, q] = [sliverRing[0]!, sliverRing[1]!];
    const strip = (sliver.geometry as Polygon).coordinates[0]!;
    const corner = strip.find((c) => !(c[0] === p[0] && c[1] === p[1]) && !(c[0] === q[0] && c[1] === q[1]))!;
    const topo = await call<DraftTopology>('draft.topology', { bbox: bboxOf(strip) });
    const vertex = topo.vertices.find(([, x, y]) => x === corner[0] && y === corner[1])![0];
    const [a] = sliverLine(sliverRing);
    const [a0] = sliverLine(sliverRing, 0);
    await call('draft.edit', {
      op: { op: 'moveVertex', vertex, to: [corner[0]! + a![0] - a0![0], corner[1]! + a![1] - a0![1]] },
    });
    await page.reload();
    await page.waitForSelector('body[data-map-state="idle"]', { timeout: 90_000 });
    if ((await page.getByTestId('coverage-panel').count()) === 0)
      await page.getByTestId('mode-planner').click();
    await page.waitForSelector('body[data-coverage-check^="full:"]', { timeout: 60_000 });
    const changed = page.locator(
      '[data-testid="coverage-defect"][data-rule="sliver"][data-standing="accepted"][data-changed="yes"]',
    );
    await changed.first().waitFor();
    assert.equal(await count(page, 'coverage-accepted'), 1, 'still counted as accepted');
    await page.getByTestId('coverage-accepted-changed-count').waitFor();
    await changed.first().click();
    const change = (await page.getByTestId('coverage-accepted-change').textContent()) ?? '';
    assert.match(change, /接受时面积 [\d.,]+ 平方米，现在 [\d.,]+ 平方米/);
    await page.waitForTimeout(600);
    await screenshot(page, 'coverage-accepted-changed-1920x1080');
    await page.getByTestId('coverage-accept-reason').fill('加宽后复核，仍保留');
    await page.getByTestId('coverage-accept').click();
    await page.waitForSelector(
      '[data-testid="coverage-defect"][data-rule="sliver"][data-standing="accepted"]:not([data-changed])',
    );
    assert.equal(await page.getByTestId('coverage-accepted-changed-count').count(), 0);
  });
  test('a tolerance changed in the panel re-checks in full: the gap drops below it, the counts follow', async () => {
    // A small gap to look at: a corner of a cell cut off and deleted without giving it away.
    await call('draft.open', {});
    const cells = (
      await call<{ features: { properties: { code: string }; geometry: Polygon }[] }>('draft.layer', {
        level: 'cell',
      })
    ).features;
    let gapArea = 0;
    for (const c of cells.slice(200, 260)) {
      if (c.geometry.type !== 'Polygon') continue;
      const line = cornerLine(c.geometry.coordinates[0]!, 6);
      if (!line) continue;
      const split = await invoke(serve.origin, 'draft.edit', {
        op: { op: 'splitUnit', code: c.properties.code, line },
      });
      if (!split.body.ok) continue;
      const corner = (split.body.value as DraftEditResponse).createdCodes[0]!;
      const del = await invoke(serve.origin, 'draft.edit', { op: { op: 'deleteCell', code: corner } });
      const gaps = del.body.ok
        ? (del.body.value as DraftEditResponse).state.coverage.defects.filter((d) => d.rule === 'gap')
        : [];
      if (gaps.length === 1 && gaps[0]!.areaM2 > 2 && gaps[0]!.areaM2 < 50 && !gaps[0]!.belowTolerance) {
        gapArea = gaps[0]!.areaM2;
        break;
      }
      if (del.body.ok) await call('draft.undo', {});
      await call('draft.undo', {});
    }
    assert.ok(gapArea > 0, 'a corner cut off and deleted left a small gap');

    const { page } = await openPlanner();
    const errors = await count(page, 'coverage-errors');
    const below = await count(page, 'coverage-below');
    assert.ok(errors >= 1);
    await page.getByTestId('coverage-tolerances').click();
    const area = page.getByTestId('coverage-tolerance-minAreaM2');
    assert.equal(await area.inputValue(), '1', 'the default');
    // Out of range: said at once, in the planner's language, and nothing is saved.
    await area.fill('0');
    await page.getByTestId('coverage-tolerance-save').click();
    assert.equal(
      await page.getByTestId('coverage-tolerance-problem-minAreaM2').textContent(),
      '面积容差（缝隙、重叠、超出上级）须是 0.01 到 1000 平方米之间的数',
    );
    assert.equal((await call<OpenDraftState>('draft.get')).coverage.tolerances.minAreaM2, 1);
    assert.ok(await page.getByTestId('coverage-tolerance-save').isDisabled());
    await screenshot(page, 'coverage-tolerance-refused-1920x1080');
    await area.fill('100');
    await page.getByTestId('coverage-tolerance-problem-minAreaM2').waitFor({ state: 'detached' });
    await page.waitForTimeout(300);
    await screenshot(page, 'coverage-tolerances-1920x1080');

    const checks = await page.evaluate(() => document.body.dataset.coverageCheck ?? '');
    await page.getByTestId('coverage-tolerance-save').click();
    await page.getByTestId('coverage-tolerance-popover').waitFor({ state: 'detached' });
    // A new full check of the worker's copy, under the new tolerance.
    await page.waitForFunction(
      (was) =>
        (document.body.dataset.coverageCheck ?? '').startsWith('full:') &&
        document.body.dataset.coverageCheck !== was,
      checks,
      { timeout: 30_000 },
    );
    await page.waitForFunction(
      ([e, b]) =>
        document.querySelector('[data-testid="coverage-errors"]')?.getAttribute('data-count') === String(e) &&
        document.querySelector('[data-testid="coverage-below"]')?.getAttribute('data-count') === String(b),
      [errors - 1, below + 1],
      { timeout: 10_000 },
    );
    assert.match(
      (await page.getByTestId('coverage-tolerance-summary').textContent()) ?? '',
      /面积 100 平方米/,
    );
    const saved = await call<OpenDraftState>('draft.get');
    assert.equal(saved.coverage.tolerances.minAreaM2, 100);
    assert.equal(saved.coverage.counts.errors, errors - 1, 'the backend judges as the panel does');
    await page.waitForTimeout(300);
    await screenshot(page, 'coverage-tolerance-saved-1920x1080');

    // Back to 1 m² from a fresh page: the value was kept, and the gap is an error again.
    await page.reload();
    await page.waitForSelector('body[data-map-state="idle"]', { timeout: 90_000 });
    if ((await page.getByTestId('coverage-panel').count()) === 0)
      await page.getByTestId('mode-planner').click();
    await page.waitForSelector('body[data-coverage-check^="full:"]', { timeout: 60_000 });
    assert.equal(await count(page, 'coverage-below'), below + 1);
    await page.getByTestId('coverage-tolerances').click();
    assert.equal(await page.getByTestId('coverage-tolerance-minAreaM2').inputValue(), '100');
    await page.getByTestId('coverage-tolerance-defaults').click();
    await page.getByTestId('coverage-tolerance-save').click();
    await page.waitForFunction(
      (e) =>
        document.querySelector('[data-testid="coverage-errors"]')?.getAttribute('data-count') === String(e),
      errors,
      { timeout: 30_000 },
    );
    assert.equal(await count(page, 'coverage-below'), below);
  });
});

/**
 * A line cutting off the corner at a cell's second vertex, `legM` along each edge from it, or null
 * when the corner is not convex or an edge is too short.
 */
function cornerLine(ring: Position[], legM: number): [number, number][] | null {
  const [o, p, q] = [ring[0]!, ring[1]!, ring[2]!];
  const mx = 111_320 * Math.cos((p[1]! * Math.PI) / 180);
  const my = 110_574;
  const toward = (to: Position): [number, number] | null => {
    const len = Math.hypot((to[0]! - p[0]!) * mx, (to[1]! - p[1]!) * my);
    if (len < legM * 3) return null;
    const k = legM / len;
    return [p[0]! + (to[0]! - p[0]!) * k, p[1]! + (to[1]! - p[1]!) * k];
  };
  const a = toward(o);
  const b = toward(q);
  if (!a || !b) return null;
  // Convex at p: the middle of the cut lies inside the cell (it turns the ring's way).
  const cross = (a[0] - p[0]!) * (b[1] - p[1]!) - (a[1] - p[1]!) * (b[0] - p[0]!);
  const area2 = ring
    .slice(0, -1)
    .reduce((s, r, i) => s + r[0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * r[1]!, 0);
  if (Math.sign(cross) === Math.sign(area2)) return null;
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  return [
    [a[0] - dx * 0.5, a[1] - dy * 0.5],
    [b[0] + dx * 0.5, b[1] + dy * 0.5],
  ];
}

/** A split `offM` inside one straight edge of a convex cell: a thin strip, a sliver warning. */
function sliverLine(ring: Position[], offM = 0.2): [number, number][] {
  const [p, q] = [ring[0]!, ring[1]!];
  const mx = 111_320 * Math.cos((p[1]! * Math.PI) / 180);
  const my = 110_574;
  const dx = (q[0]! - p[0]!) * mx;
  const dy = (q[1]! - p[1]!) * my;
  const len = Math.hypot(dx, dy);
  const [nx, ny] = [(-dy / len) * offM, (dx / len) * offM];
  return [
    [p[0]! - (q[0]! - p[0]!) * 0.5 + nx / mx, p[1]! - (q[1]! - p[1]!) * 0.5 + ny / my],
    [q[0]! + (q[0]! - p[0]!) * 0.5 + nx / mx, q[1]! + (q[1]! - p[1]!) * 0.5 + ny / my],
  ];
}

function bboxOf(ring: Position[]): [number, number, number, number] {
  const xs = ring.map((p) => p[0]!);
  const ys = ring.map((p) => p[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
