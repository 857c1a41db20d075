/** File operations that return only once the result is on disk. */
import { constants } from 'node:fs';
import { copyFile, open } from 'node:fs/promises';
import { closeSync, copyFileSync, fsyncSync, openSync } from 'node:fs';

/**
 * Makes a created/renamed/deleted directory entry durable. Windows cannot open a directory for
 * fsync; there the rename itself is durable enough (NTFS journals metadata), so it is skipped.
 */
export async function fsyncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (err) {
    if (!isDirSyncUnsupported(err)) throw err;
  } finally {
    await fh?.close();
  }
}

export function fsyncDirSync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (err) {
    if (!isDirSyncUnsupported(err)) throw err;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function isDirSyncUnsupported(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'EBADF';
}

export async function writeFileDurable(path: string, bytes: Uint8Array): Promise<void> {
  const fh = await open(path, 'w');
  try {
    let off = 0;
    while (off < bytes.length) off += (await fh.write(bytes, off, bytes.length - off)).bytesWritten;
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Copies and fsyncs; fails when `dest` exists so a kept file is never overwritten. */
export async function copyFileDurable(src: string, dest: string, overwrite = false): Promise<void> {
  await copyFile(src, dest, overwrite ? 0 : constants.COPYFILE_EXCL);
  const fh = await open(dest, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export function copyFileDurableSync(src: string, dest: string): void {
  copyFileSync(src, dest, constants.COPYFILE_EXCL);
  const fd = openSync(dest, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A name for files kept aside: sortable and free of characters Windows forbids. */
export function stamp(now = new Date()): string {
  return now.toISOString().replace(/[:.]/g, '-');
}
