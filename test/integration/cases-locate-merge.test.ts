/**
 * The operator's corrections on a real data file: a case outside the district waits in the "to
 * locate" list until it is placed by a point or a cell; a flagged duplicate is merged into its
 * original (closed, referencing it, both timelines saying so) or its flag is dismissed. Every step
 * is in the audit log, read back with the real sqlite3 CLI after the backend closed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Feature, Point } from 'geojson';
import type { CaseDetail, CaseList } from '../../shared/api/cases-contract.ts';
import type { ApiErrorBody } from '../../shared/api/contract.ts';
import { createBackend, type Backend } from '../../electron/backend/backend.ts';
import { tempDir } from '../helpers/serve-process.ts';
import { demoBackendOptions } from '../helpers/demo-backend.ts';

const MINUTE = 60_000;
let clock = Date.parse('2025-06-02T09:00:00+08:00');

const dataFile = join(tempDir('gezhi-locate-'), 'gezhi.gpkg');
let backend: Backend;
let labels: Feature<Point, { code: string; name: string }>[];
const operator = { id: 'op-7', name: '坐席王五', role: 'operator' };

async function call<T>(method: string, params: unknown = {}): Promise<T> {
  const r = await backend.invoke(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function refused(method: string, params: unknown): Promise<ApiErrorBody> {
  const r = await backend.invoke(method, params);
  assert.ok(!r.ok, `${method} should be refused`);
  return r.error;
}

const sqlite = (sql: string): string => execFileSync('sqlite3', [dataFile, sql], { encoding: 'utf8' }).trim();
const point = (i: number): [number, number] => labels[i]!.geometry.coordinates as [number, number];

test('open a data file with the demo grid', async () => {
  backend = await createBackend(
    demoBackendOptions(dataFile, {
      now: () => clock,
    }),
  );
  labels = (
    await call<{ features: Feature<Point, { code: string; name: string }>[] }>('grid.labels', {
      level: 'cell',
    })
  ).features;
});

test('a case outside the district is listed to locate, then placed by a point on the map', async () => {
  const lost = await call<CaseDetail>('cases.create', {
    itemCode: 'E0101',
    lon: 116.39,
    lat: 39.9,
    description: '坐标录错的热线工单',
    channel: 'hotline12345',
  });
  assert.equal(lost.outsideDistrict, true);
  const toLocate = await call<CaseList>('cases.list', { flag: 'toLocate' });
  assert.deepEqual(
    toLocate.cases.map((c) => c.id),
    [lost.id],
  );

  // Still outside: refused, nothing changes.
  const outside = await refused('cases.locate', { id: lost.id, lon: 116.4, lat: 39.91, actor: operator });
  assert.equal(outside.code, 'bad_request');
  assert.match(outside.message, /outside every published cell/);
  assert.equal((await call<CaseDetail>('cases.get', { id: lost.id })).outsideDistrict, true);
  const half = await refused('cases.locate', { id: lost.id, lon: 113.5 });
  assert.equal(half.code, 'bad_request');

  clock += MINUTE;
  const [lon, lat] = point(120);
  const placed = await call<CaseDetail>('cases.locate', { id: lost.id, lon, lat, actor: operator });
  assert.equal(placed.outsideDistrict, false);
  assert.equal(placed.cell?.code, labels[120]!.properties.code);
  assert.ok(placed.community && placed.town, 'community and town follow from the cell');
  assert.equal(placed.lon, lon);
  const step = placed.history.at(-1)!;
  assert.equal(step.action, 'locate');
  assert.equal(step.actor.name, '坐席王五');
  assert.match(step.reason ?? '', new RegExp(labels[120]!.properties.code));
  assert.equal(placed.status, 'reported', 'locating is not a lifecycle step');
  assert.equal((await call<CaseList>('cases.list', { flag: 'toLocate' })).total, 0);
  // Routing now has a town to suggest from.
  assert.ok(placed.suggestion?.departmentId.startsWith(`${placed.town!.code}:`));
});

test('a case can be placed by picking a cell; an unknown cell is refused', async () => {
  const lost = await call<CaseDetail>('cases.create', {
    itemCode: 'C0101',
    lon: 0,
    lat: 0,
    description: '无坐标的网格员上报',
    channel: 'gridWorker',
  });
  const unknown = await refused('cases.locate', { id: lost.id, cellCode: '999999999999999' });
  assert.equal(unknown.code, 'bad_request');
  assert.match(unknown.message, /No published cell/);
  const code = labels[33]!.properties.code;
  const placed = await call<CaseDetail>('cases.locate', { id: lost.id, cellCode: code, actor: operator });
  assert.equal(placed.cell?.code, code);
  assert.equal(placed.outsideDistrict, false);
});

test('a flagged duplicate is merged into its original: closed, referencing it, both timelines say so', async () => {
  const [lon, lat] = point(250);
  const original = await call<CaseDetail>('cases.create', {
    itemCode: 'E0102',
    lon,
    lat,
    description: '垃圾满溢',
  });
  clock += 10 * MINUTE;
  const dup = await call<CaseDetail>('cases.create', {
    itemCode: 'E0102',
    lon: lon + 0.0001,
    lat,
    description: '又一人报垃圾满溢',
  });
  assert.equal(dup.possibleDuplicateOf, original.id);
  assert.equal(dup.canMerge, true);
  const flagged = await call<CaseList>('cases.list', { flag: 'duplicate' });
  assert.ok(flagged.cases.some((c) => c.id === dup.id));

  const self = await refused('cases.act', { id: dup.id, action: { type: 'merge', into: dup.id } });
  assert.equal(self.details?.key, 'case.mergeSelf');
  const missing = await refused('cases.act', {
    id: dup.id,
    action: { type: 'merge', into: '20250602-999999' },
  });
  assert.equal(missing.code, 'not_found');

  clock += MINUTE;
  const merged = await call<CaseDetail>('cases.act', {
    id: dup.id,
    action: { type: 'merge', into: original.id },
    actor: operator,
  });
  assert.equal(merged.status, 'closed');
  assert.equal(merged.state.mergedInto, original.id);
  assert.equal(merged.history.at(-1)!.action, 'merge');
  assert.equal(merged.history.at(-1)!.reason, original.id);
  assert.deepEqual(merged.allowedActions, ['archive']);
  assert.equal(merged.canMerge, false);
  const after = await call<CaseDetail>('cases.get', { id: original.id });
  assert.equal(after.status, 'reported', 'the original goes on');
  assert.equal(after.history.at(-1)!.action, 'absorbDuplicate');
  assert.equal(after.history.at(-1)!.reason, dup.id);
  assert.ok(!(await call<CaseList>('cases.list', { flag: 'duplicate' })).cases.some((c) => c.id === dup.id));

  // A third report beside the duplicate is flagged against the original, never the merged-away one.
  const third = await call<CaseDetail>('cases.create', {
    itemCode: 'E0102',
    lon: lon + 0.0001,
    lat,
    description: '第三次',
  });
  assert.equal(third.possibleDuplicateOf, original.id);
  const intoMerged = await refused('cases.act', { id: third.id, action: { type: 'merge', into: dup.id } });
  assert.equal(intoMerged.code, 'conflict');
  assert.match(intoMerged.message, /itself merged into/);
});

test('a duplicate flag the operator disagrees with is dismissed, once', async () => {
  const [lon, lat] = point(260);
  await call<CaseDetail>('cases.create', { itemCode: 'E0102', lon, lat, description: '东侧' });
  const near = await call<CaseDetail>('cases.create', {
    itemCode: 'E0102',
    lon,
    lat,
    description: '西侧另一个桶',
  });
  assert.ok(near.possibleDuplicateOf);
  const dismissed = await call<CaseDetail>('cases.dismissDuplicate', { id: near.id, actor: operator });
  assert.equal(dismissed.possibleDuplicateOf, null);
  assert.equal(dismissed.status, 'reported');
  assert.equal(dismissed.history.at(-1)!.action, 'dismissDuplicate');
  const again = await refused('cases.dismissDuplicate', { id: near.id });
  assert.equal(again.code, 'conflict');
});

test('every correction is in the append-only audit log with before and after', async () => {
  await backend.close();
  const rows = sqlite(
    "SELECT action || '|' || actor_name || '|' || coalesce(before_json, '') || '|' || coalesce(after_json, '') FROM audit_log WHERE action IN ('case.locate', 'case.merge', 'case.dismissDuplicate') ORDER BY id",
  ).split('\n');
  assert.equal(rows.length, 4, rows.join('\n'));
  assert.match(
    rows[0]!,
    /^case\.locate\|坐席王五\|\{"lon":116\.39,"lat":39\.9,.*"outsideDistrict":true\}\|\{.*"outsideDistrict":false\}$/,
  );
  assert.match(rows[2]!, /^case\.merge\|坐席王五\|.*"status":"reported".*\|.*"mergedInto":"/);
  assert.match(
    rows[3]!,
    /^case\.dismissDuplicate\|坐席王五\|\{"possibleDuplicateOf":"\d{8}-\d{6}"\}\|\{"possibleDuplicateOf":null\}$/,
  );
});
