import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dayFromDateKey, isWorkingDay, loadCalendar, weekdayOf } from '../../shared/calendar/index.ts';

const real = JSON.parse(readFileSync('data/calendar/cn-2025-2026.json', 'utf8')) as {
  years: { year: number; verified: boolean; holidays: unknown[]; makeUpWorkdays: { date: string }[] }[];
};

function errorsOf(raw: unknown): string[] {
  const r = loadCalendar(raw);
  assert.equal(r.ok, false, 'expected the data to be refused');
  return r.ok ? [] : r.errors;
}

/** A minimal valid file, with one year to break in each test. */
function sample(year: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    years: [
      {
        year: 2025,
        source: 'test',
        holidays: [{ name: '国庆节', from: '2025-10-01', to: '2025-10-08' }],
        makeUpWorkdays: [{ date: '2025-09-28', for: '国庆节' }],
        ...year,
      },
    ],
  };
}

test('the real calendar file loads: 2025 verified, 2026 marked for checking', () => {
  const r = loadCalendar(real);
  assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
  assert.deepEqual(r.value.years, [2025, 2026]);
  assert.equal(r.value.data.timeZone, 'Asia/Shanghai');
  assert.deepEqual(
    r.value.data.years.map((y) => [y.year, y.verified]),
    [
      [2025, true],
      [2026, false],
    ],
  );
  const cal = r.value.calendar;
  for (const key of ['2026-10-01', '2026-10-05', '2026-10-07', '2025-10-08', '2026-02-23'])
    assert.equal(isWorkingDay(cal, dayFromDateKey(key)), false, key);
  for (const key of ['2026-10-10', '2026-09-20', '2025-09-28', '2025-10-11', '2026-02-28'])
    assert.equal(isWorkingDay(cal, dayFromDateKey(key)), true, key);
});

test('every make-up working day in the real file is a weekend day', () => {
  for (const y of real.years)
    for (const m of y.makeUpWorkdays) assert.ok([0, 6].includes(weekdayOf(dayFromDateKey(m.date))), m.date);
});

test('omitted settings take the China government defaults', () => {
  const r = loadCalendar(sample());
  assert.ok(r.ok);
  assert.deepEqual(r.value.data.workingPeriods, [
    { start: '08:30', end: '12:00' },
    { start: '14:00', end: '17:30' },
  ]);
  assert.deepEqual(r.value.data.workingWeekdays, [1, 2, 3, 4, 5]);
  assert.equal(r.value.data.utcOffsetMinutes, 480);
});

test('a make-up day that is already a working day is refused, naming the day', () => {
  const errors = errorsOf(sample({ makeUpWorkdays: [{ date: '2025-09-30', for: '国庆节' }] }));
  assert.deepEqual(errors, [
    'years[0].makeUpWorkdays[0].date: make-up working day 2025-09-30 is a Tuesday, already a working day',
  ]);
});

test('a make-up day inside the holiday is refused', () => {
  const errors = errorsOf(sample({ makeUpWorkdays: [{ date: '2025-10-04', for: '国庆节' }] }));
  assert.match(errors.join('\n'), /2025-10-04 falls inside the holiday 国庆节/);
});

test('impossible dates, reversed ranges, wrong years and overlaps are refused with their place', () => {
  assert.deepEqual(errorsOf(sample({ holidays: [{ name: 'x', from: '2025-02-30', to: '2025-03-01' }] })), [
    'years[0].holidays[0].from: must be a real date written YYYY-MM-DD',
  ]);
  assert.deepEqual(errorsOf(sample({ holidays: [{ name: 'x', from: '2025-10-08', to: '2025-10-01' }] })), [
    'years[0].holidays[0].to: 2025-10-01 is before 2025-10-08',
  ]);
  assert.match(
    errorsOf(sample({ holidays: [{ name: 'x', from: '2024-10-01', to: '2024-10-02' }] })).join(),
    /years\[0\]\.holidays\[0\]\.from: 2024-10-01 is not in 2025/,
  );
  assert.match(
    errorsOf(sample({ holidays: [{ name: 'x', from: '2025-07-01', to: '2025-08-30' }] })).join(),
    /61 days; no holiday is longer than 15/,
  );
  assert.match(
    errorsOf(
      sample({
        holidays: [
          { name: '中秋节', from: '2025-10-06', to: '2025-10-06' },
          { name: '国庆节', from: '2025-10-01', to: '2025-10-08' },
        ],
      }),
    ).join(),
    /years\[0\]\.holidays\[1\]: 国庆节 overlaps 中秋节 on 2025-10-06/,
  );
});

test('duplicate years, unknown fields, missing source and bad periods are refused', () => {
  const twice = { ...sample(), years: [...(sample().years as unknown[]), ...(sample().years as unknown[])] };
  assert.match(errorsOf(twice).join(), /years\[1\]\.year: year 2025 appears twice/);
  assert.match(errorsOf({ ...sample(), holydays: [] }).join(), /holydays/);
  assert.match(errorsOf(sample({ source: ' ' })).join(), /years\[0\]\.source: name the source/);
  assert.match(
    errorsOf({ ...sample(), workingPeriods: [{ start: '14:00', end: '12:00' }] }).join(),
    /workingPeriods: period 1: 14:00–12:00 ends before it starts/,
  );
  assert.match(
    errorsOf({ ...sample(), workingPeriods: [{ start: '8:30', end: '12:00' }] }).join(),
    /workingPeriods\[0\]\.start: must be a time written HH:MM/,
  );
  assert.match(
    errorsOf({ ...sample(), workingWeekdays: [1, 7] }).join(),
    /workingWeekdays\[1\]: weekdays are 0/,
  );
});

test('overrides are checked too', () => {
  const r = loadCalendar(sample(), { workingPeriods: [{ start: '09:00', end: '09:00' }] });
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.errors.join(), /ends before it starts/);
});
