/** The backend's intake refusals in the user's language: by their `key` when it has a text. */
import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import { describeError } from '../i18n/error-messages.ts';
import { hasKey, translate, type Locale } from '../i18n/i18n.ts';

export function intakeErrorText(error: ApiErrorBody, locale: Locale): string {
  const key = `intakeError.${String(error.details?.key ?? '')}`;
  if (hasKey(key)) return translate(locale, key, error.details);
  // Schema refusals (a file over the size limit, say) carry their reason in the issues.
  if (error.code === 'bad_request' && error.issues?.length)
    return error.issues.map((i) => i.message).join('; ');
  return describeError(error, locale);
}
