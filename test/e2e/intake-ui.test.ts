/**
 * The intake tools as an operator uses them, in Chromium on the real serve host: a GBK 12345 export
 * (made by iconv) chosen in the import dialog, previewed with its encoding detected and its columns
 * mapped, imported over the 1 MiB-per-request HTTP API in chunks, and the bad rows listed; then a
 * drill started, seen running, stopped and purged after confirmation.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { Feature, Point } from 'geojson';
import { launchBrowser, openPage, screenshot, type WatchedPage } from '../helpers/browser.ts';
import { invoke, startServe, tempDir, type ServeProcess } from '../helpers/serve-process.ts';

let serve: ServeProcess;
let browser: Browser;
let w: WatchedPage;

before(async () => {
  serve = await startServe({ demo: 'nansha' });
  browser = await launchBrowser();
  w = await openPage(browser);
  await w.page.goto(serve.url);
  await w.page.waitForSelector('body[data-map-state="idle"]', { timeout: 90_000 });
});

after(async () => {
  try {
    if (w) {
      assert.deepEqual(w.offHost, [], 'no request may leave 127.0.0.1');
      assert.deepEqual(w.consoleErrors, [], 'no console error');
      await w.context.close();
    }
  } finally {
    await browser?.close();
    await serve?.stop();
  }
});

describe('intake tools (serve mode, Chromium)', () => {
  test('a GBK hotline export is previewed, mapped, imported, and its bad rows listed', async () => {
    const labels = await invoke(serve.origin, 'grid.labels', { level: 'cell' });
    const features = (labels.body.value as { features: Feature<Point>[] }).features;
    const rows = ['工单编号,受理时间,事项,诉求内容,经度,纬度'];
    // Enough rows (about 650 KB) that the upload needs several chunks.
    for (let i = 0; i < 3000; i++) {
      const [lon, lat] = features[i % features.length]!.geometry.coordinates as [number, number];
      rows.push(
        `UI-${i},2025-06-02 09:${String(i % 60).padStart(2, '0')},E0101,"路边垃圾，请处理，编号${i}${'。'.repeat(60)}",${lon},${lat}`,
      );
    }
    rows.push('UI-bad-1,2025-06-02 09:00,X0000,未知事项,113.5,22.7');
    rows.push('UI-bad-2,2025-06-02 09:00,E0101,坐标越界,113.5,95');
    const dir = tempDir('gezhi-ui-import-');
    writeFileSync(join(dir, 'utf8.csv'), rows.join('\r\n'));
    const gbkFile = join(dir, '12345导出.csv');
    writeFileSync(
      gbkFile,
      execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK', join(dir, 'utf8.csv')], {
        maxBuffer: 16 * 1024 * 1024,
      }),
    );

    assert.ok(statSync(gbkFile).size > 512 * 1024, 'more than one upload chunk');
    const { page } = w;
    await page.getByRole('button', { name: '导入12345工单' }).click();
    const dialog = page.getByRole('dialog', { name: '导入 12345 热线工单' });
    // The chooser is labelled in the UI's language (Chromium's own input would say "Choose File").
    await dialog.getByRole('button', { name: '选择 CSV 或 XLSX 文件' }).waitFor();
    await dialog.getByText('尚未选择文件').waitFor();
    assert.equal(await dialog.locator('input[type=file]:visible').count(), 0);
    await dialog.locator('input[type=file]').setInputFiles(gbkFile);
    await dialog.getByText('识别为 GBK（有效 GBK）').waitFor({ timeout: 20_000 });
    await dialog.getByText('预览：共 3,002 行').waitFor();
    assert.equal(await dialog.getByRole('combobox', { name: '经度' }).inputValue(), 'lon');
    assert.equal(await dialog.getByRole('combobox', { name: '事项' }).inputValue(), 'item');
    await screenshot(page, 'intake-import-preview-1920x1080');
    await dialog.getByRole('button', { name: '导入 3,002 行' }).click();
    await dialog.getByText('已导入 3,000 件').waitFor({ timeout: 30_000 });
    await dialog.getByRole('table', { name: '未导入的行' }).waitFor();
    const failed = await dialog
      .getByRole('table', { name: '未导入的行' })
      .locator('tbody tr')
      .allInnerTexts();
    assert.equal(failed.length, 2);
    assert.match(failed[0]!, /3,002\s+事项\s+事项编码或名称不在事项清单中\s+X0000/);
    assert.match(failed[1]!, /3,003\s+纬度\s+纬度超出/);
    await screenshot(page, 'intake-import-result-1920x1080');
    await dialog.getByRole('button', { name: '关闭' }).last().click();
  });

  test('a drill runs, shows itself, stops, and is purged after confirmation', async () => {
    const { page } = w;
    await page.getByRole('button', { name: '演练' }).click();
    const panel = page.getByRole('dialog', { name: '演练模拟器' });
    await panel.getByLabel('每分钟案件数').fill('1200');
    await panel.getByRole('button', { name: '开始演练' }).click();
    await panel.getByText(/演练进行中：已生成 [1-9]/).waitFor({ timeout: 10_000 });
    await screenshot(page, 'intake-drill-running-1920x1080');
    assert.equal(
      await page.getByRole('button', { name: '演练', pressed: true }).count(),
      1,
      'the top bar shows it',
    );
    await panel.getByRole('button', { name: '停止' }).click();
    await panel.getByText('未在演练').waitFor();
    await panel.getByRole('button', { name: '清除全部演练案件' }).click();
    await panel.getByText(/确定清除全部 [\d,]+ 件演练案件/).waitFor();
    await panel.getByRole('button', { name: '清除全部演练案件' }).click();
    await panel.getByText(/已清除 [\d,]+ 件演练案件/).waitFor();
    await panel.getByText('数据中现有演练案件 0 件').waitFor();
    const left = await invoke(serve.origin, 'cases.list', { simulated: true, limit: 1 });
    assert.equal((left.body.value as { total: number }).total, 0);
  });
});
