/** Number and date formatting by locale; dates always in China Standard Time, wherever the PC is set. */
import type { Locale } from './i18n.ts';

export const TIME_ZONE = 'Asia/Shanghai';

/**
 * One formatter per locale and kind: making an Intl formatter costs far more than formatting with
 * one, and the queue, the tree and the status bar format thousands of values on the first screen.
 */
function cached<F>(make: (locale: Locale) => F): (locale: Locale) => F {
  const made = new Map<Locale, F>();
  return (locale) => {
    let f = made.get(locale);
    if (!f) made.set(locale, (f = make(locale)));
    return f;
  };
}

const dateTime = cached(
  (locale) =>
    new Intl.DateTimeFormat(locale, {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }),
);
const integer = cached((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));
/** Areas read as plain decimals (no grouping) so they copy cleanly into other tools. */
const area = (digits: number) =>
  cached(
    (locale) =>
      new Intl.NumberFormat(locale, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
        useGrouping: false,
      }),
  );
const area1 = area(1);
const area2 = area(2);

export function formatDateTime(date: Date | number, locale: Locale): string {
  return dateTime(locale).format(date);
}

export function formatInteger(n: number, locale: Locale): string {
  return integer(locale).format(n);
}

export function formatArea(km2: number, locale: Locale): string {
  return (km2 >= 100 ? area1 : area2)(locale).format(km2);
}
