/** Heatmap playback: ranges of a day, week and month in Shanghai time, and the moving window. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  advancePlayback,
  PLAYBACK_SPEEDS,
  playbackRange,
  playbackStart,
  playbackWindow,
} from '../../shared/metrics/index.ts';

const at = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;

test('a day, week and month are Shanghai calendar periods', () => {
  // 02:30 on Wednesday 2025-07-02 in Shanghai is still Tuesday in UTC.
  const t = at('2025-07-02T02:30:00+08:00');
  assert.deepEqual(playbackRange(t, 'day'), {
    from: at('2025-07-02T00:00:00+08:00'),
    to: at('2025-07-03T00:00:00+08:00'),
  });
  assert.deepEqual(playbackRange(t, 'week'), {
    from: at('2025-06-30T00:00:00+08:00'),
    to: at('2025-07-07T00:00:00+08:00'),
  });
  assert.deepEqual(playbackRange(t, 'month'), {
    from: at('2025-07-01T00:00:00+08:00'),
    to: at('2025-08-01T00:00:00+08:00'),
  });
  // A Sunday belongs to the week that began the Monday before; December rolls into January.
  assert.equal(playbackRange(at('2025-07-06T23:59:00+08:00'), 'week').from, at('2025-06-30T00:00:00+08:00'));
  assert.deepEqual(playbackRange(at('2025-12-31T23:00:00+08:00'), 'month'), {
    from: at('2025-12-01T00:00:00+08:00'),
    to: at('2026-01-01T00:00:00+08:00'),
  });
  assert.equal(
    playbackRange(at('2024-02-10T12:00:00+08:00'), 'month').to - at('2024-02-01T00:00:00+08:00'),
    29 * 24 * HOUR,
    'leap February',
  );
});

test('playback advances by speed × elapsed time and stops at the range end', () => {
  const range = playbackRange(at('2025-07-02T12:00:00+08:00'), 'day');
  const start = playbackStart(HOUR, range);
  assert.equal(start, range.from + HOUR);
  assert.equal(PLAYBACK_SPEEDS[0], HOUR, 'slowest: an hour of cases per second');
  assert.equal(PLAYBACK_SPEEDS[PLAYBACK_SPEEDS.length - 1], 24 * HOUR, 'fastest: a day per second');
  // Half a second at 6 h/s moves the window three hours.
  const step = advancePlayback(start, 500, 6 * HOUR, range);
  assert.deepEqual(step, { end: start + 3 * HOUR, done: false });
  const last = advancePlayback(range.to - HOUR, 2000, 24 * HOUR, range);
  assert.deepEqual(last, { end: range.to, done: true });
  assert.deepEqual(advancePlayback(start, -5, HOUR, range).end, start, 'a clock going back does not rewind');
});

test('the playing window never starts before the range', () => {
  const range = { from: 1_000_000, to: 9_000_000 };
  assert.deepEqual(playbackWindow(2_000_000, 3_000_000, range), { from: 1_000_000, to: 2_000_000 });
  assert.deepEqual(playbackWindow(8_000_000, 3_000_000, range), { from: 5_000_000, to: 8_000_000 });
  assert.equal(playbackStart(10_000_000, range), range.to);
});
