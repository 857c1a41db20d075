/**
 * The drill simulator on a real data file: a high-rate run for about two seconds creates simulated
 * cases located in the grid, with status pushes; stop works; purge removes every simulated case
 * from the queue and the file, keeps the real ones, keeps the append-only history and audit rows
 * (checked with the real sqlite3 CLI), and no purged id is handed out again after a restart.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Feature, Point } from 'geojson';
import type { CaseDetail, CaseList } from '../../shared/api/cases-contract.ts';
import type { PushEvent } from '../../shared/api/contract.ts';
import type { DrillStatus, PurgeResult } from '../../shared/api/intake-contract.ts';
import { createBackend, type Backend } from '../../electron/backend/backend.ts';
import { tempDir } from '../helpers/serve-process.ts';
import { demoBackendOptions } from '../helpers/demo-backend.ts';

const clock = Date.parse('2025-06-03T10:00:00+08:00');
const dataFile = join(tempDir('gezhi-drill-'), 'gezhi.gpkg');
let backend: Backend;
const events: PushEvent[] = [];
let realIds: string[] = [];

async function open(): Promise<Backend> {
  const b = await createBackend(
    demoBackendOptions(dataFile, {
      now: () => clock,
    }),
  );
  b.onEvent((e) => events.push(e));
  return b;
}
async function call<T>(method: string, params: unknown = {}): Promise<T> {
  const r = await backend.invoke(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}
const list = (params: object): Promise<CaseList> => call<CaseList>('cases.list', { limit: 1000, ...params });
const sqlite = (sql: string): string => execFileSync('sqlite3', [dataFile, sql], { encoding: 'utf8' }).trim();

after(() => backend?.close());

test('real cases first, so the purge has something to leave alone', async () => {
  backend = await open();
  const labels = await call<{ features: Feature<Point>[] }>('grid.labels', { level: 'cell' });
  for (const i of [5, 50]) {
    const [lon, lat] = labels.features[i]!.geometry.coordinates as [number, number];
    const c = await call<CaseDetail>('cases.create', {
      itemCode: 'E0101',
      lon,
      lat,
      description: '真实案件',
    });
    realIds.push(c.id);
  }
  const s = await call<DrillStatus>('drill.status');
  assert.equal(s.running, false);
  assert.equal(s.simulatedInStore, 0);
});

test('a drill at 3000 cases a minute for about 2 s creates simulated cases in the grid', async () => {
  const s = await call<DrillStatus>('drill.start', {
    ratePerMinute: 3000,
    durationMinutes: 5,
    mix: [
      { code: 'E01', weight: 3 },
      { code: 'C0101', weight: 1 },
    ],
    seed: 42,
  });
  assert.equal(s.running, true);
  assert.equal(s.hotspots.length, 3, 'default hotspots are picked in the grid');
  const refusedAgain = await backend.invoke('drill.start', {});
  assert.ok(!refusedAgain.ok && refusedAgain.error.code === 'conflict', 'one drill at a time');
  await sleep(2000);
  const stopped = await call<DrillStatus>('drill.stop');
  assert.equal(stopped.running, false);
  assert.ok(
    stopped.created >= 60 && stopped.created <= 110,
    `about 100 in 2 s at 50/s, got ${stopped.created}`,
  );
  assert.equal(stopped.simulatedInStore, stopped.created);
  assert.ok(
    events.some((e) => e.type === 'drill.status' && e.status.running),
    'running status was pushed',
  );
  assert.ok(
    events.some((e) => e.type === 'case.created'),
    'cases were pushed',
  );

  await sleep(400);
  assert.equal((await call<DrillStatus>('drill.status')).simulatedInStore, stopped.created, 'stop stops');

  const sim = await list({ simulated: true });
  assert.equal(sim.total, stopped.created);
  for (const c of sim.cases) {
    assert.equal(c.channel, 'simulator');
    assert.equal(c.simulated, true);
    assert.ok(c.itemCode === 'C0101' || c.itemCode?.startsWith('E01'), c.itemCode ?? '');
  }
  const located = sim.cases.filter((c) => c.cell && c.community && c.town).length;
  assert.ok(located >= sim.total * 0.95, `located ${located} of ${sim.total}`);
  const detail = await call<CaseDetail>('cases.get', { id: sim.cases[0]!.id });
  assert.match(detail.description, /^【演练】/);
  assert.equal((await list({ simulated: false })).total, 2);
});

test('a bad mix is refused before anything runs', async () => {
  const r = await backend.invoke('drill.start', { mix: [{ code: 'Q99', weight: 1 }] });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'bad_request');
  assert.equal((await call<DrillStatus>('drill.status')).running, false);
});

test('purge needs confirmation, removes every simulated case and keeps the real ones', async () => {
  const r = await backend.invoke('drill.purge', {});
  assert.ok(!r.ok && r.error.code === 'bad_request', 'purge without confirm is refused');
  const simulated = (await call<DrillStatus>('drill.status')).simulatedInStore;
  const purged = await call<PurgeResult>('drill.purge', { confirm: true });
  assert.equal(purged.purged, simulated);
  assert.ok(events.some((e) => e.type === 'drill.purged' && e.purged === simulated));
  const all = await list({});
  assert.deepEqual(all.cases.map((c) => c.id).sort(), [...realIds].sort());
  assert.equal((await call<DrillStatus>('drill.status')).simulatedInStore, 0);

  // The file on disk, read by the real sqlite3 CLI after a clean close: history and audit kept.
  await backend.close();
  assert.equal(sqlite('PRAGMA integrity_check'), 'ok');
  assert.equal(sqlite('SELECT count(*) FROM cases WHERE simulated = 1'), '0');
  // One 'report' history row per case ever created, purged or not.
  assert.equal(
    Number(sqlite('SELECT count(*) FROM case_history')),
    simulated + realIds.length,
    'history is kept',
  );
  const audit = JSON.parse(sqlite(`SELECT before_json FROM audit_log WHERE action = 'drill.purge'`)) as {
    count: number;
    ids: string[];
  };
  assert.equal(audit.count, simulated);
  assert.equal(sqlite(`SELECT count(*) FROM audit_log WHERE action IN ('drill.start', 'drill.stop')`), '2');
  assert.throws(() => sqlite('DELETE FROM audit_log'), /append-only/);

  // After a restart, new ids continue above the purged ones: no case inherits a purged history.
  backend = await open();
  const labels = await call<{ features: Feature<Point>[] }>('grid.labels', { level: 'cell' });
  const [lon, lat] = labels.features[7]!.geometry.coordinates as [number, number];
  const c = await call<CaseDetail>('cases.create', {
    itemCode: 'E0101',
    lon,
    lat,
    description: '之后的真实案件',
  });
  assert.ok(!audit.ids.includes(c.id), `${c.id} was a drill case's id`);
  assert.equal(c.history.length, 1);
  realIds = [...realIds, c.id];
});
