/**
 * Reference data edited in the app on a real data file: only an administrator may save; each save
 * is validated like the data folder's files and stored as the next numbered version with who and
 * when; new cases use it at once while earlier cases keep the level and time limit they were
 * reported with; a stale edit and an invalid one are refused with nothing stored; a restart keeps
 * the edit rather than reloading the unchanged file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Feature, Point } from 'geojson';
import type { CaseDetail, RefVersionInfo } from '../../shared/api/cases-contract.ts';
import type { ApiErrorBody } from '../../shared/api/contract.ts';
import { createBackend, type Backend } from '../../electron/backend/backend.ts';
import { tempDir } from '../helpers/serve-process.ts';
import { demoBackendOptions } from '../helpers/demo-backend.ts';

let clock = Date.parse('2025-06-02T09:00:00+08:00');
const dataFile = join(tempDir('gezhi-refadmin-'), 'gezhi.gpkg');
let backend: Backend;
let point: [number, number];
const admin = { id: 'admin-1', name: '管理员赵六', role: 'admin' };
const operator = { id: 'op-1', name: '坐席', role: 'operator' };

const open = (): Promise<Backend> =>
  createBackend(
    demoBackendOptions(dataFile, {
      now: () => clock,
    }),
  );

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

type Catalogue = {
  items: { code: string; timeLimit: { value: number; unit: string }; defaultRole: string }[];
};
const getCatalogue = async (): Promise<RefVersionInfo & { content: Catalogue }> =>
  call('refData.get', { kind: 'catalogue' });

async function dispatchedCase(): Promise<CaseDetail> {
  const c = await call<CaseDetail>('cases.create', {
    itemCode: 'E0102',
    lon: point[0],
    lat: point[1],
    description: 'x',
  });
  await call('cases.act', { id: c.id, action: { type: 'register' } });
  return call<CaseDetail>('cases.act', { id: c.id, action: { type: 'dispatch' } });
}

test('the seeds are version 1 of each kind, loaded from the data folder', async () => {
  backend = await open();
  const labels = await call<{ features: Feature<Point>[] }>('grid.labels', { level: 'cell' });
  point = labels.features[64]!.geometry.coordinates as [number, number];
  for (const kind of ['catalogue', 'departments', 'calendar']) {
    const h = await call<RefVersionInfo[]>('refData.history', { kind });
    assert.equal(h.length, 1);
    assert.equal(h[0]!.version, 1);
    assert.equal(h[0]!.current, true);
    assert.match(h[0]!.source, /\.json$/);
    assert.equal(h[0]!.savedBy, '系统');
  }
});

test('only an administrator may save', async () => {
  const cur = await getCatalogue();
  const e = await refused('refData.save', {
    kind: 'catalogue',
    baseVersion: 1,
    content: cur.content,
    actor: operator,
  });
  assert.equal(e.code, 'unauthorized');
  const none = await refused('refData.save', { kind: 'catalogue', baseVersion: 1, content: cur.content });
  assert.equal(none.code, 'unauthorized');
});

test('an edited time limit is a new version with who and when; new cases use it, older ones keep theirs', async () => {
  const before = await dispatchedCase();
  assert.deepEqual(before.state.item?.timeLimit, { value: 4, unit: 'workingHours' });
  const cur = await getCatalogue();
  const content = structuredClone(cur.content);
  content.items.find((i) => i.code === 'E0102')!.timeLimit = { value: 1, unit: 'workingDays' };
  clock += 60_000;
  const saved = await call<RefVersionInfo>('refData.save', {
    kind: 'catalogue',
    baseVersion: 1,
    content,
    note: '暴露垃圾改为 1 个工作日',
    actor: admin,
  });
  assert.equal(saved.version, 2);
  assert.equal(saved.savedBy, '管理员赵六');
  assert.equal(saved.savedAt, clock);
  assert.equal(saved.note, '暴露垃圾改为 1 个工作日');
  assert.equal(saved.source, 'admin');
  const history = await call<RefVersionInfo[]>('refData.history', { kind: 'catalogue' });
  assert.deepEqual(
    history.map((h) => [h.version, h.current]),
    [
      [2, true],
      [1, false],
    ],
  );

  const after = await dispatchedCase();
  assert.deepEqual(after.state.item?.timeLimit, { value: 1, unit: 'workingDays' });
  assert.equal(after.catalogueVersion, 2);
  // Working days end at the close of the day: 1 working day from Monday is due Tuesday 17:30.
  assert.equal(new Date(after.clock!.dueAt).toISOString(), '2025-06-03T09:30:00.000Z');
  const old = await call<CaseDetail>('cases.get', { id: before.id });
  assert.deepEqual(old.state.item?.timeLimit, { value: 4, unit: 'workingHours' });
  assert.equal(old.catalogueVersion, 1);
  const v1 = await call<RefVersionInfo & { content: Catalogue }>('refData.get', {
    kind: 'catalogue',
    version: 1,
  });
  assert.equal(v1.content.items.find((i) => i.code === 'E0102')!.timeLimit.value, 4);
});

test('invalid or stale edits are refused with reasons, and nothing is stored', async () => {
  const cur = await getCatalogue();
  const bad = structuredClone(cur.content);
  bad.items[0]!.timeLimit = { value: -2, unit: 'workingHours' };
  bad.items[1]!.defaultRole = 'noSuchRole';
  const invalid = await refused('refData.save', {
    kind: 'catalogue',
    baseVersion: 2,
    content: bad,
    actor: admin,
  });
  assert.equal(invalid.code, 'bad_request');
  assert.match(invalid.message, /does not validate/);
  const messages = (invalid.issues ?? []).map((i) => `${i.path}: ${i.message}`).join('\n');
  assert.match(messages, /time limit must be positive/);
  const roleProblem = await refused('refData.save', {
    kind: 'catalogue',
    baseVersion: 2,
    content: {
      ...cur.content,
      items: cur.content.items.map((i, n) => (n === 1 ? { ...i, defaultRole: 'noSuchRole' } : i)),
    },
    actor: admin,
  });
  assert.match(JSON.stringify(roleProblem.issues), /unknown department role/);
  const stale = await refused('refData.save', {
    kind: 'catalogue',
    baseVersion: 1,
    content: cur.content,
    actor: admin,
  });
  assert.equal(stale.code, 'conflict');
  const same = await refused('refData.save', {
    kind: 'catalogue',
    baseVersion: 2,
    content: cur.content,
    actor: admin,
  });
  assert.match(same.message, /Nothing changed/);
  assert.equal((await call<RefVersionInfo[]>('refData.history', { kind: 'catalogue' })).length, 2);
});

test('a town given another department template routes to its departments', async () => {
  const c0 = await call<CaseDetail>('cases.create', {
    itemCode: 'E0102',
    lon: point[0],
    lat: point[1],
    description: 'y',
  });
  const town = c0.town!.code;
  assert.match(c0.suggestion!.departmentId, /:cityServices$/);
  const deps = await call<RefVersionInfo & { content: Record<string, unknown> }>('refData.get', {
    kind: 'departments',
  });
  const bad = await refused('refData.save', {
    kind: 'departments',
    baseVersion: deps.version,
    content: { ...deps.content, townTemplates: { [town]: 'no-such-template' } },
    actor: admin,
  });
  assert.match(JSON.stringify(bad.issues), /no template/);
  await call('refData.save', {
    kind: 'departments',
    baseVersion: deps.version,
    content: { ...deps.content, townTemplates: { [town]: 'five-one-two' } },
    actor: admin,
  });
  const c1 = await call<CaseDetail>('cases.create', {
    itemCode: 'E0102',
    lon: point[0],
    lat: point[1],
    description: 'z',
  });
  // 五部一局两中心: city services sit with the construction department.
  assert.equal(c1.suggestion!.departmentId, `${town}:construction`);
});

test('a holiday added to the calendar moves new due times past it', async () => {
  const cal = await call<RefVersionInfo & { content: { years: { year: number; holidays: unknown[] }[] } }>(
    'refData.get',
    { kind: 'calendar' },
  );
  const content = structuredClone(cal.content);
  content.years
    .find((y) => y.year === 2025)!
    .holidays.push({ name: '台风停工', from: '2025-06-03', to: '2025-06-03' });
  await call('refData.save', { kind: 'calendar', baseVersion: cal.version, content, actor: admin });
  const c = await dispatchedCase();
  // 1 working day from Monday skips the new Tuesday holiday: due Wednesday 17:30.
  assert.equal(new Date(c.clock!.dueAt).toISOString(), '2025-06-04T09:30:00.000Z');
});

test('a restart keeps the edits (the unchanged files are not loaded over them); the audit log has each save', async () => {
  await backend.close();
  backend = await open();
  const cur = await getCatalogue();
  assert.equal(cur.version, 2);
  assert.equal(cur.content.items.find((i) => i.code === 'E0102')!.timeLimit.unit, 'workingDays');
  await backend.close();
  const audit = execFileSync(
    'sqlite3',
    [
      dataFile,
      "SELECT entity_id || ' ' || actor_name FROM audit_log WHERE action = 'refData.save' ORDER BY id",
    ],
    { encoding: 'utf8' },
  ).trim();
  assert.deepEqual(audit.split('\n'), [
    'catalogue@2 管理员赵六',
    'departments@2 管理员赵六',
    'calendar@2 管理员赵六',
  ]);
});
