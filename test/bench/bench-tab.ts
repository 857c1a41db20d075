/**
 * A browser tab for timing the app's start, as a user's browser would be: already open when the
 * clock starts, and not routing its requests through Playwright (every request would take a detour
 * through the test process; the offline check is the e2e tests' job, see helpers/browser.ts).
 * The end of a start is read from the page's own performance marks on the wall clock, not from
 * when Playwright next polled: right after its first picture the page takes the city's cells or
 * the case markers, and a poll queued behind that work would add its time to the figure.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface BenchTab {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
}

export async function openBenchTab(browser: Browser): Promise<BenchTab> {
  const context = await browser.newContext({
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  // The new tab's renderer process finishes starting before the clock does.
  await new Promise((r) => setTimeout(r, 500));
  return { context, page, consoleErrors };
}

/** Epoch ms at which the last of `marks` was recorded in the page (NaN if one is missing). */
export function markedAt(page: Page, marks: readonly string[]): Promise<number> {
  return page.evaluate(
    (names) =>
      performance.timeOrigin +
      Math.max(...names.map((n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN)),
    [...marks],
  );
}
