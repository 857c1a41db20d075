/**
 * Import files and exports over the serve host's raw-bytes routes: an upload beyond invoke's 1 MiB
 * JSON limit goes through and is named by its id; a 500 MB upload is refused with a clear 413
 * whatever it declares; an export comes back as an attachment with its Chinese-safe name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { ImportInspection, ExportResult } from '../../shared/api/transfer-contract.ts';
import { invoke, startServe } from '../helpers/serve-process.ts';

function bigGeoJson(): Uint8Array {
  // ~3 MB: 3000 small squares with long names, well over the 1 MiB JSON body limit of /api/invoke.
  const features = Array.from({ length: 3000 }, (_, i) => {
    const x = 113.3 + (i % 60) * 0.004;
    const y = 22.6 + Math.floor(i / 60) * 0.004;
    return {
      type: 'Feature',
      properties: { name: `测试网格${i}`.padEnd(200, '网'), code: null },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + 0.003, y],
            [x + 0.003, y + 0.003],
            [x, y + 0.003],
            [x, y],
          ],
        ],
      },
    };
  });
  return new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features }));
}

/** Streams `total` bytes of zeros; resolves with the status and JSON the server answered, even early. */
function postHuge(
  origin: string,
  total: number,
  declare: boolean,
): Promise<{ status: number; body: { error?: { details?: Record<string, unknown> } } }> {
  return new Promise((resolve, reject) => {
    const url = new URL('/api/transfer/upload?name=huge.zip', origin);
    const req = request(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/octet-stream',
        ...(declare ? { 'Content-Length': String(total) } : {}),
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(1 << 20);
    let sent = 0;
    const pump = (): void => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

test('upload route: a 3 MB file goes through, inspect names it; a 500 MB file gets a clear 413', async () => {
  const serve = await startServe({ demo: 'nansha' });
  try {
    const bytes = bigGeoJson();
    assert.ok(bytes.length > 1024 * 1024);
    const up = await fetch(`${serve.origin}/api/transfer/upload?name=${encodeURIComponent('网格.geojson')}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: Buffer.from(bytes),
    });
    assert.equal(up.status, 200);
    const { value } = (await up.json()) as { value: { uploadId: string; bytes: number } };
    assert.equal(value.bytes, bytes.length);
    const info = await invoke(serve.origin, 'transfer.inspect', { uploadId: value.uploadId });
    assert.equal(info.status, 200, JSON.stringify(info.body));
    const inspection = info.body.value as ImportInspection;
    assert.equal(inspection.featureCount, 3000);
    assert.equal(inspection.format, 'geojson');

    for (const declare of [true, false]) {
      const r = await postHuge(serve.origin, 500 * 1024 * 1024, declare);
      assert.equal(r.status, 413);
      assert.equal(r.body.error?.details?.reason, 'transfer.tooLarge');
      assert.equal(r.body.error?.details?.limitMb, 200);
    }
    // The host is still fine afterwards.
    assert.equal((await invoke(serve.origin, 'app.info')).status, 200);
  } finally {
    await serve.stop();
  }
});

test('download route: an export comes back as an attachment; unknown ids get 404', async () => {
  const serve = await startServe({ demo: 'nansha' });
  try {
    const r = await invoke(serve.origin, 'transfer.export', {
      format: 'shapefile',
      level: 'town',
      encoding: 'gbk',
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const ex = r.body.value as ExportResult;
    const res = await fetch(`${serve.origin}/api/transfer/download?id=${ex.downloadId}`);
    assert.equal(res.status, 200);
    assert.match(
      res.headers.get('content-disposition') ?? '',
      /attachment; filename="gezhi_town_shp_gbk.zip"/,
    );
    const body = new Uint8Array(await res.arrayBuffer());
    assert.equal(body.length, ex.bytes);
    assert.equal(String.fromCharCode(body[0]!, body[1]!), 'PK');
    const missing = await fetch(`${serve.origin}/api/transfer/download?id=0000000000000000`);
    assert.equal(missing.status, 404);
  } finally {
    await serve.stop();
  }
});
