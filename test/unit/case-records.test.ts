import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { instantFromLocal, loadCalendar } from '../../shared/calendar/index.ts';
import {
  applyAction,
  openCase,
  type Actor,
  type CaseAction,
  type CaseState,
} from '../../shared/cases/index.ts';
import { stateJsonOf, stateOf, type CaseRow } from '../../electron/backend/cases/case-records.ts';

const loaded = loadCalendar(JSON.parse(readFileSync('data/calendar/cn-2025-2026.json', 'utf8')));
if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
const ctx = { calendar: loaded.value.calendar };
const operator: Actor = { id: 'op-1', name: '值班员张三', role: 'operator' };
const item = { code: 'E0102', level: 'B', timeLimit: { value: 2, unit: 'workingHours' } } as const;

/** The row the insert and updateCaseOp write for `state`: its columns, and state_json. */
function rowOf(state: CaseState): CaseRow {
  return {
    id: state.id,
    seq: 1,
    item_code: state.item?.code ?? null,
    category_code: state.item?.code.slice(0, 3) ?? null,
    level: state.item?.level ?? null,
    status: state.status,
    lon: 113.5,
    lat: 22.8,
    cell_code: null,
    community_code: null,
    town_code: null,
    grid_version: 1,
    outside_district: 0,
    possible_duplicate_of: null,
    simulated: 0,
    channel: 'operator',
    reporter: null,
    description: '井盖缺失',
    external_id: null,
    department: state.department,
    due_at: state.clock?.dueAt ?? null,
    reported_at: state.reportedAt,
    updated_at: state.updatedAt,
    catalogue_version: 1,
    clock_json: state.clock ? JSON.stringify(state.clock) : null,
    dispatched_at: state.dispatchedAt,
    closed_at: state.closedAt,
    state_json: stateJsonOf(state),
  };
}

test('a stored case comes back as the same state at every step of its life, and state_json holds only the rest', () => {
  let t = instantFromLocal('2026-03-16T09:00', ctx.calendar.offsetMs);
  const steps: CaseAction[] = [
    { type: 'register', item },
    { type: 'dispatch', department: 'enforcement' },
    { type: 'whistle', departments: ['district-police'], reason: '需公安分局协同' },
    { type: 'reportIn', department: 'district-police' },
    { type: 'supervise', reason: '已超时' },
    { type: 'transfer', department: 'city-services', reason: '属环卫职责' },
    { type: 'startHandling' },
    { type: 'feedback', result: '已清理完毕' },
    { type: 'startVerification' },
    { type: 'sendBack', reason: '现场仍有垃圾' },
    { type: 'feedback', result: '已复查' },
    { type: 'startVerification' },
    { type: 'close' },
    { type: 'archive' },
  ];
  let state = openCase({ id: '20260316-000002' }, operator, t).state;
  const seen: CaseState[] = [state];
  for (const action of steps) {
    t += 3_600_000;
    const r = applyAction(state, action, operator, t, ctx);
    assert.ok(r.ok, `${action.type}: ${r.ok ? '' : r.error.message.en}`);
    state = r.state;
    seen.push(state);
  }
  for (const s of seen) {
    assert.deepEqual(stateOf(rowOf(s)), s, s.status);
    const rest = JSON.parse(stateJsonOf(s)) as Record<string, unknown>;
    for (const inColumns of ['id', 'status', 'department', 'clock', 'reportedAt', 'updatedAt'])
      assert.ok(!(inColumns in rest), `${inColumns} is held twice`);
  }
  assert.equal(stateJsonOf(seen[0]!), '{}', 'a new case has nothing beyond its columns');
  assert.equal(state.reworkCount, 1);
  assert.equal(state.previousClocks.length, 1);

  const voided = applyAction(seen[0]!, { type: 'void', reason: '重复上报' }, operator, t, ctx);
  assert.ok(voided.ok);
  assert.deepEqual(stateOf(rowOf(voided.state)), voided.state);
  const merged = applyAction(seen[1]!, { type: 'merge', into: '20260316-000001' }, operator, t, ctx);
  assert.ok(merged.ok);
  assert.deepEqual(stateOf(rowOf(merged.state)), merged.state);
  assert.equal(JSON.parse(stateJsonOf(merged.state)).mergedInto, '20260316-000001');
});

test('rows written before the compact form (the whole state in state_json) still read as they were', () => {
  const state = openCase({ id: '20250101-000001', item }, operator, 1_750_000_000_000).state;
  const old = { ...rowOf(state), state_json: JSON.stringify(state), status: 'stale column' };
  assert.deepEqual(stateOf(old), state);
});
