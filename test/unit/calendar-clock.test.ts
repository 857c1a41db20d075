import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  formatLocal,
  HOUR_MS,
  instantFromLocal,
  loadCalendar,
  pauseClock,
  readClock,
  resumeClock,
  startClock,
  dueTime,
} from '../../shared/calendar/index.ts';

const loaded = loadCalendar(JSON.parse(readFileSync('data/calendar/cn-2025-2026.json', 'utf8')));
if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
const cal = loaded.value.calendar;
const at = (local: string): number => instantFromLocal(local, cal.offsetMs);
const show = (t: number): string => formatLocal(t, cal.offsetMs);
const twoHours = { value: 2, unit: 'workingHours' } as const;

test('a clock started outside working time runs from the next working instant', () => {
  const clock = startClock(cal, at('2026-03-13 17:30'), twoHours);
  assert.equal(show(clock.runsFrom), '2026-03-16 08:30');
  assert.equal(show(clock.dueAt), '2026-03-16 10:30');
  assert.equal(clock.budgetMs, 2 * HOUR_MS);
  const r = readClock(cal, clock, at('2026-03-14 12:00'));
  assert.deepEqual([r.usedMs, r.fraction, r.urgency, r.overdue], [0, 0, 'normal', false]);
});

test('normal, then amber at 80 % of the time used, red once overdue', () => {
  const clock = startClock(cal, at('2026-03-16 08:30'), twoHours);
  const read = (local: string) => readClock(cal, clock, at(local));
  assert.equal(read('2026-03-16 09:30').urgency, 'normal');
  assert.equal(read('2026-03-16 10:05').urgency, 'normal');
  assert.equal(read('2026-03-16 10:06').fraction, 0.8);
  assert.equal(read('2026-03-16 10:06').urgency, 'amber');
  assert.equal(read('2026-03-16 10:30').urgency, 'amber'); // due, not yet overdue
  assert.equal(read('2026-03-16 10:30').leftMs, 0);
  const late = read('2026-03-16 11:00');
  assert.deepEqual([late.urgency, late.overdue, late.leftMs], ['red', true, -0.5 * HOUR_MS]);
  assert.equal(
    readClock(cal, clock, at('2026-03-16 10:00'), 0.5).urgency,
    'amber',
    'amber threshold is a parameter',
  );
});

test('overdue after closing time even though no working time has passed since', () => {
  const clock = startClock(cal, at('2026-03-13 16:30'), { value: 1, unit: 'workingHours' });
  assert.equal(show(clock.dueAt), '2026-03-13 17:30');
  const r = readClock(cal, clock, at('2026-03-13 18:00'));
  assert.deepEqual([r.overdue, r.urgency, r.leftMs], [true, 'red', 0]);
  assert.equal(readClock(cal, clock, at('2026-03-16 09:30')).leftMs, -HOUR_MS);
});

test('a working-days clock: budget is the working time to closing time of the last day', () => {
  const clock = startClock(cal, at('2026-03-09 10:00'), { value: 3, unit: 'workingDays' });
  assert.equal(show(clock.dueAt), '2026-03-12 17:30');
  assert.equal(clock.budgetMs, 26.5 * HOUR_MS); // 5.5 h on Monday + 3 × 7 h
  assert.equal(readClock(cal, clock, at('2026-03-12 10:00')).urgency, 'normal'); // 21 h of 26.5
  assert.equal(readClock(cal, clock, at('2026-03-12 10:30')).urgency, 'amber'); // 21.5 h of 26.5
  assert.equal(readClock(cal, clock, at('2026-03-12 17:31')).urgency, 'red');
});

test('a holiday week does not use up a working-days clock', () => {
  const clock = startClock(cal, at('2026-09-30 15:00'), { value: 1, unit: 'workingDays' });
  assert.equal(show(clock.dueAt), '2026-10-08 17:30');
  assert.equal(readClock(cal, clock, at('2026-10-07 23:00')).fraction, 2.5 / 9.5);
});

test('pausing freezes the reading; resuming moves the due time by the working time paused', () => {
  let clock = startClock(cal, at('2026-03-16 08:30'), twoHours);
  clock = pauseClock(clock, at('2026-03-16 09:00'));
  assert.equal(readClock(cal, clock, at('2026-03-20 12:00')).usedMs, 0.5 * HOUR_MS);
  assert.equal(readClock(cal, clock, at('2026-03-20 12:00')).paused, true);
  assert.equal(pauseClock(clock, at('2026-03-17 09:00')), clock, 'pausing twice changes nothing');
  clock = resumeClock(cal, clock, at('2026-03-17 09:00')); // 6.5 h + 0.5 h paused
  assert.equal(show(clock.dueAt), '2026-03-17 10:30');
  assert.equal(clock.pausedMs, 7 * HOUR_MS);
  const r = readClock(cal, clock, at('2026-03-17 10:00'));
  assert.deepEqual([r.usedMs, r.paused], [1.5 * HOUR_MS, false]);
});

test('a clock paused while overdue stays exactly as overdue after resuming', () => {
  let clock = startClock(cal, at('2026-03-16 08:30'), twoHours);
  clock = pauseClock(clock, at('2026-03-16 11:00'));
  const before = readClock(cal, clock, at('2026-03-16 11:00'));
  clock = resumeClock(cal, clock, at('2026-03-17 15:00'));
  const after = readClock(cal, clock, at('2026-03-17 15:00'));
  assert.equal(after.leftMs, before.leftMs);
  assert.equal(after.overdue, true);
  assert.equal(show(clock.dueAt), '2026-03-17 14:30');
});

test('a clock paused before it started running charges nothing', () => {
  let clock = startClock(cal, at('2026-03-14 10:00'), twoHours); // Saturday
  clock = pauseClock(clock, at('2026-03-14 11:00'));
  clock = resumeClock(cal, clock, at('2026-03-16 09:00'));
  assert.equal(show(clock.dueAt), '2026-03-16 11:00');
  assert.equal(readClock(cal, clock, at('2026-03-16 09:00')).usedMs, 0);
});

test('time limits must be positive', () => {
  assert.throws(() => dueTime(cal, at('2026-03-16 08:30'), { value: 0, unit: 'workingHours' }), RangeError);
  assert.throws(() => dueTime(cal, at('2026-03-16 08:30'), { value: -1, unit: 'workingDays' }), RangeError);
  assert.equal(
    show(dueTime(cal, at('2026-03-16 08:30'), { value: 0.5, unit: 'workingHours' })),
    '2026-03-16 09:00',
  );
});
