/**
 * The topology patch that puts imported units into a draft as one edit. The imported units get
 * their own arcs and vertices (shared among themselves, as buildTopology shares them), new ids
 * after every id in use so the patch and its inverse are exact. In 'replace' mode the level's
 * units under the same parents that the file does not carry are taken out, so the file becomes
 * those parents' new subdivision; in 'upsert' mode only codes in the file change.
 */
import { buildTopology } from '../editor/build.ts';
import { arcIndex, refsOf, type Topology } from '../editor/topology.ts';
import type { ArcRef, TopologyPatch } from '../editor/types.ts';
import type { GridLevel, GridUnit } from '../grid/types.ts';

export type ImportMode = 'replace' | 'upsert';

export interface ImportPlan {
  patch: TopologyPatch;
  added: string[];
  replaced: string[];
  removed: string[];
}

export function importPatch(
  t: Topology,
  units: readonly GridUnit[],
  level: GridLevel,
  mode: ImportMode,
): ImportPlan {
  const codes = new Set(units.map((u) => u.code));
  const parents = new Set(units.map((u) => u.parentCode));
  const replaced = units.filter((u) => t.units.has(u.code)).map((u) => u.code);
  const removed: string[] = [];
  if (mode === 'replace')
    for (const [code, u] of t.units)
      if (u.attrs.level === level && !codes.has(code) && parents.has(u.attrs.parentCode)) removed.push(code);
  const gone = new Set([...replaced, ...removed]);

  const patch: TopologyPatch = { vertices: [], arcs: [], units: [] };
  const dropArcs = new Set<number>();
  for (const code of gone)
    for (const ref of refsOf(t.units.get(code)!)) {
      const a = arcIndex(ref);
      if ([...(t.arcUsers.get(a) ?? [])].every((c) => gone.has(c))) dropArcs.add(a);
    }
  for (const a of dropArcs) patch.arcs.push([a, null]);
  for (const code of removed) patch.units.push([code, null]);

  const sub = buildTopology(units);
  const vBase = t.vertexCount();
  let aBase = 0;
  for (const id of t.arcs.keys()) aBase = Math.max(aBase, id + 1);
  for (let v = 0; v < sub.vx.length; v++)
    patch.vertices.push([vBase + v, sub.vx[v] as number, sub.vy[v] as number]);
  for (const [id, vs] of sub.arcs) patch.arcs.push([aBase + id, vs.map((v) => v + vBase)]);
  const remap = (r: ArcRef): ArcRef => (r < 0 ? ~(~r + aBase) : r + aBase);
  for (const [code, u] of sub.units)
    patch.units.push([
      code,
      { attrs: { ...u.attrs }, polygons: u.polygons.map((rs) => rs.map((r) => r.map(remap))) },
    ]);
  return { patch, added: units.filter((u) => !t.units.has(u.code)).map((u) => u.code), replaced, removed };
}
