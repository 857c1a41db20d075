/**
 * The heatmap as the operator sees it: the real serve host on the 1M-case data file
 * (test/bench/cases-fixture.ts: a year of cases, 50,000 open in the last ten days), Debian's
 * Chromium with software WebGL (SwiftShader) at 1920×1080. The backend-only figures are
 * heatmap_backend_* in analytics.bench.ts.
 *
 * Every figure is "to the new picture": from the action to the first frame the map drew with the
 * change in it, i.e. the frame after which every heat source's tiles were loaded with the new data
 * or filter (HeatLayer reports it on <body> with the window it shows, data-heat-drawn-from/-to, and
 * the newest case in it, data-heat-drawn-seq). The earlier version waited for the map's 'idle',
 * which also waits for work unrelated to the heatmap (the grid re-tiled under the choropleth's fill
 * layers, label placement) and for any other change in flight: a background load finishing could
 * end the wait for a window switch that had not been drawn yet.
 *
 *  - heatmap_window_24h_ms: the heatmap switched on (its default window, 24 h) a second after the
 *    first screen. Switched off, the page reads that window ahead once the map has drawn its first
 *    screen (HeatFeed.prepare: tiled under a density drawn at opacity 0), so this is a paint change.
 *  - heatmap_window_24h_at_idle_ms: the same, clicked the moment the first screen is up, while the
 *    read ahead is still on its way: the worst an operator can meet.
 *  - heatmap_window_switch_24h_ms: back to 24 h from 30 d: a filter over the points already loaded.
 *  - heatmap_window_30d_ms: 24 h → 30 d once the heatmap has settled. A live view loads the 30 d
 *    range in the background after its first picture (heatmap_prefetch_30d_ms, reported apart), so
 *    this switch is a filter too, as the issue asks; without that load it would be a fresh read.
 *  - heatmap_window_year_ms: a custom year: over the points threshold, so the backend's bins.
 *  - live_latency_ms: a case created over HTTP to the first frame drawn with it.
 *
 * Wall time on this shared 2-core machine mixes our work with everyone else's, so one more run is
 * traced (test/bench/chrome-trace.ts) and printed on stderr: per step the requests and bytes, setData
 * and diff calls sent to the map worker, busy time of the page's main thread, the map workers and
 * the GPU process, frames drawn, and the page's own heat:* marks (request → response → decoded →
 * worker done → picture). The figures are medians of the untraced runs.
 */
import { dirname } from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from '../helpers/browser.ts';
import { invoke, startServe } from '../helpers/serve-process.ts';
import { notePeakRss, type Benchmark, type Figure } from './bench-types.ts';
import { casesFile } from './cases-fixture.ts';
import { traced, traceText } from './chrome-trace.ts';

const CASES = Number(process.env.GEZHI_BENCH_CASES ?? 1_000_000);
const RUNS = Number(process.env.GEZHI_BENCH_HEAT_RUNS ?? 3);
const DAY = 86_400_000;
const HOUR = 3_600_000;

type Step = '24h' | 'atIdle' | 'prefetch30d' | '30d' | 'switch24h' | 'year' | 'live';
const STEPS: Step[] = ['24h', 'atIdle', 'prefetch30d', '30d', 'switch24h', 'year', 'live'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
}

interface Shown {
  drawn: number;
  from: number;
  to: number;
  seq: number;
  fullLoads: number;
  /** setData calls made before the last picture (data-heat-drawn-loads). */
  drawnLoads: number;
  diffs: number;
  mode: string;
  points: number;
}

const shown = (page: Page): Promise<Shown> =>
  page.evaluate(() => {
    const d = document.body.dataset;
    return {
      drawn: Number(d.heatDrawn ?? 0),
      from: Number(d.heatDrawnFrom ?? 0),
      to: Number(d.heatDrawnTo ?? 0),
      seq: Number(d.heatDrawnSeq ?? 0),
      fullLoads: Number(d.heatFullLoads ?? 0),
      drawnLoads: Number(d.heatDrawnLoads ?? 0),
      diffs: Number(d.heatDiffs ?? 0),
      mode: d.heatMode ?? '',
      points: Number(d.heatPoints ?? 0),
    };
  });

/** What a picture must show: a window of this length or these bounds, a case, a load count. */
interface Want {
  span?: number;
  from?: number;
  to?: number;
  seq?: number;
  loads?: number;
}

/** Waits for a picture drawn after `before` that shows what `want` asks. */
async function picture(page: Page, before: number, want: Want): Promise<void> {
  await page.waitForFunction(
    ([n, w]) => {
      const d = document.body.dataset;
      if (Number(d.heatDrawn ?? 0) <= n) return false;
      const from = Number(d.heatDrawnFrom);
      const to = Number(d.heatDrawnTo);
      return (
        (w.span === undefined || to - from === w.span) &&
        (w.from === undefined || from === w.from) &&
        (w.to === undefined || to === w.to) &&
        (w.seq === undefined || Number(d.heatDrawnSeq) >= w.seq) &&
        (w.loads === undefined || Number(d.heatDrawnLoads) > w.loads)
      );
    },
    [before, want] as const,
    { timeout: 300_000, polling: 'raf' },
  );
}

const span = (ms: number): Want => ({ span: ms });

/** The page's heat:* marks since `t0` (page time), as "name +ms" relative to the first. */
async function marksSince(page: Page, t0: number): Promise<string> {
  const marks = await page.evaluate(
    (since) =>
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('heat:') && m.startTime >= since)
        .map((m) => ({ name: m.name.slice(5), at: m.startTime })),
    t0,
  );
  if (!marks.length) return '';
  const first = marks[0]!.at;
  return marks.map((m) => `${m.name} +${Math.round(m.at - first)}`).join(', ');
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

interface RunContext {
  browser: Browser;
  origin: string;
  url: string;
  run: number;
  traceRun: boolean;
  times: Record<Step, number[]>;
  notes: string[];
}

/** Each page opens as new, the heatmap off: what the last one left is not remembered. */
async function forgetHeatmap(c: RunContext): Promise<void> {
  await invoke(c.origin, 'settings.set', { key: 'heatmap.view', value: null });
}

/** Switched on the moment the first screen is up: the read ahead has not landed yet. */
async function atIdle(c: RunContext): Promise<void> {
  await forgetHeatmap(c);
  const w = await openPage(c.browser);
  await w.page.goto(c.url);
  await w.page.waitForFunction(() => document.body.dataset.mapState === 'idle', null, {
    timeout: 300_000,
    polling: 'raf',
  });
  const t0 = performance.now();
  await w.page.getByTestId('heat-toggle').click();
  await picture(w.page, 0, span(24 * HOUR));
  c.times.atIdle.push(performance.now() - t0);
  await w.context.close();
}

async function oneRun(c: RunContext): Promise<void> {
  if (!c.traceRun) await atIdle(c);
  await forgetHeatmap(c);
  const w = await openPage(c.browser);
  const page = w.page;
  let bytes = 0;
  let requests = 0;
  page.on('response', (r) => {
    if (!r.url().endsWith('/api/invoke')) return;
    requests++;
    r.body().then(
      (b) => (bytes += b.length),
      () => undefined,
    );
  });
  await page.goto(c.url);
  await page.waitForSelector('body[data-map-state="idle"]', { timeout: 300_000 });
  await new Promise((r) => setTimeout(r, 1000));

  /** Times `act` to the picture `done` describes; on the traced run, prints where the time went. */
  const timed = async (step: Step, act: () => Promise<void>, done: () => Want): Promise<void> => {
    const before = await shown(page);
    const pageT0 = await page.evaluate(() => performance.now());
    bytes = 0;
    requests = 0;
    const body = async (): Promise<number> => {
      const t0 = performance.now();
      await act();
      await picture(page, before.drawn, done());
      return performance.now() - t0;
    };
    if (!c.traceRun) {
      c.times[step].push(await body());
      return;
    }
    const label = `heat-${step}-${c.notes.filter((n) => n.startsWith(`${step}:`)).length}`;
    const { value: ms, trace } = await traced(c.browser, page, label, body);
    const after = await shown(page);
    c.notes.push(
      `${step}: ${Math.round(ms)} ms (traced); ${requests} requests, ${(bytes / 1e6).toFixed(2)} MB; ` +
        `${after.fullLoads - before.fullLoads} setData, ${after.diffs - before.diffs} diffs; ${traceText(trace)}; ` +
        `${after.mode} ${after.points} shown; marks: ${await marksSince(page, pageT0)}`,
    );
  };

  await timed(
    '24h',
    () => page.getByTestId('heat-toggle').click(),
    () => span(24 * HOUR),
  );
  // The live view goes on to load the 30 d range behind the first picture: timed from that picture
  // to the one drawn with the wider range loaded (a setData more than the first picture had).
  const first = await shown(page);
  const prefetch = performance.now();
  await picture(page, first.drawn, { loads: first.drawnLoads });
  c.times.prefetch30d.push(performance.now() - prefetch);
  await page.waitForFunction(() => document.body.dataset.mapState === 'idle');
  await new Promise((r) => setTimeout(r, 500));
  await timed(
    '30d',
    () => page.getByTestId('heat-preset-30d').click(),
    () => span(30 * DAY),
  );
  await new Promise((r) => setTimeout(r, 500));
  await timed(
    'switch24h',
    () => page.getByTestId('heat-preset-24h').click(),
    () => span(24 * HOUR),
  );
  await new Promise((r) => setTimeout(r, 500));

  // A year: the custom range, typed as a person would (Shanghai wall-clock time).
  await page.getByTestId('heat-preset-custom').click();
  const to = Number(await page.getByTestId('heat-clock').getAttribute('data-time'));
  const local = (t: number): string => new Date(t + 8 * HOUR).toISOString().slice(0, 16);
  // The range ends where the custom window already ends (now, when custom was chosen).
  const toMin = Math.floor(to / 60_000) * 60_000;
  await new Promise((r) => setTimeout(r, 1500));
  await timed(
    'year',
    () => page.getByTestId('heat-custom-from').fill(local(toMin - 365 * DAY)),
    () => ({ from: toMin - 365 * DAY }),
  );
  if (c.run === 0) c.notes.push(`year: ${(await shown(page)).mode}`);

  // Live: back to 24 h (points), then cases created over HTTP, one at a time, each timed to the
  // first picture holding it.
  const back = await shown(page);
  await page.getByTestId('heat-preset-24h').click();
  await picture(page, back.drawn, span(24 * HOUR));
  await page.waitForFunction(() => document.body.dataset.mapState === 'idle');
  const labels = (await invoke(c.origin, 'grid.labels', { level: 'community' })).body as {
    value: { features: { geometry: { coordinates: [number, number] } }[] };
  };
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const [lon, lat] = labels.value.features[(c.run * 3 + i) * 7]!.geometry.coordinates;
    let seq = 0;
    await timed(
      'live',
      async () => {
        const r = await invoke(c.origin, 'cases.create', {
          itemCode: 'E0101',
          lon,
          lat,
          description: 'bench',
        });
        seq = Number((r.body as { value: { id: string } }).value.id.split('-')[1]);
      },
      () => ({ seq }),
    );
  }
  await w.context.close();
}

export const benchmarks: Benchmark[] = [
  {
    name: 'heatmap-ui',
    figures: [
      'heatmap_window_24h_ms',
      'heatmap_window_24h_at_idle_ms',
      'heatmap_window_switch_24h_ms',
      'heatmap_window_30d_ms',
      'heatmap_prefetch_30d_ms',
      'heatmap_window_year_ms',
      'live_latency_ms',
    ],
    run: async (): Promise<Figure[]> => {
      const file = await casesFile({ cases: CASES, open: Math.min(50_000, CASES) });
      if (file.builtMs)
        console.error(`heatmap-ui bench: built ${CASES} cases in ${Math.round(file.builtMs)} ms`);
      const serve = await startServe({ dataFile: file.path, timeoutMs: 300_000 });
      const browser = await launchBrowser();
      const times = Object.fromEntries(STEPS.map((s) => [s, [] as number[]])) as Record<Step, number[]>;
      const notes: string[] = [];
      try {
        // The backend's first read builds the case columns (timed in analytics.bench.ts).
        await invoke(serve.origin, 'heatmap.points', { window: { preset: '1h' }, zoom: 10 });
        for (let run = 0; run <= RUNS; run++)
          await oneRun({
            browser,
            origin: serve.origin,
            url: serve.url,
            run,
            traceRun: run === RUNS,
            times,
            notes,
          });
      } finally {
        notePeakRss(peakRssMb(serve.proc.pid!));
        await browser.close();
        await serve.stop();
        rmSync(dirname(file.path), { recursive: true, force: true });
      }
      for (const n of notes) console.error(`heatmap-ui bench: ${n}`);
      console.error(
        `heatmap-ui bench: untraced runs, ms: ${STEPS.map((s) => `${s} ${times[s].map(Math.round).join('/')}`).join('; ')}`,
      );
      return [
        { name: 'heatmap_window_24h_ms', value: median(times['24h']), unit: 'ms' },
        { name: 'heatmap_window_24h_at_idle_ms', value: median(times.atIdle), unit: 'ms' },
        { name: 'heatmap_window_switch_24h_ms', value: median(times.switch24h), unit: 'ms' },
        { name: 'heatmap_window_30d_ms', value: median(times['30d']), unit: 'ms' },
        { name: 'heatmap_prefetch_30d_ms', value: median(times.prefetch30d), unit: 'ms' },
        { name: 'heatmap_window_year_ms', value: median(times.year), unit: 'ms' },
        { name: 'live_latency_ms', value: median(times.live), unit: 'ms' },
      ];
    },
  },
];
