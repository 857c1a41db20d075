/** Runs test/helpers/intake-loader.ts as its own process, the way another system would post cases. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { LoaderOptions, LoaderSummary } from './intake-loader.ts';
import { REPO_ROOT } from './serve-process.ts';

export interface Loader {
  /** Resolves when the loader has finished (its duration or count reached, or stopped). */
  done: Promise<LoaderSummary>;
  /** Stop sending, await the requests in flight, and return the summary. */
  stop: () => Promise<LoaderSummary>;
}

export function startLoader(opts: LoaderOptions): Loader {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'test', 'helpers', 'intake-loader.ts'), JSON.stringify(opts)],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<LoaderSummary>((resolve, reject) => {
    proc.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1);
      if (code === 0 && line) resolve(JSON.parse(line) as LoaderSummary);
      else reject(new Error(`intake loader exited with ${code}:\n${out}\n${err}`));
    });
  });
  return {
    done,
    stop: () => {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      return done;
    },
  };
}

/** The acknowledged cases the loader wrote: case id → external id. */
export function readAcks(file: string): Map<string, string> {
  const acks = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [id, ext] = line.split('\t');
    if (id && ext) acks.set(id, ext);
  }
  return acks;
}

/** A loopback port free right now, so a restarted host can come back where the loader posts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
