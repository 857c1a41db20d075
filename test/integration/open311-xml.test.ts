/**
 * Open311 GeoReport v2 in XML (the spec's required format) on the real serve host with a real HTTP
 * client: services.xml, POST requests.xml form-encoded as the spec writes it, GET requests.xml with
 * its filters, requests/{id}.xml, and errors as <errors><error><code/><description/></error></errors>
 * with nothing stored.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Feature, Point } from 'geojson';
import { XMLParser } from 'fast-xml-parser';
import { invoke, startServe, type ServeProcess } from '../helpers/serve-process.ts';

let serve: ServeProcess;
let key: string;
let point: [number, number];

after(async () => {
  await serve?.stop();
});

// Every element may repeat: a single record must still read as a list.
const parser = new XMLParser({
  isArray: (name) => ['service', 'request', 'error'].includes(name),
  parseTagValue: false,
});

interface Rec {
  [field: string]: string;
}
interface Open311Doc {
  services: { service: Rec[] };
  service_requests: { request: Rec[] };
  errors: { error: Rec[] };
}

async function xml(path: string, init?: RequestInit) {
  const res = await fetch(`${serve.origin}/open311/v2/${path}`, init);
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    text,
    doc: parser.parse(text) as Open311Doc,
  };
}

async function casesTotal(): Promise<number> {
  return ((await invoke(serve.origin, 'cases.list', {})).body.value as { total: number }).total;
}

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
  body: new URLSearchParams(fields).toString(),
});

test('start the serve host with an API key', async () => {
  serve = await startServe();
  key = ((await invoke(serve.origin, 'apiKeys.create', { name: '市民App' })).body.value as { key: string })
    .key;
  const labels = await invoke(serve.origin, 'grid.labels', { level: 'cell' });
  point = (labels.body.value as { features: Feature<Point>[] }).features[7]!.geometry.coordinates as [
    number,
    number,
  ];
});

test('services.xml lists the catalogue as <services><service>', async () => {
  const r = await xml('services.xml');
  assert.equal(r.status, 200);
  assert.match(r.type ?? '', /^text\/xml; charset=utf-8/);
  assert.ok(r.text.startsWith('<?xml version="1.0" encoding="utf-8"?>'));
  const services = r.doc.services.service;
  assert.ok(services.length >= 100);
  const bin = services.find((s) => s.service_code === 'E0102');
  assert.ok(bin, 'E0102 is served');
  for (const field of ['service_name', 'description', 'metadata', 'type', 'keywords', 'group'])
    assert.ok(field in bin, `service has ${field}`);
  assert.equal(bin.type, 'realtime');
  assert.equal(bin.metadata, 'false');
});

test('POST requests.xml form-encoded as the spec writes it, then read back as XML', async () => {
  const before = await casesTotal();
  const posted = await xml(
    'requests.xml',
    form({
      api_key: key,
      jurisdiction_id: 'gezhi.local',
      service_code: 'E0102',
      lat: String(point[1]),
      long: String(point[0]),
      address_string: '环市大道 1 号',
      email: 'li@example.com',
      first_name: '李',
      last_name: '四',
      description: '垃圾桶满溢 <已拍照> & 有异味',
      'attribute[WHISPAWN]': '123456',
    }),
  );
  assert.equal(posted.status, 201, posted.text);
  const created = posted.doc.service_requests.request[0]!;
  assert.match(created.service_request_id!, /^\d{8}-\d{6,}$/);
  assert.ok(created.service_notice);
  assert.ok('account_id' in created, 'account_id is written, empty');
  assert.equal(await casesTotal(), before + 1);

  const one = await xml(`requests/${created.service_request_id}.xml?api_key=${key}`);
  assert.equal(one.status, 200, one.text);
  const req = one.doc.service_requests.request[0]!;
  assert.equal(req.service_request_id, created.service_request_id);
  assert.equal(req.status, 'open');
  assert.equal(req.service_code, 'E0102');
  assert.match(req.description!, /垃圾桶满溢 <已拍照> & 有异味/);
  assert.equal(Number(req.lat), point[1]);
  assert.equal(Number(req.long), point[0]);
  for (const field of [
    'requested_datetime',
    'updated_datetime',
    'address',
    'agency_responsible',
    'media_url',
  ])
    assert.ok(field in req, `request has ${field}`);

  const listed = await xml(`requests.xml?service_code=E0102,E0101&status=open&api_key=${key}`);
  assert.equal(listed.status, 200);
  const ids = listed.doc.service_requests.request.map((x) => x.service_request_id);
  assert.ok(ids.includes(created.service_request_id!));
  const closed = await xml(`requests.xml?status=closed&api_key=${key}`);
  assert.equal(closed.status, 200);
  assert.ok(!closed.text.includes(created.service_request_id!), 'an open case is not listed as closed');
  const byId = await xml(
    `requests.xml?service_request_id=${created.service_request_id},20990101-999999&api_key=${key}`,
  );
  assert.equal(byId.doc.service_requests.request.length, 1, 'unknown ids are left out');
});

test('the JSON twin takes the same form post', async () => {
  const r = await fetch(
    `${serve.origin}/open311/v2/requests.json`,
    form({
      api_key: key,
      service_code: 'E0102',
      lat: String(point[1]),
      long: String(point[0]),
      description: '再报',
    }),
  );
  assert.equal(r.status, 201);
  assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
  const [c] = (await r.json()) as { service_request_id: string; account_id: null }[];
  assert.ok(c?.service_request_id);
  assert.equal(c.account_id, null);
});

test('errors come back as <errors><error><code/><description/> with nothing stored', async () => {
  const before = await casesTotal();
  const errorsOf = (doc: Open311Doc): { code: string; description: string }[] =>
    doc.errors.error.map((e) => ({ code: e.code ?? '', description: e.description ?? '' }));
  const base = { service_code: 'E0102', lat: String(point[1]), long: String(point[0]), description: '问题' };

  const noKey = await xml('requests.xml', form(base));
  assert.equal(noKey.status, 401);
  assert.match(noKey.type ?? '', /^text\/xml/);
  assert.equal(errorsOf(noKey.doc)[0]!.code, '401');
  assert.match(errorsOf(noKey.doc)[0]!.description, /API key/);

  const unknown = await xml('requests.xml', form({ ...base, api_key: key, service_code: 'Z9999' }));
  assert.equal(unknown.status, 404);
  assert.match(errorsOf(unknown.doc)[0]!.description, /service_code Z9999 was not found/);

  const missing = await xml(
    'requests.xml',
    form({ api_key: key, service_code: 'E0102', lat: '91', long: '113' }),
  );
  assert.equal(missing.status, 400);
  const descriptions = errorsOf(missing.doc).map((e) => e.description);
  assert.ok(
    descriptions.some((d) => d.startsWith('lat:')),
    descriptions.join(' | '),
  );
  assert.ok(
    descriptions.some((d) => d.startsWith('description:')),
    descriptions.join(' | '),
  );

  const wrongType = await xml('requests.xml', {
    method: 'POST',
    headers: { 'Content-Type': 'application/xml' },
    body: '<service_code>E0102</service_code>',
  });
  assert.equal(wrongType.status, 415);

  const badDate = await xml(`requests.xml?start_date=yesterday&api_key=${key}`);
  assert.equal(badDate.status, 400);
  assert.match(errorsOf(badDate.doc)[0]!.description, /start_date/);
  const tooLong = await xml(
    `requests.xml?start_date=2025-01-01T00:00:00Z&end_date=2025-06-01T00:00:00Z&api_key=${key}`,
  );
  assert.equal(tooLong.status, 400);
  assert.match(errorsOf(tooLong.doc)[0]!.description, /90 days/);

  const notFound = await xml(`requests/20990101-999999.xml?api_key=${key}`);
  assert.equal(notFound.status, 404);
  const noRoute = await xml('tokens/123.xml');
  assert.equal(noRoute.status, 404);
  assert.equal(errorsOf(noRoute.doc)[0]!.code, '404');
  assert.equal(await casesTotal(), before);
});
