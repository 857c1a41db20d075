import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  addWorkingDays,
  addWorkingHours,
  addWorkingTime,
  createCalendar,
  DAY_MS,
  formatLocal,
  HOUR_MS,
  instantFromLocal,
  isWorkingTime,
  loadCalendar,
  MINUTE_MS,
  nextWorkingInstant,
  workingTimeBetween,
  type CalendarOverrides,
  type WorkingCalendar,
} from '../../shared/calendar/index.ts';

const file: unknown = JSON.parse(readFileSync('data/calendar/cn-2025-2026.json', 'utf8'));

function calendar(overrides: CalendarOverrides = {}): WorkingCalendar {
  const r = loadCalendar(file, overrides);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.value.calendar;
}

const gov = calendar();
const nineToSix = calendar({ workingPeriods: [{ start: '09:00', end: '18:00' }] });
const OFFSET = gov.offsetMs;
const at = (local: string): number => instantFromLocal(local, OFFSET);
const show = (t: number): string => formatLocal(t, OFFSET);

test('local times are UTC+8 whatever the host time zone', () => {
  assert.equal(at('2026-03-13 17:30'), Date.UTC(2026, 2, 13, 9, 30));
  assert.equal(show(Date.UTC(2026, 2, 13, 16, 0)), '2026-03-14 00:00');
});

test('issue example: 2 working hours dispatched Friday 17:30 on a 09:00–18:00 calendar is due Monday 10:30', () => {
  assert.equal(show(addWorkingHours(nineToSix, at('2026-03-13 17:30'), 2)), '2026-03-16 10:30');
});

test('the same example on the default 08:30–12:00 / 14:00–17:30 calendar', () => {
  // 17:30 is closing time, so the whole two hours fall on Monday from 08:30.
  assert.equal(show(addWorkingHours(gov, at('2026-03-13 17:30'), 2)), '2026-03-16 10:30');
  // One hour left on Friday, one on Monday.
  assert.equal(show(addWorkingHours(gov, at('2026-03-13 16:30'), 2)), '2026-03-16 09:30');
  assert.equal(show(addWorkingHours(gov, at('2026-03-13 17:00'), 2)), '2026-03-16 10:00');
});

test('the lunch break does not count', () => {
  assert.equal(show(addWorkingHours(gov, at('2026-03-10 11:00'), 2)), '2026-03-10 15:00');
  assert.equal(show(addWorkingHours(gov, at('2026-03-10 11:00'), 1)), '2026-03-10 12:00');
  assert.equal(show(addWorkingHours(gov, at('2026-03-10 12:30'), 1)), '2026-03-10 15:00');
});

test('an amount that ends exactly at closing time is due at closing time, not the next morning', () => {
  assert.equal(show(addWorkingHours(gov, at('2026-03-13 16:30'), 1)), '2026-03-13 17:30');
  assert.equal(show(addWorkingHours(gov, at('2026-03-09 08:30'), 7)), '2026-03-09 17:30');
  assert.equal(show(addWorkingHours(gov, at('2026-03-09 08:30'), 35)), '2026-03-13 17:30');
});

test('work started outside working time starts at the next working instant', () => {
  assert.equal(show(addWorkingHours(gov, at('2026-03-14 10:00'), 2)), '2026-03-16 10:30'); // Saturday
  assert.equal(show(addWorkingHours(gov, at('2026-03-10 06:00'), 0.5)), '2026-03-10 09:00');
  assert.equal(show(addWorkingHours(gov, at('2026-03-10 22:00'), 0.25)), '2026-03-11 08:45');
});

test('a holiday week is skipped: 国庆 2026 (Oct 1–7 off, Sat Oct 10 worked)', () => {
  assert.equal(show(addWorkingHours(gov, at('2026-09-30 16:00'), 2)), '2026-10-08 09:00');
  // Friday Oct 9 → make-up working Saturday Oct 10.
  assert.equal(show(addWorkingHours(gov, at('2026-10-09 17:00'), 2)), '2026-10-10 10:00');
  // Sunday Sep 20 is a make-up working day before the holiday.
  assert.equal(show(addWorkingHours(gov, at('2026-09-19 09:00'), 1)), '2026-09-20 09:30');
});

test('a holiday week is skipped: 国庆 2025 (Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked)', () => {
  assert.equal(show(addWorkingHours(gov, at('2025-09-30 17:00'), 1)), '2025-10-09 09:00');
  assert.equal(show(addWorkingHours(gov, at('2025-09-27 10:00'), 1)), '2025-09-28 09:30');
  assert.equal(show(addWorkingHours(gov, at('2025-10-10 17:30'), 1)), '2025-10-11 09:30');
});

test('春节 2026: make-up Saturday before, nine days off, make-up Saturday after', () => {
  assert.equal(show(addWorkingHours(gov, at('2026-02-13 17:00'), 1)), '2026-02-14 09:00');
  assert.equal(show(addWorkingHours(gov, at('2026-02-14 17:00'), 1)), '2026-02-24 09:00');
  assert.equal(workingTimeBetween(gov, at('2026-02-14 17:30'), at('2026-02-24 08:30')), 0);
});

test('isWorkingTime: periods are half-open, weekends, holidays and make-up days', () => {
  const cases: [string, boolean][] = [
    ['2026-03-10 08:29', false],
    ['2026-03-10 08:30', true],
    ['2026-03-10 11:59', true],
    ['2026-03-10 12:00', false],
    ['2026-03-10 13:59', false],
    ['2026-03-10 14:00', true],
    ['2026-03-10 17:29:59', true],
    ['2026-03-10 17:30', false],
    ['2026-03-14 10:00', false], // Saturday
    ['2026-10-05 10:00', false], // Monday in the National Day holiday
    ['2026-10-10 10:00', true], // make-up Saturday
    ['2027-03-09 10:00', true], // beyond the data: weekly pattern only
  ];
  for (const [local, expected] of cases) assert.equal(isWorkingTime(gov, at(local)), expected, local);
});

test('nextWorkingInstant', () => {
  const cases: [string, string][] = [
    ['2026-03-10 10:00', '2026-03-10 10:00'],
    ['2026-03-10 07:00', '2026-03-10 08:30'],
    ['2026-03-10 12:00', '2026-03-10 14:00'],
    ['2026-03-10 12:30', '2026-03-10 14:00'],
    ['2026-03-13 17:30', '2026-03-16 08:30'],
    ['2026-03-14 23:59', '2026-03-16 08:30'],
    ['2026-09-30 18:00', '2026-10-08 08:30'],
    ['2026-10-09 18:00', '2026-10-10 08:30'],
  ];
  for (const [from, to] of cases) assert.equal(show(nextWorkingInstant(gov, at(from))), to, from);
});

test('working days: the start day does not count; due at closing time of the Nth working day', () => {
  const cases: [string, number, string][] = [
    ['2026-03-09 10:00', 3, '2026-03-12 17:30'], // Monday → Thursday
    ['2026-03-09 17:29', 3, '2026-03-12 17:30'],
    ['2026-03-09 07:00', 1, '2026-03-10 17:30'],
    ['2026-03-13 10:00', 3, '2026-03-18 17:30'], // Friday → Wednesday
    ['2026-03-14 10:00', 1, '2026-03-16 17:30'], // Saturday → Monday
    ['2026-09-30 10:00', 3, '2026-10-10 17:30'], // over National Day: Oct 8, 9, 10 (make-up)
    ['2026-09-30 10:00', 5, '2026-10-13 17:30'],
    ['2025-09-30 10:00', 3, '2025-10-11 17:30'], // 2025: Oct 9, 10, 11 (make-up)
  ];
  for (const [from, days, due] of cases) assert.equal(show(addWorkingDays(gov, at(from), days)), due, from);
  assert.equal(show(addWorkingDays(nineToSix, at('2026-03-09 10:00'), 3)), '2026-03-12 18:00');
  assert.throws(() => addWorkingDays(gov, at('2026-03-09 10:00'), 0), RangeError);
  assert.throws(() => addWorkingDays(gov, at('2026-03-09 10:00'), 1.5), RangeError);
});

test('working time elapsed between two instants', () => {
  const h = (a: string, b: string): number => workingTimeBetween(gov, at(a), at(b)) / HOUR_MS;
  assert.equal(h('2026-03-13 16:00', '2026-03-16 10:00'), 3);
  assert.equal(h('2026-03-10 11:00', '2026-03-10 15:00'), 2);
  assert.equal(h('2026-03-09 00:00', '2026-03-16 00:00'), 35);
  assert.equal(h('2026-09-30 00:00', '2026-10-09 00:00'), 14); // Sep 30 and Oct 8 only
  assert.equal(h('2026-03-16 10:00', '2026-03-13 16:00'), 0); // reversed
  assert.equal(h('2026-03-14 09:00', '2026-03-15 17:00'), 0); // a weekend
  assert.equal(
    workingTimeBetween(gov, at('2026-03-10 09:00'), at('2026-03-10 09:00') + MINUTE_MS),
    MINUTE_MS,
  );
});

test('adding 0 leaves an instant alone, even outside working time; negative amounts are refused', () => {
  const saturday = at('2026-03-14 10:00');
  assert.equal(addWorkingTime(gov, saturday, 0), saturday);
  assert.throws(() => addWorkingTime(gov, saturday, -1), RangeError);
  assert.throws(() => addWorkingTime(gov, saturday, Number.NaN), RangeError);
});

test('property: elapsed(next(start), add(start, x)) = x, and adding is associative', () => {
  let seed = 12345;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const base = at('2025-09-01 00:00');
  for (let i = 0; i < 500; i++) {
    const start = base + Math.floor(rand() * 500) * DAY_MS + Math.floor(rand() * 96) * 15 * MINUTE_MS;
    const x = Math.floor(rand() * 80) * 15 * MINUTE_MS + MINUTE_MS;
    const y = Math.floor(rand() * 40) * 15 * MINUTE_MS + MINUTE_MS;
    const due = addWorkingTime(gov, start, x);
    assert.equal(workingTimeBetween(gov, nextWorkingInstant(gov, start), due), x, show(start));
    assert.equal(addWorkingTime(gov, due, y), addWorkingTime(gov, start, x + y), show(start));
    assert.ok(isWorkingTime(gov, due - 1), `due ${show(due)} ends a stretch of working time`);
  }
});

test('configurable: a six-day week and a calendar without working time refused', () => {
  const sixDays = createCalendar({
    utcOffsetMinutes: 480,
    workingWeekdays: [1, 2, 3, 4, 5, 6],
    workingPeriods: [{ start: '09:00', end: '17:00' }],
    holidays: [],
    makeUpWorkdays: [],
  });
  assert.equal(show(addWorkingHours(sixDays, at('2026-03-13 16:00'), 2)), '2026-03-14 10:00');
  assert.throws(
    () =>
      createCalendar({
        utcOffsetMinutes: 480,
        workingWeekdays: [1],
        workingPeriods: [
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '17:00' },
        ],
        holidays: [],
        makeUpWorkdays: [],
      }),
    /overlaps/,
  );
  assert.throws(
    () =>
      createCalendar({
        utcOffsetMinutes: 480,
        workingWeekdays: [],
        workingPeriods: [{ start: '09:00', end: '17:00' }],
        holidays: [],
        makeUpWorkdays: [],
      }),
    /no working days/,
  );
});
