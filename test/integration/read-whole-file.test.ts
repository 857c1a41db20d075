/**
 * Reading a data file without blocking the host (read-whole-file.ts): the same bytes and CRC as
 * the worker's synchronous read, with progress that only moves forward and ends at the file's size.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { readWholeFile, readWholeFileAsync } from '../../electron/backend/store/read-whole-file.ts';
import { tempDir } from '../helpers/serve-process.ts';

test('the async read gives the same bytes and CRC as the sync one, reporting progress up to the size', async () => {
  const file = join(tempDir(), 'data.bin');
  // Over two 8 MB chunks and not a multiple of one, so the last read is short.
  const bytes = randomBytes(19 * 1024 * 1024 + 12345);
  writeFileSync(file, bytes);
  const seen: [number, number][] = [];
  const got = await readWholeFileAsync(file, true, (read, total) => seen.push([read, total]));
  assert.ok(got.bytes.equals(bytes));
  assert.equal(got.crc, crc32(bytes));
  assert.equal(got.crc, readWholeFile(file, true).crc);
  assert.equal(got.fingerprint.size, bytes.length);
  assert.ok(seen.length >= 3, `${seen.length} progress reports`);
  assert.ok(seen.every(([, total]) => total === bytes.length));
  assert.ok(
    seen.every(([read], i) => i === 0 || read > seen[i - 1]![0]),
    'progress only moves forward',
  );
  assert.equal(seen.at(-1)![0], bytes.length);
  // Without a CRC asked for, none is taken.
  assert.equal((await readWholeFileAsync(file, false)).crc, undefined);
});
