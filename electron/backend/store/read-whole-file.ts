/**
 * Reading a whole data file into memory for sql.js, in chunks: Node's readFile refuses files over
 * 2 GiB (about 1.2M cases), and the CRC of each chunk is taken while it is fresh in the cache, in
 * the same pass instead of a second one over 1.7 GB.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { FileFingerprint } from './worker-protocol.ts';

const CHUNK = 8 * 1024 * 1024;

export interface WholeFile {
  bytes: Buffer;
  /** CRC-32 of `bytes`, when asked for. */
  crc: number | undefined;
  /** Size and modification time from the descriptor that was read. */
  fingerprint: FileFingerprint;
}

/** For a worker thread, which has nothing else to do meanwhile. */
export function readWholeFile(path: string, withCrc: boolean): WholeFile {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    const bytes = Buffer.allocUnsafe(st.size);
    let crc = 0;
    let pos = 0;
    while (pos < st.size) {
      const n = readSync(fd, bytes, pos, Math.min(CHUNK, st.size - pos), pos);
      if (n === 0) break; // shorter than it said: the caller judges what was read
      if (withCrc) crc = crc32(bytes.subarray(pos, pos + n), crc);
      pos += n;
    }
    return {
      bytes: pos === st.size ? bytes : bytes.subarray(0, pos),
      crc: withCrc ? crc : undefined,
      fingerprint: { size: st.size, mtimeMs: st.mtimeMs },
    };
  } finally {
    closeSync(fd);
  }
}

/**
 * The same on the main thread without blocking it: while the file is read (1.7 GB at a million
 * cases) the host already serves the app and whatever needs no data file. Each chunk is read by
 * libuv's pool while the one before it is summed here, so the CRC costs no extra time.
 */
export async function readWholeFileAsync(
  path: string,
  withCrc: boolean,
  onProgress?: (read: number, total: number) => void,
): Promise<WholeFile> {
  const fh = await open(path, 'r');
  try {
    const st = await fh.stat();
    const bytes = Buffer.allocUnsafe(st.size);
    let crc = 0;
    let pos = 0;
    const readAt = (at: number): Promise<number> | null =>
      at < st.size ? fh.read(bytes, at, Math.min(CHUNK, st.size - at), at).then((r) => r.bytesRead) : null;
    let pending = readAt(0);
    while (pending) {
      const n = await pending;
      if (n === 0) break; // shorter than it said: the caller judges what was read
      const chunk = bytes.subarray(pos, pos + n);
      pos += n;
      pending = readAt(pos);
      if (withCrc) crc = crc32(chunk, crc);
      onProgress?.(pos, st.size);
    }
    return {
      bytes: pos === st.size ? bytes : bytes.subarray(0, pos),
      crc: withCrc ? crc : undefined,
      fingerprint: { size: st.size, mtimeMs: st.mtimeMs },
    };
  } finally {
    await fh.close();
  }
}
