/**
 * Heatmap and choropleth through the backend API on a real data file, cases created and moved
 * through the case service on an injected clock: window filtering, filters, the points/bins switch
 * (threshold lowered for the test), live updates, choropleth values against hand-computed ones, and
 * refusals of malformed requests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Feature, Point } from 'geojson';
import type { ChoroplethResult, HeatmapResult } from '../../shared/api/analytics-contract.ts';
import type { CaseDetail } from '../../shared/api/cases-contract.ts';
import type { ApiErrorBody } from '../../shared/api/contract.ts';
import { decodeState, unpackRecords } from '../../shared/metrics/index.ts';
import { createBackend, type Backend } from '../../electron/backend/backend.ts';
import { tempDir } from '../helpers/serve-process.ts';
import { demoBackendOptions } from '../helpers/demo-backend.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 2025-06-16 09:00 Asia/Shanghai. */
const T0 = Date.parse('2025-06-16T09:00:00+08:00');
let clock = T0 - 14 * DAY;

let backend: Backend;
let cells: Feature<Point, { code: string; name: string }>[];

async function call<T>(method: string, params: unknown = {}): Promise<T> {
  const r = await backend.invoke(method, params);
  if (!r.ok)
    throw new Error(`${method}: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.issues)}`);
  return r.value as T;
}
async function refused(method: string, params: unknown): Promise<ApiErrorBody> {
  const r = await backend.invoke(method, params);
  assert.ok(!r.ok, `${method} should be refused`);
  return r.error;
}

const at = (cell: number): { lon: number; lat: number } => {
  const [lon, lat] = cells[cell]!.geometry.coordinates as [number, number];
  return { lon, lat };
};
async function report(cell: number, when: number, extra: Record<string, unknown> = {}): Promise<CaseDetail> {
  clock = when;
  return call<CaseDetail>('cases.create', {
    itemCode: 'E0101',
    ...at(cell),
    description: '测试',
    ...extra,
  });
}
async function act(id: string, when: number, action: Record<string, unknown>): Promise<void> {
  clock = when;
  await call('cases.act', { id, action });
}

const ids = {} as Record<'closed' | 'overdue' | 'waiting' | 'r1' | 'r2' | 'r3' | 'r4', CaseDetail>;

test('cases in two periods, in several states', async () => {
  backend = await createBackend(
    demoBackendOptions(join(tempDir('gezhi-analytics-'), 'gezhi.gpkg'), {
      now: () => clock,
      analyticsMaxPoints: 5,
    }),
  );
  cells = (await call<{ features: typeof cells }>('grid.labels', { level: 'cell' })).features;
  // Ten days ago: one closed on time, one left handling (overdue by now), one never registered.
  const old = T0 - 10 * DAY;
  ids.closed = await report(0, old);
  ids.overdue = await report(0, old + HOUR, { itemCode: 'E0201' });
  ids.waiting = await report(1, old + 2 * HOUR);
  const closedId = ids.closed.id;
  await act(closedId, old + 3 * HOUR, { type: 'register' });
  await act(closedId, old + 3 * HOUR, { type: 'dispatch' });
  await act(closedId, old + 4 * HOUR, { type: 'startHandling' });
  await act(closedId, old + 5 * HOUR, { type: 'feedback', result: '已清理' });
  await act(closedId, old + 6 * HOUR, { type: 'startVerification' });
  await act(closedId, old + 7 * HOUR, { type: 'close' });
  await act(ids.overdue.id, old + 3 * HOUR, { type: 'register' });
  await act(ids.overdue.id, old + 3 * HOUR, { type: 'dispatch' });
  await act(ids.overdue.id, old + 4 * HOUR, { type: 'startHandling' });
  // The last three hours: four cases, one simulated, one by hotline, one registered.
  ids.r1 = await report(2, T0 - 3 * HOUR);
  ids.r2 = await report(2, T0 - 2 * HOUR, { simulated: true, channel: 'simulator' });
  ids.r3 = await report(3, T0 - HOUR, { channel: 'hotline12345', itemCode: 'C0101' });
  ids.r4 = await report(3, T0 - HOUR / 2);
  await act(ids.r4.id, T0 - HOUR / 4, { type: 'register' });
  clock = T0;
});

test('a window returns the cases reported in it, as packed points', async () => {
  const h = await call<HeatmapResult>('heatmap.get', { window: { preset: '24h' }, zoom: 14 });
  assert.equal(h.mode, 'points');
  assert.equal(h.total, 4);
  assert.deepEqual(h.window, { from: T0 - DAY, to: T0 });
  if (h.mode !== 'points') return;
  const p = unpackRecords(h.points);
  assert.equal(p.length, 16);
  const lons = [p[0], p[4], p[8], p[12]].map((x) => Number(x!.toFixed(4))).sort();
  const want = [2, 2, 3, 3].map((i) => Number(at(i).lon.toFixed(4))).sort();
  assert.deepEqual(lons, want);
  assert.deepEqual(decodeState(p[3]!), { status: 'reported', overdue: false });
  assert.deepEqual(p[2], 1, 'weight 1 without weighting by level');
  // A playback window ending earlier, and a custom range around the old cases.
  const early = await call<HeatmapResult>('heatmap.get', {
    window: { preset: '1h', end: T0 - 2 * HOUR },
    zoom: 14,
  });
  assert.equal(early.total, 1, 'half-open: the case at the window start is out, at its end in');
  const range = await call<HeatmapResult>('heatmap.get', {
    window: { from: T0 - 11 * DAY, to: T0 - 9 * DAY },
    zoom: 14,
  });
  assert.equal(range.total, 3);
});

test('filters: simulated, channel, level, status, category, item, town, bbox, weight by level', async () => {
  const w = { preset: '24h' };
  const total = async (filters: unknown, extra: Record<string, unknown> = {}): Promise<number> =>
    (await call<HeatmapResult>('heatmap.get', { window: w, zoom: 14, filters, ...extra })).inView;
  assert.equal(await total({ simulated: false }), 3);
  assert.equal(await total({ simulated: true }), 1);
  assert.equal(await total({ channels: ['hotline12345'] }), 1);
  assert.equal(await total({ levels: ['A'] }), 1, 'C0101 is level A');
  assert.equal(await total({ statuses: ['registered'] }), 1);
  assert.equal(await total({ categories: ['E01'] }), 3);
  assert.equal(await total({ items: ['C0101', 'E0101'] }), 4);
  assert.equal(await total({ towns: [ids.r1.town!.code] }), ids.r3.town!.code === ids.r1.town!.code ? 4 : 2);
  assert.equal(await total({ towns: ['440115999'] }), 0, 'a town with no cases matches nothing');
  const { lon, lat } = at(2);
  assert.equal(await total({}, { bbox: [lon - 1e-6, lat - 1e-6, lon + 1e-6, lat + 1e-6] }), 2);
  const weighted = await call<HeatmapResult>('heatmap.get', {
    window: w,
    zoom: 14,
    filters: { levels: ['A'] },
    weightByLevel: true,
  });
  assert.ok(weighted.mode === 'points');
  assert.equal(unpackRecords(weighted.points)[2], 3);
});

test('above the threshold the window comes back binned; bins count every case', async () => {
  const h = await call<HeatmapResult>('heatmap.get', { window: { preset: '30d' }, zoom: 8 });
  assert.equal(h.total, 7);
  assert.equal(h.mode, 'bins');
  if (h.mode !== 'bins') return;
  const r = unpackRecords(h.bins.records);
  let count = 0;
  for (let i = 0; i < r.length; i += 4) count += r[i + 2]!;
  assert.equal(count, 7);
  assert.ok(h.bins.stepLon > 0 && h.bins.stepLat > 0);
  // The client may lower the threshold; forced bins at a high zoom keep cells apart.
  const lowered = await call<HeatmapResult>('heatmap.get', {
    window: { preset: '24h' },
    zoom: 8,
    maxPoints: 2,
  });
  assert.equal(lowered.mode, 'bins');
  const fine = await call<HeatmapResult>('heatmap.bins', { window: { preset: '30d' }, zoom: 18 });
  assert.ok(fine.mode === 'bins');
  assert.equal(fine.bins.records.count, 4, 'four distinct places at street zoom');
});

test('a new case shows in the next read without a reload', async () => {
  const before = (await call<HeatmapResult>('heatmap.get', { window: { preset: '1h' }, zoom: 14 })).total;
  await report(4, T0 - 60_000);
  clock = T0;
  const after = (await call<HeatmapResult>('heatmap.get', { window: { preset: '1h' }, zoom: 14 })).total;
  assert.equal(after, before + 1);
  // A state change is seen too.
  const reg = await call<HeatmapResult>('heatmap.get', {
    window: { preset: '1h' },
    zoom: 14,
    filters: { statuses: ['registered'] },
  });
  assert.equal(reg.total, 1);
});

test('choropleth by cell equals hand-computed values, with breaks and a top list', async () => {
  const c = await call<ChoroplethResult>('choropleth.get', {
    window: { from: T0 - 11 * DAY, to: T0 - HOUR / 2 },
    level: 'cell',
    metric: 'count',
  });
  const idx = (cell: number): number => c.codes.indexOf(ids[cell === 0 ? 'closed' : 'r1']!.cell!.code);
  const cell0 = c.codes.indexOf(ids.closed.cell!.code);
  assert.ok(cell0 >= 0);
  // Cell 0: the closed-on-time case and the overdue one.
  assert.equal(c.count[cell0], 2);
  assert.equal(c.closureRate[cell0], 1 / 2);
  assert.equal(c.onTimeRate[cell0], 1 / 2, 'closed on time ÷ (closed + open overdue)');
  assert.equal(c.overdue[cell0], 1);
  assert.equal(c.perThousand[cell0], (2 * 1000) / c.population[cell0]!);
  // Cell 2: two reported cases, nothing registered: rates are null, not 0.
  const cell2 = idx(2);
  assert.equal(c.count[cell2], 2);
  assert.equal(c.closureRate[cell2], null);
  assert.equal(c.onTimeRate[cell2], null);
  // Totals: 7 cases (r4 at T0-30min is the window's end, in), registered: closed, overdue, r4.
  assert.equal(c.totals.total, 7);
  assert.equal(c.totals.registered, 3);
  assert.equal(c.totals.closureRate, 1 / 3);
  assert.equal(c.totals.onTimeRate, 1 / 2);
  assert.equal(c.totals.overdueCount, 1);
  assert.equal(c.codes.length, cells.length, 'every cell, with or without cases');
  assert.equal(c.top[0]!.value, 2);
  assert.ok(c.top.length <= 10);
  assert.ok(c.top.every((t) => t.value > 0));
  assert.equal(
    c.classes[c.codes.indexOf(c.top[0]!.code)],
    c.breaks.breaks.length,
    'the top unit is in the last class',
  );

  const towns = await call<ChoroplethResult>('choropleth.get', {
    window: { preset: '30d' },
    level: 'town',
    metric: 'onTimeRate',
    method: 'jenks',
    classes: 3,
  });
  const t = towns.codes.indexOf(ids.closed.town!.code);
  assert.ok(towns.count[t]! >= 2);
  assert.equal(towns.breaks.method, 'jenks');
  assert.equal(towns.top[0]!.code, ids.closed.town!.code, 'the only town with an on-time rate');
  assert.equal(
    towns.count.reduce((a, b) => a + b, 0),
    towns.totals.total,
  );
});

test('malformed requests are refused with a clear 400', async () => {
  const bad = async (method: string, params: unknown, text: RegExp): Promise<void> => {
    const e = await refused(method, params);
    assert.equal(e.code, 'bad_request');
    assert.match(JSON.stringify(e.issues), text);
  };
  await bad('heatmap.get', { window: { preset: '2h' }, zoom: 10 }, /preset/);
  await bad('heatmap.get', { window: { from: T0, to: T0 - HOUR }, zoom: 10 }, /from must be before/);
  await bad(
    'heatmap.get',
    { window: { preset: '24h', from: T0 - HOUR, to: T0 }, zoom: 10 },
    /either a preset/,
  );
  await bad('heatmap.get', { window: { from: T0 / 1000, to: T0 / 1000 + 60 }, zoom: 10 }, /milliseconds/);
  await bad('heatmap.get', { window: {}, zoom: 10 }, /give a preset/);
  await bad('heatmap.get', { window: { preset: '24h' }, zoom: 10, bbox: [114, 23, 113, 22] }, /bbox/);
  await bad('heatmap.get', { window: { preset: '24h' }, zoom: 10, filters: { levels: ['D'] } }, /levels/);
  await bad('choropleth.get', { window: { preset: '24h' }, level: 'street' }, /level/);
  await bad('choropleth.get', { window: { preset: '24h' }, level: 'cell', metric: 'speed' }, /metric/);
  await backend.close();
});
