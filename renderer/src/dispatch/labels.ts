/** Case words the lifecycle already translates (status, action), and backend errors in the reader's language. */
import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import { ACTION_LABELS, STATUS_LABELS } from '../../../shared/cases/messages.ts';
import type { CaseStatus, HistoryAction } from '../../../shared/cases/types.ts';
import { describeError } from '../i18n/error-messages.ts';
import type { Locale } from '../i18n/i18n.ts';

export function statusLabel(s: CaseStatus, locale: Locale): string {
  return STATUS_LABELS[s][locale];
}

export function actionLabel(a: HistoryAction, locale: Locale): string {
  return ACTION_LABELS[a][locale];
}

/** Lifecycle refusals carry their sentence in both languages; field problems are listed after it. */
export function caseErrorText(error: ApiErrorBody, locale: Locale): string {
  const own = error.details?.[`message.${locale}`];
  const head = typeof own === 'string' ? own : describeError(error, locale);
  const fields = (error.issues ?? []).map((i) => `${i.path}: ${i.message}`);
  return fields.length ? `${head} (${fields.join('; ')})` : head;
}
