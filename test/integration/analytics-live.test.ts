/**
 * heatmap.points, the live map's read, through the backend API on a real data file: points carry
 * their report time, level, case number, codes (so the map can filter on them) and the time a
 * running clock makes them overdue; a cursor returns only what was created or changed after it (and
 * what left the filters); a cursor from before a rebuild returns everything again; over the
 * threshold, overflow 'report' answers with the counts alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Feature, Point } from 'geojson';
import { LIVE_POINT_FIELDS, type HeatmapPointsData } from '../../shared/api/analytics-contract.ts';
import type { CaseDetail } from '../../shared/api/cases-contract.ts';
import { decodeState, unpackRecords } from '../../shared/metrics/index.ts';
import { createBackend, type Backend } from '../../electron/backend/backend.ts';
import { tempDir } from '../helpers/serve-process.ts';
import { demoBackendOptions } from '../helpers/demo-backend.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-06-16T09:00:00+08:00');
let clock = T0;
let backend: Backend;
let cells: Feature<Point, { code: string }>[];

async function call<T>(method: string, params: unknown = {}): Promise<T> {
  const r = await backend.invoke(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}
async function report(cell: number, when: number, itemCode = 'E0101'): Promise<CaseDetail> {
  clock = when;
  const [lon, lat] = cells[cell]!.geometry.coordinates as [number, number];
  const c = await call<CaseDetail>('cases.create', { itemCode, lon, lat, description: '测试' });
  clock = T0;
  return c;
}
const seqOf = (id: string): number => Number(id.split('-')[1]);
/** Numbers per record, and where each field sits in it. */
const S = LIVE_POINT_FIELDS.length;
const F = Object.fromEntries(LIVE_POINT_FIELDS.map((f, i) => [f, i])) as Record<
  (typeof LIVE_POINT_FIELDS)[number],
  number
>;
const points = (r: HeatmapPointsData): Float32Array => {
  assert.equal(r.mode, 'points');
  return r.mode === 'points' ? unpackRecords(r.points) : new Float32Array();
};

test('points carry time, level and case number; a cursor brings only what changed', async () => {
  backend = await createBackend(
    demoBackendOptions(join(tempDir('gezhi-analytics-live-'), 'gezhi.gpkg'), {
      now: () => clock,
    }),
  );
  cells = (await call<{ features: typeof cells }>('grid.labels', { level: 'cell' })).features;
  const a = await report(0, T0 - 3 * HOUR);
  const b = await report(1, T0 - HOUR, 'C0101');
  const first = await call<HeatmapPointsData>('heatmap.points', { window: { preset: '24h' }, zoom: 12 });
  assert.equal(first.mode === 'points' && first.delta, false);
  const p = points(first);
  assert.equal(p.length, 2 * S, 'two records');
  assert.equal(first.mode === 'points' && first.base, T0 - 24 * HOUR);
  const bySeq = new Map([0, S].map((i) => [p[i + F.seq]!, i]));
  const ia = bySeq.get(seqOf(a.id))!;
  const ib = bySeq.get(seqOf(b.id))!;
  assert.equal(p[ia + F.seconds], 21 * 3600, 'seconds after the window start');
  assert.equal(p[ib + F.seconds], 23 * 3600);
  assert.equal(p[ib + F.level], 1, 'C0101 is level A');
  assert.deepEqual(decodeState(p[ia + F.state]!), { status: 'reported', overdue: false });
  // Codes travel as indexes into the answer's lists, so the map can filter on them.
  assert.ok(first.mode === 'points');
  const codes = first.mode === 'points' ? first.codes : null;
  assert.equal(codes!.items[p[ia + F.item]!], 'E0101');
  assert.equal(codes!.items[p[ib + F.item]!], 'C0101');
  assert.equal(codes!.categories[p[ib + F.category]!], 'C01');
  assert.equal(codes!.channels[p[ia + F.channel]!], a.channel);
  assert.equal(codes!.towns[p[ia + F.town]!], a.town?.code);
  assert.equal(p[ia + F.due], -1, 'a reported case has no clock to run out');

  // Nothing happened: an empty delta.
  const none = await call<HeatmapPointsData>('heatmap.points', {
    window: { preset: '24h' },
    zoom: 12,
    since: first.cursor,
  });
  assert.equal(none.mode === 'points' && none.delta, true);
  assert.equal(points(none).length, 0);
  assert.equal(none.total, 2, 'the totals still count the whole window');

  // A new case and a changed one come back, nothing else.
  const c = await report(2, T0 - 60_000);
  clock = T0;
  await call('cases.act', { id: a.id, action: { type: 'register' } });
  const delta = await call<HeatmapPointsData>('heatmap.points', {
    window: { preset: '24h' },
    zoom: 12,
    since: none.cursor,
  });
  const d = points(delta);
  assert.equal(d.length, 2 * S);
  const seqs = [d[F.seq], d[S + F.seq]].sort();
  assert.deepEqual(seqs, [seqOf(a.id), seqOf(c.id)].sort());
  const ra = d[F.seq] === seqOf(a.id) ? 0 : S;
  assert.deepEqual(decodeState(d[ra + F.state]!), { status: 'registered', overdue: false });

  // Dispatched: the clock runs, and the point says when it runs out (seconds after the base).
  const sent = await call<CaseDetail>('cases.act', { id: a.id, action: { type: 'dispatch' } });
  const running = await call<HeatmapPointsData>('heatmap.points', {
    window: { preset: '24h' },
    zoom: 12,
    since: delta.cursor,
  });
  const r = points(running);
  assert.equal(r[F.seq], seqOf(a.id));
  assert.ok(sent.clock && !sent.clock.overdue);
  const base = running.mode === 'points' ? running.base : 0;
  assert.ok(Math.abs(base + r[F.due]! * 1000 - sent.clock!.dueAt) < 1000, 'due time after the base');
  // Past it, the same case reads overdue, and has nothing left to run out.
  clock = sent.clock!.dueAt + 60_000;
  const late = points(
    await call<HeatmapPointsData>('heatmap.points', { window: { preset: '30d' }, zoom: 12 }),
  );
  const il = [...Array(late.length / S).keys()]
    .map((i) => i * S)
    .find((i) => late[i + F.seq] === seqOf(a.id))!;
  assert.deepEqual(decodeState(late[il + F.state]!), { status: 'dispatched', overdue: true });
  assert.equal(late[il + F.due], -1);
  clock = T0;

  // Under a status filter, a case that changed out of it is listed as removed.
  const reported = await call<HeatmapPointsData>('heatmap.points', {
    window: { preset: '24h' },
    zoom: 12,
    filters: { statuses: ['reported'] },
  });
  assert.equal(points(reported).length, 2 * S, 'b and c are still reported');
  await call('cases.act', { id: b.id, action: { type: 'register' } });
  const after = await call<HeatmapPointsData>('heatmap.points', {
    window: { preset: '24h' },
    zoom: 12,
    filters: { statuses: ['reported'] },
    since: reported.cursor,
  });
  assert.equal(points(after).length, 0);
  assert.deepEqual(after.mode === 'points' && after.removed, [seqOf(b.id)]);
});

test('a cursor from before a rebuild (drill purge) gets the whole window again', async () => {
  const [lon, lat] = cells[5]!.geometry.coordinates as [number, number];
  await call('cases.create', {
    itemCode: 'E0101',
    lon,
    lat,
    description: '演练',
    simulated: true,
    channel: 'simulator',
  });
  const now = await call<HeatmapPointsData>('heatmap.points', { window: { preset: '24h' }, zoom: 12 });
  assert.equal(points(now).length, 4 * S);
  const purged = await call<{ purged: number }>('drill.purge', { confirm: true });
  assert.equal(purged.purged, 1);
  const again = await call<HeatmapPointsData>('heatmap.points', {
    window: { preset: '24h' },
    zoom: 12,
    since: now.cursor,
  });
  assert.equal(again.mode === 'points' && again.delta, false);
  assert.equal(points(again).length, 3 * S);
  // Over the threshold, 'report' answers with the counts and no bins.
  const over = await call<HeatmapPointsData>('heatmap.points', {
    window: { preset: '24h' },
    zoom: 12,
    maxPoints: 1,
    overflow: 'report',
  });
  assert.equal(over.mode, 'over');
  assert.equal(over.total, 3);
  const bad = await backend.invoke('heatmap.points', { window: { preset: '24h' }, zoom: 12, since: 'x' });
  assert.ok(!bad.ok && bad.error.code === 'bad_request');
  await backend.close();
});
