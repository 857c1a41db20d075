/** Column mapping suggestions, cell values (dates, coordinates) and row checks with their reasons. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingFields, suggestMapping } from '../../shared/intake/mapping.ts';
import { mapRow, type RowContext } from '../../shared/intake/rows.ts';
import { parseDateTime, parseDecimal } from '../../shared/intake/values.ts';

const CST = 8 * 3_600_000;

test('a typical 12345 header is mapped', () => {
  const headers = [
    '工单编号',
    '受理时间',
    '事项编码',
    '诉求内容',
    '事发地址',
    '经度',
    '纬度',
    '来电人',
    '联系电话',
  ];
  assert.deepEqual(suggestMapping(headers), {
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
});

test('English headers, fragments, and an exact name beating an earlier fragment', () => {
  assert.deepEqual(suggestMapping(['Ticket ID', 'Reported At', 'Item Code', 'Description', 'Lng', 'Lat']), {
    externalId: 0,
    time: 1,
    item: 2,
    description: 3,
    lon: 4,
    lat: 5,
  });
  // "来电时间" is an exact time name; "受理时间备注" only contains one, and must not win.
  const m = suggestMapping(['受理时间备注', '来电时间']);
  assert.equal(m.time, 1);
  assert.deepEqual(suggestMapping(['foo', 'bar']), {});
});

test('missing fields: item, coordinates, and description or address', () => {
  assert.deepEqual(missingFields({}), ['item', 'lon', 'lat', 'description']);
  assert.deepEqual(missingFields({ item: 0, lon: 1, lat: 2, address: 3 }), []);
  assert.deepEqual(missingFields({ item: 0, lon: null, lat: 2, description: 3 }), ['lon']);
});

test('dates as hotline exports write them, read in China time', () => {
  const at = Date.parse('2025-06-02T09:30:00+08:00');
  for (const t of [
    '2025-06-02 09:30',
    '2025/6/2 9:30:00',
    '2025年6月2日 09:30',
    '2025-06-02T09:30:00',
    '20250602093000',
  ])
    assert.equal(parseDateTime(t, CST), at, t);
  assert.equal(parseDateTime('2025-06-02', CST), Date.parse('2025-06-02T00:00:00+08:00'));
  assert.equal(parseDateTime('2025-06-02T01:30:00Z', CST), at);
  assert.equal(parseDateTime('2025-06-02 09:30+08:00', CST), at);
  for (const bad of ['2025-02-30 10:00', '2025-13-01', '2025-06-02 25:00', 'yesterday', '06/02/2025', ''])
    assert.equal(parseDateTime(bad, CST), null, bad);
});

test('decimals', () => {
  assert.equal(parseDecimal(' 113.52 '), 113.52);
  assert.equal(parseDecimal('-0.5'), -0.5);
  assert.equal(parseDecimal('22.8°'), 22.8);
  for (const bad of ['', 'abc', '1,5', '113.5E', '1.2.3']) assert.equal(parseDecimal(bad), null, bad);
});

const headers = ['编号', '时间', '事项', '内容', '地址', '经度', '纬度', '姓名', '电话'];
const mapping = suggestMapping(headers);
const ctx: RowContext = {
  headers,
  resolveItem: (t) =>
    ({ C0101: 'C0101', 上水井盖: 'C0101' })[t.toUpperCase()] ??
    ({ 上水井盖: 'C0101' } as Record<string, string>)[t] ??
    null,
  offsetMs: CST,
  now: Date.parse('2025-06-03T12:00:00+08:00'),
};

test('a good row becomes a case with address, reporter and call time', () => {
  const r = mapRow(
    [
      'A1',
      '2025-06-02 09:30',
      '上水井盖',
      '井盖缺失',
      '环市大道 1 号',
      '113.5',
      '22.8',
      '张三',
      '13800000000',
    ],
    2,
    mapping,
    ctx,
  );
  assert.deepEqual(r, {
    ok: true,
    value: {
      itemCode: 'C0101',
      lon: 113.5,
      lat: 22.8,
      description: '井盖缺失\n地址：环市大道 1 号',
      reporter: '张三 13800000000',
      externalId: 'A1',
      reportedAt: Date.parse('2025-06-02T09:30:00+08:00'),
    },
  });
});

test('every problem of a bad row is listed with row, column and value', () => {
  const r = mapRow(['A2', '2025-02-30', 'X9999', '', '', '200', 'north', '', ''], 7, mapping, ctx);
  assert.equal(r.ok, false);
  assert.ok(!r.ok);
  assert.deepEqual(
    r.problems.map((p) => [p.row, p.column, p.problem, p.value]),
    [
      [7, '事项', 'unknownItem', 'X9999'],
      [7, '经度', 'lonOutOfRange', '200'],
      [7, '纬度', 'notANumber', 'north'],
      [7, '时间', 'badDate', '2025-02-30'],
      [7, '内容', 'missingDescription', ''],
    ],
  );
});

test('missing item and coordinates, a future date, over-long fields', () => {
  const r = mapRow(
    ['x'.repeat(65), '2026-01-01 00:00', '', 'd'.repeat(2001), '', '', '', '', ''],
    3,
    mapping,
    ctx,
  );
  assert.ok(!r.ok);
  assert.deepEqual(
    r.problems.map((p) => [p.field, p.problem]),
    [
      ['item', 'missingItem'],
      ['lon', 'missingCoordinates'],
      ['time', 'futureDate'],
      ['description', 'tooLong'],
      ['externalId', 'tooLong'],
    ],
  );
});
