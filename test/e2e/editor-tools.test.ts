/**
 * The planner's newer tools end to end: the attributes form (a bad code is refused with a message, a
 * good one saved, undo), moving a cell to another community, drawing a new cell, reshaping a shared
 * boundary with snapping, the shortcut help, and the test hook staying off without `?e2e`. Real serve
 * host on a fresh Nansha data file, Debian's Chromium with WebGL; screenshots at 1920×1080 and 3840×2160.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { Position } from 'geojson';
import type { DraftTopology, DraftUnitFeature, OpenDraftState } from '../../shared/api/drafts-contract.ts';
import type { GridUnitAttributes } from '../../shared/grid/types.ts';
import { launchBrowser, screenshot, type WatchedPage, assertCleanAndClose } from '../helpers/browser.ts';
import { bbox, callApi, draftLayer, positions } from '../helpers/draft-queries.ts';
import {
  blur,
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
const key = (p: Position): string => `${p[0]!.toFixed(10)},${p[1]!.toFixed(10)}`;
const openPlanner = (viewport?: { width: number; height: number }, hooks = true): Promise<WatchedPage> =>
  openPlannerPage(browser, serve.url, pages, { viewport, hooks });

async function errorsNow(): Promise<number> {
  return (await call<OpenDraftState>('draft.get')).coverage.counts.errors;
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

describe('planner tools (serve mode, Chromium)', () => {
  test('attributes: a bad code is refused with a message, a good one is saved, undo restores', async () => {
    const { page } = await openPlanner();
    const cells = await layer('cell');
    const cell = cells[10]!;
    const code = cell.properties.code;
    const sibling = cells.find((c) => c !== cell && c.properties.parentCode === cell.properties.parentCode)!;
    await gotoCode(page, code);
    await page.getByTestId('attrs-panel').locator('form').waitFor();

    await page.getByTestId('attrs-code').fill('12345');
    await page.getByTestId('attrs-save').click();
    const msg = page.getByTestId('attrs-message');
    await msg.waitFor();
    assert.equal(await msg.getAttribute('data-bad'), 'true');
    assert.match((await msg.textContent()) ?? '', /15 位数字/);
    await page.getByTestId('attrs-code').fill(sibling.properties.code);
    await page.getByTestId('attrs-save').click();
    assert.match((await msg.textContent()) ?? '', /已被其他单元使用/);
    await screenshot(page, 'editor-tools-attrs-refused-1920x1080');

    // A dedicated cell needs a subtype: said before anything is sent.
    await page.getByTestId('attrs-code').fill(code);
    await page.getByTestId('attrs-kind').selectOption('dedicated');
    await page.getByTestId('attrs-save').click();
    assert.match((await msg.textContent()) ?? '', /子类型/);
    assert.equal((await call<GridUnitAttributes>('draft.unit', { code })).kind, cell.properties.kind);

    // A valid set: subtype, chief, workers with names, population, notes, and a new free code.
    const used = new Set(cells.map((c) => c.properties.code));
    let free = '';
    for (let n = 999; n > 0 && !free; n--) {
      const c = `${cell.properties.parentCode}${String(n).padStart(3, '0')}`;
      if (!used.has(c)) free = c;
    }
    await page.getByTestId('attrs-subtype').selectOption('school');
    await page.getByTestId('attrs-name').fill('南沙一中专属网格');
    await page.getByTestId('attrs-chief').fill('李明');
    await page.getByTestId('attrs-staffFullTime').fill('2');
    await page.getByTestId('attrs-namesFullTime').fill('王芳\n陈强');
    await page.getByTestId('attrs-staffVolunteer').fill('abc');
    await page.getByTestId('attrs-save').click();
    assert.match((await msg.textContent()) ?? '', /义务网格员人数/, 'a count that is not a number');
    await page.getByTestId('attrs-staffVolunteer').fill('1');
    await page.getByTestId('attrs-population').fill('3210');
    await page.getByTestId('attrs-notes').fill('校园封闭管理，寒暑假值守');
    await page.getByTestId('attrs-code').fill(free);
    let r = await revision(page);
    await page.getByTestId('attrs-save').click();
    await waitRevisionAfter(page, r);
    await page.waitForSelector(`[data-testid="editor-attr-code"]:text-is("${free}")`);
    await page.waitForSelector('[data-testid="attrs-message"][data-bad="false"]');
    const saved = await call<GridUnitAttributes>('draft.unit', { code: free });
    assert.equal(saved.name, '南沙一中专属网格');
    assert.equal(saved.subtype, 'school');
    assert.deepEqual(saved.workerNames?.fullTime, ['王芳', '陈强']);
    assert.equal(saved.population, 3210);
    assert.equal(saved.notes, '校园封闭管理，寒暑假值守');
    await screenshot(page, 'editor-tools-attrs-saved-1920x1080');

    // Undo the code, then the attributes: back to the original unit.
    await blur(page);
    r = await revision(page);
    await page.keyboard.press('Control+z');
    await waitRevisionAfter(page, r);
    r = await revision(page);
    await page.keyboard.press('Control+z');
    await waitRevisionAfter(page, r);
    const back = await call<GridUnitAttributes>('draft.unit', { code });
    assert.equal(back.name, cell.properties.name);
    assert.equal(back.workerNames, undefined);
    assert.equal(await errorsNow(), 0);
  });

  test('reparent: a border cell moves to the neighbouring community and its code follows', async () => {
    const { page } = await openPlanner();
    const cells = await layer('cell');
    const count = new Map<string, number>();
    for (const c of cells)
      count.set(c.properties.parentCode!, (count.get(c.properties.parentCode!) ?? 0) + 1);
    const communities = new Set((await layer('community')).map((c) => c.properties.code));
    let pick: { cell: DraftUnitFeature; to: string } | null = null;
    for (const c of cells.slice(0, 400)) {
      if ((count.get(c.properties.parentCode!) ?? 0) < 3) continue;
      const topo = await call<DraftTopology>('draft.topology', { bbox: bbox(c) });
      for (const arc of topo.arcs) {
        if (!arc.users.includes(c.properties.code)) continue;
        const to = arc.users.find((u) => communities.has(u) && u !== c.properties.parentCode);
        if (to) pick = { cell: c, to };
      }
      if (pick) break;
    }
    assert.ok(pick, 'a cell on a community border');
    await gotoCode(page, pick.cell.properties.code);
    await page.keyboard.press('p');
    await page.getByTestId(`reparent-to-${pick.to}`).check();
    await screenshot(page, 'editor-tools-reparent-1920x1080');
    const r = await revision(page);
    await page.getByTestId('reparent-submit').click();
    await waitRevisionAfter(page, r);
    const after = await layer('cell');
    assert.ok(!after.some((c) => c.properties.code === pick!.cell.properties.code), 'the old code is gone');
    const known = new Set(cells.map((c) => c.properties.code));
    const same = after.find((c) => !known.has(c.properties.code));
    assert.ok(same, 'the cell under its new code');
    assert.equal(same.properties.parentCode, pick.to);
    assert.ok(same.properties.code.startsWith(pick.to) && same.properties.code.length === 15);
    await page.waitForSelector(`[data-testid="editor-attr-code"]:text-is("${same.properties.code}")`);
    assert.equal(await errorsNow(), 0, 'coverage stays exact');
  });

  test('draw a new cell over a junction of cells, taking their area; uncovered-only is refused there', async () => {
    const watched = await openPlanner();
    const { page } = watched;
    const cells = await layer('cell');
    const byCode = new Map(cells.map((c) => [c.properties.code, c]));
    // A node inside a community where three of its cells meet.
    let pick: { cell: DraftUnitFeature; at: Position; room: number } | null = null;
    for (const c of cells.slice(20, 300)) {
      const topo = await call<DraftTopology>('draft.topology', { bbox: bbox(c) });
      const at = new Map(topo.vertices.map(([id, lon, lat]) => [id, [lon, lat] as Position]));
      const ends = new Map<number, Set<string>>();
      for (const arc of topo.arcs)
        for (const v of [arc.vertices[0]!, arc.vertices[arc.vertices.length - 1]!]) {
          const s = ends.get(v) ?? new Set<string>();
          for (const u of arc.users) s.add(u);
          ends.set(v, s);
        }
      for (const [v, users] of ends) {
        const list = [...users];
        if (
          list.length !== 3 ||
          !list.every((u) => byCode.get(u)?.properties.parentCode === c.properties.parentCode)
        )
          continue;
        const p = at.get(v)!;
        let room = Infinity;
        for (const [w, q] of at) if (w !== v) room = Math.min(room, Math.hypot(q[0]! - p[0]!, q[1]! - p[1]!));
        // Room enough for a square the planner can see (a fifth of the cell's size).
        const [w, s, e, n] = bbox(c);
        if (room < 0.2 * Math.max(e - w, n - s)) continue;
        pick = { cell: c, at: p, room };
        break;
      }
      if (pick) break;
    }
    assert.ok(pick, 'an interior junction of three cells');
    const before = cells.length;
    await gotoCode(page, pick.cell.properties.code);
    await page.keyboard.press('n');
    await page.getByTestId('draw-mode-take').waitFor();
    assert.match((await page.getByTestId('draw-mode-hint').textContent()) ?? '', /让出/);
    const h = pick.room * 0.3;
    const [x, y] = [pick.at[0]!, pick.at[1]!];
    const ring: Position[] = [
      [x - h, y - h],
      [x + h, y - h],
      [x + h, y + h],
      [x - h, y + h],
    ];
    // Snapping off, so the corners land where they are clicked (near the junction's edges).
    await page.getByTestId('editor-snap-px').fill('0');
    await blur(page);
    for (const p of ring) {
      const s = await project(page, p);
      await page.mouse.click(s.x, s.y);
    }
    await screenshot(page, 'editor-tools-draw-1920x1080');
    const r = await revision(page);
    await page.keyboard.press('Enter');
    await waitRevisionAfter(page, r);
    const after = await layer('cell');
    assert.equal(after.length, before + 1, 'one more cell');
    assert.equal(await errorsNow(), 0, 'the new cell and the cells it took from cover the community exactly');
    await page.waitForTimeout(500);
    await screenshot(page, 'editor-tools-drawn-1920x1080');

    // The same place again with "uncovered space only": all of it is covered now, so it is refused.
    await page.keyboard.press('n');
    await page.getByTestId('draw-mode-uncovered').check();
    assert.match((await page.getByTestId('draw-mode-hint').textContent()) ?? '', /尚无网格覆盖/);
    await blur(page);
    for (const p of ring) {
      const s = await project(page, p);
      await page.mouse.click(s.x, s.y);
    }
    await page.keyboard.press('Enter');
    await page.getByTestId('editor-problem').waitFor();
    assert.match((await page.getByTestId('editor-problem').textContent()) ?? '', /没有未覆盖的区域/);
    // The browser logs the refused request (409) as a console error: that one is expected here.
    const refusal = watched.consoleErrors.findIndex((m) => m.includes('409'));
    assert.ok(refusal >= 0, 'the backend refused the edit');
    watched.consoleErrors.splice(refusal, 1);
    await page.getByTestId('editor-snap-px').fill('10');
  });

  test('reshape a shared boundary by drawing along it, ends snapped to the edge; both cells follow', async () => {
    const { page } = await openPlanner();
    const cells = await layer('cell');
    const byCode = new Map(cells.map((c) => [c.properties.code, c]));
    let pick: { a: DraftUnitFeature; b: DraftUnitFeature; p: Position; q: Position } | null = null;
    for (const c of cells.slice(50, 300)) {
      const topo = await call<DraftTopology>('draft.topology', { bbox: bbox(c) });
      const at = new Map(topo.vertices.map(([id, lon, lat]) => [id, [lon, lat] as Position]));
      for (const arc of topo.arcs) {
        if (arc.users.length !== 2 || !arc.users.includes(c.properties.code)) continue;
        const other = byCode.get(arc.users.find((u) => u !== c.properties.code)!);
        if (!other) continue;
        const p = at.get(arc.vertices[0]!)!;
        const q = at.get(arc.vertices[1]!)!;
        const [w, s, e, n] = bbox(c);
        if (Math.hypot(q[0]! - p[0]!, q[1]! - p[1]!) < 0.35 * Math.max(e - w, n - s)) continue;
        pick = { a: c, b: other, p, q };
        break;
      }
      if (pick) break;
    }
    assert.ok(pick, 'a long edge shared by exactly two cells');
    const { a, b, p, q } = pick;
    await gotoCode(page, a.properties.code);
    await page.getByTestId('editor-snap-px').fill('12');
    await blur(page);
    await page.keyboard.press('r');
    const lerp = (t: number): Position => [p[0]! + t * (q[0]! - p[0]!), p[1]! + t * (q[1]! - p[1]!)];
    const s1 = await project(page, lerp(0.3));
    const s2 = await project(page, lerp(0.7));
    const mid = await project(page, lerp(0.5));
    // Off the edge sideways by a third of the stretch, then back onto it.
    const [dx, dy] = [s2.x - s1.x, s2.y - s1.y];
    const bulge = { x: mid.x - dy * 0.4, y: mid.y + dx * 0.4 };
    // Four pixels off the edge: the pointer snaps onto it, and the ring shows where.
    await page.mouse.move(s1.x + 4, s1.y - 3);
    await page.waitForSelector('body[data-editor-snap="edge"]');
    await page.getByTestId('editor-snapped').waitFor();
    await page.waitForTimeout(300);
    await screenshot(page, 'editor-tools-snap-1920x1080');
    await page.mouse.click(s1.x + 4, s1.y - 3);
    await page.mouse.move(bulge.x, bulge.y);
    await page.mouse.click(bulge.x, bulge.y);
    await page.mouse.move(s2.x - 3, s2.y + 4);
    await page.waitForSelector('body[data-editor-snap="edge"]');
    await page.mouse.click(s2.x - 3, s2.y + 4);
    await screenshot(page, 'editor-tools-reshape-1920x1080');
    const r = await revision(page);
    await page.keyboard.press('Enter');
    await waitRevisionAfter(page, r);
    const after = new Map((await layer('cell')).map((c) => [c.properties.code, c]));
    const oldA = new Set(positions(a).map(key));
    const newA = positions(after.get(a.properties.code)!)
      .map(key)
      .filter((k) => !oldA.has(k));
    const newB = new Set(positions(after.get(b.properties.code)!).map(key));
    assert.ok(newA.length >= 3, `new vertices in the reshaped cell (${newA.length})`);
    for (const k of newA) assert.ok(newB.has(k), `the neighbour holds ${k} too`);
    assert.equal(await errorsNow(), 0);
    await page.waitForTimeout(500);
    await screenshot(page, 'editor-tools-reshaped-1920x1080');
  });

  test('reshape past a node where three cells meet: both cells across take their share; undo, redo', async () => {
    const { page } = await openPlanner();
    const cells = await layer('cell');
    const byCode = new Map(cells.map((c) => [c.properties.code, c]));
    type Arc = DraftTopology['arcs'][number];
    const sub = (p: Position, q: Position): [number, number] => [p[0]! - q[0]!, p[1]! - q[1]!];
    const cross = (u: number[], v: number[]): number => u[0]! * v[1]! - u[1]! * v[0]!;
    const angle = (u: number[], v: number[]): number =>
      Math.abs(Math.atan2(cross(u, v), u[0]! * v[0]! + u[1]! * v[1]!));
    // A node inside a community where exactly three of its cells meet, B's two edges there long
    // enough to click on, and the boundary between the other two carried on into B at a clear angle.
    let pick: { b: string; a: string; c: string; n: Position; pa: Position; pc: Position } | null = null;
    for (const cell of cells.slice(40, 400)) {
      const b = cell.properties.code;
      const topo = await call<DraftTopology>('draft.topology', { bbox: bbox(cell) });
      const at = new Map(topo.vertices.map(([id, lon, lat]) => [id, [lon, lat] as Position]));
      const byNode = new Map<number, Arc[]>();
      for (const arc of topo.arcs)
        for (const v of [arc.vertices[0]!, arc.vertices[arc.vertices.length - 1]!])
          byNode.set(v, [...(byNode.get(v) ?? []), arc]);
      const [w, s, e, n] = bbox(cell);
      const size = Math.max(e - w, n - s);
      for (const [node, arcs] of byNode) {
        const sameCommunity = arcs.every(
          (x) =>
            x.users.length === 2 &&
            x.users.every((u) => byCode.get(u)?.properties.parentCode === cell.properties.parentCode),
        );
        if (arcs.length !== 3 || !sameCommunity) continue;
        const mine = arcs.filter((x) => x.users.includes(b));
        const other = arcs.find((x) => !x.users.includes(b));
        if (mine.length !== 2 || !other) continue;
        const np = at.get(node)!;
        const next = (x: Arc): Position =>
          at.get(x.vertices[0] === node ? x.vertices[1]! : x.vertices[x.vertices.length - 2]!)!;
        const [da, dc, carry] = [sub(next(mine[0]!), np), sub(next(mine[1]!), np), sub(np, next(other))];
        if (Math.min(Math.hypot(...da), Math.hypot(...dc)) < 0.25 * size) continue;
        if (Math.min(angle(carry, da), angle(carry, dc)) < 0.6) continue;
        if (Math.sign(cross(da, carry)) !== Math.sign(cross(carry, dc))) continue;
        const a = mine[0]!.users.find((u) => u !== b)!;
        const c = mine[1]!.users.find((u) => u !== b)!;
        const half = (d: number[]): Position => [np[0]! + d[0]! * 0.5, np[1]! + d[1]! * 0.5];
        pick = { b, a, c, n: np, pa: half(da), pc: half(dc) };
        break;
      }
      if (pick) break;
    }
    assert.ok(pick, 'a node where three cells of one community meet');
    const { a, b, c, n, pa, pc } = pick;
    const before = new Map(
      (await layer('cell')).map((f) => [f.properties.code, new Set(positions(f).map(key))]),
    );
    await gotoCode(page, b);
    await page.getByTestId('editor-snap-px').fill('8');
    await blur(page);
    await page.keyboard.press('r');
    // On B's edge to A, into B (beyond the node), back onto B's edge to C: the points on the edges are
    // placed by edge snapping, as a planner would.
    const inside: Position = [pa[0]! + pc[0]! - n[0]!, pa[1]! + pc[1]! - n[1]!];
    // The map must have settled from flying to the cell before points are placed on it.
    await settle(page);
    const clicks = [await project(page, pa), await project(page, inside), await project(page, pc)];
    for (const s of clicks) {
      await page.mouse.move(s.x + 2, s.y + 2);
      await page.mouse.click(s.x + 2, s.y + 2);
    }
    await page.waitForTimeout(300);
    await screenshot(page, 'editor-tools-reshape-junction-1920x1080');
    let r = await revision(page);
    await page.keyboard.press('Enter');
    await waitRevisionAfter(page, r);
    assert.equal(await errorsNow(), 0, 'coverage stays exact');
    const now = new Map(
      (await layer('cell')).map((f) => [f.properties.code, new Set(positions(f).map(key))]),
    );
    const gained = (code: string): Set<string> =>
      new Set([...now.get(code)!].filter((k) => !before.get(code)!.has(k)));
    // The boundary between A and C now runs on to the line: its new end is a vertex of all three.
    const end = [...gained(a)].filter((k) => gained(c).has(k) && now.get(b)!.has(k));
    assert.equal(end.length, 1, 'A, B and C meet at one new point on the line');
    assert.ok(!now.get(b)!.has(key(n)), 'B no longer reaches the old node');
    assert.ok(now.get(a)!.has(key(n)) && now.get(c)!.has(key(n)), 'the old node is a bend between A and C');
    await page.waitForTimeout(500);
    await screenshot(page, 'editor-tools-reshaped-junction-1920x1080');

    await blur(page);
    r = await revision(page);
    await page.keyboard.press('Control+z');
    await waitRevisionAfter(page, r);
    const undone = new Map(
      (await layer('cell')).map((f) => [f.properties.code, new Set(positions(f).map(key))]),
    );
    for (const code of [a, b, c])
      assert.deepEqual(undone.get(code), before.get(code), `undo restores ${code}`);
    r = await revision(page);
    await page.keyboard.press('Control+y');
    await waitRevisionAfter(page, r);
    const redone = new Map(
      (await layer('cell')).map((f) => [f.properties.code, new Set(positions(f).map(key))]),
    );
    for (const code of [a, b, c])
      assert.deepEqual(redone.get(code), now.get(code), `redo brings back ${code}`);
    assert.equal(await errorsNow(), 0);
  });

  test('? opens the help listing every shortcut; no test hook without ?e2e', async () => {
    const { page } = await openPlanner({ width: 1920, height: 1080 }, false);
    assert.equal(await page.evaluate(() => typeof window.gezhiEditorProject), 'undefined');
    await page.keyboard.press('?');
    const help = page.getByTestId('editor-help');
    await help.waitFor();
    const text = (await help.textContent()) ?? '';
    for (const k of [
      'V —',
      'S —',
      'I —',
      'N —',
      'R —',
      'M —',
      'P —',
      'Delete —',
      'Ctrl+Z',
      'Ctrl+Y',
      'Enter —',
      'Esc',
      '? —',
    ])
      assert.ok(text.includes(k), `the help lists ${k}`);
    for (const tool of ['画新网格', '重塑边界', '吸附', '编辑属性'])
      assert.ok(text.includes(tool), `the help mentions ${tool}`);
    await screenshot(page, 'editor-tools-help-1920x1080');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
  });

  test('screenshots at 3840×2160: attributes form, drawing with the mode choice, help', async () => {
    const { page } = await openPlanner({ width: 3840, height: 2160 });
    const cell = (await layer('cell'))[30]!;
    await gotoCode(page, cell.properties.code);
    await page.getByTestId('attrs-panel').locator('form').waitFor();
    await page.getByTestId('attrs-code').fill('1');
    await page.getByTestId('attrs-save').click();
    await page.getByTestId('attrs-message').waitFor();
    await screenshot(page, 'editor-tools-attrs-3840x2160');
    await blur(page);
    await page.keyboard.press('n');
    const [w, s, e, n] = bbox(cell);
    for (const p of [
      [w + (e - w) * 0.3, s + (n - s) * 0.3],
      [w + (e - w) * 0.7, s + (n - s) * 0.35],
    ]) {
      const at = await project(page, p);
      await page.mouse.click(at.x, at.y);
    }
    const at = await project(page, [w + (e - w) * 0.6, s + (n - s) * 0.7]);
    await page.mouse.move(at.x, at.y);
    await page.waitForTimeout(400);
    await screenshot(page, 'editor-tools-draw-3840x2160');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.getByTestId('editor-help').waitFor();
    await screenshot(page, 'editor-tools-help-3840x2160');
    await page.keyboard.press('Escape');
  });
});
