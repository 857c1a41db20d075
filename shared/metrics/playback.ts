/**
 * Time playback of the heatmap: the range a person picks (a day, week or month in Asia/Shanghai
 * time, which has no daylight saving, so a fixed +8 h offset is exact), the speeds offered, and the
 * moving window's next position. Pure, so the renderer's animation and the tests agree.
 */
import type { ResolvedWindow } from './time-window.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SHANGHAI_OFFSET = 8 * HOUR;

/** Milliseconds of cases shown per second of playback: 1 h per second up to 1 day per second. */
export const PLAYBACK_SPEEDS = [HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY] as const;
/** Window lengths offered while playing. */
export const PLAYBACK_LENGTHS = [HOUR, 6 * HOUR, DAY, 7 * DAY] as const;

export type PlaybackSpan = 'day' | 'week' | 'month';
export const PLAYBACK_SPANS: readonly PlaybackSpan[] = ['day', 'week', 'month'];

/** Wall-clock fields of an instant in Shanghai, read from UTC getters of the shifted instant. */
const local = (t: number): Date => new Date(t + SHANGHAI_OFFSET);
const fromLocal = (y: number, m: number, d: number): number => Date.UTC(y, m, d) - SHANGHAI_OFFSET;

/**
 * The day, week (Monday to Monday) or calendar month containing `at`, as a window from its first
 * instant to the first instant of the next one.
 */
export function playbackRange(at: number, span: PlaybackSpan): ResolvedWindow {
  const l = local(at);
  const y = l.getUTCFullYear();
  const m = l.getUTCMonth();
  const d = l.getUTCDate();
  if (span === 'day') {
    const from = fromLocal(y, m, d);
    return { from, to: from + DAY };
  }
  if (span === 'week') {
    const sinceMonday = (l.getUTCDay() + 6) % 7;
    const from = fromLocal(y, m, d - sinceMonday);
    return { from, to: from + 7 * DAY };
  }
  return { from: fromLocal(y, m, 1), to: fromLocal(y, m + 1, 1) };
}

/**
 * Where the window's end is after `elapsedMs` of real time at `speed` (data ms per second),
 * clamped to the range's end; `done` once it got there.
 */
export function advancePlayback(
  end: number,
  elapsedMs: number,
  speed: number,
  range: ResolvedWindow,
): { end: number; done: boolean } {
  // Whole milliseconds: windows travel to the API as integer epoch ms.
  const next = Math.min(range.to, Math.round(end + (Math.max(0, elapsedMs) / 1000) * speed));
  return { end: next, done: next >= range.to };
}

/** The window shown while playing: `length` ending at `end`, never reaching before the range. */
export function playbackWindow(end: number, length: number, range: ResolvedWindow): ResolvedWindow {
  return { from: Math.max(range.from, end - length), to: end };
}

/** Where playback starts: one window length into the range (or its end, if shorter). */
export function playbackStart(length: number, range: ResolvedWindow): number {
  return Math.min(range.to, range.from + length);
}
