/**
 * One process per data file: `<data>.lock` holds the owner's pid. sql.js holds the database in
 * memory, so two processes on one file would silently overwrite each other's snapshots.
 */
import { closeSync, fsyncSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { StoreOpenError } from './store.ts';

export interface FileLock {
  readonly path: string;
  release(): void;
}

/** Locks held by this process, to tell a double open apart from a reused pid. */
const held = new Set<string>();

export function lockPathOf(dataPath: string): string {
  return `${dataPath}.lock`;
}

export function acquireLock(dataPath: string): FileLock {
  const path = lockPathOf(dataPath);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${process.pid}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readOwner(path);
      // Our own pid on a lock this process does not hold: a previous run's pid, reused (containers).
      const ours = owner === process.pid && !held.has(path);
      if (owner !== undefined && !ours && isAlive(owner)) {
        throw new StoreOpenError(
          'locked',
          `The data file ${dataPath} is in use by another GeZhi process (pid ${owner}). Close it first; ` +
            `if no GeZhi is running, delete ${path}.`,
          { file: dataPath, lockFile: path, pid: owner },
        );
      }
      // The owner died without releasing it: take the lock over.
      unlinkSync(path);
      continue;
    }
    // Two processes taking over the same stale lock: only the one whose pid stayed in it wins.
    if (readOwner(path) !== process.pid) continue;
    return makeLock(path);
  }
  throw new StoreOpenError('locked', `Could not take the lock ${path}; another process keeps changing it.`, {
    lockFile: path,
  });
}

function makeLock(path: string): FileLock {
  const onExit = (): void => releaseIfOurs(path);
  process.once('exit', onExit);
  held.add(path);
  return {
    path,
    release() {
      process.off('exit', onExit);
      held.delete(path);
      releaseIfOurs(path);
    },
  };
}

function releaseIfOurs(path: string): void {
  try {
    if (readOwner(path) === process.pid) unlinkSync(path);
  } catch {
    // Already gone: nothing to release.
  }
}

function readOwner(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
