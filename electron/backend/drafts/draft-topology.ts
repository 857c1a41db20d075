/**
 * The part of the draft's topology the editor needs on screen: arcs with a vertex inside a box, their
 * vertices with ids (what moveVertex, insertVertex and deleteVertex name) and the units walking each
 * arc, so the UI can show which polygons a drag will move together.
 */
import type { DraftTopology } from '../../../shared/api/drafts-contract.ts';
import type { Topology } from '../../../shared/editor/index.ts';

export function edgesInBox(
  t: Topology,
  [w, s, e, n]: readonly [number, number, number, number],
  limit: number,
): DraftTopology {
  const out: DraftTopology = { arcs: [], vertices: [], truncated: false };
  const seen = new Set<number>();
  for (const [id, vs] of t.arcs) {
    const inside = vs.some((v) => {
      const [x, y] = t.pos(v);
      return x >= w && x <= e && y >= s && y <= n;
    });
    if (!inside) continue;
    if (out.arcs.length >= limit) {
      out.truncated = true;
      break;
    }
    out.arcs.push({ id, vertices: [...vs], users: [...(t.arcUsers.get(id) ?? [])] });
    for (const v of vs)
      if (!seen.has(v)) {
        seen.add(v);
        const [x, y] = t.pos(v);
        out.vertices.push([v, x, y]);
      }
  }
  return out;
}
