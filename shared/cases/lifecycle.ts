/**
 * The case lifecycle (GB/T 30428 workflow): reported → registered (or voided) → dispatched →
 * handling → feedback → verifying → closed → archived, with rework, transfer, whistle (吹哨) with
 * 报到, and supervision (督办). `applyAction` is pure: it returns the next state and the history
 * entry to append, or a typed refusal; it never mutates its input.
 *
 * Clock rules (the due time runs on the working calendar):
 * - dispatch starts the department's clock with the item type's time limit; time before the next
 *   working instant does not count.
 * - feedback pauses it: from then on the case waits for the center's verifier, not the department.
 *   Closing leaves it paused, so "closed on time" means the last feedback came before the due time.
 * - send back (rework) resumes the same clock and moves the due time later by the working time the
 *   case spent in feedback/verification. The department gets no fresh limit for redoing poor work,
 *   and is not charged for the center's time. A case already overdue stays exactly as overdue.
 * - transfer gives the receiving department a fresh clock with the full limit from the transfer:
 *   a wrong routing is the center's mistake, not the new department's. The old clock is kept,
 *   frozen, in previousClocks for the record.
 * - whistle, report-in and supervise do not touch the clock: escalation is part of handling.
 * - merge closes a duplicate with its clock paused and `mergedInto` naming the original; the
 *   history entry's reason is the original's id.
 */
import { pauseClock, readClock, resumeClock, startClock } from '../calendar/clock.ts';
import type { WorkingCalendar } from '../calendar/calendar.ts';
import { formatLocal } from '../calendar/local-time.ts';
import { formatCaseMessage, type CaseMessageKey, type MessageParams } from './messages.ts';
import type {
  Actor,
  AttachmentRef,
  CaseAction,
  CaseActionType,
  CaseItem,
  CaseState,
  CaseStatus,
  HistoryEntry,
} from './types.ts';

/** The states each action may be taken from. */
export const ACTION_FROM: { readonly [T in CaseActionType]: readonly CaseStatus[] } = {
  register: ['reported'],
  void: ['reported', 'registered'],
  dispatch: ['registered'],
  startHandling: ['dispatched'],
  feedback: ['handling'],
  startVerification: ['feedback'],
  close: ['verifying'],
  sendBack: ['verifying'],
  transfer: ['dispatched', 'handling'],
  whistle: ['dispatched', 'handling'],
  reportIn: ['dispatched', 'handling', 'feedback', 'verifying'],
  supervise: ['dispatched', 'handling'],
  archive: ['closed'],
  // A duplicate is found before or while it is handled; once fed back its work is done.
  merge: ['reported', 'registered', 'dispatched', 'handling'],
};

export const CASE_ACTION_TYPES = Object.keys(ACTION_FROM) as CaseActionType[];

/**
 * The actions the dispatch panel may offer for a case in this state. merge is left out: it needs
 * the original, so the panel offers it beside a duplicate flag (see canMerge).
 */
export function allowedActions(status: CaseStatus): CaseActionType[] {
  return CASE_ACTION_TYPES.filter((t) => t !== 'merge' && ACTION_FROM[t].includes(status));
}

/** Whether a case in this state may still be merged into another as a duplicate. */
export function canMerge(status: CaseStatus): boolean {
  return ACTION_FROM.merge.includes(status);
}

export interface CaseError {
  key: CaseMessageKey;
  params: MessageParams;
  /** The message in both languages, for hosts that answer without knowing the reader's locale. */
  message: { 'zh-CN': string; en: string };
}

export type ApplyResult =
  { ok: true; state: CaseState; entry: HistoryEntry } | { ok: false; error: CaseError };

export interface LifecycleContext {
  calendar: WorkingCalendar;
}

export interface NewCase {
  id: string;
  /** Known at report when the reporter chose it; the operator confirms or changes it at register. */
  item?: CaseItem;
  note?: string;
  attachments?: readonly AttachmentRef[];
}

function caseError(key: CaseMessageKey, params: MessageParams = {}): { ok: false; error: CaseError } {
  return {
    ok: false,
    error: {
      key,
      params,
      message: { 'zh-CN': formatCaseMessage(key, params, 'zh-CN'), en: formatCaseMessage(key, params, 'en') },
    },
  };
}

/** The first step: a case reported through any channel. */
export function openCase(
  input: NewCase,
  actor: Actor,
  at: number,
): { state: CaseState; entry: HistoryEntry } {
  const state: CaseState = {
    id: input.id,
    status: 'reported',
    item: input.item ?? null,
    department: null,
    clock: null,
    previousClocks: [],
    reportedAt: at,
    dispatchedAt: null,
    closedAt: null,
    voidReason: null,
    reworkCount: 0,
    transferCount: 0,
    whistles: [],
    supervisions: [],
    updatedAt: at,
  };
  return {
    state,
    entry: {
      caseId: input.id,
      action: 'report',
      actor,
      at,
      reason: null,
      note: input.note?.trim() || null,
      attachments: [...(input.attachments ?? [])],
      before: {},
      // What reporting set; every other field starts empty, as later entries' `before` shows.
      after: { id: state.id, status: state.status, item: state.item, reportedAt: at },
    },
  };
}

const trimmed = (text: string | undefined): string => (typeof text === 'string' ? text.trim() : '');

function validItem(item: CaseItem): boolean {
  const { value, unit } = item.timeLimit;
  return (
    Number.isFinite(value) &&
    value > 0 &&
    (unit === 'workingHours' || (unit === 'workingDays' && Number.isInteger(value)))
  );
}

type Step = { ok: true; next: CaseState; reason: string | null } | { ok: false; error: CaseError };

function needReason(
  action: CaseActionType,
  text: string | undefined,
): string | { ok: false; error: CaseError } {
  const reason = trimmed(text);
  return reason ? reason : caseError('case.reasonRequired', { action });
}

/** The transition proper, once the action is known to be legal from the current state. */
function step(s: CaseState, action: CaseAction, actor: Actor, at: number, ctx: LifecycleContext): Step {
  const to = (status: CaseStatus, patch: Partial<CaseState> = {}, reason: string | null = null): Step => ({
    ok: true,
    next: { ...s, ...patch, status, updatedAt: at },
    reason,
  });
  switch (action.type) {
    case 'register': {
      const item = action.item ?? s.item;
      if (!item) return caseError('case.itemRequired');
      if (!validItem(item)) return caseError('case.badItem', { code: item.code });
      return to('registered', { item: { ...item, timeLimit: { ...item.timeLimit } } });
    }
    case 'void': {
      const reason = needReason('void', action.reason);
      if (typeof reason !== 'string') return reason;
      return to('voided', { voidReason: reason }, reason);
    }
    case 'dispatch': {
      const department = trimmed(action.department);
      if (!department) return caseError('case.departmentRequired', { action: 'dispatch' });
      // A registered case always has an item: register refuses without one.
      const clock = { ...startClock(ctx.calendar, at, s.item!.timeLimit), department };
      return to('dispatched', { department, clock, dispatchedAt: s.dispatchedAt ?? at });
    }
    case 'startHandling':
      return to('handling');
    case 'feedback': {
      const result = trimmed(action.result);
      if (!result) return caseError('case.resultRequired');
      return to(
        'feedback',
        { clock: s.clock && { ...pauseClock(s.clock, at), department: s.clock.department } },
        result,
      );
    }
    case 'startVerification':
      return to('verifying');
    case 'close':
      return to('closed', { closedAt: at });
    case 'sendBack': {
      const reason = needReason('sendBack', action.reason);
      if (typeof reason !== 'string') return reason;
      const clock = s.clock && { ...resumeClock(ctx.calendar, s.clock, at), department: s.clock.department };
      return to(action.to ?? 'handling', { clock, reworkCount: s.reworkCount + 1 }, reason);
    }
    case 'transfer': {
      const department = trimmed(action.department);
      if (!department) return caseError('case.departmentRequired', { action: 'transfer' });
      if (department === s.department) return caseError('case.sameDepartment', { department });
      const reason = needReason('transfer', action.reason);
      if (typeof reason !== 'string') return reason;
      const previousClocks = s.clock
        ? [...s.previousClocks, { ...pauseClock(s.clock, at), department: s.clock.department }]
        : s.previousClocks;
      const clock = { ...startClock(ctx.calendar, at, s.item!.timeLimit), department };
      return to(
        'dispatched',
        { department, clock, previousClocks, transferCount: s.transferCount + 1 },
        reason,
      );
    }
    case 'whistle': {
      const reason = needReason('whistle', action.reason);
      if (typeof reason !== 'string') return reason;
      const departments = (action.departments ?? []).map((d) => trimmed(d));
      if (departments.length === 0 || departments.some((d) => !d)) return caseError('case.noDepartments');
      const seen = new Set<string>();
      for (const department of departments) {
        if (seen.has(department)) return caseError('case.duplicateDepartment', { department });
        seen.add(department);
        const pending = s.whistles.some((w) =>
          w.calls.some((c) => c.department === department && c.reportedAt === null),
        );
        if (pending) return caseError('case.alreadyCalled', { department });
      }
      const call = {
        seq: s.whistles.length + 1,
        at,
        by: actor.id,
        reason,
        calls: departments.map((department) => ({
          department,
          reportedAt: null,
          reportedBy: null,
          note: null,
        })),
      };
      return to(s.status, { whistles: [...s.whistles, call] }, reason);
    }
    case 'reportIn': {
      const department = trimmed(action.department);
      if (!department) return caseError('case.departmentRequired', { action: 'reportIn' });
      const called = s.whistles.some((w) => w.calls.some((c) => c.department === department));
      if (!called) return caseError('case.notWhistled', { department });
      const index = s.whistles.findIndex((w) =>
        w.calls.some((c) => c.department === department && c.reportedAt === null),
      );
      if (index < 0) return caseError('case.alreadyReported', { department });
      const whistles = s.whistles.map((w, i) =>
        i !== index
          ? w
          : {
              ...w,
              calls: w.calls.map((c) =>
                c.department === department && c.reportedAt === null
                  ? { ...c, reportedAt: at, reportedBy: actor.id, note: trimmed(action.note) || null }
                  : c,
              ),
            },
      );
      return to(s.status, { whistles });
    }
    case 'supervise': {
      const reason = needReason('supervise', action.reason);
      if (typeof reason !== 'string') return reason;
      const department = trimmed(action.department) || s.department;
      if (!department) return caseError('case.departmentRequired', { action: 'supervise' });
      const overdue = s.clock ? readClock(ctx.calendar, s.clock, at).overdue : false;
      const supervision = { at, by: actor.id, department, reason, overdue };
      return to(s.status, { supervisions: [...s.supervisions, supervision] }, reason);
    }
    case 'archive':
      return to('archived');
    case 'merge': {
      const into = trimmed(action.into);
      if (!into) return caseError('case.mergeTargetRequired');
      if (into === s.id) return caseError('case.mergeSelf');
      // The duplicate's clock stops where it is: the original's department does the work.
      const clock = s.clock && { ...pauseClock(s.clock, at), department: s.clock.department };
      return to('closed', { closedAt: at, mergedInto: into, clock }, into);
    }
  }
}

function changedFields(
  before: CaseState,
  after: CaseState,
): { before: Partial<CaseState>; after: Partial<CaseState> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof CaseState)[]) {
    if (key === 'updatedAt') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b as Partial<CaseState>, after: a as Partial<CaseState> };
}

/**
 * Applies one action by `actor` at `at` (epoch ms). Refuses, with a message in both languages, an
 * action the current state does not allow, a missing reason, department or item, and a time before
 * the case's last action (the timeline only moves forward).
 */
export function applyAction(
  state: CaseState,
  action: CaseAction,
  actor: Actor,
  at: number,
  ctx: LifecycleContext,
): ApplyResult {
  if (!trimmed(actor.id)) return caseError('case.actorRequired');
  if (!(at >= state.updatedAt))
    return caseError('case.timeWentBack', {
      at: Number.isFinite(at) ? formatLocal(at, ctx.calendar.offsetMs) : String(at),
      last: formatLocal(state.updatedAt, ctx.calendar.offsetMs),
    });
  const from: readonly CaseStatus[] | undefined = ACTION_FROM[action.type];
  if (!from?.includes(state.status))
    return caseError('case.illegalTransition', { status: state.status, action: action.type });
  const result = step(state, action, actor, at, ctx);
  if (!result.ok) return result;
  const diff = changedFields(state, result.next);
  return {
    ok: true,
    state: result.next,
    entry: {
      caseId: state.id,
      action: action.type,
      actor,
      at,
      reason: result.reason,
      note: trimmed(action.note) || null,
      attachments: [...(action.attachments ?? [])],
      ...diff,
    },
  };
}

/** Narrowing helper for callers that build actions from untyped input. */
export function isActionType(type: string): type is CaseActionType {
  return Object.hasOwn(ACTION_FROM, type);
}
