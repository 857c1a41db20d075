/**
 * Debian's Chromium through playwright-core, the way the e2e tests need it: real WebGL (SwiftShader),
 * every request that leaves the loopback address blocked and recorded, console errors recorded.
 */
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { REPO_ROOT } from './serve-process.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-output', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--enable-unsafe-swiftshader',
      '--use-angle=swiftshader',
      '--ignore-gpu-blocklist',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Requests to anything but 127.0.0.1 / localhost / data: / blob:. */
  offHost: string[];
  consoleErrors: string[];
}

export async function openPage(
  browser: Browser,
  viewport = { width: 1920, height: 1080 },
  deviceScaleFactor = 1,
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const offHost: string[] = [];
  const consoleErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local =
      ['data:', 'blob:'].includes(url.protocol) || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (local) return route.continue();
    offHost.push(url.href);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
  return { context, page, offHost, consoleErrors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * What the map shows, measured on a real screenshot of the map element (WebGL buffers are not
 * readable after compositing): the share of pixels that differ from the background colour, and how
 * many distinct colours (4 bits per channel) appear.
 */
export async function mapInk(page: Page): Promise<{ ink: number; colours: number; png: Buffer }> {
  const png = await page.locator('[data-testid="map"]').screenshot();
  const img = PNG.sync.read(png);
  const d = img.data;
  const bg = [d[0]!, d[1]!, d[2]!];
  let ink = 0;
  const colours = new Set<number>();
  for (let i = 0; i < d.length; i += 4) {
    const diff = Math.abs(d[i]! - bg[0]!) + Math.abs(d[i + 1]! - bg[1]!) + Math.abs(d[i + 2]! - bg[2]!);
    if (diff > 24) ink++;
    colours.add(((d[i]! >> 4) << 8) | ((d[i + 1]! >> 4) << 4) | (d[i + 2]! >> 4));
  }
  return { ink: ink / (img.width * img.height), colours: colours.size, png };
}

/** Fraction of pixels that differ between two same-size PNG screenshots. */
export function pngDifference(a: Buffer, b: Buffer): number {
  const x = PNG.sync.read(a);
  const y = PNG.sync.read(b);
  if (x.width !== y.width || x.height !== y.height) return 1;
  let diff = 0;
  for (let i = 0; i < x.data.length; i += 4) {
    const dd =
      Math.abs(x.data[i]! - y.data[i]!) +
      Math.abs(x.data[i + 1]! - y.data[i + 1]!) +
      Math.abs(x.data[i + 2]! - y.data[i + 2]!);
    if (dd > 24) diff++;
  }
  return diff / (x.width * x.height);
}

/**
 * The end of every e2e file: no watched page sent a request off the loopback address or logged a
 * console error; then the pages are closed.
 */
export async function assertCleanAndClose(pages: readonly WatchedPage[]): Promise<void> {
  for (const w of pages) {
    assert.deepEqual(w.offHost, [], 'no request may leave 127.0.0.1');
    assert.deepEqual(w.consoleErrors, [], 'no console error');
    await w.context.close();
  }
}

export interface DrawnText {
  text: string;
  /** The fonts Chromium drew it with, and how many glyphs each. */
  fonts: { family: string; glyphs: number }[];
}

/**
 * Every piece of Chinese text on the page that is laid out, with the fonts it was drawn in (from
 * DevTools' CSS domain). Pierces shadow trees, so an input's placeholder counts too, and reads what
 * each closed <select> shows.
 */
export async function chineseTextFonts(page: Page): Promise<DrawnText[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  type Node = typeof root;
  const drawn: DrawnText[] = [];
  const walk = async (n: Node, parent: Node | null): Promise<void> => {
    if (n.nodeType === 3 && parent && /[\u4e00-\u9fff]/.test(n.nodeValue)) {
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId: parent.nodeId });
      // Text that is not laid out (a closed <select>'s options) has no fonts and is not judged.
      if (fonts.length)
        drawn.push({
          text: n.nodeValue.trim(),
          fonts: fonts.map((f) => ({ family: f.familyName, glyphs: f.glyphCount })),
        });
    }
    for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])])
      await walk(c, n.nodeType === 1 ? n : parent);
  };
  await walk(root, null);
  // A closed <select> draws its choice itself, without a text node of its own: the fonts are the
  // select's, the text its selected option's (both lists in document order).
  const shown = await page.$$eval('select', (ss) => ss.map((s) => s.selectedOptions[0]?.textContent ?? ''));
  const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'select' });
  for (const [i, nodeId] of nodeIds.entries()) {
    const text = shown[i] ?? '';
    if (!/[\u4e00-\u9fff]/.test(text)) continue;
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    if (fonts.length)
      drawn.push({ text, fonts: fonts.map((f) => ({ family: f.familyName, glyphs: f.glyphCount })) });
  }
  await cdp.detach();
  return drawn;
}

/**
 * The texts whose Chinese characters were not all drawn in the bundled Noto Sans SC: on a PC without
 * a Chinese system font (and GeZhi may not count on one) those are boxes. Digits and Latin letters
 * may come from another face (a monospaced countdown).
 */
export const notInChineseFont = (drawn: readonly DrawnText[]): DrawnText[] =>
  drawn.filter((d) => {
    const hanzi = d.text.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
    const inNoto = d.fonts
      .filter((f) => /^Noto Sans (SC|CJK)/.test(f.family))
      .reduce((n, f) => n + f.glyphs, 0);
    return inNoto < hanzi;
  });
