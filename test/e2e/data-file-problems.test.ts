/**
 * What a person sees when the data file is damaged: a failed state that says why and what to do,
 * or, when the store could recover, a banner saying what was found and recovered.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from '../helpers/browser.ts';
import { invoke, startServe, tempDir } from '../helpers/serve-process.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('a data file that is not a database shows the failed state, and the file is left as it was', async () => {
  const dataFile = join(tempDir(), 'gezhi.gpkg');
  const garbage = Buffer.from('this is not a sqlite database, it is a page of a report\n'.repeat(200));
  writeFileSync(dataFile, garbage);
  const serve = await startServe({ dataFile });
  try {
    const info = await invoke(serve.origin, 'app.info');
    const store = (info.body.value as { store: { state: string; error: { details: { reason: string } } } })
      .store;
    assert.equal(store.state, 'failed');
    assert.equal(store.error.details.reason, 'unreadable');
    const tree = await invoke(serve.origin, 'grid.tree');
    assert.equal(tree.status, 503);
    assert.equal(tree.body.error?.code, 'store_unavailable');

    const w = await openPage(browser);
    await w.page.goto(serve.url);
    const failed = w.page.getByTestId('failed-state');
    await failed.waitFor({ timeout: 30_000 });
    const text = (await failed.textContent()) ?? '';
    assert.ok(text.includes(dataFile), 'names the file');
    assert.match(text, /[\u4e00-\u9fff]/, 'explains in Chinese');
    assert.match(text, /损坏|不是格治/, 'says the file is damaged or not a GeZhi file');
    assert.match(text, /备份/, 'says what to do: restore a backup');
    await screenshot(w.page, 'failed-state-1920x1080');
    assert.deepEqual(w.offHost, []);
    assert.deepEqual(w.consoleErrors, []);
    await w.context.close();
  } finally {
    await serve.stop();
  }
  assert.deepEqual(readFileSync(dataFile), garbage, 'the damaged file is not overwritten');
});

test('a torn log tail is recovered and the banner says so', async () => {
  const dataFile = join(tempDir(), 'gezhi.gpkg');
  const first = await startServe({ dataFile });
  const set = await invoke(first.origin, 'settings.set', { key: 'probe', value: { n: 42 } });
  assert.equal(set.status, 200);
  // Kill without a clean shutdown: the setting lives only in the log, then tear the log's tail.
  first.proc.kill('SIGKILL');
  await new Promise((r) => first.proc.once('exit', r));
  const { readdirSync, appendFileSync } = await import('node:fs');
  const logDir = `${dataFile}.log`;
  const segments = readdirSync(logDir)
    .filter((f) => f.endsWith('.seg'))
    .sort();
  assert.ok(segments.length > 0, 'a log segment exists');
  appendFileSync(join(logDir, segments.at(-1)!), Buffer.from([0x40, 0, 0, 0, 1, 2, 3]));

  const second = await startServe({ dataFile });
  try {
    const got = await invoke(second.origin, 'settings.get', { key: 'probe' });
    assert.deepEqual(
      (got.body.value as { value: unknown }).value,
      { n: 42 },
      'the acknowledged write survived',
    );
    const w = await openPage(browser);
    await w.page.goto(second.url);
    const banner = w.page.getByTestId('recovery-banner');
    await banner.waitFor({ timeout: 60_000 });
    assert.match((await banner.textContent()) ?? '', /[\u4e00-\u9fff]/);
    await screenshot(w.page, 'recovery-banner-1920x1080');
    assert.deepEqual(w.consoleErrors, []);
    await w.context.close();
  } finally {
    await second.stop();
  }
});

test('a first screen answered from what the last close kept starts again when the file says otherwise', async () => {
  const dir = tempDir();
  const dataFile = join(dir, 'gezhi.gpkg');
  const first = await startServe({ dataFile });
  const w0 = await openPage(browser);
  await w0.page.goto(first.url);
  await w0.page.waitForSelector('body[data-map-state="idle"]', { timeout: 60_000 });
  const realName = (await w0.page.locator('.dataset-name').textContent()) ?? '';
  await w0.context.close();
  assert.equal(await first.stop(), 0, 'a clean close keeps what the first screen read');

  // A whole record with a valid header whose dataset name the file does not hold.
  const record = join(`${dataFile}.map-cache`, 'boot.json');
  const text = readFileSync(record, 'utf8');
  const body = text
    .slice(text.indexOf('\n') + 1)
    .replace(/"datasetName":"[^"]*"/, '"datasetName":"记录里的名字"');
  writeFileSync(record, `gezhi-boot 1 ${createHash('sha1').update(body).digest('hex')}\n${body}`);

  // The data file's open waits for the hold file, so the window is certainly answered early.
  const hold = join(dir, 'open.hold');
  writeFileSync(hold, '');
  const serve = await startServe({ dataFile, extraArgs: ['--open-hold-file', hold] });
  try {
    const w = await openPage(browser);
    let loads = 0;
    w.page.on('load', () => loads++);
    await w.page.goto(serve.url);
    // The map is drawn from the kept answers while the file is not open at all.
    await w.page.waitForSelector('body[data-map-state="idle"]', { timeout: 60_000 });
    assert.equal(await w.page.locator('.dataset-name').textContent(), '记录里的名字');
    assert.equal(loads, 1);
    rmSync(hold);
    // Once open, the file's own answers replace the kept ones: the window starts again.
    await w.page.waitForFunction(
      (name) => document.querySelector('.dataset-name')?.textContent === name,
      realName,
      {
        timeout: 30_000,
      },
    );
    assert.equal(loads, 2, 'the window loaded once more');
    await w.page.waitForSelector('body[data-map-state="idle"]', { timeout: 60_000 });
    assert.deepEqual(w.offHost, []);
    assert.deepEqual(w.consoleErrors, []);
    await w.context.close();
  } finally {
    await serve.stop();
  }
});
