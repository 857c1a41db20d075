/** A case's channel in the reader's language; a channel this version does not know shows as stored. */
import type { CaseChannel } from '../../../shared/api/cases-contract.ts';
import { hasKey, type MessageKey } from '../i18n/i18n.ts';

export function channelLabel(t: (key: MessageKey) => string, channel: CaseChannel | string): string {
  const key = `channel.${channel}`;
  return hasKey(key) ? t(key) : channel;
}
