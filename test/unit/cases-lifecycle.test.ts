import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  formatLocal,
  HOUR_MS,
  instantFromLocal,
  loadCalendar,
  readClock,
} from '../../shared/calendar/index.ts';
import {
  ACTION_FROM,
  allowedActions,
  applyAction,
  CASE_ACTION_TYPES,
  formatCaseMessage,
  openCase,
  type Actor,
  type CaseAction,
  type CaseActionType,
  type CaseState,
  type CaseStatus,
} from '../../shared/cases/index.ts';
import { CASE_STATUSES } from '../../shared/cases/types.ts';

const loaded = loadCalendar(JSON.parse(readFileSync('data/calendar/cn-2025-2026.json', 'utf8')));
if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
const calendar = loaded.value.calendar;
const ctx = { calendar };
const at = (local: string): number => instantFromLocal(local, calendar.offsetMs);
const show = (t: number): string => formatLocal(t, calendar.offsetMs);

const operator: Actor = { id: 'op-1', name: '值班员张三', role: 'operator' };
const dept: Actor = { id: 'u-9', name: '执法队李四', role: 'department' };
const item = { code: 'E0102', level: 'B', timeLimit: { value: 2, unit: 'workingHours' } } as const;

/** A representative legal action of each type, valid from every state it is allowed in. */
const SAMPLE: { [T in CaseActionType]: Extract<CaseAction, { type: T }> } = {
  register: { type: 'register', item },
  void: { type: 'void', reason: '重复上报' },
  dispatch: { type: 'dispatch', department: 'enforcement' },
  startHandling: { type: 'startHandling' },
  feedback: { type: 'feedback', result: '已清理完毕' },
  startVerification: { type: 'startVerification' },
  close: { type: 'close' },
  sendBack: { type: 'sendBack', reason: '现场仍有垃圾' },
  transfer: { type: 'transfer', department: 'city-services', reason: '属环卫职责' },
  whistle: { type: 'whistle', departments: ['district-police'], reason: '需公安分局协同' },
  reportIn: { type: 'reportIn', department: 'district-urban' },
  supervise: { type: 'supervise', reason: '已超时' },
  archive: { type: 'archive' },
  merge: { type: 'merge', into: '20260316-000001' },
};

const URBAN_WHISTLE: CaseAction = {
  type: 'whistle',
  departments: ['district-urban'],
  reason: '需区城管局协同',
};

function ok(s: CaseState, action: CaseAction, when: string, actor: Actor = operator): CaseState {
  const r = applyAction(s, action, actor, at(when), ctx);
  if (!r.ok) assert.fail(`${action.type} refused: ${r.error.message.en}`);
  return r.state;
}

/** A case brought to `status` by the straight path (with a pending whistle once dispatched). */
function caseIn(status: CaseStatus): CaseState {
  let s = openCase({ id: 'c1', item }, operator, at('2026-03-16 09:00')).state;
  const path: [CaseStatus, CaseAction][] = [
    ['registered', SAMPLE.register],
    ['dispatched', SAMPLE.dispatch],
    ['handling', SAMPLE.startHandling],
    ['feedback', SAMPLE.feedback],
    ['verifying', SAMPLE.startVerification],
    ['closed', SAMPLE.close],
    ['archived', SAMPLE.archive],
  ];
  if (status === 'reported') return s;
  if (status === 'voided') return ok(s, SAMPLE.void, '2026-03-16 09:05');
  let minute = 10;
  for (const [reached, action] of path) {
    s = ok(s, action, `2026-03-16 09:${minute++}`);
    if (reached === 'dispatched') s = ok(s, URBAN_WHISTLE, `2026-03-16 09:${minute++}`);
    if (reached === status) return s;
  }
  throw new Error(status);
}

test('every legal transition is accepted and lands in the documented state', () => {
  const expected: Partial<Record<CaseActionType, CaseStatus>> = {
    register: 'registered',
    void: 'voided',
    dispatch: 'dispatched',
    startHandling: 'handling',
    feedback: 'feedback',
    startVerification: 'verifying',
    close: 'closed',
    sendBack: 'handling',
    transfer: 'dispatched',
    archive: 'archived',
    merge: 'closed',
  };
  let count = 0;
  for (const type of CASE_ACTION_TYPES)
    for (const from of ACTION_FROM[type]) {
      const s = caseIn(from);
      const r = applyAction(s, SAMPLE[type], operator, at('2026-03-16 10:00'), ctx);
      assert.ok(r.ok, `${type} from ${from}: ${r.ok ? '' : r.error.message.en}`);
      assert.equal(r.state.status, expected[type] ?? from, `${type} from ${from}`);
      assert.equal(r.entry.action, type);
      assert.equal(r.entry.at, at('2026-03-16 10:00'));
      assert.deepEqual(r.entry.actor, operator);
      count++;
    }
  assert.equal(count, 24);
});

test('every illegal transition is refused with a message in both languages, and nothing changes', () => {
  let count = 0;
  for (const status of CASE_STATUSES) {
    const s = caseIn(status);
    const frozen = JSON.stringify(s);
    for (const type of CASE_ACTION_TYPES) {
      if (ACTION_FROM[type].includes(status)) continue;
      const r = applyAction(s, SAMPLE[type], operator, at('2026-03-16 10:00'), ctx);
      assert.equal(r.ok, false, `${type} from ${status} should be refused`);
      if (r.ok) continue;
      assert.equal(r.error.key, 'case.illegalTransition');
      assert.deepEqual(r.error.params, { status, action: type });
      assert.ok(r.error.message['zh-CN'].length > 0 && r.error.message.en.length > 0);
      count++;
    }
    assert.equal(JSON.stringify(s), frozen, 'the input state is never mutated');
  }
  assert.equal(count, CASE_STATUSES.length * CASE_ACTION_TYPES.length - 24);
});

test('illegal transition messages read naturally', () => {
  const r = applyAction(caseIn('dispatched'), SAMPLE.close, operator, at('2026-03-16 10:00'), ctx);
  assert.ok(!r.ok);
  assert.equal(r.error.message['zh-CN'], '案件当前为“已派遣”状态，不能核查结案');
  assert.equal(r.error.message.en, 'cannot close a case that is dispatched');
  assert.equal(formatCaseMessage(r.error.key, r.error.params, 'en'), r.error.message.en);
});

test('allowedActions offers exactly the legal actions', () => {
  assert.deepEqual(allowedActions('reported'), ['register', 'void']);
  assert.deepEqual(allowedActions('handling'), ['feedback', 'transfer', 'whistle', 'reportIn', 'supervise']);
  assert.deepEqual(allowedActions('verifying'), ['close', 'sendBack', 'reportIn']);
  assert.deepEqual(allowedActions('voided'), []);
  assert.deepEqual(allowedActions('archived'), []);
  // merge needs an original: it is offered with a duplicate flag, not as a plain button.
  assert.ok(!allowedActions('reported').includes('merge'));
});

test('required reasons are enforced (blank or whitespace refused), and kept trimmed', () => {
  const blank: [CaseStatus, CaseAction, string][] = [
    ['reported', { type: 'void', reason: '  ' }, 'case.reasonRequired'],
    ['verifying', { type: 'sendBack', reason: '' }, 'case.reasonRequired'],
    ['handling', { type: 'transfer', department: 'x', reason: '\n' }, 'case.reasonRequired'],
    ['handling', { type: 'whistle', departments: ['district-water'], reason: '' }, 'case.reasonRequired'],
    ['handling', { type: 'supervise', reason: ' ' }, 'case.reasonRequired'],
    ['handling', { type: 'feedback', result: ' ' }, 'case.resultRequired'],
    ['registered', { type: 'dispatch', department: ' ' }, 'case.departmentRequired'],
    ['handling', { type: 'transfer', department: '', reason: 'r' }, 'case.departmentRequired'],
    ['handling', { type: 'transfer', department: 'enforcement', reason: 'r' }, 'case.sameDepartment'],
    ['handling', { type: 'whistle', departments: [], reason: 'r' }, 'case.noDepartments'],
    ['handling', { type: 'whistle', departments: ['a', 'a'], reason: 'r' }, 'case.duplicateDepartment'],
    ['handling', { type: 'whistle', departments: ['district-urban'], reason: 'r' }, 'case.alreadyCalled'],
    ['handling', { type: 'reportIn', department: 'district-water' }, 'case.notWhistled'],
  ];
  for (const [status, action, key] of blank) {
    const r = applyAction(caseIn(status), action, operator, at('2026-03-16 10:00'), ctx);
    assert.equal(r.ok ? 'accepted' : r.error.key, key, `${action.type} from ${status}`);
  }
  const voided = ok(caseIn('reported'), { type: 'void', reason: '  重复上报 ' }, '2026-03-16 10:00');
  assert.equal(voided.voidReason, '重复上报');
  const r = applyAction(
    caseIn('reported'),
    { type: 'void', reason: '' },
    operator,
    at('2026-03-16 10:00'),
    ctx,
  );
  assert.ok(!r.ok);
  assert.equal(r.error.message['zh-CN'], '作废必须填写理由');
  assert.equal(r.error.message.en, 'a reason is required to void');
});

test('register needs an item type with a valid time limit', () => {
  const bare = openCase({ id: 'c2' }, operator, at('2026-03-16 09:00')).state;
  const refuse = (action: CaseAction): string => {
    const r = applyAction(bare, action, operator, at('2026-03-16 09:30'), ctx);
    return r.ok ? 'accepted' : r.error.key;
  };
  assert.equal(refuse({ type: 'register' }), 'case.itemRequired');
  assert.equal(
    refuse({ type: 'register', item: { ...item, timeLimit: { value: 0, unit: 'workingHours' } } }),
    'case.badItem',
  );
  assert.equal(
    refuse({ type: 'register', item: { ...item, timeLimit: { value: 1.5, unit: 'workingDays' } } }),
    'case.badItem',
  );
  const reg = ok(bare, { type: 'register', item }, '2026-03-16 09:30');
  assert.deepEqual(reg.item, item);
  // An item chosen at report is kept when register confirms without changing it.
  assert.deepEqual(ok(caseIn('reported'), { type: 'register' }, '2026-03-16 09:30').item, item);
});

test('the timeline only moves forward, and every action needs an actor', () => {
  const s = caseIn('registered');
  const back = applyAction(s, SAMPLE.dispatch, operator, at('2026-03-16 08:00'), ctx);
  assert.ok(!back.ok);
  assert.equal(back.error.key, 'case.timeWentBack');
  assert.match(back.error.message.en, /2026-03-16 08:00 is before .* 2026-03-16 09:10/);
  const nobody = applyAction(s, SAMPLE.dispatch, { id: ' ', name: '' }, at('2026-03-16 10:00'), ctx);
  assert.ok(!nobody.ok);
  assert.equal(nobody.error.key, 'case.actorRequired');
});

test('history entries record who, when, why and only the fields that changed', () => {
  const opened = openCase({ id: 'c9', item, note: '群众来电' }, operator, at('2026-03-16 09:00'));
  assert.equal(opened.entry.action, 'report');
  assert.equal(opened.entry.note, '群众来电');
  assert.equal(opened.entry.after.status, 'reported');
  const reg = ok(opened.state, SAMPLE.register, '2026-03-16 09:01');
  const r = applyAction(
    reg,
    {
      ...SAMPLE.dispatch,
      note: '请尽快处置',
      attachments: [{ id: 'a1', name: '现场.jpg', mediaType: 'image/jpeg' }],
    },
    operator,
    at('2026-03-16 09:02'),
    ctx,
  );
  assert.ok(r.ok);
  assert.deepEqual(Object.keys(r.entry.before).sort(), ['clock', 'department', 'dispatchedAt', 'status']);
  assert.deepEqual(r.entry.before.status, 'registered');
  assert.deepEqual(r.entry.after.status, 'dispatched');
  assert.equal(r.entry.after.department, 'enforcement');
  assert.equal(r.entry.note, '请尽快处置');
  assert.equal(r.entry.attachments[0]?.name, '现场.jpg');
  const back = applyAction(caseIn('verifying'), SAMPLE.sendBack, operator, at('2026-03-16 10:00'), ctx);
  assert.ok(back.ok);
  assert.equal(back.entry.reason, '现场仍有垃圾');
  assert.deepEqual([back.entry.before.reworkCount, back.entry.after.reworkCount], [0, 1]);
});

test('the clock starts at dispatch on the working calendar (Friday 17:30 → due Monday 10:30)', () => {
  let s = openCase({ id: 'c3', item }, operator, at('2026-03-13 17:00')).state;
  s = ok(s, SAMPLE.register, '2026-03-13 17:10');
  assert.equal(s.clock, null, 'no clock before dispatch');
  s = ok(s, SAMPLE.dispatch, '2026-03-13 17:30');
  assert.equal(show(s.clock!.dueAt), '2026-03-16 10:30');
  assert.equal(s.clock!.department, 'enforcement');
  assert.equal(show(s.dispatchedAt!), '2026-03-13 17:30');
});

test('a 3-working-day item dispatched before the National Day holiday is due after it', () => {
  const slow = { code: 'E1101', level: 'C', timeLimit: { value: 3, unit: 'workingDays' } } as const;
  let s = openCase({ id: 'c4', item: slow }, operator, at('2026-09-30 10:00')).state;
  s = ok(s, { type: 'register' }, '2026-09-30 10:01');
  s = ok(s, SAMPLE.dispatch, '2026-09-30 10:02');
  assert.equal(show(s.clock!.dueAt), '2026-10-10 17:30');
});

test('rework resumes the same clock; the verification wait is not charged', () => {
  let s = openCase({ id: 'c5', item }, operator, at('2026-03-16 08:30')).state;
  s = ok(s, SAMPLE.register, '2026-03-16 08:30');
  s = ok(s, SAMPLE.dispatch, '2026-03-16 08:30'); // due 10:30
  s = ok(s, SAMPLE.startHandling, '2026-03-16 08:45', dept);
  s = ok(s, SAMPLE.feedback, '2026-03-16 09:30', dept); // 1 h used, clock paused
  assert.equal(s.clock!.pausedAt, at('2026-03-16 09:30'));
  s = ok(s, SAMPLE.startVerification, '2026-03-16 11:00');
  s = ok(s, SAMPLE.sendBack, '2026-03-16 14:30'); // paused 09:30–14:30 = 3 h of working time
  assert.equal(s.status, 'handling');
  assert.equal(s.reworkCount, 1);
  assert.equal(show(s.clock!.dueAt), '2026-03-16 15:30');
  const r = readClock(calendar, s.clock!, at('2026-03-16 15:00'));
  assert.equal(r.usedMs, 1.5 * HOUR_MS);
  // Rework to 'dispatched' makes the department sign for it again.
  s = ok(s, SAMPLE.feedback, '2026-03-16 15:00', dept);
  s = ok(s, SAMPLE.startVerification, '2026-03-16 15:05');
  s = ok(s, { type: 'sendBack', reason: '仍未清理', to: 'dispatched' }, '2026-03-16 15:10');
  assert.equal(s.status, 'dispatched');
  assert.equal(s.reworkCount, 2);
});

test('a closed case keeps the reading of its last feedback: on time or late', () => {
  let s = caseIn('handling'); // dispatched 09:11, due 11:11
  s = ok(s, SAMPLE.feedback, '2026-03-16 11:00', dept);
  s = ok(s, SAMPLE.startVerification, '2026-03-16 15:00');
  s = ok(s, SAMPLE.close, '2026-03-16 16:00');
  assert.equal(readClock(calendar, s.clock!, at('2026-03-20 10:00')).overdue, false);
  assert.equal(s.closedAt, at('2026-03-16 16:00'));
  let late = caseIn('handling');
  late = ok(late, SAMPLE.feedback, '2026-03-16 15:00', dept);
  assert.equal(readClock(calendar, late.clock!, at('2026-03-16 15:00')).overdue, true);
});

test('transfer gives the new department a fresh clock and keeps the old one frozen', () => {
  let s = caseIn('handling'); // with enforcement since 09:11
  s = ok(s, SAMPLE.transfer, '2026-03-16 16:00');
  assert.equal(s.status, 'dispatched');
  assert.equal(s.department, 'city-services');
  assert.equal(s.transferCount, 1);
  assert.equal(show(s.clock!.startedAt), '2026-03-16 16:00');
  assert.equal(show(s.clock!.dueAt), '2026-03-17 09:00'); // 1.5 h today + 0.5 h tomorrow
  assert.equal(s.previousClocks.length, 1);
  assert.equal(s.previousClocks[0]!.department, 'enforcement');
  assert.equal(s.previousClocks[0]!.pausedAt, at('2026-03-16 16:00'));
  assert.equal(show(s.dispatchedAt!), '2026-03-16 09:11', 'the first dispatch time stays');
});

test('whistle: district departments are called with a reason and each reports in once', () => {
  let s = caseIn('handling'); // district-urban already whistled
  s = ok(
    s,
    { type: 'whistle', departments: ['district-water', 'district-housing'], reason: '涉及供水管网' },
    '2026-03-16 10:00',
  );
  assert.equal(s.whistles.length, 2);
  assert.equal(s.whistles[1]!.seq, 2);
  assert.equal(s.whistles[1]!.reason, '涉及供水管网');
  const district: Actor = { id: 'dw-1', name: '区水务局王五', role: 'district' };
  s = ok(
    s,
    { type: 'reportIn', department: 'district-water', note: '已派员到场' },
    '2026-03-16 10:30',
    district,
  );
  const call = s.whistles[1]!.calls.find((c) => c.department === 'district-water')!;
  assert.deepEqual(
    [call.reportedAt, call.reportedBy, call.note],
    [at('2026-03-16 10:30'), 'dw-1', '已派员到场'],
  );
  const again = applyAction(
    s,
    { type: 'reportIn', department: 'district-water' },
    district,
    at('2026-03-16 11:00'),
    ctx,
  );
  assert.ok(!again.ok);
  assert.equal(again.error.key, 'case.alreadyReported');
  // Once it has reported in, the same department may be whistled again.
  s = ok(s, { type: 'whistle', departments: ['district-water'], reason: '再次协调' }, '2026-03-16 11:00');
  assert.equal(s.whistles.length, 3);
  assert.equal(s.clock!.dueAt, caseIn('handling').clock!.dueAt, 'escalation leaves the clock alone');
});

test('supervise records the department and whether it was already late', () => {
  let s = caseIn('handling'); // due 11:11
  s = ok(s, SAMPLE.supervise, '2026-03-16 10:00');
  s = ok(s, { type: 'supervise', reason: '严重超时', department: 'enforcement' }, '2026-03-16 15:00');
  assert.deepEqual(
    s.supervisions.map((v) => [v.department, v.overdue, v.reason]),
    [
      ['enforcement', false, '已超时'],
      ['enforcement', true, '严重超时'],
    ],
  );
});

test('the full closed loop: dispatch, feedback, send back once, close, archive', () => {
  let s = openCase({ id: 'loop', item }, operator, at('2026-03-16 09:00')).state;
  const steps: [CaseAction, Actor][] = [
    [SAMPLE.register, operator],
    [SAMPLE.dispatch, operator],
    [SAMPLE.startHandling, dept],
    [SAMPLE.feedback, dept],
    [SAMPLE.startVerification, operator],
    [SAMPLE.sendBack, operator],
    [SAMPLE.feedback, dept],
    [SAMPLE.startVerification, operator],
    [SAMPLE.close, operator],
    [SAMPLE.archive, operator],
  ];
  const log: string[] = [];
  steps.forEach(([action, actor], i) => {
    const r = applyAction(s, action, actor, at('2026-03-16 09:00') + (i + 1) * 600_000, ctx);
    assert.ok(r.ok, action.type);
    log.push(`${r.entry.before.status ?? s.status}→${r.state.status}`);
    s = r.state;
  });
  assert.equal(s.status, 'archived');
  assert.equal(s.reworkCount, 1);
  assert.deepEqual(log.slice(4, 7), ['feedback→verifying', 'verifying→handling', 'handling→feedback']);
});

test('merge closes a duplicate with its clock paused, naming the original; never into itself', () => {
  let s = ok(caseIn('reported'), { type: 'register', item }, '2026-03-16 09:00');
  s = ok(s, { type: 'dispatch', department: 'enforcement' }, '2026-03-16 09:30');
  const r = applyAction(s, { type: 'merge', into: '20260316-000001' }, operator, at('2026-03-16 10:00'), ctx);
  assert.ok(r.ok);
  assert.equal(r.state.status, 'closed');
  assert.equal(r.state.mergedInto, '20260316-000001');
  assert.equal(r.state.closedAt, at('2026-03-16 10:00'));
  assert.equal(r.state.clock?.pausedAt, at('2026-03-16 10:00'));
  assert.equal(r.entry.reason, '20260316-000001');
  const self = applyAction(s, { type: 'merge', into: s.id }, operator, at('2026-03-16 10:00'), ctx);
  assert.ok(!self.ok);
  assert.equal(self.error.key, 'case.mergeSelf');
  assert.match(self.error.message['zh-CN'], /自身/);
  const late = applyAction(
    caseIn('feedback'),
    { type: 'merge', into: '20260316-000001' },
    operator,
    at('2026-03-16 10:00'),
    ctx,
  );
  assert.ok(!late.ok);
  assert.equal(late.error.key, 'case.illegalTransition');
});
