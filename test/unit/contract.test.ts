import { test } from 'node:test';
import assert from 'node:assert/strict';
import { METHOD_NAMES, validateRequest } from '../../shared/api/contract.ts';

test('every method accepts its documented params and refuses junk', () => {
  assert.ok(METHOD_NAMES.includes('grid.layer'));
  assert.deepEqual(validateRequest('grid.layer', { level: 'cell' }), {
    ok: true,
    method: 'grid.layer',
    params: { level: 'cell' },
  });
  const v = validateRequest('grid.search', { query: '  nsj ' });
  assert.ok(v.ok, 'valid');
  assert.deepEqual(v.params, { query: 'nsj', limit: 30 }, 'trims and defaults');
  for (const [m, p] of [
    ['grid.layer', { level: 'street' }],
    ['grid.unit', { code: '44a' }],
    ['grid.unit', { code: '440115', extra: 1 }],
    ['grid.search', { query: '' }],
    ['settings.set', { key: '', value: 1 }],
    ['app.info', 'x'],
  ] as const) {
    const r = validateRequest(m, p);
    assert.ok(!r.ok && r.error.code === 'bad_request', `${m} ${JSON.stringify(p)}`);
  }
  const unknown = validateRequest('__proto__', {});
  assert.ok(!unknown.ok && unknown.error.code === 'unknown_method');
  assert.ok(!validateRequest(42, {}).ok);
});
