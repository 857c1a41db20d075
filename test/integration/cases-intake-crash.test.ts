/**
 * Durability of intake under kill -9: another process posts cases to the real serve host at
 * 200 a second while the host is killed with SIGKILL at random moments and restarted on the same
 * data file. Every case the host acknowledged with 201 must be there afterwards, whole (its row,
 * its history entry and its audit row, all or none), and the file must pass sqlite3's
 * integrity_check once the host stops cleanly.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Feature, Point } from 'geojson';
import type { CaseDetail, CaseList } from '../../shared/api/cases-contract.ts';
import { freePort, readAcks, startLoader } from '../helpers/intake-load.ts';
import { invoke, startServe, tempDir, type ServeProcess } from '../helpers/serve-process.ts';

const RATE = 200;
const KILLS = 6;
/** Bounds on the whole kill loop, whatever the machine's speed. */
const KILL_WINDOW_MS = 35_000;
const MAX_CASES = 12_000;

let serve: ServeProcess | undefined;
after(async () => {
  await serve?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function kill9(s: ServeProcess): Promise<void> {
  if (s.proc.exitCode !== null || s.proc.signalCode !== null) return;
  const exited = new Promise((r) => s.proc.once('exit', r));
  s.proc.kill('SIGKILL');
  await exited;
}

function sqlite(file: string, sql: string): string[][] {
  return execFileSync('sqlite3', ['-batch', '-separator', '\t', file, sql], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  })
    .split('\n')
    .filter((l) => l.length)
    .map((l) => l.split('\t'));
}

test(
  'every case acknowledged at 200/s survives repeated SIGKILL of the host',
  { timeout: 120_000 },
  async (t) => {
    const dir = tempDir('gezhi-crash-');
    const dataFile = join(dir, 'gezhi.gpkg');
    const port = await freePort();
    // A fixed port, so the loader keeps posting to the same address across restarts.
    const args = ['--port', String(port), '--intake-rate', String(RATE * 5)];
    serve = await startServe({ dataFile, extraArgs: args });
    const created = await invoke(serve.origin, 'apiKeys.create', { name: '压力测试' });
    const key = (created.body.value as { key: string }).key;
    const labels = await invoke(serve.origin, 'grid.labels', { level: 'cell' });
    const points = (labels.body.value as { features: Feature<Point>[] }).features
      .slice(0, 200)
      .map((f) => f.geometry.coordinates as [number, number]);
    // One point outside the district: kept and flagged, never dropped, and it must survive too.
    points.push([100, 10]);
    const services = (await (await fetch(`${serve.origin}/open311/v2/services.json`)).json()) as {
      service_code: string;
    }[];
    const itemCodes = services.slice(0, 30).map((s) => s.service_code);

    const acksFile = join(dir, 'acks.tsv');
    const loader = startLoader({
      url: `${serve.origin}/api/intake/cases`,
      key,
      points,
      itemCodes,
      rate: RATE,
      concurrency: RATE,
      durationMs: KILL_WINDOW_MS + 20_000,
      maxCount: MAX_CASES,
      acksFile,
      prefix: 'crash',
      timeoutMs: 5_000,
    });

    const t0 = Date.now();
    const moments: number[] = [];
    let kills = 0;
    while (kills < KILLS && Date.now() - t0 < KILL_WINDOW_MS) {
      // A random moment while cases are arriving: mid-request, mid-fsync, mid-snapshot alike.
      const wait = 400 + Math.floor(Math.random() * 1600);
      moments.push(wait);
      await sleep(wait);
      await kill9(serve);
      kills++;
      // The next moment is counted from when the host takes cases again, not from when it listens.
      serve = await startServe({ dataFile, extraArgs: args, untilOpen: true });
    }
    await sleep(1000);
    const summary = await loader.stop();
    // The acknowledgements after the last restart are held to the same standard: one more kill.
    await kill9(serve);
    kills++;
    serve = await startServe({ dataFile, extraArgs: args });
    t.diagnostic(
      `kills=${kills} after ms=${moments.join(',')} sent=${summary.sent} acked=${summary.acked} ` +
        `failed=${summary.failed} refused=${JSON.stringify(summary.refused)} in ${Math.round(summary.elapsedMs)} ms`,
    );
    assert.ok(kills >= 5, `only ${kills} kills in the time allowed`);

    const acks = readAcks(acksFile);
    assert.equal(acks.size, summary.acked, 'each acknowledgement names its own case');
    assert.ok(acks.size >= 1000, `only ${acks.size} cases acknowledged`);

    // Through the API of the restarted host: every acknowledged id is listed.
    const listed = new Set<string>();
    let total = Infinity;
    for (let offset = 0; offset < total && offset <= MAX_CASES; offset += 1000) {
      const page = await invoke(serve.origin, 'cases.list', { limit: 1000, offset });
      assert.equal(page.status, 200);
      const list = page.body.value as CaseList;
      total = list.total;
      for (const c of list.cases) listed.add(c.id);
    }
    const missing = [...acks.keys()].filter((id) => !listed.has(id));
    assert.deepEqual(missing.slice(0, 10), [], `${missing.length} acknowledged cases missing`);
    for (const id of [...acks.keys()].filter((_, i) => i % 500 === 0)) {
      const c = await invoke(serve.origin, 'cases.get', { id });
      const detail = c.body.value as CaseDetail;
      assert.equal(detail.externalId, acks.get(id));
      assert.equal(detail.history.length, 1);
    }

    assert.equal(await serve.stop(), 0, 'a clean stop after the crashes');
    serve = undefined;
    assert.deepEqual(sqlite(dataFile, 'PRAGMA integrity_check'), [['ok']]);

    // Each acknowledged id holds the case that was acknowledged, not a later one reusing its number.
    const rows = sqlite(
      dataFile,
      `SELECT c.id, coalesce(c.external_id, ''), json_valid(c.state_json) AND (SELECT json_extract(h.after_json, '$.id') FROM case_history h
              WHERE h.case_id = c.id AND h.action = 'report') = c.id,
            (SELECT count(*) FROM case_history h WHERE h.case_id = c.id),
            (SELECT count(*) FROM audit_log a WHERE a.entity = 'case' AND a.entity_id = c.id)
     FROM cases c`,
    );
    const byId = new Map(rows.map((r) => [r[0]!, r]));
    const wrong = [...acks].filter(([id, ext]) => byId.get(id)?.[1] !== ext);
    assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} acknowledged ids hold another case`);
    // Nothing half-written, acknowledged or not: each case with its state, one history entry, one audit row.
    const torn = rows.filter((r) => r[2] !== '1' || r[3] !== '1' || r[4] !== '1');
    assert.deepEqual(torn.slice(0, 10), [], `${torn.length} cases half-written`);
    const orphans = sqlite(
      dataFile,
      `SELECT (SELECT count(*) FROM case_history WHERE case_id NOT IN (SELECT id FROM cases)),
            (SELECT count(*) FROM audit_log WHERE entity = 'case' AND entity_id NOT IN (SELECT id FROM cases))`,
    );
    assert.deepEqual(orphans, [['0', '0']], 'no history or audit rows without their case');
  },
);
