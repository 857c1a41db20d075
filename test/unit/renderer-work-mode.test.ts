import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialWorkMode } from '../../renderer/src/app/use-work-mode.ts';

test('the address names the mode; else the one remembered on this seat; else operations', () => {
  assert.equal(initialWorkMode('', null), 'operator');
  assert.equal(initialWorkMode('', 'planner'), 'planner');
  assert.equal(initialWorkMode('?mode=planner', null), 'planner');
  assert.equal(initialWorkMode('?mode=operator', 'planner'), 'operator', 'a bookmark wins over memory');
  assert.equal(initialWorkMode('?token=abc&mode=planner&e2e=1', 'operator'), 'planner');
});

test('an unknown mode in the address or in storage is ignored, not shown as a blank screen', () => {
  assert.equal(initialWorkMode('?mode=editor', null), 'operator');
  assert.equal(initialWorkMode('?mode=', 'planner'), 'planner');
  assert.equal(initialWorkMode('', 'PLANNER'), 'operator');
  assert.equal(initialWorkMode('', '{"mode":"planner"}'), 'operator');
});
