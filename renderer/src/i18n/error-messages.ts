/** Turns backend error bodies and store findings into the user's language. */
import type { ApiErrorBody, Finding } from '../../../shared/api/contract.ts';
import { hasKey, translate, type Locale, type MessageKey } from './i18n.ts';

export type StoreOpenReason = 'newer_schema' | 'unreadable' | 'locked' | 'io';
const REASONS: readonly StoreOpenReason[] = ['newer_schema', 'unreadable', 'locked', 'io'];

export function storeOpenReason(error: ApiErrorBody): StoreOpenReason {
  const r = error.details?.reason;
  return REASONS.find((x) => x === r) ?? 'io';
}

export function describeError(error: ApiErrorBody, locale: Locale): string {
  const key = `error.${error.code}`;
  return hasKey(key) ? translate(locale, key, error.details) : error.message;
}

export function describeFinding(finding: Finding, locale: Locale): string {
  const key = `finding.${finding.code}`;
  return hasKey(key) ? translate(locale, key as MessageKey, finding.values) : finding.code;
}
