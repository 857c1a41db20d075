/**
 * Driving the planner's editor in an e2e test: opening it, going to a unit, waiting for the map to
 * settle and for an edit to land. Every wait is on a state the page reports, never on a clock alone:
 * on a loaded 2-core CI machine a map frame can take longer than any fixed pause.
 */
import type { Browser, Page } from 'playwright-core';
import type { Position } from 'geojson';
import { openPage, type WatchedPage } from './browser.ts';

export interface PlannerOptions {
  viewport?: { width: number; height: number };
  /** `?e2e` installs the page's test hooks (window.gezhiEditorProject, gezhiEditorView). */
  hooks?: boolean;
  /** Also wait for the first full coverage check. */
  coverage?: boolean;
  /**
   * Open the operations map first and click the mode switch, as a planner does on a new seat. By
   * default the page opens straight into the planner (`?mode=planner`), as a planning seat's
   * bookmark does, and the operations map is never loaded.
   */
  viaSwitch?: boolean;
}

/** Opens the app at `url` in the planner and waits for its map; the page joins `pages`. */
export async function openPlannerPage(
  browser: Browser,
  url: string,
  pages: WatchedPage[],
  {
    viewport = { width: 1920, height: 1080 },
    hooks = true,
    coverage = false,
    viaSwitch = false,
  }: PlannerOptions = {},
): Promise<WatchedPage> {
  const w = await openPage(browser, viewport);
  pages.push(w);
  const u = new URL(url);
  if (hooks) u.searchParams.set('e2e', '1');
  if (!viaSwitch) u.searchParams.set('mode', 'planner');
  await w.page.goto(u.href);
  if (viaSwitch) {
    await w.page.waitForSelector('body[data-map-state="idle"]', { timeout: 90_000 });
    await w.page.getByTestId('mode-planner').click();
  }
  await w.page.waitForSelector('body[data-editor="ready"]', { timeout: 60_000 });
  if (coverage) await w.page.waitForSelector('body[data-coverage-check^="full:"]', { timeout: 60_000 });
  await w.page.waitForSelector('body[data-map-state="idle"]', { timeout: 90_000 });
  return w;
}

export const revision = async (page: Page): Promise<number> =>
  Number(await page.evaluate(() => document.body.dataset.editorRevision ?? '0'));

/**
 * Until the draft's revision passes `n`. An edit the editor refuses shows its reason in the problem
 * bar; the wait fails at once with that reason instead of running into its timeout.
 */
export async function waitRevisionAfter(page: Page, n: number): Promise<void> {
  const outcome = await page.waitForFunction(
    (x) => {
      if (Number(document.body.dataset.editorRevision ?? '0') > x) return 'ok';
      const problem = document.querySelector('[data-testid="editor-problem"]');
      return problem ? `refused: ${problem.textContent ?? ''}` : false;
    },
    n,
    { timeout: 20_000 },
  );
  const v = await outcome.jsonValue();
  if (v !== 'ok') throw new Error(`the edit did not land (${String(v)})`);
}

export const project = (page: Page, at: Position): Promise<{ x: number; y: number }> =>
  page.evaluate((p) => window.gezhiEditorProject!([p[0]!, p[1]!]), at);

/** Keyboard shortcuts go to the map, not to a field of the form. */
export const blur = (page: Page): Promise<void> =>
  page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

export const editorView = (page: Page): Promise<{ zoom: number; settled: boolean }> =>
  page.evaluate(() => window.gezhiEditorView!());

/**
 * Until the editor map has stopped moving and drawn what is in view, seen twice in a row. A still
 * camera between two samples is not enough: under load a fly-to can skip frames for longer than the
 * sampling interval.
 */
export async function settle(page: Page): Promise<void> {
  for (let i = 0, calm = 0; i < 200 && calm < 2; i++) {
    await page.waitForTimeout(150);
    calm = (await editorView(page)).settled ? calm + 1 : 0;
  }
}

/**
 * Goes to a unit by its code through the goto field: selected, its topology (the arcs to snap to)
 * loaded, the map settled, and the focus back on the map.
 */
export async function gotoCode(page: Page, code: string): Promise<void> {
  await page.getByTestId('editor-goto').fill(code);
  await page.getByTestId('editor-goto').press('Enter');
  await page.waitForSelector(`[data-testid="editor-attr-code"]:text-is("${code}")`);
  await page.waitForFunction((c) => document.body.dataset.editorTopology?.startsWith(`${c}@`), code, {
    timeout: 20_000,
  });
  await settle(page);
  await blur(page);
}
