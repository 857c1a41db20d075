/**
 * Durability across SIGKILL: a child writes a stream of three-statement transactions and prints
 * each key once write() resolved; it is killed at random moments (some while a snapshot is being
 * written), then the file is reopened and checked for every acknowledged write and no half ones.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { openStore } from '../../electron/backend/store/open-store.ts';
import { tempDataFile } from '../helpers/store-fixtures.ts';
import { assertConsistent, integrityCheck, startWriter } from '../helpers/store-child.ts';

const CHAINS = 4;
const KILLS_PER_CHAIN = 6;

async function killAt(file: string, round: number, chain: number, acked: Set<string>): Promise<string> {
  const w = startWriter(file, 'stream', `c${chain}r${round}`);
  await w.ready;
  let how: string;
  if (round % 3 === 2) {
    // Wait for a snapshot to be in the middle of being written.
    const until = Date.now() + 3000;
    while (!existsSync(`${file}.tmp`) && Date.now() < until) await sleep(1);
    how = existsSync(`${file}.tmp`) ? 'during a snapshot' : 'with no snapshot seen in 3 s';
  } else {
    const ms = 10 + Math.floor(Math.random() * 400);
    await sleep(ms);
    how = `after ${ms} ms`;
  }
  w.child.kill('SIGKILL');
  await w.exited;
  for (const k of w.acked) acked.add(k);
  return `${how}, ${w.acked.length} acked`;
}

test(`${CHAINS * KILLS_PER_CHAIN} kills with SIGKILL lose no acknowledged write`, async (t) => {
  const files = Array.from({ length: CHAINS }, () => tempDataFile(t));
  const log: string[] = [];
  await Promise.all(
    files.map(async (file, chain) => {
      const acked = new Set<string>();
      for (let round = 0; round < KILLS_PER_CHAIN; round++) {
        const what = await killAt(file, round, chain, acked);
        const store = await openStore({ path: file });
        try {
          assertConsistent(store, acked);
          log.push(
            `chain ${chain} round ${round}: killed ${what}; reopened ${store.report.outcome} [${store.report.findings.map((f) => f.code).join(', ')}]`,
          );
        } finally {
          await store.close();
        }
        assert.equal(integrityCheck(file), 'ok');
      }
      assert.ok(acked.size > 0, 'the writer acknowledged something');
    }),
  );
  for (const line of log.sort()) t.diagnostic(line);
});
