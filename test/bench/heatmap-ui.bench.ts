/**
 * The heatmap as the operator sees it: the real serve host on the 1M-case data file
 * (test/bench/cases-fixture.ts: a year of cases, 50,000 open in the last ten days), Debian's
 * Chromium with software WebGL at 1920×1080. Figures are "to the new picture": from the click on a
 * window preset to the map having drawn it (the heatmap's data read, sent, decoded, handed to the
 * map worker, and the map idle again), and from a case created over HTTP to that case being in the
 * map's heatmap source. The backend-only figures are heatmap_backend_* in analytics.bench.ts.
 *
 * A window is timed on its first load (a smaller window inside a loaded one is only a filter): 24 h
 * is the heatmap switched on (its default window), then 30 d, then a custom year; each run starts
 * from a fresh page.
 */
import { dirname } from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchBrowser, openPage } from '../helpers/browser.ts';
import { invoke, startServe } from '../helpers/serve-process.ts';
import { notePeakRss, type Benchmark, type Figure } from './bench-types.ts';
import { casesFile } from './cases-fixture.ts';

const CASES = Number(process.env.GEZHI_BENCH_CASES ?? 1_000_000);
const RUNS = Number(process.env.GEZHI_BENCH_HEAT_RUNS ?? 3);
const DAY = 86_400_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
}

const drawn = (page: Page): Promise<number> =>
  page.evaluate(() => Number(document.body.dataset.heatDrawn ?? 0));

/** Runs `act` and waits for the heatmap's next drawn picture; the time between, in ms. */
async function toPicture(page: Page, act: () => Promise<void>): Promise<number> {
  const before = await drawn(page);
  const t0 = performance.now();
  await act();
  await page.waitForFunction((n) => Number(document.body.dataset.heatDrawn ?? 0) > n, before, {
    timeout: 300_000,
    polling: 'raf',
  });
  return performance.now() - t0;
}

function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'heatmap-ui',
    figures: ['heatmap_window_24h_ms', 'heatmap_window_30d_ms', 'heatmap_window_year_ms', 'live_latency_ms'],
    run: async (): Promise<Figure[]> => {
      const file = await casesFile({ cases: CASES, open: Math.min(50_000, CASES) });
      if (file.builtMs)
        console.error(`heatmap-ui bench: built ${CASES} cases in ${Math.round(file.builtMs)} ms`);
      const serve = await startServe({ dataFile: file.path, timeoutMs: 300_000 });
      const browser = await launchBrowser();
      const times: Record<'24h' | '30d' | 'year', number[]> = { '24h': [], '30d': [], year: [] };
      const live: number[] = [];
      const notes: string[] = [];
      try {
        for (let run = 0; run < RUNS; run++) {
          const w = await openPage(browser);
          const page = w.page;
          await page.goto(serve.url);
          await page.waitForSelector('body[data-map-state="idle"]', { timeout: 300_000 });
          // The backend's first read builds the case columns (timed in analytics.bench.ts), so it is
          // done before: 24 h is then the picture the heatmap switch shows (its default window).
          if (run === 0) await invoke(serve.origin, 'heatmap.points', { window: { preset: '1h' }, zoom: 10 });
          await new Promise((r) => setTimeout(r, 500));
          times['24h'].push(await toPicture(page, () => page.getByTestId('heat-toggle').click()));
          const n24 = await page.evaluate(
            () => `${document.body.dataset.heatMode} ${document.body.dataset.heatPoints}`,
          );
          times['30d'].push(await toPicture(page, () => page.getByTestId('heat-preset-30d').click()));
          const n30 = await page.evaluate(
            () => `${document.body.dataset.heatMode} ${document.body.dataset.heatPoints}`,
          );
          // A year: the custom range, typed as a person would (Shanghai wall-clock time).
          await page.getByTestId('heat-preset-custom').click();
          await page.waitForFunction(() => document.body.dataset.mapState === 'idle');
          const to = Number(await page.getByTestId('heat-clock').getAttribute('data-time'));
          const local = (t: number): string => new Date(t + 8 * 3_600_000).toISOString().slice(0, 16);
          await page.getByTestId('heat-custom-to').fill(local(to));
          await new Promise((r) => setTimeout(r, 300));
          times.year.push(
            await toPicture(page, () => page.getByTestId('heat-custom-from').fill(local(to - 365 * DAY))),
          );
          const nYear = await page.evaluate(() => `${document.body.dataset.heatMode}`);
          if (run === 0) notes.push(`24h: ${n24} points; 30d: ${n30} points; year: ${nYear}`);

          // Live: back to 24 h (points), then cases created over HTTP, one at a time.
          await page.getByTestId('heat-preset-24h').click();
          await page.waitForFunction(() => document.body.dataset.heatMode === 'points', null, {
            timeout: 300_000,
          });
          const labels = (await invoke(serve.origin, 'grid.labels', { level: 'community' })).body as {
            value: { features: { geometry: { coordinates: [number, number] } }[] };
          };
          for (let i = 0; i < 3; i++) {
            await page.waitForFunction(() => document.body.dataset.mapState === 'idle');
            await new Promise((r) => setTimeout(r, 300));
            const [lon, lat] = labels.value.features[(run * 3 + i) * 7]!.geometry.coordinates;
            const t0 = performance.now();
            const r = await invoke(serve.origin, 'cases.create', {
              itemCode: 'E0101',
              lon,
              lat,
              description: 'bench',
            });
            const id = (r.body as { value: { id: string } }).value.id;
            const seq = Number(id.split('-')[1]);
            await page.waitForFunction((s) => Number(document.body.dataset.heatMaxSeq ?? 0) >= s, seq, {
              timeout: 60_000,
              polling: 'raf',
            });
            live.push(performance.now() - t0);
          }
          await w.context.close();
        }
      } finally {
        notePeakRss(peakRssMb(serve.proc.pid!));
        await browser.close();
        await serve.stop();
        rmSync(dirname(file.path), { recursive: true, force: true });
      }
      console.error(`heatmap-ui bench: ${notes.join('; ')}`);
      console.error(
        `heatmap-ui bench: runs 24h ${times['24h'].map(Math.round).join('/')} ms, 30d ${times['30d']
          .map(Math.round)
          .join(
            '/',
          )} ms, year ${times.year.map(Math.round).join('/')} ms, live ${live.map(Math.round).join('/')} ms`,
      );
      return [
        { name: 'heatmap_window_24h_ms', value: median(times['24h']), unit: 'ms' },
        { name: 'heatmap_window_30d_ms', value: median(times['30d']), unit: 'ms' },
        { name: 'heatmap_window_year_ms', value: median(times.year), unit: 'ms' },
        { name: 'live_latency_ms', value: median(live), unit: 'ms' },
      ];
    },
  },
];
