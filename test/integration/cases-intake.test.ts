/**
 * The intake endpoints on the real serve host, with a real HTTP client: API key authentication,
 * validation, body and rate limits, Open311 GeoReport v2 as the spec writes requests, and
 * durability: a case acknowledged with 201 survives SIGKILL of the host right after.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Feature, Point } from 'geojson';
import type { ApiKeyInfo, CaseDetail } from '../../shared/api/cases-contract.ts';
import { invoke, startServe, type ServeProcess } from '../helpers/serve-process.ts';

let serve: ServeProcess;
let key: string;
let point: [number, number];

after(async () => {
  await serve?.stop();
});

async function intake(body: unknown, headers: Record<string, string> = {}, raw?: string) {
  const res = await fetch(`${serve.origin}/api/intake/cases`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: raw ?? JSON.stringify(body),
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as {
      ok: boolean;
      value?: { id: string; cell: { code: string } | null; outsideDistrict: boolean };
      error?: { code: string; message: string; issues?: { path: string; message: string }[] };
    },
  };
}

const auth = (k: string): Record<string, string> => ({ Authorization: `Bearer ${k}` });
const good = (): Record<string, unknown> => ({
  itemCode: 'E0102',
  lon: point[0],
  lat: point[1],
  description: '接口上报',
  externalId: 'ext-1',
});

async function casesTotal(): Promise<number> {
  const r = await invoke(serve.origin, 'cases.list', {});
  return (r.body.value as { total: number }).total;
}

test('start the serve host and create an API key', async () => {
  serve = await startServe({ extraArgs: ['--intake-rate', '4'] });
  const created = await invoke(serve.origin, 'apiKeys.create', { name: '市12345平台' });
  assert.equal(created.status, 200);
  key = (created.body.value as ApiKeyInfo & { key: string }).key;
  const labels = await invoke(serve.origin, 'grid.labels', { level: 'cell' });
  const f = (labels.body.value as { features: Feature<Point>[] }).features[42]!;
  point = f.geometry.coordinates as [number, number];
});

test('a case through the native endpoint is located and acknowledged with 201', async () => {
  const r = await intake(good(), auth(key));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.ok(r.body.value?.cell?.code.match(/^\d{15}$/));
  const c = await invoke(serve.origin, 'cases.get', { id: r.body.value!.id });
  const detail = c.body.value as CaseDetail;
  assert.equal(detail.channel, 'api');
  assert.equal(detail.externalId, 'ext-1');
  assert.equal(detail.history[0]!.actor.name, '市12345平台');
});

test('no key, a wrong key, bad bodies, an unknown item and a huge body: a clear 4xx, nothing stored', async () => {
  const before = await casesTotal();
  const none = await intake(good());
  assert.equal(none.status, 401);
  assert.equal(none.body.error?.code, 'unauthorized');
  assert.equal((await intake(good(), auth('gzk_wrong'))).status, 401);
  await new Promise((r) => setTimeout(r, 1000));
  const bad = await intake({ itemCode: 'E0102', lon: 200, description: '' }, auth(key));
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.error?.issues?.map((i) => i.path).sort(), ['description', 'lat', 'lon']);
  const extra = await intake({ ...good(), channel: 'operator' }, auth(key));
  assert.equal(extra.status, 400, 'unknown fields are refused');
  const unknown = await intake({ ...good(), itemCode: 'Z0000' }, auth(key));
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.error!.message, /Z0000/);
  await new Promise((r) => setTimeout(r, 1000));
  const malformed = await intake(null, auth(key), '{"itemCode": ');
  assert.equal(malformed.status, 400);
  assert.match(malformed.body.error!.message, /not valid JSON/);
  const huge = await intake(
    null,
    auth(key),
    JSON.stringify({ ...good(), description: 'x'.repeat(10 * 1024 * 1024) }),
  );
  assert.equal(huge.status, 413);
  assert.equal(await casesTotal(), before);
});

test('requests beyond the rate are refused with 429 and Retry-After', async () => {
  await new Promise((r) => setTimeout(r, 1100));
  const statuses: number[] = [];
  let retryAfter: string | null = null;
  for (let i = 0; i < 8; i++) {
    const r = await intake({ itemCode: 'Z0000', lon: 1, lat: 1, description: 'x' }, auth(key));
    statuses.push(r.status);
    if (r.status === 429) retryAfter = r.headers.get('retry-after');
  }
  assert.ok(statuses.includes(429), statuses.join(','));
  assert.ok(
    statuses.slice(0, 4).every((s) => s === 400),
    'the first burst passes through to validation',
  );
  assert.ok(Number(retryAfter) >= 1);
});

test('Open311 GeoReport v2: services, a form-encoded request, and reading it back', async () => {
  await new Promise((r) => setTimeout(r, 1100));
  const services = (await (await fetch(`${serve.origin}/open311/v2/services.json`)).json()) as {
    service_code: string;
    service_name: string;
  }[];
  assert.ok(services.length >= 100);
  assert.ok(services.some((s) => s.service_code === 'E0102'));
  const form = new URLSearchParams({
    api_key: key,
    service_code: 'E0102',
    lat: String(point[1]),
    long: String(point[0]),
    description: '市民反映',
    first_name: '李',
    last_name: '四',
  });
  const posted = await fetch(`${serve.origin}/open311/v2/requests.json`, { method: 'POST', body: form });
  assert.equal(posted.status, 201);
  const [created] = (await posted.json()) as { service_request_id: string }[];
  assert.ok(created?.service_request_id);
  const one = await fetch(
    `${serve.origin}/open311/v2/requests/${created.service_request_id}.json?api_key=${key}`,
  );
  const [req] = (await one.json()) as { status: string; service_code: string; lat: number }[];
  assert.equal(req?.status, 'open');
  assert.equal(req?.service_code, 'E0102');
  const list = (await (
    await fetch(`${serve.origin}/open311/v2/requests.json?service_code=E0102&status=open&api_key=${key}`)
  ).json()) as unknown[];
  assert.ok(list.length >= 2);
  const badForm = await fetch(`${serve.origin}/open311/v2/requests.json`, {
    method: 'POST',
    body: new URLSearchParams({ api_key: key, service_code: 'E0102', lat: 'north', long: '113' }),
  });
  assert.equal(badForm.status, 400);
  const [problem] = (await badForm.json()) as { code: number; description: string }[];
  assert.equal(problem?.code, 400);
  const noKey = await fetch(`${serve.origin}/open311/v2/requests.json`, {
    method: 'POST',
    body: form.toString().replace(/api_key=[^&]+&/, ''),
  });
  assert.equal(noKey.status, 401);
});

test('a revoked key is refused', async () => {
  const list = await invoke(serve.origin, 'apiKeys.list');
  const id = (list.body.value as ApiKeyInfo[])[0]!.id;
  await invoke(serve.origin, 'apiKeys.revoke', { id });
  const r = await intake(good(), auth(key));
  assert.equal(r.status, 401);
});

test('an acknowledged case survives SIGKILL of the host right after the 201', async () => {
  const k = (
    (await invoke(serve.origin, 'apiKeys.create', { name: 'durability' })).body.value as { key: string }
  ).key;
  const r = await intake({ ...good(), description: '断电前最后一件' }, auth(k));
  assert.equal(r.status, 201);
  serve.proc.kill('SIGKILL');
  await new Promise((res) => serve.proc.once('exit', res));
  serve = await startServe({ dataFile: serve.dataFile });
  const c = await invoke(serve.origin, 'cases.get', { id: r.body.value!.id });
  assert.equal(c.status, 200);
  assert.equal((c.body.value as CaseDetail).description, '断电前最后一件');
});
