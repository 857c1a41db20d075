/** Number and date formatting by locale; dates always in China Standard Time, wherever the PC is set. */
import type { Locale } from './i18n.ts';

export const TIME_ZONE = 'Asia/Shanghai';

export function formatDateTime(date: Date | number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}

export function formatInteger(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/** Areas read as plain decimals (no grouping) so they copy cleanly into other tools. */
export function formatArea(km2: number, locale: Locale): string {
  const digits = km2 >= 100 ? 1 : 2;
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  }).format(km2);
}
