/** The typed core of the i18n layer: no React, no DOM, so unit tests can use it directly. */
import { en } from './en.ts';
import { zhCN, type MessageKey, type Messages } from './zh-CN.ts';

export type { MessageKey, Messages };
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export const MESSAGES: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export type MessageValues = Record<string, string | number>;

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** The other locale, for a two-way switch. */
export function nextLocale(l: Locale): Locale {
  return l === 'zh-CN' ? 'en' : 'zh-CN';
}

/**
 * Replaces `{name}` with values[name]. A placeholder without a value becomes '—' so a message whose
 * details the backend left out still reads as a sentence instead of showing braces.
 */
export function interpolate(template: string, values?: MessageValues): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = values?.[name];
    return v === undefined ? '—' : String(v);
  });
}

export function translate(locale: Locale, key: MessageKey, values?: MessageValues): string {
  // Keys built from data (`channel.${c}`) can name a value the dictionaries lack (a data file's
  // 'hotline' channel): show the key rather than take the whole window down.
  const message = MESSAGES[locale][key] as string | undefined;
  return message === undefined ? key : interpolate(message, values);
}

/** For codes that arrive at run time (error codes, finding codes): the key if it exists. */
export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zhCN, key);
}
