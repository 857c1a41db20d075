/**
 * zh-CN (default) and English texts of the case lifecycle: status and action names, and every
 * refusal. Errors carry a key and raw params; `status` and `action` params are ids that are
 * translated here, so one error reads right in either language.
 */
import type { CaseStatus, HistoryAction } from './types.ts';

export type Locale = 'zh-CN' | 'en';
type Texts = { readonly 'zh-CN': string; readonly en: string };

export const STATUS_LABELS: Record<CaseStatus, Texts> = {
  reported: { 'zh-CN': '已上报', en: 'reported' },
  registered: { 'zh-CN': '已立案', en: 'registered' },
  voided: { 'zh-CN': '已作废', en: 'voided' },
  dispatched: { 'zh-CN': '已派遣', en: 'dispatched' },
  handling: { 'zh-CN': '处置中', en: 'handling' },
  feedback: { 'zh-CN': '已反馈', en: 'feedback given' },
  verifying: { 'zh-CN': '核查中', en: 'verifying' },
  closed: { 'zh-CN': '已结案', en: 'closed' },
  archived: { 'zh-CN': '已归档', en: 'archived' },
};

export const ACTION_LABELS: Record<HistoryAction, Texts> = {
  report: { 'zh-CN': '上报', en: 'report' },
  register: { 'zh-CN': '立案', en: 'register' },
  void: { 'zh-CN': '作废', en: 'void' },
  dispatch: { 'zh-CN': '派遣', en: 'dispatch' },
  startHandling: { 'zh-CN': '签收处置', en: 'start handling' },
  feedback: { 'zh-CN': '处置反馈', en: 'give feedback' },
  startVerification: { 'zh-CN': '开始核查', en: 'start verification' },
  close: { 'zh-CN': '核查结案', en: 'close' },
  sendBack: { 'zh-CN': '退回返工', en: 'send back for rework' },
  transfer: { 'zh-CN': '转办', en: 'transfer' },
  whistle: { 'zh-CN': '吹哨', en: 'whistle' },
  reportIn: { 'zh-CN': '报到', en: 'report in' },
  supervise: { 'zh-CN': '督办', en: 'supervise' },
  archive: { 'zh-CN': '归档', en: 'archive' },
  merge: { 'zh-CN': '合并为重复件', en: 'merge as duplicate' },
  locate: { 'zh-CN': '人工定位', en: 'locate by hand' },
  dismissDuplicate: { 'zh-CN': '排除疑似重复', en: 'dismiss duplicate flag' },
  absorbDuplicate: { 'zh-CN': '并入重复件', en: 'duplicate merged in' },
};

export const CASE_MESSAGES = {
  'case.mergeTargetRequired': {
    'zh-CN': '合并须指明原案件',
    en: 'merging needs the original case',
  },
  'case.mergeSelf': {
    'zh-CN': '案件不能与自身合并',
    en: 'a case cannot be merged into itself',
  },
  'case.illegalTransition': {
    'zh-CN': '案件当前为“{status}”状态，不能{action}',
    en: 'cannot {action} a case that is {status}',
  },
  'case.reasonRequired': {
    'zh-CN': '{action}必须填写理由',
    en: 'a reason is required to {action}',
  },
  'case.resultRequired': {
    'zh-CN': '处置反馈必须填写处置结果',
    en: 'feedback must say what was done',
  },
  'case.itemRequired': {
    'zh-CN': '立案前须确定事项类型',
    en: 'choose the item type before registering the case',
  },
  'case.badItem': {
    'zh-CN': '事项 {code} 的处置时限无效',
    en: 'item type {code} has an invalid time limit',
  },
  'case.departmentRequired': {
    'zh-CN': '{action}须指定部门',
    en: 'choose a department to {action}',
  },
  'case.sameDepartment': {
    'zh-CN': '案件已在 {department}，不能转办给同一部门',
    en: 'the case is already with {department}; transfer it to another department',
  },
  'case.noDepartments': {
    'zh-CN': '吹哨须至少呼叫一个区级部门',
    en: 'a whistle must call at least one district department',
  },
  'case.duplicateDepartment': {
    'zh-CN': '{department} 重复',
    en: '{department} is listed twice',
  },
  'case.alreadyCalled': {
    'zh-CN': '已向 {department} 吹哨，尚待报到',
    en: '{department} has already been whistled and has not reported in yet',
  },
  'case.notWhistled': {
    'zh-CN': '未向 {department} 吹哨，无需报到',
    en: '{department} was not whistled, so it has nothing to report in for',
  },
  'case.alreadyReported': {
    'zh-CN': '{department} 已报到',
    en: '{department} has already reported in',
  },
  'case.timeWentBack': {
    'zh-CN': '操作时间 {at} 早于案件上次操作时间 {last}',
    en: 'the action time {at} is before the last action on the case at {last}',
  },
  'case.actorRequired': {
    'zh-CN': '须记录操作人',
    en: 'every action needs an actor',
  },
} as const satisfies Record<string, Texts>;

export type CaseMessageKey = keyof typeof CASE_MESSAGES;
export type MessageParams = Record<string, string | number>;

function paramText(name: string, value: string | number, locale: Locale): string {
  if (name === 'status' && value in STATUS_LABELS) return STATUS_LABELS[value as CaseStatus][locale];
  if (name === 'action' && value in ACTION_LABELS) return ACTION_LABELS[value as HistoryAction][locale];
  return String(value);
}

export function formatCaseMessage(
  key: CaseMessageKey,
  params: MessageParams,
  locale: Locale = 'zh-CN',
): string {
  return CASE_MESSAGES[key][locale].replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined ? m : paramText(name, v, locale);
  });
}
