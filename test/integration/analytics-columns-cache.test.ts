/**
 * The case columns cached beside the data file: written after the first build, loaded at the next
 * start instead of re-reading every case, saved again at shutdown after live changes, and ignored
 * (rebuilt) when the cases changed without it: by another process, or after a crash before saving.
 * Each check compares the heatmap with what the data file says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, Point } from 'geojson';
import type { HeatmapPointsResult } from '../../shared/api/analytics-contract.ts';
import type { CaseDetail } from '../../shared/api/cases-contract.ts';
import { decodeState, unpackRecords } from '../../shared/metrics/index.ts';
import { createBackend, type Backend } from '../../electron/backend/backend.ts';
import { createAnalyticsModule } from '../../electron/backend/analytics/analytics-module.ts';
import { columnsCachePath } from '../../electron/backend/analytics/columns-cache.ts';
import { openStore } from '../../electron/backend/store/open-store.ts';
import { tempDir } from '../helpers/serve-process.ts';
import { demoBackendOptions } from '../helpers/demo-backend.ts';

const T0 = Date.parse('2025-06-16T09:00:00+08:00');
const dataFile = join(tempDir('gezhi-columns-cache-'), 'gezhi.gpkg');
const cacheFile = columnsCachePath(dataFile);
let clock = T0;

const open = (): Promise<Backend> =>
  createBackend(
    demoBackendOptions(dataFile, {
      now: () => clock,
    }),
  );

async function call<T>(b: Backend, method: string, params: unknown = {}): Promise<T> {
  const r = await b.invoke(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** seq → status of every point in the last 24 h, as the heatmap sees them. */
async function picture(b: Backend): Promise<Map<number, string>> {
  const r = await call<HeatmapPointsResult>(b, 'heatmap.points', { window: { preset: '24h' }, zoom: 12 });
  assert.equal(r.mode, 'points');
  if (r.mode !== 'points') return new Map();
  const p = unpackRecords(r.points);
  const out = new Map<number, string>();
  const n = r.points.stride;
  for (let i = 0; i < r.points.count; i++) out.set(p[i * n + 5]!, decodeState(p[i * n + 3]!).status);
  return out;
}

/** Where the columns come from when the analytics module opens the file as it is now. */
async function sourceOnOpen(): Promise<'build' | 'cache' | null> {
  const store = await openStore({ path: dataFile });
  const a = createAnalyticsModule({ store, now: () => clock, cacheFile });
  await a.warm();
  const s = a.columnsSource();
  await store.close();
  return s;
}

let cells: Feature<Point, { code: string }>[];
const ids: string[] = [];

test('the first build writes the cache; the next start loads it and answers the same', async () => {
  const b = await open();
  cells = (await call<{ features: typeof cells }>(b, 'grid.labels', { level: 'cell' })).features;
  for (let i = 0; i < 5; i++) {
    clock = T0 - (i + 1) * 3_600_000;
    const [lon, lat] = cells[i]!.geometry.coordinates as [number, number];
    ids.push(
      (await call<CaseDetail>(b, 'cases.create', { itemCode: 'E0101', lon, lat, description: '缓存' })).id,
    );
  }
  clock = T0;
  assert.ok(!existsSync(cacheFile), 'nothing cached before the heatmap is used');
  const first = await picture(b);
  assert.equal(first.size, 5);
  assert.ok(existsSync(cacheFile), 'cached after the first build');
  await b.close();
  assert.equal(await sourceOnOpen(), 'cache');
  const again = await open();
  assert.deepEqual(await picture(again), first);
  await again.close();
});

test('live changes are saved at shutdown; the next start loads them from the cache', async () => {
  const b = await open();
  await picture(b);
  await call(b, 'cases.act', { id: ids[0], action: { type: 'register' } });
  const changed = await picture(b);
  assert.equal(changed.get(Number(ids[0]!.split('-')[1])), 'registered');
  await b.close();
  assert.equal(await sourceOnOpen(), 'cache');
  const again = await open();
  assert.deepEqual(await picture(again), changed);
  await again.close();
});

test('cases changed while the heatmap was not loaded: the stale cache is ignored and rebuilt', async () => {
  const before = statSync(cacheFile).mtimeMs;
  const b = await open();
  // No heatmap request in this session: the columns are never loaded, so nothing is saved.
  await call(b, 'cases.act', { id: ids[1], action: { type: 'register' } });
  await call(b, 'cases.act', { id: ids[1], action: { type: 'void', reason: '重复上报' } });
  await b.close();
  assert.equal(statSync(cacheFile).mtimeMs, before, 'the cache file was not touched');
  assert.equal(await sourceOnOpen(), 'build', 'a stale stamp means a rebuild');
  const again = await open();
  const p = await picture(again);
  assert.equal(p.get(Number(ids[1]!.split('-')[1])), 'voided', 'the rebuilt columns have the change');
  await again.close();
});

test('a damaged cache file is ignored, never trusted', async () => {
  writeFileSync(cacheFile, 'GZCC not really');
  assert.equal(await sourceOnOpen(), 'build');
  const b = await open();
  assert.equal((await picture(b)).size, 5);
  await b.close();
});

test('a read ahead (ifReady) is answered from columns at hand only: it never starts a build', async () => {
  const ahead = { window: { preset: '24h' }, zoom: 12, ifReady: true };
  rmSync(cacheFile, { force: true });
  const b = await open();
  const none = await call<HeatmapPointsResult>(b, 'heatmap.points', ahead);
  assert.equal(none.mode, 'unready', 'no columns and no cache: nothing to answer from');
  assert.ok(!existsSync(cacheFile), 'no build ran (a build writes the cache)');
  const wrong = await b.invoke('heatmap.points', { ...ahead, ifReady: 'yes' });
  assert.equal(!wrong.ok && wrong.error.code, 'bad_request');
  // Once a read built them, a read ahead is answered like any other.
  const built = await picture(b);
  const again = await call<HeatmapPointsResult>(b, 'heatmap.points', ahead);
  assert.equal(again.mode === 'points' && again.points.count, built.size);
  await b.close();
  // The next start: the cache file holds them, so a read ahead loads it.
  const next = await open();
  const cached = await call<HeatmapPointsResult>(next, 'heatmap.points', ahead);
  assert.equal(cached.mode === 'points' && cached.points.count, built.size);
  await next.close();
});
