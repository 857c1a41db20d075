/**
 * serve_cold_start_*: from starting the serve host on an existing data file to the first map idle
 * in Chromium (software WebGL), for the Nansha demo and a Guangzhou-scale grid (~30,000 cells).
 * The data files are made first (untimed): the figure is a later start, as a user would see it.
 *
 * The browser tab is open before the clock starts (a user's browser is already running), and the
 * end is the moment the page itself recorded the map's first idle (its `gezhi:map-idle` mark, on
 * the same wall clock), not when Playwright next polled for it: right after the first picture the
 * page takes the city's cells, and a poll waiting behind that would add its time to the figure.
 * The tab does not route its requests through Playwright (the offline check is the e2e tests' job):
 * every request taking a detour through the test process is not part of the app's start.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../helpers/browser.ts';
import { startServe, tempDir } from '../helpers/serve-process.ts';
import { notePeakRss, type Benchmark, type Figure } from './bench-types.ts';

function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function coldStart(demo: 'nansha' | 'guangzhou', runs: number): Promise<{ ms: number; rssMb: number }> {
  const dataFile = join(tempDir('gezhi-bench-'), 'gezhi.gpkg');
  const create = await startServe({ dataFile, demo, timeoutMs: 300_000 });
  await create.stop();
  const browser = await launchBrowser();
  const times: number[] = [];
  let rss = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({
        viewport: { width: 1920, height: 1080 },
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      const page = await context.newPage();
      // Let the new tab's renderer finish starting before the clock does.
      await new Promise((r) => setTimeout(r, 500));
      const t0 = Date.now();
      const serve = await startServe({ dataFile, demo });
      await page.goto(serve.url);
      await page.waitForSelector('body[data-map-state="idle"]', { timeout: 120_000 });
      const idleAt = await page.evaluate(
        () => performance.timeOrigin + (performance.getEntriesByName('gezhi:map-idle')[0]?.startTime ?? NaN),
      );
      times.push(idleAt - t0);
      rss = Math.max(rss, peakRssMb(serve.proc.pid!));
      await context.close();
      await serve.stop();
      // The last start's snapshot and the closed tab's processes finish before the next start.
      await new Promise((r) => setTimeout(r, 1500));
    }
  } finally {
    await browser.close();
  }
  times.sort((a, b) => a - b);
  notePeakRss(rss);
  return { ms: times[Math.floor(times.length / 2)]!, rssMb: rss };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'serve_cold_start_nansha',
    figures: ['serve_cold_start_nansha_ms', 'serve_peak_rss_nansha_mb'],
    run: async (): Promise<Figure[]> => {
      const r = await coldStart('nansha', 5);
      return [
        { name: 'serve_cold_start_nansha_ms', value: Math.round(r.ms), unit: 'ms' },
        { name: 'serve_peak_rss_nansha_mb', value: Math.round(r.rssMb), unit: 'MB' },
      ];
    },
  },
  {
    name: 'serve_cold_start_guangzhou',
    figures: ['serve_cold_start_guangzhou_ms', 'serve_peak_rss_guangzhou_mb'],
    run: async (): Promise<Figure[]> => {
      const r = await coldStart('guangzhou', 5);
      return [
        { name: 'serve_cold_start_guangzhou_ms', value: Math.round(r.ms), unit: 'ms' },
        { name: 'serve_peak_rss_guangzhou_mb', value: Math.round(r.rssMb), unit: 'MB' },
      ];
    },
  },
];
