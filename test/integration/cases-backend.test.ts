/**
 * Cases through the backend API on a real data file with the real reference data: intake located to
 * its cell, outside-the-district and duplicate flags, the closed loop with history and audit rows,
 * refusals, the queue, and the append-only audit log checked with the real sqlite3 CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, Point } from 'geojson';
import type {
  ApiKeyInfo,
  AttachmentInfo,
  CaseDetail,
  CaseList,
  ItemTypeInfo,
} from '../../shared/api/cases-contract.ts';
import type { ApiErrorBody, TreeNode } from '../../shared/api/contract.ts';
import type { Suggestion } from '../../shared/cases/routing.ts';
import { createBackend, type Backend } from '../../electron/backend/backend.ts';
import { tempDir } from '../helpers/serve-process.ts';
import { demoBackendOptions } from '../helpers/demo-backend.ts';

const HOUR = 3_600_000;
/** Monday 2025-06-02 09:00 Asia/Shanghai: a working day, inside office hours. */
let clock = Date.parse('2025-06-02T09:00:00+08:00');

async function open(dataFile: string): Promise<Backend> {
  return createBackend(
    demoBackendOptions(dataFile, {
      now: () => clock,
    }),
  );
}

async function call<T>(b: Backend, method: string, params: unknown = {}): Promise<T> {
  const r = await b.invoke(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function refused(b: Backend, method: string, params: unknown): Promise<ApiErrorBody> {
  const r = await b.invoke(method, params);
  assert.ok(!r.ok, `${method} should be refused`);
  return r.error;
}

function sqlite(file: string, sql: string): string {
  return execFileSync('sqlite3', [file, sql], { encoding: 'utf8' }).trim();
}

const dataFile = join(tempDir('gezhi-cases-'), 'gezhi.gpkg');
let backend: Backend;
let labels: Feature<Point, { code: string; name: string }>[];
let tree: TreeNode[];

test('the backend opens with the reference data loaded', async () => {
  backend = await open(dataFile);
  assert.equal(backend.status.state, 'ready');
  labels = (
    await call<{ features: Feature<Point, { code: string; name: string }>[] }>(backend, 'grid.labels', {
      level: 'cell',
    })
  ).features;
  tree = await call<TreeNode[]>(backend, 'grid.tree');
});

test('a case is located to its cell, community and town', async () => {
  const label = labels[100]!;
  const [lon, lat] = label.geometry.coordinates as [number, number];
  const c = await call<CaseDetail>(backend, 'cases.create', {
    itemCode: 'E0101',
    lon,
    lat,
    description: '路边暴露垃圾',
  });
  assert.match(c.id, /^20250602-\d{6}$/);
  assert.equal(c.status, 'reported');
  assert.equal(c.cell?.code, label.properties.code);
  const cellNode = tree.find((n) => n.code === label.properties.code)!;
  assert.equal(c.community?.code, cellNode.parentCode);
  const community = tree.find((n) => n.code === cellNode.parentCode)!;
  assert.equal(c.town?.code, community.parentCode);
  assert.equal(c.outsideDistrict, false);
  assert.equal(c.possibleDuplicateOf, null);
  assert.equal(c.level, 'B');
  assert.equal(c.history.length, 1);
  assert.equal(c.history[0]!.action, 'report');
  assert.ok(c.suggestion, 'a department is suggested');
  assert.ok(c.suggestion.departmentId.startsWith(`${c.town!.code}:`), 'an event goes to its town first');
});

test('a point outside the district is kept and flagged, never dropped', async () => {
  const c = await call<CaseDetail>(backend, 'cases.create', {
    itemCode: 'E0101',
    lon: 116.39,
    lat: 39.9,
    description: '北京的点',
    channel: 'hotline12345',
  });
  assert.equal(c.outsideDistrict, true);
  assert.equal(c.cell, null);
  assert.equal((await call<CaseDetail>(backend, 'cases.get', { id: c.id })).outsideDistrict, true);
});

test('the same item close by in space and time is flagged as a possible duplicate', async () => {
  const [lon, lat] = labels[200]!.geometry.coordinates as [number, number];
  const first = await call<CaseDetail>(backend, 'cases.create', {
    itemCode: 'E0102',
    lon,
    lat,
    description: 'a',
  });
  clock += HOUR;
  // About 20 m east.
  const near = await call<CaseDetail>(backend, 'cases.create', {
    itemCode: 'E0102',
    lon: lon + 0.0002,
    lat,
    description: 'b',
  });
  assert.equal(near.possibleDuplicateOf, first.id);
  const otherItem = await call<CaseDetail>(backend, 'cases.create', {
    itemCode: 'E0101',
    lon: lon + 0.0002,
    lat,
    description: 'c',
  });
  assert.equal(otherItem.possibleDuplicateOf, null);
  const far = await call<CaseDetail>(backend, 'cases.create', {
    itemCode: 'E0102',
    lon: lon + 0.002,
    lat,
    description: 'd',
  });
  assert.equal(far.possibleDuplicateOf, null, '200 m away is another case');
  clock += 3 * HOUR;
  const later = await call<CaseDetail>(backend, 'cases.create', {
    itemCode: 'E0102',
    lon,
    lat,
    description: 'e',
  });
  assert.equal(later.possibleDuplicateOf, null, 'three hours later is another case');
});

test('bad intake is refused with a clear error and nothing is stored', async () => {
  const before = (await call<CaseList>(backend, 'cases.list', {})).total;
  const unknown = await refused(backend, 'cases.create', {
    itemCode: 'X9999',
    lon: 113.5,
    lat: 22.7,
    description: 'x',
  });
  assert.equal(unknown.code, 'bad_request');
  assert.match(unknown.message, /X9999/);
  assert.deepEqual(unknown.issues, [{ path: 'itemCode', message: 'unknown item code X9999' }]);
  const world = await refused(backend, 'cases.create', {
    itemCode: 'E0101',
    lon: 190,
    lat: 22.7,
    description: 'x',
  });
  assert.equal(world.code, 'bad_request');
  assert.ok(world.issues?.some((i) => i.path === 'lon'));
  const missing = await refused(backend, 'cases.create', { lon: 113.5, lat: 22.7 });
  assert.deepEqual(missing.issues?.map((i) => i.path).sort(), ['description', 'itemCode']);
  assert.equal((await call<CaseList>(backend, 'cases.list', {})).total, before);
});

test('the closed loop: register → dispatch → handling → feedback → verifying → closed, with history', async () => {
  const [lon, lat] = labels[300]!.geometry.coordinates as [number, number];
  const c = await call<CaseDetail>(backend, 'cases.create', {
    itemCode: 'C0101',
    lon,
    lat,
    description: '井盖缺失',
  });
  const act = async (action: Record<string, unknown>, minutes = 10): Promise<CaseDetail> => {
    clock += minutes * 60_000;
    return call<CaseDetail>(backend, 'cases.act', {
      id: c.id,
      action,
      actor: { id: 'op-1', name: '张三', role: 'operator' },
    });
  };
  assert.deepEqual((await act({ type: 'register' })).allowedActions, ['void', 'dispatch']);
  const dispatched = await act({ type: 'dispatch' });
  assert.equal(dispatched.status, 'dispatched');
  assert.equal(dispatched.department, c.suggestion!.departmentId, 'dispatched to the suggested department');
  assert.ok(dispatched.departmentName);
  assert.ok(dispatched.clock && dispatched.clock.dueAt > clock && dispatched.clock.urgency === 'normal');
  await act({ type: 'startHandling' });
  await act({ type: 'feedback', result: '已补装井盖' });
  await act({ type: 'startVerification' });
  const closed = await act({ type: 'close', note: '现场核实' });
  assert.equal(closed.status, 'closed');
  assert.deepEqual(
    closed.history.map((h) => h.action),
    ['report', 'register', 'dispatch', 'startHandling', 'feedback', 'startVerification', 'close'],
  );
  const feedback = closed.history[4]!;
  assert.equal(feedback.reason, '已补装井盖');
  assert.equal(feedback.actor.name, '张三');
  assert.deepEqual(feedback.before.status, 'handling');
  assert.deepEqual(feedback.after.status, 'feedback');
  assert.deepEqual(closed.allowedActions, ['archive']);
});

test('an illegal transition is refused with its message key in both languages', async () => {
  const [lon, lat] = labels[400]!.geometry.coordinates as [number, number];
  const c = await call<CaseDetail>(backend, 'cases.create', {
    itemCode: 'E0101',
    lon,
    lat,
    description: 'x',
  });
  const e = await refused(backend, 'cases.act', { id: c.id, action: { type: 'close' } });
  assert.equal(e.code, 'conflict');
  assert.equal(e.details?.key, 'case.illegalTransition');
  assert.equal(e.details?.status, 'reported');
  assert.equal(e.details?.['message.zh-CN'], '案件当前为“已上报”状态，不能核查结案');
  assert.equal(e.message, 'cannot close a case that is reported');
  const noReason = await refused(backend, 'cases.act', { id: c.id, action: { type: 'void' } });
  assert.equal(noReason.code, 'bad_request');
  assert.ok(noReason.issues?.some((i) => i.path === 'action.reason'));
  const badDept = await refused(backend, 'cases.act', {
    id: c.id,
    action: { type: 'transfer', department: 'nowhere', reason: 'x' },
  });
  assert.equal(badDept.code, 'bad_request', 'the schema or the state refuses before anything is written');
  const notFound = await refused(backend, 'cases.get', { id: '20990101-999999' });
  assert.equal(notFound.code, 'not_found');
  assert.equal((await call<CaseDetail>(backend, 'cases.get', { id: c.id })).history.length, 1);
});

test('the queue: filters, urgency order and counts per status', async () => {
  const all = await call<CaseList>(backend, 'cases.list', {});
  assert.equal(all.total, all.cases.length);
  assert.equal(
    Object.values(all.countsByStatus).reduce((a, b) => a + b, 0),
    all.total,
  );
  assert.equal(all.countsByStatus.closed, 1);
  const closedAt = all.cases.findIndex((c) => c.status === 'closed');
  assert.equal(closedAt, all.cases.length - 1, 'closed cases sort last');
  const open = all.cases.filter((c) => c.status !== 'closed');
  const levels = open.map((c) => c.level ?? 'Z');
  assert.deepEqual(levels, [...levels].sort(), 'open cases by level');
  const hotline = await call<CaseList>(backend, 'cases.list', { channel: 'hotline12345' });
  assert.equal(hotline.total, 1);
  const reported = await call<CaseList>(backend, 'cases.list', { status: ['reported'] });
  assert.ok(reported.cases.every((c) => c.status === 'reported'));
  assert.equal(reported.countsByStatus.closed, 1, 'counts ignore the status filter');
  const town = open.find((c) => c.town)!.town!.code;
  const inTown = await call<CaseList>(backend, 'cases.list', { town });
  assert.ok(inTown.cases.length > 0 && inTown.cases.every((c) => c.town?.code === town));
  const catE01 = await call<CaseList>(backend, 'cases.list', { category: 'E01', level: 'B' });
  assert.ok(catE01.cases.every((c) => c.categoryCode === 'E01' && c.level === 'B'));
  assert.equal((await call<CaseList>(backend, 'cases.list', { simulated: true })).total, 0);
});

test('item search by name, code and pinyin initials; department suggestion', async () => {
  const byInitials = await call<ItemTypeInfo[]>(backend, 'catalogue.search', { query: 'bllj' });
  assert.equal(byInitials[0]?.name, '暴露垃圾');
  const byCode = await call<ItemTypeInfo[]>(backend, 'catalogue.search', { query: 'C0101' });
  assert.equal(byCode[0]?.code, 'C0101');
  const byName = await call<ItemTypeInfo[]>(backend, 'catalogue.search', { query: '井盖' });
  assert.ok(byName.length > 0 && byName.every((i) => i.name.includes('井盖')));
  const town = tree.find((n) => n.level === 'town')!;
  const s = await call<Suggestion>(backend, 'departments.suggest', {
    itemCode: 'E0101',
    townCode: town.code,
  });
  assert.equal(s.basis, 'territory');
  assert.ok(s.departmentId.startsWith(town.code));
  const e = await refused(backend, 'departments.suggest', { itemCode: 'E9999' });
  assert.match(e.message, /E9999/);
});

test('API keys are created, listed and revoked, with audit rows', async () => {
  const k = await call<ApiKeyInfo & { key: string }>(backend, 'apiKeys.create', { name: '12345 热线' });
  assert.match(k.key, /^gzk_/);
  assert.ok(backend.intake?.verifyKey(k.key));
  const listed = await call<ApiKeyInfo[]>(backend, 'apiKeys.list');
  assert.equal(listed.length, 1);
  assert.equal(JSON.stringify(listed).includes(k.key), false, 'the key is never shown again');
  await call(backend, 'apiKeys.revoke', { id: k.id });
  assert.equal(backend.intake?.verifyKey(k.key), null);
});

test('attachments: checked by content, stored beside the data file, referenced by an action', async () => {
  const [lon, lat] = labels[600]!.geometry.coordinates as [number, number];
  const c = await call<CaseDetail>(backend, 'cases.create', {
    itemCode: 'E0101',
    lon,
    lat,
    description: 'x',
  });
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(100, 1)]);
  const info = await call<AttachmentInfo>(backend, 'cases.attach', {
    id: c.id,
    name: '现场照片.png',
    mediaType: 'image/png',
    dataBase64: png.toString('base64'),
    actor: { id: 'gw-12', name: '网格员李四', role: 'gridWorker' },
  });
  assert.equal(info.sizeBytes, png.length);
  // The detail shows who added it by name, as the timeline does, not by an id.
  assert.equal(info.addedBy, 'gw-12');
  assert.equal(info.addedByName, '网格员李四');
  const files = readdirSync(join(`${dataFile}.files`, c.id));
  assert.deepEqual(files, [`${info.id}.png`]);
  const fake = await refused(backend, 'cases.attach', {
    id: c.id,
    name: 'x.jpg',
    mediaType: 'image/jpeg',
    dataBase64: png.toString('base64'),
  });
  assert.equal(fake.code, 'bad_request');
  const registered = await call<CaseDetail>(backend, 'cases.act', {
    id: c.id,
    action: { type: 'register', attachments: [info.id] },
  });
  assert.deepEqual(registered.history[1]!.attachments, [info.id]);
  assert.equal(registered.attachments.length, 1);
  assert.equal(registered.attachments[0]!.addedByName, '网格员李四', 'read back from the file');
  const foreign = await refused(backend, 'cases.act', {
    id: c.id,
    action: { type: 'void', reason: 'x', attachments: ['0123456789abcdef'] },
  });
  assert.equal(foreign.code, 'bad_request');
  // Read back for the detail's thumbnail: the same bytes; a damaged file is said, not served.
  const back = await call<AttachmentInfo & { dataBase64: string }>(backend, 'cases.attachment', {
    id: c.id,
    attachmentId: info.id,
  });
  assert.deepEqual(Buffer.from(back.dataBase64, 'base64'), png);
  assert.equal(back.addedByName, '网格员李四');
  writeFileSync(join(`${dataFile}.files`, c.id, `${info.id}.png`), Buffer.alloc(10));
  const damaged = await refused(backend, 'cases.attachment', { id: c.id, attachmentId: info.id });
  assert.equal(damaged.code, 'not_found');
  assert.match(damaged.message, /missing or damaged/);
});

test('pushes reach listeners; the file keeps the audit log append-only, and stays a valid GeoPackage', async () => {
  const events: unknown[] = [];
  backend.onEvent((e) => events.push(e));
  const [lon, lat] = labels[500]!.geometry.coordinates as [number, number];
  const c = await call<CaseDetail>(backend, 'cases.create', {
    itemCode: 'E0101',
    lon,
    lat,
    description: 'x',
  });
  await call(backend, 'cases.act', { id: c.id, action: { type: 'void', reason: '重复上报' } });
  assert.deepEqual(events, [
    { type: 'case.created', id: c.id, status: 'reported' },
    { type: 'case.changed', id: c.id, status: 'voided' },
  ]);
  await backend.close();

  assert.equal(sqlite(dataFile, 'PRAGMA integrity_check'), 'ok');
  const audits = Number(sqlite(dataFile, 'SELECT count(*) FROM audit_log'));
  const cases = Number(sqlite(dataFile, 'SELECT count(*) FROM cases'));
  const history = Number(sqlite(dataFile, 'SELECT count(*) FROM case_history'));
  // One audit row per case reported and per action, plus reference data loads and key changes.
  assert.ok(audits >= history + 3 + 2, `audit ${audits}, history ${history}`);
  assert.ok(cases >= 10);
  assert.equal(sqlite(dataFile, "SELECT count(*) FROM audit_log WHERE action = 'case.close'"), '1');
  assert.equal(sqlite(dataFile, 'SELECT count(*) FROM ref_data'), '3');
  for (const sql of [
    "UPDATE audit_log SET actor_id = 'x'",
    'DELETE FROM audit_log',
    'DELETE FROM case_history',
  ]) {
    assert.throws(
      () => execFileSync('sqlite3', [dataFile, sql], { encoding: 'utf8', stdio: 'pipe' }),
      /append-only/,
      sql,
    );
  }
  assert.equal(Number(sqlite(dataFile, 'SELECT count(*) FROM audit_log')), audits);

  let ogr: string | null = null;
  try {
    ogr = execFileSync('ogrinfo', ['-ro', '-q', dataFile], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (ogr !== null) {
    for (const layer of ['grid_town', 'grid_community', 'grid_cell']) assert.match(ogr, new RegExp(layer));
    assert.doesNotMatch(ogr, /Warning|ERROR/i);
  }

  // A restart reads the same cases and does not load unchanged reference data again.
  const again = await open(dataFile);
  assert.equal((await call<CaseDetail>(again, 'cases.get', { id: c.id })).status, 'voided');
  await again.close();
  assert.equal(sqlite(dataFile, 'SELECT count(*) FROM ref_data'), '3');
});
