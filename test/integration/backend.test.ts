/** The host-agnostic backend on a real data file: first start fills Nansha, later starts reopen it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createBackend, type Backend } from '../../electron/backend/backend.ts';
import { demoMaker } from '../../electron/backend/demo-data.ts';
import type { TreeNode, UnitDetail, SearchHit } from '../../shared/api/contract.ts';
import { REPO_ROOT, tempDir } from '../helpers/serve-process.ts';

async function open(dataFile: string): Promise<Backend> {
  return createBackend({
    dataFile,
    host: 'serve',
    version: 'test',
    makeDemo: demoMaker(join(REPO_ROOT, 'data'), 'nansha'),
  });
}

async function call<T>(b: Backend, method: string, params: unknown = {}): Promise<T> {
  const r = await b.invoke(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

test('first start creates the file with the Nansha grid; a restart opens the same data', async () => {
  const dataFile = join(tempDir(), 'gezhi.gpkg');
  const first = await open(dataFile);
  assert.equal(first.status.state, 'ready');
  assert.equal(first.status.state === 'ready' && first.status.report.outcome, 'created');
  const tree = await call<TreeNode[]>(first, 'grid.tree');
  const byLevel = (l: string) => tree.filter((n) => n.level === l);
  assert.equal(byLevel('district').length, 1);
  assert.equal(byLevel('town').length, 9);
  assert.equal(byLevel('community').length, 172);
  const district = byLevel('district')[0]!;
  assert.equal(district.code, '440115');
  assert.equal(district.name, '南沙区');
  assert.equal(district.childCount, 9);
  for (const cell of byLevel('cell')) assert.match(cell.code, /^\d{15}$/);
  await call(first, 'settings.set', { key: 'ui.locale', value: 'en' });
  await first.close();

  const second = await open(dataFile);
  assert.equal(second.status.state === 'ready' && second.status.report.outcome, 'opened');
  assert.equal((await call<TreeNode[]>(second, 'grid.tree')).length, tree.length);
  assert.deepEqual(await call(second, 'settings.get', { key: 'ui.locale' }), {
    key: 'ui.locale',
    value: 'en',
  });
  await second.close();
});

test('unit details, layers, labels and search', async () => {
  const b = await open(join(tempDir(), 'gezhi.gpkg'));
  const tree = await call<TreeNode[]>(b, 'grid.tree');
  const community = tree.find((n) => n.level === 'community')!;
  const unit = await call<UnitDetail>(b, 'grid.unit', { code: community.code });
  assert.equal(unit.name, community.name);
  assert.equal(unit.level, 'community');
  assert.ok(unit.areaKm2 > 0.2, `area ${unit.areaKm2}`);
  assert.equal(unit.childCount, community.childCount);
  assert.ok(unit.parentName && unit.parentName.length > 1);
  assert.ok(unit.staffFullTime >= unit.childCount, 'a community counts the full-time workers of its cells');
  const [w, s, e, n] = unit.bbox;
  assert.ok(w >= 113.3 && e <= 113.7 && s >= 22.55 && n <= 22.95, `bbox in Nansha: ${unit.bbox.join(',')}`);

  const cells = await call<{ features: { properties: { parentCode: string } }[] }>(b, 'grid.layer', {
    level: 'cell',
  });
  assert.equal(cells.features.length, tree.filter((t) => t.level === 'cell').length);
  const labels = await call<{ features: unknown[] }>(b, 'grid.labels', { level: 'community' });
  assert.equal(labels.features.length, 172);

  const byName = await call<SearchHit[]>(b, 'grid.search', { query: '南沙' });
  assert.equal(byName[0]?.code, '440115', 'the district ranks first');
  const byInitials = await call<SearchHit[]>(b, 'grid.search', { query: community.initials });
  assert.ok(
    byInitials.some((h) => h.code === community.code),
    `initials ${community.initials} find ${community.name}`,
  );
  const byCode = await call<SearchHit[]>(b, 'grid.search', { query: community.code.slice(0, 9) });
  assert.ok(byCode.every((h) => h.code.startsWith(community.code.slice(0, 9))));
  const none = await b.invoke('grid.unit', { code: '999999999' });
  assert.ok(!none.ok && none.error.code === 'not_found');
  await b.close();
});
