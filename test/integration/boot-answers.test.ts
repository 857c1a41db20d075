/**
 * The first screen answered before the data file is open (opening-backend.ts, boot-answers.ts):
 * after a clean close the next start answers app.info, the remembered settings and the kept grid
 * answers at once, the same as the open file does; a data file changed by another program (the
 * real sqlite3) or a damaged record means waiting for the file; and a record that lies is caught
 * once the file is open: app.opened tells a window answered early to start again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend, type BackendOptions } from '../../electron/backend/backend.ts';
import { gridAnswersDir } from '../../electron/backend/grid-answers.ts';
import { openBackend, type ServedBackend } from '../../electron/backend/opening-backend.ts';
import { tempDir } from '../helpers/serve-process.ts';
import { demoBackendOptions } from '../helpers/demo-backend.ts';

const FIRST_SCREEN = [
  ['app.info', {}],
  ['settings.get', { key: 'map.view' }],
  ['settings.get', { key: 'never.set' }],
  ['grid.tree', {}],
  ['grid.layer', { level: 'town' }],
  ['grid.labels', { level: 'community' }],
] as const;

const options = (dataFile: string): BackendOptions => demoBackendOptions(dataFile);

/** A data file closed cleanly after its first screen was asked for, with one setting remembered. */
async function closedFile(): Promise<string> {
  const dataFile = join(tempDir(), 'gezhi.gpkg');
  const b = await createBackend(options(dataFile));
  const set = await b.invoke('settings.set', { key: 'map.view', value: { center: [113.5, 22.8], zoom: 10 } });
  assert.ok(set.ok);
  for (const [m, p] of FIRST_SCREEN) assert.ok((await b.invokeJson(m, p)).ok, m);
  await b.close();
  return dataFile;
}

/** Whether the answer to `method` came before the data file was open. */
async function beforeOpen(b: ServedBackend, method: string, params: unknown): Promise<boolean> {
  let open = false;
  void b.opened.then(() => (open = true));
  const r = await b.invokeJson(method, params);
  assert.ok(r.ok, r.text);
  return !open;
}

const value = (text: string): unknown => (JSON.parse(text) as { value: unknown }).value;

test('after a clean close the first screen is answered before the file is open, the same as the open file answers it', async () => {
  const dataFile = await closedFile();
  const b = openBackend(options(dataFile));
  try {
    // A bad request is refused, never answered from the record.
    const bad = b.invokeJson('grid.layer', { level: 'province' });
    const early: string[] = [];
    for (const [m, p] of FIRST_SCREEN) {
      assert.ok(await beforeOpen(b, m, p), `${m} waited for the file`);
      early.push(((await b.invokeJson(m, p)) as { text: string }).text);
    }
    // What needs the cases waits for the open file, and gets it.
    assert.equal(await beforeOpen(b, 'cases.list', {}), false);
    const opened = await b.opened;
    assert.equal(opened.status.state, 'ready');
    const refused = await bad;
    assert.equal(!refused.ok && refused.error.code, 'bad_request');
    for (const [i, [m, p]] of FIRST_SCREEN.entries()) {
      const now = await opened.invokeJson(m, p);
      assert.ok(now.ok);
      const before = value(early[i]!) as Record<string, unknown>;
      if (m === 'app.info') {
        assert.equal(before.answeredEarly, true, 'the window is told it was answered early');
        delete before.answeredEarly;
      }
      assert.deepEqual(before, value(now.text), m);
    }
    assert.deepEqual((value(early[1]!) as { value: unknown }).value, { center: [113.5, 22.8], zoom: 10 });
    assert.deepEqual(await b.invoke('app.opened', {}), { ok: true, value: { reopen: false } });
  } finally {
    await b.close();
  }
});

test('how far the open has got is answered at once, while the file waits and once it is read', async () => {
  const dataFile = await closedFile();
  let hold = true;
  const reads: number[] = [];
  const b = openBackend({
    ...options(dataFile),
    holdOpen: () => hold,
    onOpenProgress: (read) => reads.push(read),
  });
  try {
    assert.deepEqual((await b.invoke('app.opening', {})) as unknown, {
      ok: true,
      value: { open: false, bytesRead: 0, bytesTotal: 0 },
    });
    hold = false;
    await b.opened;
    const size = statSync(dataFile).size;
    assert.equal(reads.at(-1), size, 'the whole file was read');
    assert.deepEqual(value((await b.invokeJson('app.opening', {})).text), {
      open: true,
      bytesRead: size,
      bytesTotal: size,
    });
  } finally {
    await b.close();
  }
});

test('a data file changed by another program, or a damaged record, waits for the file and answers what it holds', async () => {
  const dataFile = await closedFile();
  execFileSync('sqlite3', [dataFile, "UPDATE gezhi_meta SET value = '别的数据' WHERE key = 'dataset_name'"]);
  const changed = openBackend(options(dataFile));
  try {
    assert.equal(await beforeOpen(changed, 'app.info', {}), false);
    const info = await changed.invokeJson('app.info', {});
    assert.equal((value(info.text) as { datasetName: string }).datasetName, '别的数据');
  } finally {
    await changed.close();
  }

  // The close above kept a fresh record; cut it short.
  const record = join(gridAnswersDir(dataFile), 'boot.json');
  writeFileSync(record, readFileSync(record, 'utf8').slice(0, 200));
  const damaged = openBackend(options(dataFile));
  try {
    assert.equal(await beforeOpen(damaged, 'app.info', {}), false);
    assert.equal((await damaged.opened).status.state, 'ready');
  } finally {
    await damaged.close();
  }
});

test('a record that does not match the opened file is caught: a window answered early is told to start again', async () => {
  const dataFile = await closedFile();
  // A whole record, with a valid header, whose answers are not what the file holds.
  const record = join(gridAnswersDir(dataFile), 'boot.json');
  const text = readFileSync(record, 'utf8');
  const body = text
    .slice(text.indexOf('\n') + 1)
    .replace(/"datasetName":"[^"]*"/, '"datasetName":"记录里的名字"');
  writeFileSync(record, `gezhi-boot 1 ${createHash('sha1').update(body).digest('hex')}\n${body}`);

  const b = openBackend(options(dataFile));
  try {
    const early = await b.invokeJson('app.info', {});
    assert.equal((value(early.text) as { datasetName: string }).datasetName, '记录里的名字');
    // Asked at once, answered when the file is open: start again.
    const opened = await b.invokeJson('app.opened', {});
    assert.deepEqual(value(opened.text), { reopen: true });
    const now = await b.invokeJson('app.info', {});
    assert.notEqual((value(now.text) as { datasetName: string }).datasetName, '记录里的名字');
  } finally {
    await b.close();
  }
});
