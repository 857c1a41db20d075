import { test } from 'node:test';
import assert from 'node:assert/strict';
import { en } from '../../renderer/src/i18n/en.ts';
import { zhCN } from '../../renderer/src/i18n/zh-CN.ts';
import { interpolate, isLocale, nextLocale, translate, hasKey } from '../../renderer/src/i18n/i18n.ts';
import { formatArea, formatDateTime } from '../../renderer/src/i18n/format.ts';
import { describeError, describeFinding, storeOpenReason } from '../../renderer/src/i18n/error-messages.ts';
import { ERROR_CODES, type Finding } from '../../shared/api/contract.ts';

test('both locales have exactly the same keys and no empty strings', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(zhCN).sort());
  for (const [name, messages] of [
    ['zh-CN', zhCN],
    ['en', en],
  ] as const) {
    for (const [k, v] of Object.entries(messages)) assert.ok(v.trim().length > 0, `${name} ${k} is empty`);
  }
});

test('both locales use the same placeholders in each message', () => {
  const names = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
  for (const k of Object.keys(zhCN) as (keyof typeof zhCN)[])
    assert.deepEqual(names(en[k]), names(zhCN[k]), k);
});

test('Chinese is the default text and English has no Chinese left in it', () => {
  assert.match(zhCN['status.dataFile'], /[\u4e00-\u9fff]/);
  // The one deliberate exception: the switch names the other language in that language.
  for (const [k, v] of Object.entries(en))
    if (k !== 'lang.switch') assert.doesNotMatch(v, /[\u4e00-\u9fff]/, k);
});

test('interpolation fills values and marks missing ones', () => {
  assert.equal(interpolate('{a} and {b}', { a: 1, b: 'x' }), '1 and x');
  assert.equal(interpolate('code {code}', {}), 'code —');
  assert.equal(translate('en', 'search.results', { count: 3 }), 'Results: 3');
  assert.equal(translate('zh-CN', 'status.schemaValue', { version: 2 }), '第 2 版');
});

test('locales', () => {
  assert.ok(isLocale('zh-CN') && isLocale('en') && !isLocale('fr') && !isLocale(null));
  assert.equal(nextLocale('zh-CN'), 'en');
  assert.equal(nextLocale('en'), 'zh-CN');
});

test('every error code and finding code has a message in both languages', () => {
  for (const c of ERROR_CODES) assert.ok(hasKey(`error.${c}`), c);
  for (const r of ['newer_schema', 'unreadable', 'locked', 'io']) {
    assert.ok(hasKey(`storeError.${r}.why`) && hasKey(`storeError.${r}.todo`), r);
  }
  const findings: Finding['code'][] = [
    'snapshot_corrupt',
    'snapshot_truncated',
    'restored_previous_snapshot',
    'log_tail_torn',
    'log_replayed',
    'migrated',
    'backup_written',
    'corrupt_file_kept',
  ];
  for (const f of findings) assert.ok(hasKey(`finding.${f}`), f);
  assert.match(describeFinding({ code: 'log_tail_torn', values: {} }, 'zh-CN'), /日志/);
  assert.equal(
    describeError({ code: 'not_found', message: 'x', details: { code: '440115' } }, 'en'),
    'No grid unit has the code 440115.',
  );
  assert.equal(
    storeOpenReason({ code: 'store_unavailable', message: 'x', details: { reason: 'locked' } }),
    'locked',
  );
  assert.equal(storeOpenReason({ code: 'store_unavailable', message: 'x' }), 'io');
});

test('dates are shown in China Standard Time whatever the machine zone', () => {
  const d = Date.UTC(2024, 0, 31, 16, 30, 5); // 2024-02-01 00:30:05 in Shanghai
  assert.equal(formatDateTime(d, 'zh-CN'), '2024/02/01 00:30:05');
  assert.match(formatDateTime(d, 'en'), /02\/01\/2024,? 00:30:05/);
});

test('areas have two decimals and no grouping', () => {
  assert.equal(formatArea(1.234, 'zh-CN'), '1.23');
  assert.equal(formatArea(803.456, 'en'), '803.5');
});
