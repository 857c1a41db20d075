/**
 * Working-time arithmetic on a calendar. Working periods are half-open: 08:30–12:00 means 08:30 is
 * working time and 12:00 is not, so an amount that ends exactly at a period's end lands on that end
 * (17:30 Friday), not on the next period's start.
 */
import { isWorkingDay, type WorkingCalendar } from './calendar.ts';
import { HOUR_MS, instantOf, localDayOf, localTimeOfDay, type LocalDay } from './local-time.ts';

/**
 * A calendar with working weekdays has working time every week; one whose only working days are
 * make-up days can run out. Ten years without working time means the data, not the case, is wrong.
 */
const MAX_EMPTY_DAYS = 3660;

function noWorkingTime(from: number): never {
  throw new RangeError(`no working time within ten years after ${new Date(from).toISOString()}`);
}

export function isWorkingTime(cal: WorkingCalendar, at: number): boolean {
  if (!isWorkingDay(cal, localDayOf(at, cal.offsetMs))) return false;
  const t = localTimeOfDay(at, cal.offsetMs);
  return cal.periods.some((p) => p.start <= t && t < p.end);
}

/** `at` itself when it is working time, else the start of the next working period. */
export function nextWorkingInstant(cal: WorkingCalendar, at: number): number {
  let day = localDayOf(at, cal.offsetMs);
  let t = localTimeOfDay(at, cal.offsetMs);
  for (let i = 0; i <= MAX_EMPTY_DAYS; i++, day++, t = 0) {
    if (!isWorkingDay(cal, day)) continue;
    for (const p of cal.periods) {
      if (t < p.end) return instantOf(day, Math.max(t, p.start), cal.offsetMs);
    }
  }
  return noWorkingTime(at);
}

/**
 * The instant at which `amountMs` of working time has passed since `from`. Time before the next
 * working instant does not count, so a case dispatched on Saturday starts on Monday morning.
 * An amount of 0 returns `from` unchanged (moving a due time by nothing must not move it).
 */
export function addWorkingTime(cal: WorkingCalendar, from: number, amountMs: number): number {
  if (!(amountMs >= 0) || !Number.isFinite(amountMs)) throw new RangeError(`bad amount ${amountMs}`);
  if (amountMs === 0) return from;
  let remaining = amountMs;
  let day = localDayOf(from, cal.offsetMs);
  let t = localTimeOfDay(from, cal.offsetMs);
  for (let empty = 0; empty <= MAX_EMPTY_DAYS; day++, t = 0) {
    if (!isWorkingDay(cal, day)) {
      empty++;
      continue;
    }
    empty = 0;
    for (const p of cal.periods) {
      if (t >= p.end) continue;
      const start = Math.max(t, p.start);
      const available = p.end - start;
      if (remaining <= available) return instantOf(day, start + remaining, cal.offsetMs);
      remaining -= available;
    }
  }
  return noWorkingTime(from);
}

export function addWorkingHours(cal: WorkingCalendar, from: number, hours: number): number {
  return addWorkingTime(cal, from, hours * HOUR_MS);
}

/**
 * Due time of an N-working-day limit. The day the clock starts does not count and the limit runs
 * to the close of business of the Nth working day after it — the rule for periods counted in days
 * in Chinese law (民法典 第201条: 开始的当日不计入; 第203条: 有业务时间的，停止业务活动的时间为截止时间).
 * Dispatched Monday 10:00 with 3 working days → due Thursday 17:30, whatever the hour on Monday.
 */
export function addWorkingDays(cal: WorkingCalendar, from: number, days: number): number {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`working days must be a positive integer`);
  const closeOfBusiness = cal.periods[cal.periods.length - 1]!.end;
  let day: LocalDay = localDayOf(from, cal.offsetMs);
  let counted = 0;
  for (let empty = 0; empty <= MAX_EMPTY_DAYS;) {
    day++;
    if (!isWorkingDay(cal, day)) {
      empty++;
      continue;
    }
    empty = 0;
    if (++counted === days) return instantOf(day, closeOfBusiness, cal.offsetMs);
  }
  return noWorkingTime(from);
}

/** Working time in [from, to); 0 when `to` is not after `from`. */
export function workingTimeBetween(cal: WorkingCalendar, from: number, to: number): number {
  if (!(to > from)) return 0;
  const lastDay = localDayOf(to, cal.offsetMs);
  let total = 0;
  for (let day = localDayOf(from, cal.offsetMs); day <= lastDay; day++) {
    if (!isWorkingDay(cal, day)) continue;
    for (const p of cal.periods) {
      const start = Math.max(instantOf(day, p.start, cal.offsetMs), from);
      const end = Math.min(instantOf(day, p.end, cal.offsetMs), to);
      if (end > start) total += end - start;
    }
  }
  return total;
}

/** The number of working days in the local dates from `from` to `to`, both included. */
export function workingDaysBetween(cal: WorkingCalendar, fromDay: LocalDay, toDay: LocalDay): number {
  let n = 0;
  for (let day = fromDay; day <= toDay; day++) if (isWorkingDay(cal, day)) n++;
  return n;
}
