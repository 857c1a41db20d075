/**
 * Selecting and shared vertices in the planner's editor, end to end: Shift+click adds units to the
 * selection (and takes them out again) at cell, community and town level; the insert tool puts a
 * vertex on a cell edge that is also a town boundary into every unit along it, Alt+click takes it out
 * of all of them, undo and redo; dragging a vertex shows the snap ring while dragging, and a vertex
 * dropped back where it was picked up records nothing. Real serve host on a fresh Nansha data file,
 * Debian's Chromium with WebGL; screenshots at 1920×1080 and 3840×2160.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { FeatureCollection, Point, Position } from 'geojson';
import type { DraftTopology, DraftUnitFeature, OpenDraftState } from '../../shared/api/drafts-contract.ts';
import {
  assertCleanAndClose,
  launchBrowser,
  pngDifference,
  screenshot,
  type WatchedPage,
} from '../helpers/browser.ts';
import { bbox, callApi, draftLayer, positions } from '../helpers/draft-queries.ts';
import {
  editorView as view,
  gotoCode,
  openPlannerPage,
  project,
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
const labels = async (level: string): Promise<Map<string, Position>> =>
  new Map(
    (await call<FeatureCollection<Point, { code: string }>>('grid.labels', { level })).features.map((f) => [
      f.properties.code,
      f.geometry.coordinates,
    ]),
  );
const key = (p: Position): string => `${p[0]!.toFixed(10)},${p[1]!.toFixed(10)}`;
/** Every unit at every level, by code, as sets of its vertices. */
async function vertexSets(): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (const level of ['district', 'town', 'community', 'cell'])
    for (const f of await layer(level)) out.set(f.properties.code, new Set(positions(f).map(key)));
  return out;
}
const openPlanner = (viewport?: { width: number; height: number }): Promise<WatchedPage> =>
  openPlannerPage(browser, serve.url, pages, { viewport });
/** Zooms in with the wheel at the map's centre until the zoom is at least `min`. */
async function zoomInTo(page: Page, min: number): Promise<void> {
  const box = (await page.getByTestId('editor-map').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 20 && (await view(page)).zoom < min; i++) {
    await page.mouse.wheel(0, -200);
    await page.waitForTimeout(300);
  }
  await settle(page);
}
/** The label points among `codes` that are on the map and away from its edges. */
async function inView(page: Page, at: Map<string, Position>, codes: string[]): Promise<string[]> {
  const box = (await page.getByTestId('editor-map').boundingBox())!;
  const out: string[] = [];
  for (const c of codes) {
    const p = await project(page, at.get(c)!);
    if (p.x > box.x + 60 && p.x < box.x + box.width - 60 && p.y > box.y + 60 && p.y < box.y + box.height - 60)
      out.push(c);
  }
  return out;
}
/** A click with a modifier held (the mouse API takes none of its own). */
async function clickWith(page: Page, x: number, y: number, key?: 'Shift' | 'Alt'): Promise<void> {
  if (key) await page.keyboard.down(key);
  try {
    await page.mouse.click(x, y);
  } finally {
    if (key) await page.keyboard.up(key);
  }
}
async function clickAt(page: Page, at: Position, shift = false): Promise<void> {
  const s = await project(page, at);
  await clickWith(page, s.x, s.y, shift ? 'Shift' : undefined);
}
async function selected(page: Page): Promise<string[]> {
  const count = page.getByTestId('editor-selection-count');
  if (await count.count())
    return (await page.locator('[data-testid="editor-selection"] li .mono').allTextContents()).map((s) =>
      s.trim(),
    );
  const one = page.getByTestId('editor-attr-code');
  return (await one.count()) ? [((await one.textContent()) ?? '').trim()] : [];
}
async function waitSelected(page: Page, codes: string[]): Promise<void> {
  const want = [...codes].sort().join(',');
  for (let i = 0; i < 40; i++) {
    if ([...(await selected(page))].sort().join(',') === want) return;
    await page.waitForTimeout(100);
  }
  assert.deepEqual([...(await selected(page))].sort(), [...codes].sort());
}

/** A long stretch of a cell's edge that is also the boundary of two towns (and their communities). */
interface TownEdge {
  cell: DraftUnitFeature;
  a: Position;
  b: Position;
  users: string[];
}
async function townEdge(): Promise<TownEdge> {
  const cells = await layer('cell');
  const towns = new Set((await layer('town')).map((t) => t.properties.code));
  for (const c of cells.slice(30, 400)) {
    const topo = await call<DraftTopology>('draft.topology', { bbox: bbox(c) });
    const at = new Map(topo.vertices.map(([id, x, y]) => [id, [x, y] as Position]));
    for (const arc of topo.arcs) {
      if (!arc.users.includes(c.properties.code)) continue;
      if (arc.users.filter((u) => towns.has(u)).length !== 2) continue;
      const a = at.get(arc.vertices[0]!)!;
      const b = at.get(arc.vertices[1]!)!;
      const [w, s, e, n] = bbox(c);
      if (Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!) < 0.3 * Math.max(e - w, n - s)) continue;
      return { cell: c, a, b, users: arc.users };
    }
  }
  throw new Error('no cell edge on a town boundary');
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

describe('selection and shared vertices (serve mode, Chromium)', () => {
  test('Shift+click adds and removes cells, communities and towns; merge offers the selected ones', async () => {
    const { page } = await openPlanner();
    const cells = await layer('cell');
    const cellAt = await labels('cell');
    // Two sibling cells that share an edge.
    let pair: [DraftUnitFeature, DraftUnitFeature] | null = null;
    for (const c of cells.slice(40, 300)) {
      const topo = await call<DraftTopology>('draft.topology', { bbox: bbox(c) });
      const other = topo.arcs
        .filter((a) => a.users.includes(c.properties.code))
        .flatMap((a) => a.users)
        .map((u) => cells.find((x) => x.properties.code === u))
        .find((x) => x && x !== c && x.properties.parentCode === c.properties.parentCode);
      if (other) pair = [c, other];
      if (pair) break;
    }
    assert.ok(pair, 'two neighbouring sibling cells');
    const [a, b] = pair.map((f) => f.properties.code) as [string, string];
    await gotoCode(page, a);
    const one = await page.getByTestId('editor-map').screenshot();
    await clickAt(page, cellAt.get(b)!, true);
    await waitSelected(page, [a, b]);
    assert.match((await page.getByTestId('editor-selection-count').textContent()) ?? '', /已选 2 个/);
    await page.waitForTimeout(300);
    assert.ok(
      pngDifference(one, await page.getByTestId('editor-map').screenshot()) > 0.002,
      'the second cell is highlighted on the map',
    );
    await screenshot(page, 'editor-selection-cells-1920x1080');

    // Merge asks whose attributes to keep, among the selected cells, and says what becomes of the rest.
    await page.keyboard.press('m');
    await page.getByTestId('merge-dialog').waitFor();
    for (const code of [a, b]) await page.getByTestId(`merge-keep-${code}`).waitFor();
    assert.match((await page.getByTestId('merge-note').textContent()) ?? '', /人口为各单元之和/);
    await page.keyboard.press('Escape');
    await page.getByTestId('merge-dialog').waitFor({ state: 'detached' });

    // Shift+click on a selected unit takes it out; a plain click selects only what it hits.
    await clickAt(page, cellAt.get(a)!, true);
    await waitSelected(page, [b]);
    await clickAt(page, cellAt.get(a)!);
    await waitSelected(page, [a]);

    // Communities: zoomed out to where communities are picked (cells are too small to pick there).
    const town = a.slice(0, 9);
    const communityAt = await labels('community');
    await gotoCode(page, town);
    await zoomInTo(page, 11.6);
    const zoom = (await view(page)).zoom;
    assert.ok(zoom >= 11.2 && zoom < 13.6, `communities are picked at zoom ${zoom}`);
    const shown = await inView(
      page,
      communityAt,
      [...communityAt.keys()].filter((c) => c.startsWith(town)),
    );
    assert.ok(shown.length >= 2, 'two communities of the town in view');
    await clickAt(page, communityAt.get(shown[0]!)!);
    await waitSelected(page, [shown[0]!]);
    await clickAt(page, communityAt.get(shown[1]!)!, true);
    await waitSelected(page, [shown[0]!, shown[1]!]);

    // Towns: with the district in view, clicks pick towns.
    const townAt = await labels('town');
    const [t1, t2] = [...townAt.keys()];
    await gotoCode(page, '440115');
    assert.ok((await view(page)).zoom < 11.2, 'towns are picked with the district in view');
    await clickAt(page, townAt.get(t1!)!);
    await waitSelected(page, [t1!]);
    await clickAt(page, townAt.get(t2!)!, true);
    await waitSelected(page, [t1!, t2!]);
    await page.waitForTimeout(300);
    await screenshot(page, 'editor-selection-towns-1920x1080');
    await clickAt(page, townAt.get(t1!)!, true);
    await waitSelected(page, [t2!]);
  });

  test('insert a vertex on a cell edge that is a town boundary: every unit gains it; Alt+click deletes it from all', async () => {
    const { page } = await openPlanner();
    const edge = await townEdge();
    const code = edge.cell.properties.code;
    const before = await vertexSets();
    const mid: Position = [(edge.a[0]! + edge.b[0]!) / 2, (edge.a[1]! + edge.b[1]!) / 2];
    await gotoCode(page, code);
    await page.waitForFunction((c) => document.body.dataset.editorTopology?.startsWith(`${c}@`), code, {
      timeout: 20_000,
    });
    await page.keyboard.press('i');
    // A few pixels beside the edge: the vertex goes onto the edge, not under the pointer.
    const s = await project(page, mid);
    let r = await revision(page);
    await page.mouse.click(s.x + 4, s.y + 3);
    await waitRevisionAfter(page, r);
    const inserted = await vertexSets();
    const gained = new Map<string, string[]>();
    for (const [unit, set] of inserted)
      for (const k of set)
        if (!before.get(unit)?.has(k)) gained.set(k, [...(gained.get(k) ?? []), unit].sort());
    assert.equal(gained.size, 1, 'one new vertex');
    const [[at, holders]] = [...gained] as [[string, string[]]];
    assert.deepEqual(holders, [...edge.users].sort(), 'both cells, both communities and both towns hold it');
    const p = at.split(',').map(Number);
    const cross =
      (edge.b[0]! - edge.a[0]!) * (p[1]! - edge.a[1]!) - (edge.b[1]! - edge.a[1]!) * (p[0]! - edge.a[0]!);
    const len = Math.hypot(edge.b[0]! - edge.a[0]!, edge.b[1]! - edge.a[1]!);
    assert.ok(Math.abs(cross / len) < 1e-9, 'the new vertex lies on the edge: no shape changed');
    assert.equal((await call<OpenDraftState>('draft.get')).coverage.counts.errors, 0);
    await page.waitForTimeout(300);
    await screenshot(page, 'editor-selection-inserted-1920x1080');

    // Alt+click on it with the select tool: gone from every unit, the shapes as they were.
    await page.keyboard.press('v');
    const q = await project(page, p);
    r = await revision(page);
    await clickWith(page, q.x, q.y, 'Alt');
    await waitRevisionAfter(page, r);
    assert.deepEqual(await vertexSets(), before, 'deleted from all of them');

    r = await revision(page);
    await page.keyboard.press('Control+z');
    await waitRevisionAfter(page, r);
    assert.deepEqual(await vertexSets(), inserted, 'undo puts it back in all of them');
    r = await revision(page);
    await page.keyboard.press('Control+y');
    await waitRevisionAfter(page, r);
    assert.deepEqual(await vertexSets(), before);
  });

  test('a dragged vertex shows the snap ring near another vertex; dropped back where it was, nothing is recorded', async () => {
    const { page } = await openPlanner();
    const edge = await townEdge();
    const code = edge.cell.properties.code;
    await gotoCode(page, code);
    await page.waitForFunction((c) => document.body.dataset.editorTopology?.startsWith(`${c}@`), code, {
      timeout: 20_000,
    });
    const edits = (await call<OpenDraftState>('draft.get')).edits;
    const sa = await project(page, edge.a);
    const sb = await project(page, edge.b);
    await page.mouse.move(sa.x, sa.y);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++)
      await page.mouse.move(sa.x + ((sb.x - sa.x) * i) / 20, sa.y + ((sb.y - sa.y) * i) / 20);
    await page.waitForSelector('body[data-editor-dragging="true"]');
    // Five pixels from the other end of the edge: the dragged vertex snaps onto it, and it shows.
    await page.mouse.move(sb.x + 4, sb.y + 3);
    await page.waitForSelector('body[data-editor-snap="vertex"]');
    await page.getByTestId('editor-snapped').waitFor();
    assert.match((await page.getByTestId('editor-snapped').textContent()) ?? '', /顶点/);
    await page.waitForTimeout(300);
    await screenshot(page, 'editor-selection-drag-snap-1920x1080');
    // Back to where it was picked up, and let go.
    for (let i = 7; i >= 0; i--)
      await page.mouse.move(sa.x + ((sb.x - sa.x) * i) / 20, sa.y + ((sb.y - sa.y) * i) / 20);
    await page.waitForFunction(() => document.body.dataset.editorSnap === undefined);
    await page.mouse.up();
    await page.waitForTimeout(800);
    const state = await call<OpenDraftState>('draft.get');
    assert.equal(state.edits, edits, 'no edit recorded');
    assert.equal(await page.getByTestId('editor-problem').count(), 0);
  });

  test('screenshots at 3840×2160: two cells selected, a vertex snapping while dragged', async () => {
    const { page } = await openPlanner({ width: 3840, height: 2160 });
    const edge = await townEdge();
    const code = edge.cell.properties.code;
    await gotoCode(page, code);
    await page.waitForFunction((c) => document.body.dataset.editorTopology?.startsWith(`${c}@`), code, {
      timeout: 20_000,
    });
    const cellAt = await labels('cell');
    const other = edge.users.find((u) => u.length === 15 && u !== code)!;
    await clickAt(page, cellAt.get(other)!, true);
    await waitSelected(page, [code, other]);
    await screenshot(page, 'editor-selection-cells-3840x2160');
    await clickAt(page, cellAt.get(other)!, true);
    await waitSelected(page, [code]);
    const sa = await project(page, edge.a);
    const sb = await project(page, edge.b);
    await page.mouse.move(sa.x, sa.y);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++)
      await page.mouse.move(sa.x + ((sb.x - sa.x) * i) / 10, sa.y + ((sb.y - sa.y) * i) / 10);
    await page.mouse.move(sb.x + 6, sb.y + 5);
    await page.waitForSelector('body[data-editor-snap="vertex"]');
    await page.waitForTimeout(300);
    await screenshot(page, 'editor-selection-drag-snap-3840x2160');
    for (let i = 8; i >= 0; i--)
      await page.mouse.move(sa.x + ((sb.x - sa.x) * i) / 10, sa.y + ((sb.y - sa.y) * i) / 10);
    await page.mouse.up();
  });
});
