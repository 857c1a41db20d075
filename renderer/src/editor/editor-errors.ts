/** Backend refusals in the planner's language: editor refusals carry their message key. */
import {
  EDITOR_MESSAGES,
  formatEditorMessage,
  type EditorMessageKey,
} from '../../../shared/editor/messages.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { describeError } from '../i18n/error-messages.ts';
import type { Locale } from '../i18n/i18n.ts';

export interface EditorProblem {
  message: string;
  /** The publish gate's list of errors, one line each. */
  items: string[];
}

function isEditorKey(k: unknown): k is EditorMessageKey {
  return typeof k === 'string' && Object.prototype.hasOwnProperty.call(EDITOR_MESSAGES, k);
}

export function describeEditorError(e: unknown, locale: Locale): EditorProblem {
  const body = errorBodyOf(e);
  const details = body.details ?? {};
  const key = details.key;
  if (isEditorKey(key)) return { message: formatEditorMessage(key, details, locale), items: [] };
  return { message: describeError(body, locale), items: (body.issues ?? []).map((i) => i.message) };
}
