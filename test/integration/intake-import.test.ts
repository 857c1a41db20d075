/**
 * 12345 hotline import through the backend API on a real data file, with real files made by real
 * tools: a GBK CSV (glibc iconv), a UTF-8-with-BOM CSV and an XLSX workbook (GDAL's ogr2ogr).
 * Bad rows are listed with reasons while the rest are imported and located; bad files are refused
 * with a clear error and store nothing.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, Point } from 'geojson';
import type { CaseDetail, CaseList } from '../../shared/api/cases-contract.ts';
import type { ApiErrorBody, PushEvent } from '../../shared/api/contract.ts';
import type { ImportPreview, ImportResult, UploadReceipt } from '../../shared/api/intake-contract.ts';
import { createBackend, type Backend } from '../../electron/backend/backend.ts';
import { tempDir } from '../helpers/serve-process.ts';
import { demoBackendOptions } from '../helpers/demo-backend.ts';

const clock = Date.parse('2025-06-03T10:00:00+08:00');
const dir = tempDir('gezhi-import-');
let backend: Backend;
let points: [number, number][];
const events: PushEvent[] = [];

async function call<T>(method: string, params: unknown = {}): Promise<T> {
  const r = await backend.invoke(method, params);
  if (!r.ok)
    throw new Error(`${method}: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.details)}`);
  return r.value as T;
}
async function refused(method: string, params: unknown): Promise<ApiErrorBody> {
  const r = await backend.invoke(method, params);
  assert.ok(!r.ok, `${method} should be refused`);
  return r.error;
}
const b64 = (file: string): string => readFileSync(file).toString('base64');
const caseCount = async (): Promise<number> => (await call<CaseList>('cases.list', { limit: 1 })).total;

const HEADER = '工单编号,受理时间,事项,诉求内容,事发地址,经度,纬度,来电人,联系电话';

/** Rows with `prefix` ticket numbers: 5 good (one outside the district), 4 bad with known reasons. */
function hotlineRows(prefix: string): string[] {
  const [a, b, c] = points as [[number, number], [number, number], [number, number]];
  return [
    `${prefix}-1,2025-06-02 09:30,上水井盖,"井盖缺失，""很危险""",环市大道1号,${a[0]},${a[1]},张三,13800000001`,
    `${prefix}-2,2025/6/2 10:05,E0101,"路边垃圾
堆了三天",,${b[0]},${b[1]},李四,`,
    `${prefix}-3,2025年6月2日 11:00,e0101,,黄阁镇,${c[0]},${c[1]},,`,
    `${prefix}-4,2025-06-02 12:00,E0101,北京的点,,116.39,39.9,,`,
    `${prefix}-5,,C0101,无时间,,${a[0]},${a[1]},,`,
    `${prefix}-6,2025-06-02 09:30,Z9999,未知事项,,${a[0]},${a[1]},,`,
    `${prefix}-7,2025-06-02 09:30,E0101,经度越界,,200,22.7,,`,
    `${prefix}-8,2025-02-30 09:30,E0101,坏日期,,${a[0]},${a[1]},,`,
    `${prefix}-9,2025-06-02 09:30,E0101,,,${a[0]},${a[1]},,`,
  ];
}

function checkResult(r: ImportResult, prefix: string): void {
  assert.equal(r.totalRows, 9);
  assert.equal(r.imported, 5);
  assert.equal(r.located, 4, 'the Beijing point is kept, flagged outside');
  assert.equal(r.failedRows, 4);
  assert.deepEqual(
    r.problems.map((p) => [p.row, p.column, p.problem, p.value]),
    [
      [7, '事项', 'unknownItem', 'Z9999'],
      [8, '经度', 'lonOutOfRange', '200'],
      [9, '受理时间', 'badDate', '2025-02-30 09:30'],
      [10, '诉求内容', 'missingDescription', ''],
    ],
    prefix,
  );
}

test('the backend opens on a fresh data file', async () => {
  backend = await createBackend(
    demoBackendOptions(join(dir, 'gezhi.gpkg'), {
      now: () => clock,
    }),
  );
  backend.onEvent((e) => events.push(e));
  const labels = await call<{ features: Feature<Point>[] }>('grid.labels', { level: 'cell' });
  points = [10, 200, 400].map((i) => labels.features[i]!.geometry.coordinates as [number, number]);
});
after(() => backend?.close());

test('a GBK CSV made by iconv: detected, previewed, mapped, imported with bad rows listed', async () => {
  const utf8File = join(dir, 'gbk-source.csv');
  writeFileSync(utf8File, [HEADER, ...hotlineRows('GBK')].join('\r\n') + '\r\n');
  const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK', utf8File]);
  assert.notDeepEqual(gbk, readFileSync(utf8File), 'iconv re-encoded the file');
  const source = { base64: gbk.toString('base64') };

  const preview = await call<ImportPreview>('intake.preview', { name: '12345.csv', source, rows: 3 });
  assert.equal(preview.format, 'csv');
  assert.equal(preview.encoding, 'gbk');
  assert.equal(preview.detected?.basis, 'valid-gbk');
  assert.deepEqual(preview.headers, HEADER.split(','));
  assert.equal(preview.totalRows, 9);
  assert.equal(preview.rows.length, 3);
  assert.equal(preview.rows[0]![3], '井盖缺失，"很危险"');
  assert.equal(preview.rows[1]![3], '路边垃圾\n堆了三天', 'a line break inside quotes stays in the field');
  assert.deepEqual(preview.suggestedMapping, {
    externalId: 0,
    time: 1,
    item: 2,
    description: 3,
    address: 4,
    lon: 5,
    lat: 6,
    reporterName: 7,
    reporterPhone: 8,
  });

  const before = await caseCount();
  const r = await call<ImportResult>('intake.import', {
    name: '12345.csv',
    source,
    mapping: preview.suggestedMapping,
    progressId: 'gbk',
  });
  checkResult(r, 'GBK');
  assert.equal(await caseCount(), before + 5);
  assert.ok(events.some((e) => e.type === 'intake.progress' && e.progressId === 'gbk' && e.done === 5));

  const first = await call<CaseDetail>('cases.get', { id: r.caseIds[0]! });
  assert.equal(first.channel, 'hotline12345');
  assert.equal(first.simulated, false);
  assert.equal(first.externalId, 'GBK-1');
  assert.equal(first.itemCode, 'C0101');
  assert.equal(first.description, '井盖缺失，"很危险"\n地址：环市大道1号');
  assert.equal(first.reporter, '张三 13800000001');
  assert.equal(first.reportedAt, Date.parse('2025-06-02T09:30:00+08:00'), 'the call time is kept');
  assert.ok(first.cell && first.community && first.town, 'located to cell, community and town');
  assert.match(first.id, /^20250602-/);
  const noTime = await call<CaseDetail>('cases.get', { id: r.caseIds[4]! });
  assert.equal(noTime.reportedAt, clock, 'a row without a time is reported now');
  const beijing = await call<CaseDetail>('cases.get', { id: r.caseIds[3]! });
  assert.equal(beijing.outsideDistrict, true);
});

test('importing the same tickets again refuses them all as duplicates', async () => {
  const utf8File = join(dir, 'gbk-source.csv');
  const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK', utf8File]);
  const before = await caseCount();
  const r = await call<ImportResult>('intake.import', {
    name: 'again.csv',
    source: { base64: gbk.toString('base64') },
    mapping: { externalId: 0, time: 1, item: 2, description: 3, address: 4, lon: 5, lat: 6 },
  });
  assert.equal(r.imported, 0);
  assert.equal(r.problems.filter((p) => p.problem === 'duplicateExternalId').length, 5);
  assert.equal(await caseCount(), before);
});

test('a UTF-8 CSV with a BOM, uploaded in chunks as the serve host requires', async () => {
  const file = join(dir, 'bom.csv');
  writeFileSync(
    file,
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([HEADER, ...hotlineRows('BOM')].join('\n'))]),
  );
  const bytes = readFileSync(file);
  let receipt: UploadReceipt | null = null;
  const size = 300; // tiny chunks, to exercise the assembly
  for (let offset = 0; offset < bytes.length; offset += size)
    receipt = await call<UploadReceipt>('intake.upload', {
      ...(receipt ? { uploadId: receipt.uploadId } : {}),
      totalBytes: bytes.length,
      offset,
      chunkBase64: bytes.subarray(offset, offset + size).toString('base64'),
    });
  assert.ok(receipt?.complete);
  const out = await refused('intake.upload', {
    uploadId: receipt.uploadId,
    totalBytes: bytes.length,
    offset: 5,
    chunkBase64: 'QUFB',
  });
  assert.equal(out.code, 'bad_request', 'a chunk out of order is refused');
  const source = { uploadId: receipt.uploadId };
  const preview = await call<ImportPreview>('intake.preview', { name: 'bom.csv', source });
  assert.equal(preview.encoding, 'utf-8');
  assert.equal(preview.detected?.basis, 'bom');
  assert.equal(preview.headers[0], '工单编号', 'the BOM is not part of the first header');
  const r = await call<ImportResult>('intake.import', {
    name: 'bom.csv',
    source,
    mapping: preview.suggestedMapping,
  });
  checkResult(r, 'BOM');
  const gone = await refused('intake.preview', { name: 'bom.csv', source });
  assert.equal(gone.code, 'not_found', 'an upload is released once imported');
});

test('an XLSX workbook written by ogr2ogr', async () => {
  const csv = join(dir, 'sheet.csv');
  writeFileSync(csv, [HEADER, ...hotlineRows('XLSX')].join('\n'));
  const xlsx = join(dir, 'hotline.xlsx');
  execFileSync('ogr2ogr', ['-f', 'XLSX', xlsx, csv]);
  const source = { base64: b64(xlsx) };
  const preview = await call<ImportPreview>('intake.preview', { name: 'hotline.xlsx', source });
  assert.equal(preview.format, 'xlsx');
  assert.equal(preview.encoding, null);
  assert.deepEqual(preview.sheets, ['sheet']);
  assert.deepEqual(preview.headers, HEADER.split(','));
  assert.equal(preview.totalRows, 9);
  const r = await call<ImportResult>('intake.import', {
    name: 'hotline.xlsx',
    source,
    mapping: preview.suggestedMapping,
  });
  checkResult(r, 'XLSX');
});

test('bad files and bad requests: a clear error each, nothing stored', async () => {
  const before = await caseCount();
  const xlsx = readFileSync(join(dir, 'hotline.xlsx'));
  const garbage = Buffer.alloc(4096);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
  const mapping = { item: 2, description: 3, lon: 5, lat: 6 };
  const cases: [string, unknown, string, string | RegExp][] = [
    ['empty', { base64: '' }, 'bad_request', /empty/],
    ['garbage', { base64: garbage.toString('base64') }, 'bad_request', 'intake.binaryFile'],
    [
      'truncated xlsx',
      { base64: xlsx.subarray(0, xlsx.length >> 1).toString('base64') },
      'bad_request',
      'intake.unreadableXlsx',
    ],
    ['header only', { base64: Buffer.from(HEADER).toString('base64') }, 'bad_request', 'intake.noRows'],
    [
      'unterminated quote',
      { base64: Buffer.from(`${HEADER}\n1,"open`).toString('base64') },
      'bad_request',
      'intake.unterminatedQuote',
    ],
    [
      'neither UTF-8 nor GBK',
      { base64: Buffer.from([0x61, 0x0a, 0xff, 0xff, 0x0a]).toString('base64') },
      'bad_request',
      'intake.undecidedEncoding',
    ],
    [
      'old xls',
      { base64: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]).toString('base64') },
      'bad_request',
      'intake.xlsNotSupported',
    ],
    ['20 MB', { base64: Buffer.alloc(20 * 1024 * 1024, 0x41).toString('base64') }, 'bad_request', /10 MB/],
  ];
  for (const [label, source, code, key] of cases) {
    for (const method of ['intake.preview', 'intake.import']) {
      const name = label.includes('xlsx') ? 'x.xlsx' : 'x.csv';
      const e = await refused(
        method,
        method === 'intake.import' ? { name, source, mapping } : { name, source },
      );
      assert.equal(e.code, code, `${label} ${method}`);
      const said = `${e.details?.key ?? ''} ${e.issues?.map((i) => i.message).join(' ') ?? ''} ${e.message}`;
      if (typeof key === 'string') assert.equal(e.details?.key, key, `${label} ${method}: ${said}`);
      else assert.match(said, key, label);
    }
  }
  const big = await refused('intake.upload', {
    totalBytes: 20 * 1024 * 1024,
    offset: 0,
    chunkBase64: 'QUFB',
  });
  assert.match(big.issues?.[0]?.message ?? '', /file over 10 MB/);
  const csv = { base64: Buffer.from(`${HEADER}\n${hotlineRows('M')[0]}`).toString('base64') };
  const noMapping = await refused('intake.import', { name: 'm.csv', source: csv, mapping: { item: 2 } });
  assert.equal(noMapping.details?.key, 'intake.missingFields');
  assert.equal(noMapping.details?.fields, 'lon,lat,description');
  const outside = await refused('intake.import', {
    name: 'm.csv',
    source: csv,
    mapping: { ...mapping, lat: 40 },
  });
  assert.equal(outside.details?.key, 'intake.columnOutOfRange');
  assert.equal(await caseCount(), before, 'nothing was stored');
});
