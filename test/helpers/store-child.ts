/** Running test/helpers/store-writer.ts as a child process and checking what it acknowledged. */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Store } from '../../electron/backend/store/store.ts';

export const WRITER = fileURLToPath(new URL('./store-writer.ts', import.meta.url));

export interface RunningWriter {
  child: ChildProcess;
  acked: string[];
  /** Resolves when the child printed `ready`. */
  ready: Promise<void>;
  exited: Promise<void>;
}

export function startWriter(
  file: string,
  mode: string,
  prefix: string,
  env: Record<string, string> = {},
): RunningWriter {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, mode, prefix], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const acked: string[] = [];
  let buffered = '';
  let stderr = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((res) => (onReady = res));
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('ready')) onReady();
      else if (line.startsWith('ack ')) acked.push(line.slice(4));
    }
  });
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((res, rej) => {
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) res();
      else rej(new Error(`writer exited with ${code ?? signal}: ${stderr}`));
    });
  });
  // A writer that dies before `ready` must fail the test, not hang it.
  exited.catch(() => onReady());
  return { child, acked, ready, exited };
}

/** Every acknowledged key present, and every write whole: t_a, t_b and the counter agree. */
export function assertConsistent(store: Store, acked: Iterable<string>): void {
  const a = new Set(store.all<{ k: string }>('SELECT k FROM t_a').map((r) => r.k));
  const b = new Set(store.all<{ k: string }>('SELECT k FROM t_b').map((r) => r.k));
  const counter = store.get<{ n: number }>('SELECT n FROM counter')?.n;
  assert.equal(a.size, b.size, 't_a and t_b row counts differ: a write was half-applied');
  assert.equal(counter, a.size, 'counter differs from the row count: a write was half-applied');
  for (const k of b) assert.ok(a.has(k), `${k} in t_b but not t_a`);
  const missing = [...acked].filter((k) => !a.has(k));
  assert.deepEqual(missing, [], `${missing.length} acknowledged writes lost`);
}

export function integrityCheck(file: string): string {
  return spawnSync('sqlite3', [file, 'PRAGMA integrity_check'], { encoding: 'utf8' }).stdout.trim();
}
