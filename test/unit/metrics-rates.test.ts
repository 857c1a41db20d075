/** The metric definitions (DESIGN.md, Domain: Metrics), case by case, with the overdue backlog. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addFacts,
  caseFacts,
  closureRate,
  emptyCounts,
  mergeCounts,
  onTimeRate,
  perThousand,
  ratesOf,
  reworkRate,
  type CaseClockFields,
} from '../../shared/metrics/index.ts';

const NOW = 1_000_000;
const base: CaseClockFields = {
  status: 'reported',
  dispatchedAt: null,
  dueAt: null,
  pausedAt: null,
  closedAt: null,
  reworkCount: 0,
};
const c = (p: Partial<CaseClockFields>): CaseClockFields => ({ ...base, ...p });
const sum = (cases: CaseClockFields[], now = NOW) =>
  cases.reduce((acc, x) => addFacts(acc, caseFacts(x, now)), emptyCounts());

test('registered counts every accepted case, not reports waiting or voided ones', () => {
  const counts = sum([
    c({ status: 'reported' }),
    c({ status: 'voided' }),
    c({ status: 'registered' }),
    c({ status: 'handling', dispatchedAt: 1, dueAt: NOW + 1 }),
    c({ status: 'closed', dispatchedAt: 1, dueAt: NOW, pausedAt: 10, closedAt: 20 }),
    c({ status: 'archived', dispatchedAt: 1, dueAt: NOW, pausedAt: 10, closedAt: 20 }),
  ]);
  assert.equal(counts.total, 6);
  assert.equal(counts.registered, 4);
  assert.equal(counts.closed, 2);
  assert.equal(closureRate(counts), 0.5);
});

test('a closed case is on time when its clock stopped (last feedback) by the due time', () => {
  const onTime = caseFacts(
    c({ status: 'closed', dispatchedAt: 0, dueAt: 100, pausedAt: 100, closedAt: 500 }),
    NOW,
  );
  assert.equal(onTime.closedOnTime, true, 'verification after the due time is not the department’s delay');
  const late = caseFacts(
    c({ status: 'closed', dispatchedAt: 0, dueAt: 100, pausedAt: 101, closedAt: 101 }),
    NOW,
  );
  assert.equal(late.closedOnTime, false);
  const unpaused = caseFacts(c({ status: 'closed', dispatchedAt: 0, dueAt: 100, closedAt: 150 }), NOW);
  assert.equal(unpaused.closedOnTime, false, 'without a pause the close time is when the clock stopped');
});

test('the on-time rate counts the overdue backlog in its denominator', () => {
  const counts = sum([
    // Two closed on time, one closed late.
    c({ status: 'closed', dispatchedAt: 0, dueAt: 100, pausedAt: 50, closedAt: 60 }),
    c({ status: 'archived', dispatchedAt: 0, dueAt: 100, pausedAt: 90, closedAt: 200 }),
    c({ status: 'closed', dispatchedAt: 0, dueAt: 100, pausedAt: 150, closedAt: 160 }),
    // Open and overdue now: handling past due, and in verification with late feedback.
    c({ status: 'handling', dispatchedAt: 0, dueAt: NOW - 1 }),
    c({ status: 'verifying', dispatchedAt: 0, dueAt: 100, pausedAt: 120 }),
    // Open, not overdue: not yet due, and feedback given in time (paused before due).
    c({ status: 'dispatched', dispatchedAt: 0, dueAt: NOW + 1 }),
    c({ status: 'feedback', dispatchedAt: 0, dueAt: 100, pausedAt: 80 }),
    // Not dispatched: no clock, never overdue.
    c({ status: 'registered' }),
  ]);
  assert.equal(counts.closed, 3);
  assert.equal(counts.closedOnTime, 2);
  assert.equal(counts.openOverdue, 2);
  assert.equal(onTimeRate(counts), 2 / 5);
  assert.notEqual(onTimeRate(counts), 2 / 3, 'closed-only would hide the backlog');
  assert.equal(ratesOf(counts).overdueCount, 2);
});

test('due exactly now is not yet overdue; one ms later it is', () => {
  assert.equal(caseFacts(c({ status: 'handling', dispatchedAt: 0, dueAt: NOW }), NOW).openOverdue, false);
  assert.equal(caseFacts(c({ status: 'handling', dispatchedAt: 0, dueAt: NOW }), NOW + 1).openOverdue, true);
});

test('rework rate is reworked over dispatched', () => {
  const counts = sum([
    c({ status: 'closed', dispatchedAt: 0, dueAt: 100, pausedAt: 50, closedAt: 60, reworkCount: 2 }),
    c({ status: 'handling', dispatchedAt: 0, dueAt: NOW + 5, reworkCount: 1 }),
    c({ status: 'handling', dispatchedAt: 0, dueAt: NOW + 5 }),
    c({ status: 'dispatched', dispatchedAt: 0, dueAt: NOW + 5 }),
    c({ status: 'registered' }),
  ]);
  assert.equal(counts.dispatched, 4);
  assert.equal(reworkRate(counts), 0.5);
});

test('empty windows give null rates, not 0 % or NaN', () => {
  const r = ratesOf(emptyCounts());
  assert.deepEqual(r, { closureRate: null, onTimeRate: null, reworkRate: null, overdueCount: 0 });
  // Only reported cases: nothing registered, nothing closed or overdue.
  const only = sum([c({ status: 'reported' })]);
  assert.equal(closureRate(only), null);
  assert.equal(onTimeRate(only), null);
});

test('counts merge by addition, so rates of a whole equal rates of summed parts', () => {
  const a = sum([c({ status: 'closed', dispatchedAt: 0, dueAt: 100, pausedAt: 50, closedAt: 60 })]);
  const b = sum([c({ status: 'handling', dispatchedAt: 0, dueAt: 1 }), c({ status: 'registered' })]);
  const m = mergeCounts(a, b);
  assert.equal(m.total, 3);
  assert.equal(closureRate(m), 1 / 3);
  assert.equal(onTimeRate(m), 1 / 2);
});

test('cases per 1,000 residents; unknown population is null', () => {
  assert.equal(perThousand(25, 5000), 5);
  assert.equal(perThousand(3, 0), null);
  assert.equal(perThousand(0, 100), 0);
});
