/**
 * The grid's large answers (tree, layers, label points) kept as JSON beside the data file
 * (grid-answers.ts): the serve host's answer is the same as the backend's, a later start sends the
 * kept text, and a write to the grid by any program (here the real sqlite3) makes them again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend, type Backend } from '../../electron/backend/backend.ts';
import { demoMaker } from '../../electron/backend/demo-data.ts';
import { gridAnswersDir } from '../../electron/backend/grid-answers.ts';
import type { TreeNode } from '../../shared/api/contract.ts';
import { REPO_ROOT, tempDir } from '../helpers/serve-process.ts';

const open = (dataFile: string): Promise<Backend> =>
  createBackend({
    dataFile,
    host: 'serve',
    version: 'test',
    makeDemo: demoMaker(join(REPO_ROOT, 'data'), 'nansha'),
  });

async function jsonAnswer(b: Backend, method: string, params: unknown = {}): Promise<unknown> {
  const r = await b.invokeJson(method, params);
  assert.ok(r.ok, r.text);
  return (JSON.parse(r.text) as { value: unknown }).value;
}

interface Named {
  features: { properties: { code: string; name: string } }[];
}

test('the serve host sends the same grid answers as the backend, and keeps them beside the data file', async () => {
  const dataFile = join(tempDir(), 'gezhi.gpkg');
  const b = await open(dataFile);
  try {
    for (const [method, params] of [
      ['grid.tree', {}],
      ['grid.layer', { level: 'town' }],
      ['grid.layer', { level: 'cell' }],
      ['grid.labels', { level: 'community' }],
    ] as const) {
      const direct = await b.invoke(method, params);
      assert.ok(direct.ok);
      assert.deepEqual(await jsonAnswer(b, method, params), direct.value, method);
    }
    const kept = readdirSync(gridAnswersDir(dataFile)).sort();
    assert.deepEqual(kept, ['labels-community.json', 'layer-cell.json', 'layer-town.json', 'tree.json']);
    // Bad requests are refused the same way on both paths.
    const bad = await b.invokeJson('grid.layer', { level: 'province' });
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.error.code, 'bad_request');
  } finally {
    await b.close();
  }
});

test('a later start sends the kept answer; a write to the grid by another program makes it again', async () => {
  const dataFile = join(tempDir(), 'gezhi.gpkg');
  const first = await open(dataFile);
  const towns = (await jsonAnswer(first, 'grid.layer', { level: 'town' })) as Named;
  const town = towns.features[0]!.properties;
  await jsonAnswer(first, 'grid.tree');
  await first.close();

  // Proof the kept file is what a later start sends: change its text, with a header that matches it.
  const keptTown = join(gridAnswersDir(dataFile), 'layer-town.json');
  const [header, ...rest] = readFileSync(keptTown, 'utf8').split('\n');
  const body = rest.join('\n').replace(town.name, '缓存里的名字');
  const stamp = header!.slice(0, header!.lastIndexOf(' '));
  writeFileSync(keptTown, `${stamp} ${createHash('sha1').update(body).digest('hex')}\n${body}`);
  // A truncated kept file is made again, not sent.
  const keptTree = join(gridAnswersDir(dataFile), 'tree.json');
  writeFileSync(keptTree, readFileSync(keptTree, 'utf8').slice(0, 5000));

  const second = await open(dataFile);
  try {
    const fromKept = (await jsonAnswer(second, 'grid.layer', { level: 'town' })) as Named;
    assert.equal(fromKept.features[0]!.properties.name, '缓存里的名字');
    const tree = (await jsonAnswer(second, 'grid.tree')) as TreeNode[];
    assert.equal(tree.filter((n) => n.level === 'community').length, 172);
  } finally {
    await second.close();
  }

  // The real sqlite3, on the closed file: the grid revision trigger fires for it too.
  execFileSync('sqlite3', [
    dataFile,
    `UPDATE grid_town SET name = '改了名的街道' WHERE code = '${town.code}'`,
  ]);
  const third = await open(dataFile);
  try {
    assert.equal(third.status.state, 'ready');
    const fresh = (await jsonAnswer(third, 'grid.layer', { level: 'town' })) as Named;
    const renamed = fresh.features.find((f) => f.properties.code === town.code)!;
    assert.equal(renamed.properties.name, '改了名的街道');
    assert.ok(!fresh.features.some((f) => f.properties.name === '缓存里的名字'));
    assert.match(readFileSync(keptTown, 'utf8'), /改了名的街道/);
  } finally {
    await third.close();
  }
});

test('publishing a new grid version replaces the kept answers', async () => {
  const dataFile = join(tempDir(), 'gezhi.gpkg');
  const b = await open(dataFile);
  try {
    const before = (await jsonAnswer(b, 'grid.layer', { level: 'town' })) as Named;
    const town = before.features[0]!.properties;
    const opened = await b.invoke('draft.open', {});
    assert.ok(opened.ok, JSON.stringify(opened));
    const edit = await b.invoke('draft.edit', {
      op: { op: 'setAttributes', code: town.code, attrs: { name: '新版本街道' } },
    });
    assert.ok(edit.ok, JSON.stringify(edit));
    const published = await b.invoke('draft.publish', { reason: '街道改名' });
    assert.ok(published.ok, JSON.stringify(published));
    const after = (await jsonAnswer(b, 'grid.layer', { level: 'town' })) as Named;
    assert.equal(after.features.find((f) => f.properties.code === town.code)!.properties.name, '新版本街道');
    assert.ok(existsSync(join(gridAnswersDir(dataFile), 'layer-town.json')));
  } finally {
    await b.close();
  }
});
