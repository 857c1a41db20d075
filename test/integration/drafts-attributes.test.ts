/**
 * The attributes form's edits through the backend on a real Nansha data file: refused values come
 * back as 400 with the Chinese message and change nothing; accepted ones are in the draft after the
 * data file is closed and reopened, and in the published grid (workers' names and notes included)
 * after publishing (where the operator's unit details show them), and the next draft starts from them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DraftUnitFeature, OpenDraftState } from '../../shared/api/drafts-contract.ts';
import type { UnitDetail } from '../../shared/api/contract.ts';
import type { GridUnitAttributes } from '../../shared/grid/types.ts';
import { call, nanshaCopy, openBackend, refused } from '../helpers/draft-fixture.ts';

test('attributes and a new code: refused with a message, saved durably, kept through publishing', async () => {
  const file = await nanshaCopy();
  let b = await openBackend(file);
  await call<OpenDraftState>(b, 'draft.open', {});
  const cells = (await call<{ features: DraftUnitFeature[] }>(b, 'draft.layer', { level: 'cell' })).features;
  const cell = cells[3]!;
  const code = cell.properties.code;
  const sibling = cells.find((c) => c !== cell && c.properties.parentCode === cell.properties.parentCode)!;

  const taken = await refused(b, 'draft.edit', { op: { op: 'setCode', code, to: sibling.properties.code } });
  assert.equal(taken.code, 'conflict');
  assert.match(String(taken.details?.messageZh), /已被其他单元使用/);
  const bad = await refused(b, 'draft.edit', {
    op: { op: 'setAttributes', code, attrs: { kind: 'dedicated', subtype: null } },
  });
  assert.equal(bad.code, 'bad_request');
  assert.match(String(bad.details?.messageZh), /子类型/);
  const short = await refused(b, 'draft.edit', { op: { op: 'setCode', code, to: '4401' } });
  assert.equal(short.code, 'bad_request');

  const attrs = {
    name: '南沙医院专属网格',
    kind: 'dedicated',
    subtype: 'hospital',
    chief: '周婷',
    staffFullTime: 2,
    workerNames: { fullTime: ['黄伟', '林静'], partTime: [], volunteer: [] },
    notes: '急诊楼周边 24 小时巡查',
  };
  await call(b, 'draft.edit', { op: { op: 'setAttributes', code, attrs } });
  const to = `${cell.properties.parentCode}777`;
  await call(b, 'draft.edit', { op: { op: 'setCode', code, to } });
  await b.close();

  b = await openBackend(file);
  const reopened = await call<GridUnitAttributes | null>(b, 'draft.unit', { code: to });
  assert.equal(reopened?.name, '南沙医院专属网格');
  assert.deepEqual(reopened?.workerNames?.fullTime, ['黄伟', '林静']);
  assert.equal(await call(b, 'draft.unit', { code }), null, 'the old code is gone');

  await call(b, 'draft.publish', { reason: '设立医院专属网格' });
  // What the operator's read-only panel shows of the published cell.
  const published = await call<UnitDetail>(b, 'grid.unit', { code: to });
  assert.equal(published.chief, '周婷');
  assert.deepEqual(published.workerNames, attrs.workerNames);
  assert.equal(published.notes, '急诊楼周边 24 小时巡查');
  const plain = await call<UnitDetail>(b, 'grid.unit', { code: sibling.properties.code });
  assert.equal(plain.workerNames, null, 'counts only: no names');
  assert.equal(plain.notes, null);
  await call<OpenDraftState>(b, 'draft.open', {});
  const next = await call<GridUnitAttributes | null>(b, 'draft.unit', { code: to });
  assert.equal(next?.subtype, 'hospital');
  assert.equal(next?.notes, '急诊楼周边 24 小时巡查');
  assert.deepEqual(next?.workerNames, attrs.workerNames);
  await b.close();
});
