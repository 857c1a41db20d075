/**
 * Who is acting. The hosts have no sign-in server yet, so the seat signs in locally by choosing a
 * role (kept across restarts); every action, the timeline and the audit log name that actor, and
 * the administrator role opens the reference data screen (the backend refuses other roles there).
 */
import type { ActorInput } from '../../../shared/api/cases-contract.ts';
import type { Locale } from '../i18n/i18n.ts';

export const ACTOR_ROLES = ['operator', 'department', 'verifier', 'admin'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

const NAMES: Record<ActorRole, Record<Locale, string>> = {
  operator: { 'zh-CN': '指挥中心坐席', en: 'Center operator' },
  department: { 'zh-CN': '责任部门经办人', en: 'Department officer' },
  verifier: { 'zh-CN': '核查员', en: 'Verifier' },
  admin: { 'zh-CN': '系统管理员', en: 'Administrator' },
};

export function actorName(role: ActorRole, locale: Locale): string {
  return NAMES[role][locale];
}

export function actorFor(role: ActorRole, locale: Locale): ActorInput {
  return { id: `seat-${role}`, name: NAMES[role][locale], role };
}
