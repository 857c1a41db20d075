/**
 * serve_cold_start_*: from starting the serve host on an existing data file to the first map idle
 * in Chromium (software WebGL), for the Nansha demo and a Guangzhou-scale grid (~30,000 cells).
 * The data files are made first (untimed): the figure is a later start, as a user would see it.
 * The tab and the end of the start: see bench-tab.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../helpers/browser.ts';
import { markedAt, openBenchTab } from './bench-tab.ts';
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
      const tab = await openBenchTab(browser);
      const t0 = Date.now();
      const serve = await startServe({ dataFile, demo });
      await tab.page.goto(serve.url);
      await tab.page.waitForSelector('body[data-map-state="idle"]', { timeout: 120_000 });
      const idleAt = await markedAt(tab.page, ['gezhi:map-idle']);
      times.push(idleAt - t0);
      rss = Math.max(rss, peakRssMb(serve.proc.pid!));
      await tab.context.close();
      await serve.stop();
      // The last start's snapshot and the closed tab's processes finish before the next start.
      await new Promise((r) => setTimeout(r, 1500));
    }
  } finally {
    await browser.close();
  }
  console.error(`serve_cold_start_${demo}: runs, ms: ${times.map((t) => Math.round(t)).join('/')}`);
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
