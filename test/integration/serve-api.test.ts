/** The serve host's HTTP surface against the real process: validation, limits, path guard, tokens. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import WebSocket from 'ws';
import { invoke, startServe, type ServeProcess } from '../helpers/serve-process.ts';

/** A raw HTTP request, so paths and headers go out exactly as written (fetch normalises them). */
function raw(
  origin: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const u = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve host HTTP API', () => {
  let serve: ServeProcess;
  before(async () => {
    serve = await startServe({ demo: 'nansha' });
  });
  after(async () => {
    assert.equal(await serve.stop(), 0, 'clean shutdown');
  });

  test('serves the renderer with a strict Content-Security-Policy', async () => {
    const res = await raw(serve.origin, '/');
    assert.equal(res.status, 200);
    assert.match(res.body, /<div id="root"/);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
  });

  test('refuses paths that leave the renderer folder', async () => {
    for (const p of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/%2e%2e%2f%2e%2e%2fetc/passwd',
      '/a/../../data/divisions-guangzhou.csv',
    ]) {
      const res = await raw(serve.origin, p);
      assert.ok(res.status === 400 || res.status === 404, `${p} → ${res.status}`);
      assert.doesNotMatch(res.body, /"name": "gezhi"|code,name,level/, `${p} must not leak files`);
    }
  });

  test('rejects a foreign Host header (DNS rebinding)', async () => {
    const res = await raw(serve.origin, '/', { Host: 'evil.example:80' });
    assert.equal(res.status, 421);
  });

  test('answers app.info with the store ready and the Nansha counts', async () => {
    const { status, body } = await invoke(serve.origin, 'app.info');
    assert.equal(status, 200);
    const info = body.value as {
      store: { state: string; schemaVersion: number };
      counts: Record<string, number>;
      host: string;
    };
    assert.equal(info.host, 'serve');
    assert.equal(info.store.state, 'ready');
    assert.equal(info.counts.district, 1);
    assert.equal(info.counts.town, 9);
    assert.equal(info.counts.community, 172);
    assert.ok(info.counts.cell! > 2500, `cells: ${info.counts.cell}`);
  });

  test('validates requests and says what is wrong', async () => {
    const unknown = await invoke(serve.origin, 'grid.delete_everything');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error?.code, 'unknown_method');
    const badLevel = await invoke(serve.origin, 'grid.layer', { level: 'planet' });
    assert.equal(badLevel.status, 400);
    assert.equal(badLevel.body.error?.code, 'bad_request');
    const extra = await invoke(serve.origin, 'grid.unit', { code: '440115', sql: 'drop table' });
    assert.equal(extra.status, 400);
    const missing = await invoke(serve.origin, 'grid.unit', { code: '440115999999999' });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error?.code, 'not_found');

    const notJson = await fetch(`${serve.origin}/api/invoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"method": ',
    });
    assert.equal(notJson.status, 400);
    const big = await fetch(`${serve.origin}/api/invoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        method: 'settings.set',
        params: { key: 'x', value: 'y'.repeat(2 * 1024 * 1024) },
      }),
    });
    assert.equal(big.status, 413);
    const tooLargeSetting = await invoke(serve.origin, 'settings.set', {
      key: 'x',
      value: 'y'.repeat(20_000),
    });
    assert.equal(tooLargeSetting.status, 400);
  });

  test('settings persist and are pushed to WebSocket listeners', async () => {
    const ws = new WebSocket(`${serve.origin.replace('http', 'ws')}/api/events`);
    await new Promise((r, j) => {
      ws.once('open', r);
      ws.once('error', j);
    });
    const got = new Promise<string>((r) => ws.once('message', (m: Buffer) => r(m.toString())));
    const set = await invoke(serve.origin, 'settings.set', {
      key: 'map.view',
      value: { center: [113.5, 22.8], zoom: 10 },
    });
    assert.equal(set.status, 200);
    assert.deepEqual(JSON.parse(await got), { type: 'settings.changed', key: 'map.view' });
    ws.close();
    const read = await invoke(serve.origin, 'settings.get', { key: 'map.view' });
    assert.deepEqual((read.body.value as { value: unknown }).value, { center: [113.5, 22.8], zoom: 10 });
  });
});

describe('serve host with an access token', () => {
  let serve: ServeProcess;
  before(async () => {
    serve = await startServe({ demo: 'none', extraArgs: ['--token', 's3cret-token'] });
  });
  after(async () => {
    await serve.stop();
  });

  test('API calls without the token are refused, with it they pass', async () => {
    assert.match(serve.url, /\?token=s3cret-token/);
    assert.equal((await invoke(serve.origin, 'app.info')).status, 401);
    assert.equal((await invoke(serve.origin, 'app.info', {}, { Authorization: 'Bearer wrong' })).status, 401);
    assert.equal(
      (await invoke(serve.origin, 'app.info', {}, { Authorization: 'Bearer s3cret-token' })).status,
      200,
    );
  });

  test('the events socket needs the token too', async () => {
    const base = serve.origin.replace('http', 'ws');
    const refused = await new Promise<boolean>((r) => {
      const ws = new WebSocket(`${base}/api/events`);
      ws.once('open', () => r(false));
      ws.once('error', () => r(true));
    });
    assert.ok(refused);
    const ok = await new Promise<boolean>((r) => {
      const ws = new WebSocket(`${base}/api/events?token=s3cret-token`);
      ws.once('open', () => (ws.close(), r(true)));
      ws.once('error', () => r(false));
    });
    assert.ok(ok);
  });
});

test('binding a non-loopback address without --allow-remote is refused with a clear message', async () => {
  await assert.rejects(
    startServe({ demo: 'none', extraArgs: ['--host', '0.0.0.0'], timeoutMs: 20_000 }),
    /--allow-remote/,
  );
});
