/**
 * The live reading of a case clock between two answers from the backend. The backend reads its
 * clocks on the working calendar; between reads the panel only needs the wall-clock distance to the
 * due time (overdue is a wall-clock fact: due 17:30, not done at 18:00 is late) on the backend's
 * own clock, which may differ from the PC's (and does, on purpose, in tests).
 */
import type { ClockView } from '../../../shared/api/cases-contract.ts';
import type { Urgency } from '../../../shared/calendar/clock.ts';

export interface LiveClock {
  urgency: Urgency;
  /** Wall-clock ms to the due time; negative once overdue. Null when paused (shows working time left). */
  toDueMs: number | null;
  /** Working time left as the backend read it, for paused clocks. */
  workingLeftMs: number;
  overdue: boolean;
  paused: boolean;
}

export function liveClock(clock: ClockView, backendNow: number): LiveClock {
  if (clock.paused)
    return {
      urgency: clock.urgency,
      toDueMs: null,
      workingLeftMs: clock.leftMs,
      overdue: clock.overdue,
      paused: true,
    };
  const toDueMs = clock.dueAt - backendNow;
  const overdue = toDueMs < 0;
  // Amber comes from the working-time fraction the backend read; red as soon as the due time passes.
  const urgency: Urgency = overdue ? 'red' : clock.urgency === 'red' ? 'amber' : clock.urgency;
  return { urgency, toDueMs, workingLeftMs: clock.leftMs, overdue, paused: false };
}

/** 0:42:05 under a day, "2天 3小时" / "2d 3h" beyond. */
export function formatSpan(ms: number, locale: string): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return locale === 'en' ? `${d}d ${h}h` : `${d}天 ${h}小时`;
  return `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}
