/** Damaged files on open: what can be trusted is opened, the damage is reported and kept aside. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { encodeRecord } from '../../electron/backend/store/log-record.ts';
import { openStore } from '../../electron/backend/store/open-store.ts';
import type { Store } from '../../electron/backend/store/store.ts';
import { StoreOpenError } from '../../electron/backend/store/store.ts';
import { assertConsistent, integrityCheck, startWriter } from '../helpers/store-child.ts';
import { snapshotFolder, tempDataFile } from '../helpers/store-fixtures.ts';

const keys = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

/** A child writes n changes and exits without close(): they live in the log only. */
async function crashAfter(
  file: string,
  n: number,
  prefix: string,
  env: Record<string, string> = {},
): Promise<void> {
  const w = startWriter(file, String(n), prefix, env);
  await w.exited;
}

/**
 * `<data>` and `.prev` both exist and the log holds changes past `.prev`: two rounds of writes
 * each folded by a clean reopen+close, then a third round left in the log.
 */
async function twoGenerationsPlusLog(file: string): Promise<string[]> {
  await crashAfter(file, 30, 'a');
  const s = await openStore({ path: file });
  await s.close();
  await crashAfter(file, 30, 'b');
  const s2 = await openStore({ path: file });
  await s2.close();
  await crashAfter(file, 20, 'c');
  return [...keys('a', 30), ...keys('b', 30), ...keys('c', 20)];
}

const codes = (s: Store): string[] => s.report.findings.map((f) => f.code);
const keptFiles = (file: string, marker: string): string[] =>
  readdirSync(dirname(file)).filter((n) => n.includes(marker));

test('a truncated data file is recovered from .prev plus the log, and kept aside', async (t) => {
  const file = tempDataFile(t);
  const acked = await twoGenerationsPlusLog(file);
  const size = readFileSync(file).length;
  truncateSync(file, Math.floor(size / 2));
  const damaged = readFileSync(file);
  const prevBefore = readFileSync(`${file}.prev`);

  const s = await openStore({ path: file });
  assert.equal(s.report.outcome, 'recovered');
  assert.deepEqual(codes(s), [
    'snapshot_truncated',
    'restored_previous_snapshot',
    'log_replayed',
    'corrupt_file_kept',
  ]);
  assertConsistent(s, acked);
  assert.equal(s.get('SELECT count(*) AS n FROM t_a')?.n, acked.length);
  const kept = keptFiles(file, '.corrupt-');
  assert.equal(kept.length, 1);
  assert.ok(
    readFileSync(join(dirname(file), kept[0]!)).equals(damaged),
    'the damaged file is kept byte for byte',
  );
  assert.ok(readFileSync(`${file}.prev`).equals(prevBefore), 'the last good snapshot is not overwritten');
  await s.write([
    { sql: "INSERT INTO t_a VALUES ('after', 'x')" },
    { sql: "INSERT INTO t_b VALUES ('after', 0)" },
    { sql: 'UPDATE counter SET n = n + 1' },
  ]);
  await s.close();
  assert.equal(integrityCheck(file), 'ok');

  const again = await openStore({ path: file });
  assert.equal(again.report.outcome, 'opened');
  assertConsistent(again, [...acked, 'after']);
  await again.close();
});

test('scribbled data file without .prev: refused, nothing on disk changed', async (t) => {
  const file = tempDataFile(t);
  await crashAfter(file, 20, 'a');
  const bytes = readFileSync(file);
  randomBytes(8192).copy(bytes, 4096);
  writeFileSync(file, bytes);
  rmSync(`${file}.prev`);
  const before = snapshotFolder(dirname(file));
  await assert.rejects(openStore({ path: file }), (e: unknown) => {
    assert.ok(e instanceof StoreOpenError);
    assert.equal(e.code, 'unreadable');
    assert.match(
      e.message,
      /cannot be read.*no usable earlier copy.*Restore the data file from a backup, or move it away/s,
    );
    return true;
  });
  assert.deepEqual(snapshotFolder(dirname(file)), before);
});

test('both snapshots damaged: refused, every file byte-identical', async (t) => {
  const file = tempDataFile(t);
  await twoGenerationsPlusLog(file);
  writeFileSync(file, randomBytes(4096));
  truncateSync(`${file}.prev`, 1000);
  const before = snapshotFolder(dirname(file));
  await assert.rejects(
    openStore({ path: file }),
    (e: unknown) => e instanceof StoreOpenError && e.code === 'unreadable',
  );
  assert.deepEqual(snapshotFolder(dirname(file)), before);
});

test('data file missing while its log holds changes: refused, not silently recreated', async (t) => {
  const file = tempDataFile(t);
  await crashAfter(file, 5, 'a');
  rmSync(file);
  rmSync(`${file}.prev`);
  const before = snapshotFolder(dirname(file));
  await assert.rejects(
    openStore({ path: file }),
    (e: unknown) =>
      e instanceof StoreOpenError && e.code === 'unreadable' && /missing.*5 changes/.test(e.message),
  );
  assert.deepEqual(snapshotFolder(dirname(file)), before);
});

test('a torn log tail: earlier records replayed, the torn segment copied aside, then cut back', async (t) => {
  const file = tempDataFile(t);
  await crashAfter(file, 25, 'a');
  const logDir = `${file}.log`;
  const segments = readdirSync(logDir)
    .filter((n) => n.endsWith('.seg'))
    .sort();
  const last = join(logDir, segments.at(-1)!);
  const goodBytes = readFileSync(last);
  const half = encodeRecord({ seq: 10_000, ops: [{ sql: 'DELETE FROM t_a' }] });
  appendFileSync(last, half.subarray(0, half.length >> 1));

  const s = await openStore({ path: file });
  assert.equal(s.report.outcome, 'recovered');
  // log_replayed too, unless a timed snapshot already folded every record in.
  assert.deepEqual(
    codes(s).filter((c) => c !== 'log_replayed'),
    ['log_tail_torn'],
  );
  const torn = s.report.findings.find((f) => f.code === 'log_tail_torn')!;
  assert.equal(torn.values.bytesDropped, half.length >> 1);
  assertConsistent(s, keys('a', 25));
  const keptAs = String(torn.values.keptAs);
  assert.equal(
    readFileSync(keptAs).length,
    goodBytes.length + (half.length >> 1),
    'the torn segment is kept whole',
  );
  await s.close();
  assert.equal(integrityCheck(file), 'ok');
  const again = await openStore({ path: file });
  assert.deepEqual(again.report, { outcome: 'opened', findings: [] });
  assertConsistent(again, keys('a', 25));
  await again.close();
});

test('a bad checksum mid-log stops replay there and sets the rest aside', async (t) => {
  const file = tempDataFile(t);
  // No snapshot may fold records away mid-run (on a slow machine the 50 ms timer would), so the
  // records counted below are all in the one segment.
  await crashAfter(file, 10, 'a', {
    GEZHI_WRITER_SNAPSHOT_MS: '600000',
    GEZHI_WRITER_SNAPSHOT_RECORDS: '100000',
  });
  const logDir = `${file}.log`;
  const seg = join(
    logDir,
    readdirSync(logDir)
      .filter((n) => n.endsWith('.seg'))
      .sort()
      .at(-1)!,
  );
  const bytes = readFileSync(seg);
  const firstLen = bytes.readUInt32LE(0);
  const second = 8 + firstLen;
  const at = second + 8 + 5; // inside the second record's payload
  bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
  writeFileSync(seg, bytes);
  const s = await openStore({ path: file });
  assert.equal(s.report.outcome, 'recovered');
  const torn = s.report.findings.find((f) => f.code === 'log_tail_torn')!;
  assert.equal(torn.values.problem, 'checksum mismatch');
  assert.equal(s.get('SELECT count(*) AS n FROM t_a')?.n, 1);
  await s.close();
});

test('a missing data file with a good .prev is restored from it', async (t) => {
  const file = tempDataFile(t);
  const acked = await twoGenerationsPlusLog(file);
  renameSync(file, `${file}.moved`);
  const s = await openStore({ path: file });
  assert.equal(s.report.outcome, 'recovered');
  assert.deepEqual(codes(s), ['snapshot_corrupt', 'restored_previous_snapshot', 'log_replayed']);
  assertConsistent(s, acked);
  await s.close();
});
