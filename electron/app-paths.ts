/** Where the app's own files are, whether run from the esbuild bundle (dist/electron) or packaged. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The folder holding package.json, found by walking up from `start`. */
export function findAppRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`Cannot find the app folder (package.json) above ${start}`);
    dir = up;
  }
}

export function appPaths(appRoot: string): { renderer: string; data: string } {
  return { renderer: join(appRoot, 'dist', 'renderer'), data: join(appRoot, 'data') };
}
