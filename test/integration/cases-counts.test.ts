/**
 * The queue's counts come from case_counts, kept by triggers in the data file (migration 9), not
 * from a scan of every case. They must stay equal to counting the cases themselves through every
 * way a case is written: intake (operator, outside the district, duplicates), every lifecycle
 * action, void, merge, manual location, a dismissed duplicate flag, a 12345 import, a drill and its
 * purge; after the file is closed and reopened; and in a schema-7 file, once migration 9 filled them. The oracle is the case rows themselves: the
 * queue's own rows (all statuses, no filter) counted here, and, on disk, sqlite3 counting `cases`.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, Point } from 'geojson';
import type { CaseDetail, CaseList, CaseSummary } from '../../shared/api/cases-contract.ts';
import type { ImportResult } from '../../shared/api/intake-contract.ts';
import type { DrillStatus } from '../../shared/api/intake-contract.ts';
import { CASE_STATUSES } from '../../shared/cases/types.ts';
import { createBackend, type Backend } from '../../electron/backend/backend.ts';
import { demoMaker } from '../../electron/backend/demo-data.ts';
import { writeGridUnits } from '../../electron/backend/store/grid-tables.ts';
import { runMigrations } from '../../electron/backend/store/migrations.ts';
import { loadSqlJs } from '../../electron/backend/store/sql-exec.ts';
import { REPO_ROOT, tempDir } from '../helpers/serve-process.ts';
import { insertCases } from '../bench/cases-fixture.ts';
import { demoBackendOptions } from '../helpers/demo-backend.ts';

const MINUTE = 60_000;
let clock = Date.parse('2025-06-02T09:00:00+08:00');
let dataFile = join(tempDir('gezhi-counts-'), 'gezhi.gpkg');
let backend: Backend | undefined;
let points: [number, number][] = [];
const operator = { id: 'op-3', name: '坐席张三', role: 'operator' };

const open = (): Promise<Backend> =>
  createBackend(
    demoBackendOptions(dataFile, {
      now: () => clock,
    }),
  );

async function call<T>(method: string, params: unknown = {}): Promise<T> {
  const r = await backend!.invoke(method, params);
  if (!r.ok)
    throw new Error(`${method}: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.details)}`);
  return r.value as T;
}

const create = (i: number, extra: object = {}): Promise<CaseDetail> => {
  const [lon, lat] = points[i]!;
  return call<CaseDetail>('cases.create', { itemCode: 'E0101', lon, lat, description: '巡查发现', ...extra });
};
const act = (id: string, action: object): Promise<CaseDetail> => {
  clock += 5 * MINUTE;
  return call<CaseDetail>('cases.act', { id, action, actor: operator });
};

type Filter = {
  town?: string;
  level?: 'A' | 'B' | 'C';
  category?: string;
  channel?: string;
  simulated?: boolean;
  flag?: 'toLocate' | 'duplicate';
};
const CLOSED = ['closed', 'archived', 'voided'];

function matches(c: CaseSummary, f: Filter): boolean {
  if (f.town && c.town?.code !== f.town) return false;
  if (f.level && c.level !== f.level) return false;
  if (f.category && c.categoryCode !== f.category) return false;
  if (f.channel && c.channel !== f.channel) return false;
  if (f.simulated !== undefined && c.simulated !== f.simulated) return false;
  if (f.flag === 'toLocate' && (!c.outsideDistrict || CLOSED.includes(c.status))) return false;
  if (f.flag === 'duplicate' && (c.possibleDuplicateOf === null || CLOSED.includes(c.status))) return false;
  return true;
}

/** Every case, read from the cases rows (the queue's rows, no filter, every status). */
async function everyCase(): Promise<CaseSummary[]> {
  const all: CaseSummary[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await call<CaseList>('cases.list', { limit: 1000, offset });
    all.push(...page.cases);
    if (page.cases.length < 1000) return all;
  }
}

/** The queue's counts and totals under many filters equal counting the rows themselves. */
async function assertCountsRight(when: string): Promise<CaseSummary[]> {
  const cases = await everyCase();
  const towns = [...new Set(cases.flatMap((c) => (c.town ? [c.town.code] : [])))];
  const categories = [...new Set(cases.flatMap((c) => (c.categoryCode ? [c.categoryCode] : [])))];
  const filters: Filter[] = [
    {},
    { simulated: true },
    { simulated: false },
    { level: 'A' },
    { level: 'C' },
    { channel: 'hotline12345' },
    { channel: 'operator' },
    { flag: 'toLocate' },
    { flag: 'duplicate' },
    ...towns.map((town) => ({ town })),
    ...categories.map((category) => ({ category })),
    ...(towns[0] ? [{ town: towns[0], level: 'C' as const, simulated: false }] : []),
  ];
  for (const f of filters) {
    const want = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<string, number>;
    for (const c of cases) if (matches(c, f)) want[c.status]!++;
    const got = await call<CaseList>('cases.list', { ...f, limit: 1 });
    assert.deepEqual(got.countsByStatus, want, `${when}: counts under ${JSON.stringify(f)}`);
    const wantTotal = Object.values(want).reduce((a, b) => a + b, 0);
    assert.equal(got.total, wantTotal, `${when}: total under ${JSON.stringify(f)}`);
    const open = ['reported', 'registered', 'dispatched', 'handling', 'feedback', 'verifying'] as const;
    const openList = await call<CaseList>('cases.list', { ...f, status: [...open], limit: 1 });
    assert.equal(
      openList.total,
      open.reduce((n, s) => n + want[s]!, 0),
      `${when}: open total under ${JSON.stringify(f)}`,
    );
  }
  const drill = await call<DrillStatus>('drill.status');
  assert.equal(drill.simulatedInStore, cases.filter((c) => c.simulated).length, `${when}: drill count`);
  return cases;
}

/** On disk, read by sqlite3: case_counts holds exactly what counting `cases` gives. */
function assertFileCountsRight(): void {
  const keys = `status, coalesce(town_code, ''), coalesce(level, ''), coalesce(category_code, ''), channel,
    simulated, outside_district, possible_duplicate_of IS NOT NULL`;
  const counted = `SELECT ${keys}, count(*) FROM cases GROUP BY ${keys}`;
  const kept = `SELECT status, town_code, level, category_code, channel, simulated, outside_district, duplicate, n
    FROM case_counts WHERE n != 0`;
  const diff = (a: string, b: string): string =>
    execFileSync('sqlite3', [dataFile, `${a} EXCEPT ${b}`], { encoding: 'utf8' }).trim();
  assert.equal(diff(counted, kept), '', 'every group of cases is counted');
  assert.equal(diff(kept, counted), '', 'no count without its cases');
  const n = execFileSync(
    'sqlite3',
    [dataFile, 'SELECT count(*), (SELECT sum(n) FROM case_counts) FROM cases'],
    {
      encoding: 'utf8',
    },
  ).trim();
  const [rows, summed] = n.split('|');
  assert.equal(summed, rows);
}

after(() => backend?.close());

test('intake: cases from several channels, one outside the district, a possible duplicate', async () => {
  backend = await open();
  const labels = await call<{ features: Feature<Point>[] }>('grid.labels', { level: 'cell' });
  points = labels.features.map((f) => f.geometry.coordinates as [number, number]);
  await assertCountsRight('empty');
  await create(10);
  await create(400, { itemCode: 'C0101', channel: 'gridWorker' });
  await create(800, { itemCode: 'E0102', channel: 'api' });
  const outside = await call<CaseDetail>('cases.create', {
    itemCode: 'E0101',
    lon: 116.39,
    lat: 39.9,
    description: '北京的点',
  });
  assert.equal(outside.outsideDistrict, true);
  const dup = await create(10, { description: '又报一次' });
  assert.ok(dup.possibleDuplicateOf, 'flagged as a possible duplicate');
  const cases = await assertCountsRight('after intake');
  assert.equal(cases.length, 5);
});

test('every lifecycle step, transfer, whistle, supervise, send back, void and archive', async () => {
  const c = await create(1200, { itemCode: 'C0101' });
  const sugg = await call<{ departmentId: string }>('departments.suggest', {
    itemCode: 'C0101',
    townCode: c.town!.code,
  });
  await act(c.id, { type: 'register' });
  await assertCountsRight('registered');
  await act(c.id, { type: 'dispatch' });
  await act(c.id, {
    type: 'transfer',
    department: sugg.departmentId.endsWith(':safety')
      ? `${c.town!.code}:enforcement`
      : `${c.town!.code}:safety`,
    reason: '职责不符',
  });
  await act(c.id, { type: 'whistle', departments: ['district-urban'], reason: '需要区级部门' });
  await act(c.id, { type: 'reportIn', department: 'district-urban' });
  await act(c.id, { type: 'supervise', reason: '超时督办' });
  await assertCountsRight('dispatched, transferred, whistled, supervised');
  await act(c.id, { type: 'startHandling' });
  await act(c.id, { type: 'feedback', result: '已处理' });
  await act(c.id, { type: 'startVerification' });
  await assertCountsRight('verifying');
  await act(c.id, { type: 'sendBack', reason: '未处理干净' });
  await assertCountsRight('sent back');
  await act(c.id, { type: 'feedback', result: '再次处理' });
  await act(c.id, { type: 'startVerification' });
  await act(c.id, { type: 'close' });
  await assertCountsRight('closed');
  await act(c.id, { type: 'archive' });
  const v = await create(1300);
  await act(v.id, { type: 'void', reason: '无效上报' });
  const cases = await assertCountsRight('archived and voided');
  assert.equal(cases.find((x) => x.id === c.id)?.status, 'archived');
  assert.equal(cases.find((x) => x.id === v.id)?.status, 'voided');
});

test('merge, dismissing a duplicate flag and placing a case by hand move the flags', async () => {
  const original = await create(1500, { itemCode: 'E0102' });
  clock += MINUTE;
  const dup = await create(1500, { itemCode: 'E0102', description: '同一处' });
  const other = await create(1500, { itemCode: 'E0102', description: '另一个桶' });
  assert.equal(dup.possibleDuplicateOf, original.id);
  await assertCountsRight('two flagged');
  await act(dup.id, { type: 'merge', into: original.id });
  await assertCountsRight('merged');
  await call<CaseDetail>('cases.dismissDuplicate', { id: other.id, actor: operator });
  await assertCountsRight('flag dismissed');
  const lost = (await call<CaseList>('cases.list', { flag: 'toLocate' })).cases[0]!;
  const [lon, lat] = points[2000]!;
  const placed = await call<CaseDetail>('cases.locate', { id: lost.id, lon, lat, actor: operator });
  assert.equal(placed.outsideDistrict, false);
  assert.ok(placed.town);
  const cases = await assertCountsRight('placed by hand');
  assert.equal(cases.filter((x) => x.outsideDistrict).length, 0);
});

test('a 12345 import and a drill add cases; the purge removes the drill’s', async () => {
  const [a, b] = [points[30]!, points[900]!];
  const csv = [
    '工单编号,受理时间,事项,诉求内容,经度,纬度',
    `T-1,2025-06-01 09:30,C0101,井盖缺失,${a[0]},${a[1]}`,
    `T-2,2025-06-01 10:00,E0101,垃圾,${b[0]},${b[1]}`,
    `T-3,2025-06-01 11:00,E0101,外地,116.39,39.9`,
  ].join('\n');
  const source = { base64: Buffer.from(csv).toString('base64') };
  const mapping = { externalId: 0, time: 1, item: 2, description: 3, lon: 4, lat: 5 };
  const r = await call<ImportResult>('intake.import', { name: '12345.csv', source, mapping });
  assert.equal(r.imported, 3);
  await assertCountsRight('imported');

  await call<DrillStatus>('drill.start', { ratePerMinute: 1200, durationMinutes: 1, seed: 7 });
  await new Promise((res) => setTimeout(res, 1200));
  const stopped = await call<DrillStatus>('drill.stop');
  assert.ok(stopped.simulatedInStore > 0, 'the drill made cases');
  await assertCountsRight('after a drill');
  await call('drill.purge', { confirm: true });
  const cases = await assertCountsRight('purged');
  assert.equal(cases.filter((c) => c.simulated).length, 0);
});

test('on disk the counts equal counting the cases, and stay right when reopened', async () => {
  const before = await everyCase();
  await backend!.close();
  backend = undefined;
  assertFileCountsRight();
  backend = await open();
  const cases = await assertCountsRight('reopened');
  assert.equal(cases.length, before.length);
});

test('a schema-7 file with cases migrates: counts filled from its cases, the simulated index in place', async () => {
  await backend!.close();
  backend = undefined;
  dataFile = join(tempDir('gezhi-counts-v7-'), 'gezhi.gpkg');
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  runMigrations(db, 7);
  const { units } = demoMaker(join(REPO_ROOT, 'data'), 'nansha')!();
  writeGridUnits(db, units);
  // Cases made by the real lifecycle and located in the real grid, as the benchmarks' files are.
  insertCases(db, units, { cases: 1500, open: 500 }, clock);
  // What schema 7 could hold besides: drill cases, other channels, flagged duplicates.
  db.run(`UPDATE cases SET simulated = 1, channel = 'simulator' WHERE seq % 7 = 0`);
  db.run(`UPDATE cases SET channel = 'hotline12345' WHERE seq % 5 = 1`);
  db.run(`UPDATE cases SET possible_duplicate_of = (SELECT min(id) FROM cases) WHERE seq % 11 = 3`);
  writeFileSync(dataFile, db.export());
  db.close();

  backend = await open();
  const info = await call<{ store: { state: string; report?: { outcome: string } } }>('app.info');
  assert.equal(info.store.report?.outcome, 'migrated');
  const cases = await assertCountsRight('migrated from schema 7');
  assert.equal(cases.length, 1500);
  assert.ok(cases.some((c) => c.outsideDistrict) && cases.some((c) => c.possibleDuplicateOf));
  await call('drill.purge', { confirm: true });
  await assertCountsRight('migrated, then purged');
  await backend.close();
  backend = undefined;
  assertFileCountsRight();
  const plan = execFileSync(
    'sqlite3',
    [dataFile, 'EXPLAIN QUERY PLAN SELECT max(seq) FROM cases WHERE simulated = 1'],
    { encoding: 'utf8' },
  );
  assert.match(plan, /cases_simulated/, 'the drill purge finds simulated cases by the index');
});
