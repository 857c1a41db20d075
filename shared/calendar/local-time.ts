/**
 * Instants are epoch milliseconds; the calendar reasons in local days and times of day. We convert
 * with a fixed UTC offset rather than an IANA zone through Intl: China (Asia/Shanghai) has kept
 * UTC+8 all year since 1991, so a fixed offset is exact for every case date we will ever see, and it
 * is deterministic — the host's TZ setting and ICU data cannot change a due time — and far cheaper
 * than Intl in the inner loops of the clock arithmetic. A region that does observe DST would need a
 * per-instant offset lookup here, and only here.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 in local time (that day was a Thursday). */
export type LocalDay = number;

export function localDayOf(at: number, offsetMs: number): LocalDay {
  return Math.floor((at + offsetMs) / DAY_MS);
}

/** Milliseconds since local midnight. */
export function localTimeOfDay(at: number, offsetMs: number): number {
  const local = at + offsetMs;
  return local - Math.floor(local / DAY_MS) * DAY_MS;
}

export function instantOf(day: LocalDay, timeOfDayMs: number, offsetMs: number): number {
  return day * DAY_MS + timeOfDayMs - offsetMs;
}

/** 0 = Sunday … 6 = Saturday, as in Date#getDay. */
export function weekdayOf(day: LocalDay): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** 'YYYY-MM-DD' → local day; NaN for anything else, including dates like 02-30 that V8 rolls over. */
export function dayFromDateKey(key: string): LocalDay {
  const day = Math.floor(Date.parse(`${key}T00:00:00Z`) / DAY_MS);
  return Number.isNaN(day) || dateKeyOf(day) !== key ? Number.NaN : day;
}

export function dateKeyOf(day: LocalDay): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 'HH:MM' (00:00–24:00) → milliseconds since midnight, or null when malformed. */
export function parseClockTime(text: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes > 24 * 60 ? null : minutes * MINUTE_MS;
}

/**
 * Local wall time → instant, for tests and for parsing operator input ("2026-10-09 17:30").
 * Accepts 'YYYY-MM-DD HH:MM' or 'YYYY-MM-DDTHH:MM' (seconds optional).
 */
export function instantFromLocal(text: string, offsetMs: number): number {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) throw new RangeError(`not a local date-time: ${text}`);
  const day = dayFromDateKey(m[1]!);
  if (Number.isNaN(day)) throw new RangeError(`not a date: ${m[1]}`);
  const time = (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0)) * 1000;
  return instantOf(day, time, offsetMs);
}

/** Instant → 'YYYY-MM-DD HH:MM' local wall time (seconds shown only when not zero). */
export function formatLocal(at: number, offsetMs: number): string {
  const iso = new Date(at + offsetMs).toISOString();
  const seconds = iso.slice(17, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds === '00' ? '' : `:${seconds}`}`;
}
