/**
 * The working calendar: which local days are working days and which times of day are working
 * periods. Built once from settings (usually the validated calendar data file) and then only read,
 * so the clock arithmetic can use plain sets and arrays.
 */
import { dayFromDateKey, MINUTE_MS, parseClockTime, weekdayOf, type LocalDay } from './local-time.ts';

/** A daily working period in local wall time, 'HH:MM' to 'HH:MM', end exclusive. */
export interface WorkingPeriodText {
  start: string;
  end: string;
}

export interface CalendarSettings {
  /** Minutes east of UTC; Asia/Shanghai is +480 all year (no DST since 1991). */
  utcOffsetMinutes: number;
  /** Weekdays that are working days unless a holiday: 0 = Sunday … 6 = Saturday. */
  workingWeekdays: readonly number[];
  /** Sorted, non-overlapping daily working periods. */
  workingPeriods: readonly WorkingPeriodText[];
  /** Public holidays ('YYYY-MM-DD'), days off even when they fall on a working weekday. */
  holidays: readonly string[];
  /** Make-up working days (调休, 'YYYY-MM-DD'): working days even when they fall on a weekend. */
  makeUpWorkdays: readonly string[];
}

/** China government office hours: Mon–Fri 08:30–12:00 and 14:00–17:30 (7 working hours a day). */
export const DEFAULT_WORKING_PERIODS: readonly WorkingPeriodText[] = [
  { start: '08:30', end: '12:00' },
  { start: '14:00', end: '17:30' },
];
export const DEFAULT_WORKING_WEEKDAYS: readonly number[] = [1, 2, 3, 4, 5];
export const CHINA_UTC_OFFSET_MINUTES = 480;

export interface WorkingCalendar {
  readonly offsetMs: number;
  /** Daily periods in milliseconds since local midnight, sorted and disjoint. */
  readonly periods: readonly { readonly start: number; readonly end: number }[];
  /** Working time in one full working day. */
  readonly dayMs: number;
  readonly workingWeekdays: ReadonlySet<number>;
  readonly holidays: ReadonlySet<LocalDay>;
  readonly makeUpWorkdays: ReadonlySet<LocalDay>;
}

/** Checks the period list; returns problems in words (empty when fine). Shared with the schema. */
export function periodProblems(periods: readonly WorkingPeriodText[]): string[] {
  const problems: string[] = [];
  if (periods.length === 0) problems.push('at least one working period is needed');
  let previousEnd = -1;
  periods.forEach((p, i) => {
    const start = parseClockTime(p.start);
    const end = parseClockTime(p.end);
    if (start === null) problems.push(`period ${i + 1}: start "${p.start}" is not a time HH:MM`);
    if (end === null) problems.push(`period ${i + 1}: end "${p.end}" is not a time HH:MM`);
    if (start === null || end === null) return;
    if (end <= start) problems.push(`period ${i + 1}: ${p.start}–${p.end} ends before it starts`);
    if (start < previousEnd)
      problems.push(`period ${i + 1}: ${p.start}–${p.end} overlaps or precedes the period before it`);
    previousEnd = end;
  });
  return problems;
}

export function createCalendar(settings: CalendarSettings): WorkingCalendar {
  const problems = periodProblems(settings.workingPeriods);
  const weekdays = new Set(settings.workingWeekdays);
  for (const d of weekdays) if (!Number.isInteger(d) || d < 0 || d > 6) problems.push(`bad weekday ${d}`);
  if (weekdays.size === 0 && settings.makeUpWorkdays.length === 0) problems.push('no working days at all');
  if (!Number.isInteger(settings.utcOffsetMinutes) || Math.abs(settings.utcOffsetMinutes) > 14 * 60)
    problems.push(`bad UTC offset ${settings.utcOffsetMinutes} minutes`);
  const days = (keys: readonly string[]): Set<LocalDay> =>
    new Set(
      keys.map((k) => {
        const day = dayFromDateKey(k);
        if (Number.isNaN(day)) problems.push(`bad date "${k}"`);
        return day;
      }),
    );
  const holidays = days(settings.holidays);
  const makeUpWorkdays = days(settings.makeUpWorkdays);
  if (problems.length) throw new RangeError(`invalid working calendar: ${problems.join('; ')}`);
  const periods = settings.workingPeriods.map((p) => ({
    start: parseClockTime(p.start)!,
    end: parseClockTime(p.end)!,
  }));
  return {
    offsetMs: settings.utcOffsetMinutes * MINUTE_MS,
    periods,
    dayMs: periods.reduce((sum, p) => sum + p.end - p.start, 0),
    workingWeekdays: weekdays,
    holidays,
    makeUpWorkdays,
  };
}

/** Make-up days win over everything; holidays over the weekly pattern. */
export function isWorkingDay(cal: WorkingCalendar, day: LocalDay): boolean {
  if (cal.makeUpWorkdays.has(day)) return true;
  if (cal.holidays.has(day)) return false;
  return cal.workingWeekdays.has(weekdayOf(day));
}
