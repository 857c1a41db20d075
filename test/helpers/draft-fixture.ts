/** A Nansha data file made once per test file and copied for each test, and calls on the backend. */
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiErrorBody } from '../../shared/api/contract.ts';
import type { DraftTopology } from '../../shared/api/drafts-contract.ts';
import { createBackend, type Backend } from '../../electron/backend/backend.ts';
import { tempDir } from './serve-process.ts';
import { demoBackendOptions } from './demo-backend.ts';

export function openBackend(dataFile: string, now?: () => number): Promise<Backend> {
  return createBackend(
    demoBackendOptions(dataFile, {
      ...(now ? { now } : {}),
    }),
  );
}

let template: string | null = null;

/** A fresh copy of a closed Nansha data file (generating the demo grid once per process). */
export async function nanshaCopy(): Promise<string> {
  if (!template) {
    const file = join(tempDir('gezhi-draft-template-'), 'gezhi.gpkg');
    await (await openBackend(file)).close();
    template = file;
  }
  const copy = join(tempDir('gezhi-draft-'), 'gezhi.gpkg');
  copyFileSync(template, copy);
  return copy;
}

export async function call<T>(b: Backend, method: string, params: unknown = {}): Promise<T> {
  const r = await b.invoke(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

export async function refused(b: Backend, method: string, params: unknown = {}): Promise<ApiErrorBody> {
  const r = await b.invoke(method, params);
  assert.ok(!r.ok, `${method} should be refused`);
  return r.error;
}

const NANSHA_BOX = [113.2, 22.5, 113.8, 23.0];

/** Every arc of the draft (Nansha fits in one box). */
export async function draftArcs(b: Backend): Promise<DraftTopology> {
  return call<DraftTopology>(b, 'draft.topology', { bbox: NANSHA_BOX, limit: 20_000 });
}

/**
 * A vertex shared by two or more cells of one community and by nothing else (a corner inside the
 * community), with a point a fifth of the way along one of its edges to move it to.
 */
export function sharedCellVertex(topo: DraftTopology): {
  vertex: number;
  users: string[];
  to: [number, number];
} {
  const users = new Map<number, Set<string>>();
  const next = new Map<number, number>();
  for (const a of topo.arcs)
    a.vertices.forEach((v, i) => {
      let s = users.get(v);
      if (!s) users.set(v, (s = new Set()));
      for (const c of a.users) s.add(c);
      const n = a.vertices[i + 1] ?? a.vertices[i - 1];
      if (n !== undefined) next.set(v, n);
    });
  const pos = new Map(topo.vertices.map(([id, x, y]) => [id, [x, y] as const]));
  for (const [v, s] of users) {
    const cs = [...s];
    if (cs.length < 3 || !cs.every((c) => c.length === 15 && c.slice(0, 12) === cs[0]?.slice(0, 12)))
      continue;
    const [x, y] = pos.get(v) ?? [0, 0];
    const [nx, ny] = pos.get(next.get(v) as number) ?? [0, 0];
    return { vertex: v, users: cs.sort(), to: [x + 0.2 * (nx - x), y + 0.2 * (ny - y)] };
  }
  throw new Error('no vertex shared by three cells of one community');
}
