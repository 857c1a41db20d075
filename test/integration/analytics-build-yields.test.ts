/**
 * Building the heatmap's case columns from SQL yields between chunks (seconds at a million cases),
 * so the host keeps answering meanwhile (heatmap.preparing says how far it has got); a case changed
 * during the build is not lost, and a drill purge during it makes the next request build again.
 * Real store, real data file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Feature, Point } from 'geojson';
import type { HeatmapPointsResult } from '../../shared/api/analytics-contract.ts';
import type { CaseDetail } from '../../shared/api/cases-contract.ts';
import { validateRequest } from '../../shared/api/contract.ts';
import { decodeState, unpackRecords } from '../../shared/metrics/index.ts';
import { createBackend } from '../../electron/backend/backend.ts';
import {
  createAnalyticsModule,
  type AnalyticsModule,
} from '../../electron/backend/analytics/analytics-module.ts';
import { openStore } from '../../electron/backend/store/open-store.ts';
import { tempDir } from '../helpers/serve-process.ts';
import { demoBackendOptions } from '../helpers/demo-backend.ts';

const T0 = Date.parse('2025-06-16T09:00:00+08:00');

/** seq → status of every point in the last 24 h, as the heatmap sees them. */
async function picture(a: AnalyticsModule): Promise<Map<number, string>> {
  const v = validateRequest('heatmap.points', { window: { preset: '24h' }, zoom: 12 });
  assert.ok(v.ok);
  const r = (await a.handlers['heatmap.points'](
    v.params as Parameters<AnalyticsModule['handlers']['heatmap.points']>[0],
  )) as HeatmapPointsResult;
  assert.equal(r.mode, 'points');
  if (r.mode !== 'points') return new Map();
  const p = unpackRecords(r.points);
  const out = new Map<number, string>();
  for (let i = 0; i < r.points.count; i++)
    out.set(p[i * r.points.stride + 5]!, decodeState(p[i * r.points.stride + 3]!).status);
  return out;
}

test('the build yields between chunks, and a case changed or purged meanwhile is not lost', async () => {
  const dataFile = join(tempDir('gezhi-build-yields-'), 'gezhi.gpkg');
  const b = await createBackend(
    demoBackendOptions(dataFile, {
      now: () => T0,
    }),
  );
  const labels = await b.invoke('grid.labels', { level: 'cell' });
  assert.ok(labels.ok);
  const cells = (labels.value as { features: Feature<Point>[] }).features;
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) {
    const [lon, lat] = cells[i]!.geometry.coordinates as [number, number];
    const r = await b.invoke('cases.create', { itemCode: 'E0101', lon, lat, description: '分块' });
    assert.ok(r.ok);
    ids.push((r.value as CaseDetail).id);
  }
  await b.close();
  const seqOf = (id: string): number => Number(id.split('-')[1]);

  const store = await openStore({ path: dataFile });
  try {
    // Chunks of 5 rows: 12 cases take three chunks, so the build pauses twice.
    let pauses = 0;
    let during: (() => Promise<void>) | null = null;
    const a = createAnalyticsModule({
      store,
      now: () => T0,
      buildChunk: 5,
      buildPause: async () => {
        pauses++;
        const act = during;
        during = null;
        await act?.();
      },
    });
    // While the build is paused after its first chunk, the first case (already read) is voided.
    let midway: unknown = null;
    during = async () => {
      midway = await a.handlers['heatmap.preparing']({});
      await store.write([{ sql: "UPDATE cases SET status = 'voided' WHERE id = ?", params: [ids[0]!] }]);
      a.onEvent({ type: 'case.changed', id: ids[0]! } as Parameters<AnalyticsModule['onEvent']>[0]);
    };
    assert.deepEqual(await a.handlers['heatmap.preparing']({}), { building: false, read: 0, total: 0 });
    const shown = await picture(a);
    assert.equal(pauses, 2, 'the build yielded between its chunks');
    assert.deepEqual(midway, { building: true, read: 5, total: 12 }, 'how far the build had got, midway');
    assert.deepEqual(await a.handlers['heatmap.preparing']({}), { building: false, read: 0, total: 0 });
    assert.equal(a.columnsSource(), 'build');
    assert.equal(shown.size, 12);
    assert.equal(shown.get(seqOf(ids[0]!)), 'voided', 'the change made during the build is shown');
    assert.equal(shown.get(seqOf(ids[1]!)), 'reported');

    // A purge during a build voids it: the next request builds again and reads what is there.
    const b2 = createAnalyticsModule({ store, now: () => T0, buildChunk: 5, buildPause: () => hold });
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    const first = picture(b2);
    await new Promise((r) => setImmediate(r));
    // A case the build has already read (the first chunk).
    await store.write([{ sql: 'DELETE FROM cases WHERE id = ?', params: [ids[2]!] }]);
    b2.onEvent({ type: 'drill.purged' } as unknown as Parameters<AnalyticsModule['onEvent']>[0]);
    release();
    const after = await first;
    assert.equal(after.size, 11, 'the purged case is not shown');
    assert.ok(!after.has(seqOf(ids[2]!)));
  } finally {
    await store.close();
  }
});
