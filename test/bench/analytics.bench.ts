/**
 * Heatmap and choropleth at scale: 1M cases over one year on the Guangzhou-scale grid (30,000
 * cells), written straight into a data file (test/helpers/analytics-cases.ts), then read through
 * the backend API as the renderer would. Figures are the backend part only (validation, window
 * scan, encoding, JSON serialisation as the serve host sends it), named heatmap_backend_*; to the
 * new picture in Chromium is heatmap_window_*_ms in heatmap-ui.bench.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend } from '../../electron/backend/backend.ts';
import { loadSqlJs } from '../../electron/backend/store/sql-exec.ts';
import { generateGuangzhou } from '../../shared/demo/index.ts';
import { writeCasesFile } from '../helpers/analytics-cases.ts';
import { REPO_ROOT, tempDir } from '../helpers/serve-process.ts';
import type { Benchmark, Figure } from './bench-types.ts';

const CASES = Number(process.env.GEZHI_BENCH_CASES ?? 1_000_000);
const NOW = Date.parse('2026-06-30T12:00:00+08:00');
const YEAR = 365 * 86_400_000;
/** Guangzhou's extent, a city-wide view. */
const BBOX = [112.9, 22.5, 114.1, 23.95];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed(runs: number, fn: () => Promise<unknown>): Promise<{ ms: number; last: unknown }> {
  const times: number[] = [];
  let last: unknown;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = await fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), last };
}

async function sqlWindowMs(dataFile: string): Promise<{ scan: number; indexed: number }> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(dataFile));
  const q = (): number => {
    const t0 = performance.now();
    const stmt = db.prepare(
      'SELECT lon, lat, level, status, due_at, clock_json FROM cases WHERE reported_at > ? AND reported_at <= ?',
    );
    stmt.bind([NOW - 86_400_000, NOW]);
    let n = 0;
    while (stmt.step()) {
      stmt.get();
      n++;
    }
    stmt.free();
    if (!n) throw new Error('no cases in the SQL window');
    return performance.now() - t0;
  };
  const scan = median([q(), q(), q()]);
  db.run('CREATE INDEX bench_cases_time ON cases(reported_at)');
  const indexed = median([q(), q(), q()]);
  db.close();
  return { scan, indexed };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'heatmap',
    figures: [
      'heatmap_columns_build_ms',
      'heatmap_columns_cached_ms',
      'heatmap_backend_24h_ms',
      'heatmap_backend_30d_ms',
      'heatmap_backend_year_ms',
      'choropleth_30k_cells_ms',
      'choropleth_30k_cells_year_jenks_ms',
      'heatmap_sql_24h_scan_ms',
      'heatmap_sql_24h_indexed_ms',
    ],
    run: async (): Promise<Figure[]> => {
      const csv = readFileSync(join(REPO_ROOT, 'data', 'divisions-guangzhou.csv'), 'utf8');
      const dataFile = join(tempDir('gezhi-analytics-bench-'), 'gezhi.gpkg');
      let t0 = performance.now();
      const dataset = generateGuangzhou(csv, { seed: 1, cells: 30000 });
      await writeCasesFile({ path: dataFile, dataset, cases: CASES, from: NOW - YEAR, to: NOW });
      console.error(
        `analytics bench: wrote ${CASES} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      const backend = await createBackend({
        dataFile,
        host: 'serve',
        version: 'bench',
        dataDir: join(REPO_ROOT, 'data'),
        now: () => NOW,
      });
      const call = async (method: string, params: unknown): Promise<unknown> => {
        const r = await backend.invoke(method, params);
        if (!r.ok) throw new Error(`${method}: ${r.error.message} ${JSON.stringify(r.error.issues ?? [])}`);
        // The serve host sends JSON: serialising is part of getting the picture out.
        return JSON.stringify(r.value).length;
      };
      const view = (preset: string, zoom: number): unknown => ({ window: { preset }, zoom, bbox: BBOX });
      t0 = performance.now();
      await call('heatmap.get', view('1h', 10));
      const build = performance.now() - t0;
      const w24 = await timed(7, () => call('heatmap.get', view('24h', 12)));
      const w30 = await timed(5, () => call('heatmap.get', view('30d', 11)));
      const wYear = await timed(5, () =>
        call('heatmap.get', { window: { from: NOW - YEAR, to: NOW }, zoom: 10, bbox: BBOX }),
      );
      const chor = await timed(5, () =>
        call('choropleth.get', { window: { preset: '30d' }, level: 'cell', metric: 'perThousand' }),
      );
      const chorYear = await timed(3, () =>
        call('choropleth.get', {
          window: { from: NOW - YEAR, to: NOW },
          level: 'cell',
          metric: 'onTimeRate',
          method: 'jenks',
        }),
      );
      const peek = async (params: unknown): Promise<string> => {
        const r = await backend.invoke('heatmap.get', params);
        if (!r.ok) return 'error';
        const v = r.value as { mode: string; inView: number };
        return `${v.mode} (${v.inView} cases)`;
      };
      console.error(
        `analytics bench: 24h → ${await peek(view('24h', 12))}, ${w24.last as number} bytes; ` +
          `30d → ${await peek(view('30d', 11))}, ${w30.last as number} bytes; ` +
          `year → ${await peek({ window: { from: NOW - YEAR, to: NOW }, zoom: 10, bbox: BBOX })}, ` +
          `${wYear.last as number} bytes; choropleth ${chor.last as number} bytes`,
      );
      await backend.close();
      // The next start: the columns come from the cache file beside the data file (written after
      // the build above), not from SQL.
      const reopened = await createBackend({
        dataFile,
        host: 'serve',
        version: 'bench',
        dataDir: join(REPO_ROOT, 'data'),
        now: () => NOW,
      });
      t0 = performance.now();
      const r = await reopened.invoke('heatmap.get', view('1h', 10));
      const cached = performance.now() - t0;
      if (!r.ok) throw new Error(`heatmap.get after reopening: ${r.error.message}`);
      await reopened.close();
      const sql = await sqlWindowMs(dataFile);
      return [
        { name: 'heatmap_columns_build_ms', value: build, unit: 'ms' },
        { name: 'heatmap_columns_cached_ms', value: cached, unit: 'ms' },
        { name: 'heatmap_backend_24h_ms', value: w24.ms, unit: 'ms' },
        { name: 'heatmap_backend_30d_ms', value: w30.ms, unit: 'ms' },
        { name: 'heatmap_backend_year_ms', value: wYear.ms, unit: 'ms' },
        { name: 'choropleth_30k_cells_ms', value: chor.ms, unit: 'ms' },
        { name: 'choropleth_30k_cells_year_jenks_ms', value: chorYear.ms, unit: 'ms' },
        { name: 'heatmap_sql_24h_scan_ms', value: sql.scan, unit: 'ms' },
        { name: 'heatmap_sql_24h_indexed_ms', value: sql.indexed, unit: 'ms' },
      ];
    },
  },
];
