/** What each lifecycle action asks the person for, and how the answers become the request. */
import type { CaseActionInput, CaseDetail } from '../../../shared/api/cases-contract.ts';
import type { CaseActionType } from '../../../shared/cases/types.ts';

export type ActionField = 'reason' | 'result' | 'department';

export const ACTION_FIELDS: Record<CaseActionType, readonly ActionField[]> = {
  register: [],
  void: ['reason'],
  dispatch: ['department'],
  startHandling: [],
  feedback: ['result'],
  startVerification: [],
  close: [],
  sendBack: ['reason'],
  transfer: ['department', 'reason'],
  whistle: ['reason'],
  reportIn: ['department'],
  supervise: ['reason'],
  archive: [],
  // Offered by the duplicate card, which knows the original, not by the generic buttons.
  merge: [],
};

export interface ActionAnswers {
  reason: string;
  result: string;
  department: string;
  note: string;
}

export const NO_ANSWERS: ActionAnswers = { reason: '', result: '', department: '', note: '' };

export interface DepartmentChoice {
  id: string;
  name: string;
}

/** The departments an action may name: routing candidates, or the whistled ones still to report in. */
export function departmentChoices(type: CaseActionType, c: CaseDetail): DepartmentChoice[] {
  if (type === 'reportIn')
    return c.state.whistles.flatMap((w) =>
      w.calls.filter((x) => x.reportedAt === null).map((x) => ({ id: x.department, name: x.department })),
    );
  const s = c.suggestion;
  const all = s ? [s, ...s.alternatives].map((x) => ({ id: x.departmentId, name: x.name })) : [];
  return type === 'transfer' ? all.filter((d) => d.id !== c.department) : all;
}

export function buildAction(type: CaseActionType, a: ActionAnswers): CaseActionInput {
  const note = a.note.trim() ? { note: a.note.trim() } : {};
  switch (type) {
    case 'void':
    case 'sendBack':
    case 'whistle':
    case 'supervise':
      return { type, reason: a.reason.trim(), ...note };
    case 'feedback':
      return { type, result: a.result.trim(), ...note };
    case 'dispatch':
      return { type, ...(a.department ? { department: a.department } : {}), ...note };
    case 'transfer':
      return { type, department: a.department, reason: a.reason.trim(), ...note };
    case 'reportIn':
      return { type, department: a.department, ...note };
    case 'merge':
      throw new Error('merge is built by the duplicate card, which names the original');
    default:
      return { type, ...note };
  }
}

/** The first missing answer, as a message key. */
export function missingAnswer(
  type: CaseActionType,
  a: ActionAnswers,
): 'action.reasonRequired' | 'action.resultRequired' | 'action.departmentRequired' | null {
  const fields = ACTION_FIELDS[type];
  if (fields.includes('department') && type !== 'dispatch' && !a.department)
    return 'action.departmentRequired';
  if (fields.includes('reason') && !a.reason.trim()) return 'action.reasonRequired';
  if (fields.includes('result') && !a.result.trim()) return 'action.resultRequired';
  return null;
}
