/**
 * Reading a running serve host's draft from an e2e test: the API call that fails the test on an
 * error answer, a level's draft features, and plain geometry helpers over them.
 */
import assert from 'node:assert/strict';
import type { Position } from 'geojson';
import type { DraftUnitFeature } from '../../shared/api/drafts-contract.ts';
import { invoke } from './serve-process.ts';

/** The call's value; the test fails with the backend's error when it refuses. */
export async function callApi<T>(origin: string, method: string, params: unknown = {}): Promise<T> {
  const r = await invoke(origin, method, params);
  assert.ok(r.body.ok, `${method}: ${JSON.stringify(r.body.error)}`);
  return r.body.value as T;
}

export async function draftLayer(origin: string, level: string): Promise<DraftUnitFeature[]> {
  return (await callApi<{ features: DraftUnitFeature[] }>(origin, 'draft.layer', { level })).features;
}

/** Every position of every ring, shells and holes. */
export const positions = (f: DraftUnitFeature): Position[] =>
  (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).flat(2);

export function bbox(f: DraftUnitFeature): [number, number, number, number] {
  const ps = positions(f);
  const xs = ps.map((p) => p[0]!);
  const ys = ps.map((p) => p[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
