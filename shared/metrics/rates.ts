/**
 * The case metrics, defined once for every screen, report and export (DESIGN.md, Domain: Metrics):
 * closure rate = closed ÷ registered; on-time rate = closed on time ÷ (closed + open and already
 * overdue), so a backlog of overdue cases lowers the rate before any of them is closed; rework rate
 * = reworked ÷ dispatched; overdue count = open cases past their due time.
 */
import type { CaseStatus } from '../cases/types.ts';

/** Accepted at registration: everything past 'reported' except a voided report. */
const REGISTERED: ReadonlySet<CaseStatus> = new Set([
  'registered',
  'dispatched',
  'handling',
  'feedback',
  'verifying',
  'closed',
  'archived',
]);
/** With a department and a running (or paused) clock. */
const OPEN: ReadonlySet<CaseStatus> = new Set(['dispatched', 'handling', 'feedback', 'verifying']);
const CLOSED: ReadonlySet<CaseStatus> = new Set(['closed', 'archived']);

export const isRegistered = (s: CaseStatus): boolean => REGISTERED.has(s);
export const isOpen = (s: CaseStatus): boolean => OPEN.has(s);
export const isClosed = (s: CaseStatus): boolean => CLOSED.has(s);

/** What one case contributes; derived by `caseFacts` so callers cannot disagree on the rules. */
export interface CaseFacts {
  registered: boolean;
  dispatched: boolean;
  closed: boolean;
  closedOnTime: boolean;
  /** Open and past its due time at the moment of reading. */
  openOverdue: boolean;
  reworked: boolean;
}

/** The columns a case needs for its facts; the clock's due time and pause as stored with the case. */
export interface CaseClockFields {
  status: CaseStatus;
  /** First dispatch time, null if never dispatched. */
  dispatchedAt: number | null;
  dueAt: number | null;
  /** Set while the clock is paused (feedback, verifying, and after closing). */
  pausedAt: number | null;
  closedAt: number | null;
  reworkCount: number;
}

/**
 * The clock is read as readClock reads it: a paused clock stands still, so a case closed after
 * feedback given before its due time is on time even if verification took longer, and a case in
 * verification whose feedback was late stays overdue.
 */
export function caseFacts(c: CaseClockFields, now: number): CaseFacts {
  const closed = isClosed(c.status);
  const open = isOpen(c.status);
  const stoppedAt = c.pausedAt ?? (closed ? c.closedAt : null) ?? now;
  const late = c.dueAt !== null && stoppedAt > c.dueAt;
  return {
    registered: isRegistered(c.status),
    dispatched: c.dispatchedAt !== null,
    closed,
    // A closed case without a clock never had a limit to miss.
    closedOnTime: closed && !late,
    openOverdue: open && late,
    reworked: c.reworkCount > 0,
  };
}

/** Counts summed over a set of cases; rates are computed from these, never averaged. */
export interface MetricCounts {
  total: number;
  registered: number;
  dispatched: number;
  closed: number;
  closedOnTime: number;
  openOverdue: number;
  reworked: number;
}

export const emptyCounts = (): MetricCounts => ({
  total: 0,
  registered: 0,
  dispatched: 0,
  closed: 0,
  closedOnTime: 0,
  openOverdue: 0,
  reworked: 0,
});

export function addFacts(into: MetricCounts, f: CaseFacts): MetricCounts {
  into.total++;
  if (f.registered) into.registered++;
  if (f.dispatched) into.dispatched++;
  if (f.closed) into.closed++;
  if (f.closedOnTime) into.closedOnTime++;
  if (f.openOverdue) into.openOverdue++;
  if (f.reworked) into.reworked++;
  return into;
}

export function mergeCounts(a: MetricCounts, b: MetricCounts): MetricCounts {
  return {
    total: a.total + b.total,
    registered: a.registered + b.registered,
    dispatched: a.dispatched + b.dispatched,
    closed: a.closed + b.closed,
    closedOnTime: a.closedOnTime + b.closedOnTime,
    openOverdue: a.openOverdue + b.openOverdue,
    reworked: a.reworked + b.reworked,
  };
}

/** null where the denominator is 0: "no cases" is not "0 %" on a map or in a bulletin. */
const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

export const closureRate = (c: MetricCounts): number | null => ratio(c.closed, c.registered);
export const onTimeRate = (c: MetricCounts): number | null => ratio(c.closedOnTime, c.closed + c.openOverdue);
export const reworkRate = (c: MetricCounts): number | null => ratio(c.reworked, c.dispatched);
export const overdueCount = (c: MetricCounts): number => c.openOverdue;

/** Cases per 1,000 residents; null where the population is unknown (0). */
export const perThousand = (cases: number, population: number): number | null =>
  population > 0 ? (cases * 1000) / population : null;

export interface Rates {
  closureRate: number | null;
  onTimeRate: number | null;
  reworkRate: number | null;
  overdueCount: number;
}

export function ratesOf(c: MetricCounts): Rates {
  return {
    closureRate: closureRate(c),
    onTimeRate: onTimeRate(c),
    reworkRate: reworkRate(c),
    overdueCount: overdueCount(c),
  };
}
