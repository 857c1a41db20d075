/**
 * Layout and validation of the working-calendar data file (data/calendar/*.json): working weekdays,
 * daily working periods, and per year the public holidays and make-up working days (调休) from the
 * State Council's annual notice. The file is the administrator's to edit; every mistake that would
 * silently shift due times (a make-up day on a Tuesday, a holiday range ending before it starts, a
 * date in the wrong year) is an error here, with its place in the file.
 */
import { z } from 'zod';
import {
  CHINA_UTC_OFFSET_MINUTES,
  createCalendar,
  DEFAULT_WORKING_PERIODS,
  DEFAULT_WORKING_WEEKDAYS,
  periodProblems,
  type CalendarSettings,
  type WorkingCalendar,
} from './calendar.ts';
import { formatIssues, type Loaded } from './data-issues.ts';
import { dateKeyOf, dayFromDateKey, weekdayOf } from './local-time.ts';

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MAX_HOLIDAY_DAYS = 15;

const date = z.iso.date({ error: 'must be a real date written YYYY-MM-DD' });
const clockTime = z
  .string({ error: 'must be a time written HH:MM' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time written HH:MM (00:00–24:00)');

const period = z.object({ start: clockTime, end: clockTime }).strict();

const holiday = z
  .object({
    name: z.string().trim().min(1, 'a holiday needs a name'),
    nameEn: z.string().trim().min(1).optional(),
    from: date,
    to: date,
  })
  .strict()
  .superRefine((h, ctx) => {
    const days = dayFromDateKey(h.to) - dayFromDateKey(h.from) + 1;
    // zod still runs refinements after a format issue; a malformed date is already reported.
    if (Number.isNaN(days)) return;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: `${h.to} is before ${h.from}` });
    else if (days > MAX_HOLIDAY_DAYS)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `${h.from} to ${h.to} is ${days} days; no holiday is longer than ${MAX_HOLIDAY_DAYS}`,
      });
  });

const makeUpWorkday = z
  .object({ date, for: z.string().trim().min(1, 'name the holiday this day makes up for') })
  .strict();

const year = z
  .object({
    year: z.number().int().min(2000).max(2100),
    /** The notice the dates come from, e.g. 国办发明电〔2024〕12号. */
    source: z.string().trim().min(1, 'name the source of the dates (the State Council notice)'),
    /** False for dates entered before the notice was checked. */
    verified: z.boolean().default(false),
    holidays: z.array(holiday),
    makeUpWorkdays: z.array(makeUpWorkday),
  })
  .strict();

export const calendarDataSchema = z
  .object({
    note: z.string().optional(),
    timeZone: z.string().default('Asia/Shanghai'),
    utcOffsetMinutes: z
      .number()
      .int()
      .min(-14 * 60)
      .max(14 * 60)
      .default(CHINA_UTC_OFFSET_MINUTES),
    workingWeekdays: z
      .array(z.number().int().min(0, 'weekdays are 0 (Sunday) to 6').max(6, 'weekdays are 0 (Sunday) to 6'))
      .default([...DEFAULT_WORKING_WEEKDAYS]),
    workingPeriods: z.array(period).default(DEFAULT_WORKING_PERIODS.map((p) => ({ ...p }))),
    years: z.array(year),
  })
  .strict()
  .superRefine((data, ctx) => {
    for (const problem of periodProblems(data.workingPeriods))
      ctx.addIssue({ code: 'custom', path: ['workingPeriods'], message: problem });
    const weekdays = new Set(data.workingWeekdays);
    const seenYears = new Set<number>();
    data.years.forEach((y, yi) => {
      if (seenYears.has(y.year))
        ctx.addIssue({
          code: 'custom',
          path: ['years', yi, 'year'],
          message: `year ${y.year} appears twice`,
        });
      seenYears.add(y.year);
      const offDays = new Map<number, string>();
      y.holidays.forEach((h, hi) => {
        if (!h.from.startsWith(`${y.year}-`))
          ctx.addIssue({
            code: 'custom',
            path: ['years', yi, 'holidays', hi, 'from'],
            message: `${h.from} is not in ${y.year}`,
          });
        for (let d = dayFromDateKey(h.from); d <= dayFromDateKey(h.to); d++) {
          const other = offDays.get(d);
          if (other !== undefined)
            ctx.addIssue({
              code: 'custom',
              path: ['years', yi, 'holidays', hi],
              message: `${h.name} overlaps ${other} on ${dateKeyOf(d)}`,
            });
          offDays.set(d, h.name);
        }
      });
      const seenMakeUp = new Set<string>();
      y.makeUpWorkdays.forEach((m, mi) => {
        const path = ['years', yi, 'makeUpWorkdays', mi, 'date'];
        const day = dayFromDateKey(m.date);
        if (Number.isNaN(day)) return;
        const yearOfDate = Number(m.date.slice(0, 4));
        // A make-up day for 元旦 or 春节 can fall in the neighbouring December or January.
        const nearYear =
          yearOfDate === y.year ||
          (yearOfDate === y.year - 1 && m.date.slice(5, 7) === '12') ||
          (yearOfDate === y.year + 1 && m.date.slice(5, 7) === '01');
        if (!nearYear) ctx.addIssue({ code: 'custom', path, message: `${m.date} is too far from ${y.year}` });
        if (seenMakeUp.has(m.date))
          ctx.addIssue({ code: 'custom', path, message: `${m.date} is listed twice` });
        seenMakeUp.add(m.date);
        if (weekdays.has(weekdayOf(day)))
          ctx.addIssue({
            code: 'custom',
            path,
            message: `make-up working day ${m.date} is a ${WEEKDAY_NAMES[weekdayOf(day)]}, already a working day`,
          });
        const holidayName = offDays.get(day);
        if (holidayName !== undefined)
          ctx.addIssue({
            code: 'custom',
            path,
            message: `make-up working day ${m.date} falls inside the holiday ${holidayName}`,
          });
      });
    });
  });

export type CalendarData = z.output<typeof calendarDataSchema>;

/** Overrides an administrator may set on top of the file (e.g. a town with 09:00–18:00 hours). */
export type CalendarOverrides = Partial<Pick<CalendarSettings, 'workingPeriods' | 'workingWeekdays'>>;

export function calendarSettingsFrom(
  data: CalendarData,
  overrides: CalendarOverrides = {},
): CalendarSettings {
  const holidays: string[] = [];
  for (const y of data.years)
    for (const h of y.holidays)
      for (let d = dayFromDateKey(h.from); d <= dayFromDateKey(h.to); d++) holidays.push(dateKeyOf(d));
  return {
    utcOffsetMinutes: data.utcOffsetMinutes,
    workingWeekdays: overrides.workingWeekdays ?? data.workingWeekdays,
    workingPeriods: overrides.workingPeriods ?? data.workingPeriods,
    holidays,
    makeUpWorkdays: data.years.flatMap((y) => y.makeUpWorkdays.map((m) => m.date)),
  };
}

export interface LoadedCalendar {
  data: CalendarData;
  calendar: WorkingCalendar;
  /** Years the file covers; outside them only the weekly pattern applies. */
  years: number[];
}

/** Parsed JSON → a validated calendar, or every problem found, each with its place in the file. */
export function loadCalendar(raw: unknown, overrides: CalendarOverrides = {}): Loaded<LoadedCalendar> {
  const parsed = calendarDataSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: formatIssues(parsed.error) };
  const data = parsed.data;
  let calendar: WorkingCalendar;
  try {
    calendar = createCalendar(calendarSettingsFrom(data, overrides));
  } catch (e) {
    // Only overrides can get here: the file itself has passed the same checks in the schema.
    return { ok: false, errors: [`overrides: ${(e as Error).message}`] };
  }
  return { ok: true, value: { data, calendar, years: data.years.map((y) => y.year).sort((a, b) => a - b) } };
}
