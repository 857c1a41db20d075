/**
 * A time-limit clock on the working calendar: started (at dispatch), paused while the work is out
 * of the clock-holder's hands, resumed, and read as time used / time left / urgency.
 */
import { addWorkingDays, addWorkingTime, nextWorkingInstant, workingTimeBetween } from './arithmetic.ts';
import type { WorkingCalendar } from './calendar.ts';
import { HOUR_MS } from './local-time.ts';

export type TimeLimitUnit = 'workingHours' | 'workingDays';

export interface TimeLimit {
  value: number;
  unit: TimeLimitUnit;
}

export interface WorkClock {
  limit: TimeLimit;
  /** When the clock was started (the dispatch instant). */
  startedAt: number;
  /** The first working instant at or after `startedAt`: time before it is not counted. */
  runsFrom: number;
  /** The due time; pauses move it later by the working time they lasted. */
  dueAt: number;
  /** Working time the limit allows, runsFrom → the first due time. */
  budgetMs: number;
  /** Working time spent paused so far (not charged). */
  pausedMs: number;
  /** Set while paused. */
  pausedAt: number | null;
}

/** Due time of a limit counted from `from` (see addWorkingDays for the day rule). */
export function dueTime(cal: WorkingCalendar, from: number, limit: TimeLimit): number {
  if (!(limit.value > 0) || !Number.isFinite(limit.value))
    throw new RangeError(`time limit must be positive, got ${limit.value}`);
  return limit.unit === 'workingDays'
    ? addWorkingDays(cal, from, limit.value)
    : addWorkingTime(cal, nextWorkingInstant(cal, from), limit.value * HOUR_MS);
}

export function startClock(cal: WorkingCalendar, at: number, limit: TimeLimit): WorkClock {
  const runsFrom = nextWorkingInstant(cal, at);
  const dueAt = dueTime(cal, at, limit);
  return {
    limit,
    startedAt: at,
    runsFrom,
    dueAt,
    budgetMs: workingTimeBetween(cal, runsFrom, dueAt),
    pausedMs: 0,
    pausedAt: null,
  };
}

export function pauseClock(clock: WorkClock, at: number): WorkClock {
  return clock.pausedAt === null ? { ...clock, pausedAt: at } : clock;
}

/** Resuming moves the due time later by exactly the working time the pause lasted. */
export function resumeClock(cal: WorkingCalendar, clock: WorkClock, at: number): WorkClock {
  if (clock.pausedAt === null) return clock;
  const paused = workingTimeBetween(cal, Math.max(clock.pausedAt, clock.runsFrom), at);
  return {
    ...clock,
    dueAt: addWorkingTime(cal, clock.dueAt, paused),
    pausedMs: clock.pausedMs + paused,
    pausedAt: null,
  };
}

export type Urgency = 'normal' | 'amber' | 'red';

export interface ClockReading {
  /** Working time charged so far. */
  usedMs: number;
  /** Working time left; negative once overdue. */
  leftMs: number;
  /** usedMs ÷ budget: 0.8 is amber, beyond 1 is overdue. */
  fraction: number;
  /** Past the due time (wall clock): due 17:30 Friday and not done at 18:00 is overdue. */
  overdue: boolean;
  urgency: Urgency;
  paused: boolean;
}

export const AMBER_AT = 0.8;

/** Reads a clock at `now`; a paused clock reads as at the moment it paused. */
export function readClock(
  cal: WorkingCalendar,
  clock: WorkClock,
  now: number,
  amberAt: number = AMBER_AT,
): ClockReading {
  const at = clock.pausedAt ?? now;
  const usedMs = Math.max(0, workingTimeBetween(cal, clock.runsFrom, at) - clock.pausedMs);
  const leftMs = clock.budgetMs - usedMs;
  const fraction = clock.budgetMs > 0 ? usedMs / clock.budgetMs : 1;
  const overdue = at > clock.dueAt;
  const urgency: Urgency = overdue ? 'red' : fraction >= amberAt ? 'amber' : 'normal';
  return { usedMs, leftMs, fraction, overdue, urgency, paused: clock.pausedAt !== null };
}
