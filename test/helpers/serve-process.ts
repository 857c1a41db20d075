/** Starts the real serve host (the built dist/electron/serve.cjs) as a child process for tests and benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const SERVE_ENTRY = join(REPO_ROOT, 'dist', 'electron', 'serve.cjs');

export interface ServeProcess {
  url: string;
  origin: string;
  dataFile: string;
  proc: ChildProcess;
  output: () => string;
  /** performance.now() when the host said its data file is open (or failed to open). */
  fileOpen: Promise<number>;
  /** SIGTERM and wait: the host folds the log into the data file before it exits. */
  stop: () => Promise<number | null>;
}

export function tempDir(prefix = 'gezhi-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startServe(
  opts: {
    dataFile?: string;
    demo?: string;
    extraArgs?: string[];
    timeoutMs?: number;
    /** Wait until the data file is open too, not only until the host listens (opening-backend.ts). */
    untilOpen?: boolean;
  } = {},
): Promise<ServeProcess> {
  if (!existsSync(SERVE_ENTRY)) throw new Error(`${SERVE_ENTRY} is missing: run npm run build first`);
  const dataFile = opts.dataFile ?? join(tempDir(), 'gezhi.gpkg');
  const args = [
    SERVE_ENTRY,
    '--port',
    '0',
    '--data',
    dataFile,
    ...(opts.demo ? ['--demo', opts.demo] : []),
    ...(opts.extraArgs ?? []),
  ];
  const proc = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const fileOpen = new Promise<number>((resolveOpen) => {
    const seen = (): void => {
      if (/data file open|could not be opened/.test(out)) resolveOpen(performance.now());
    };
    proc.stdout!.on('data', seen);
    proc.stderr!.on('data', seen);
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve did not start in time:\n${out}`)),
      opts.timeoutMs ?? 60_000,
    );
    const check = (): void => {
      const m = /open (http:\/\/\S+)/.exec(out);
      const open = !opts.untilOpen || /data file open|could not be opened/.test(out);
      if (m && open) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    };
    proc.stdout!.on('data', check);
    proc.stderr!.on('data', check);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
  const origin = new URL(url).origin;
  return {
    url,
    origin,
    dataFile,
    proc,
    output: () => out,
    fileOpen,
    stop: () =>
      new Promise((r) => {
        if (proc.exitCode !== null) return r(proc.exitCode);
        proc.once('exit', (code) => r(code));
        proc.kill('SIGTERM');
      }),
  };
}

/** POST /api/invoke and return the parsed JSON with the HTTP status. */
export async function invoke(
  origin: string,
  method: string,
  params: unknown = {},
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${origin}/api/invoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ method, params }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } },
  };
}
