/**
 * Who is acting. The hosts have no sign-in yet, so the seat says which hat its person wears; the
 * timeline then shows operator, department and verifier steps by name.
 */
import type { ActorInput } from '../../../shared/api/cases-contract.ts';
import type { Locale } from '../i18n/i18n.ts';

export const ACTOR_ROLES = ['operator', 'department', 'verifier'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

const NAMES: Record<ActorRole, Record<Locale, string>> = {
  operator: { 'zh-CN': '指挥中心坐席', en: 'Center operator' },
  department: { 'zh-CN': '责任部门经办人', en: 'Department officer' },
  verifier: { 'zh-CN': '核查员', en: 'Verifier' },
};

export function actorName(role: ActorRole, locale: Locale): string {
  return NAMES[role][locale];
}

export function actorFor(role: ActorRole, locale: Locale): ActorInput {
  return { id: `seat-${role}`, name: NAMES[role][locale], role };
}
