/** Import / export refusals in the planner's language: the backend names the reason `transfer.<key>`. */
import { errorBodyOf } from '../../client/api-client.ts';
import { describeError } from '../../i18n/error-messages.ts';
import { hasKey, translate, type Locale, type MessageKey } from '../../i18n/i18n.ts';

export function describeTransferError(e: unknown, locale: Locale): string {
  const body = errorBodyOf(e);
  const reason = body.details?.reason;
  if (typeof reason === 'string' && reason.startsWith('transfer.')) {
    const key = `transfer.error.${reason.slice('transfer.'.length)}`;
    if (hasKey(key)) return translate(locale, key as MessageKey, body.details);
  }
  const issues = (body.issues ?? []).map((i) => `${i.path}: ${i.message}`).join('; ');
  return describeError(body, locale) + (issues ? ` (${issues})` : '');
}
