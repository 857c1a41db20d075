import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { CONTENT_SECURITY_POLICY, contentTypeOf, resolveStaticPath } from '../../electron/static-files.ts';

const root = resolve('/srv/gezhi/renderer');

test('maps app paths under the renderer root', () => {
  assert.equal(resolveStaticPath(root, '/'), join(root, 'index.html'));
  assert.equal(resolveStaticPath(root, '/assets/index-abc.js?v=1'), join(root, 'assets/index-abc.js'));
  assert.equal(resolveStaticPath(root, '/assets/%E5%8D%97.png'), join(root, 'assets/南.png'));
});

test('refuses anything that leaves the root', () => {
  for (const p of [
    '/../x',
    '/%2e%2e/x',
    '/a/../../x',
    '/..%2f..%2fetc/passwd',
    '/%00',
    '/a\\..\\..\\x',
    '/%E0%A4%A',
  ]) {
    assert.equal(resolveStaticPath(root, p), null, p);
  }
});

test('content types and CSP', () => {
  assert.equal(contentTypeOf('a.js'), 'text/javascript; charset=utf-8');
  assert.equal(contentTypeOf('a.woff2'), 'font/woff2');
  assert.equal(contentTypeOf('a.unknown'), 'application/octet-stream');
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-eval|\*/);
});
