import type { Position } from 'geojson';
import type { GridUnit } from '../grid/types.ts';
import { Topology } from './topology.ts';
import type { ArcRef } from './types.ts';
import { signedArea2 } from './geometry.ts';

/**
 * Builds the shared arc-node topology of all units at all levels. Vertices are matched by exact
 * coordinates (the grid data shares identical vertices along every shared boundary). A vertex is a node
 * where the boundary graph branches (three or more distinct neighbours) or ends; a ring touching no node
 * (an island, a hole) gets its first vertex as node. Shells are made counter-clockwise and holes
 * clockwise, so two units sharing an arc always walk it in opposite directions.
 */
export function buildTopology(units: readonly GridUnit[]): Topology {
  const t = new Topology();
  const ids = new Map<string, number>();
  const vid = (p: Position): number => {
    const x = p[0] as number;
    const y = p[1] as number;
    const key = `${x},${y}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = t.vx.length;
      ids.set(key, id);
      t.vx.push(x);
      t.vy.push(y);
      t.varc.push(-1);
    }
    return id;
  };

  // Rings as open vertex-id lists, oriented.
  const unitRings: number[][][][] = units.map((u) => {
    const polys = u.geometry.type === 'Polygon' ? [u.geometry.coordinates] : u.geometry.coordinates;
    return polys.map((rings) =>
      rings.map((ring, k) => {
        const out: number[] = [];
        for (const p of ring) {
          const v = vid(p);
          if (out[out.length - 1] !== v) out.push(v);
        }
        if (out.length > 1 && out[0] === out[out.length - 1]) out.pop();
        const area = signedArea2(out.map((v) => [t.vx[v] as number, t.vy[v] as number]));
        if (k === 0 ? area < 0 : area > 0) out.reverse();
        return out;
      }),
    );
  });

  const nv = t.vx.length;
  const n1 = new Int32Array(nv).fill(-1);
  const n2 = new Int32Array(nv).fill(-1);
  const node = new Uint8Array(nv);
  const neighbour = (v: number, w: number): void => {
    if (n1[v] === -1) n1[v] = w;
    else if (n1[v] === w) return;
    else if (n2[v] === -1) n2[v] = w;
    else if (n2[v] !== w) node[v] = 1;
  };
  for (const polys of unitRings)
    for (const rings of polys)
      for (const r of rings) {
        const n = r.length;
        for (let i = 0; i < n; i++) {
          const v = r[i] as number;
          neighbour(v, r[(i + n - 1) % n] as number);
          neighbour(v, r[(i + 1) % n] as number);
        }
      }
  for (let v = 0; v < nv; v++) if (n2[v] === -1) node[v] = 1;

  const edgeArc = new Map<number, number>();
  const arcOf = (seg: number[]): ArcRef => {
    let id: number | undefined;
    if (seg.length > 2) {
      const a = t.varc[seg[1] as number] as number;
      if (a >= 0) id = a;
    } else {
      const a = seg[0] as number;
      const b = seg[1] as number;
      id = edgeArc.get(a < b ? a * nv + b : b * nv + a);
    }
    if (id === undefined) {
      id = t.newArc(seg);
      if (seg.length === 2) {
        const a = seg[0] as number;
        const b = seg[1] as number;
        edgeArc.set(a < b ? a * nv + b : b * nv + a, id);
      }
      return id;
    }
    const vs = t.arc(id);
    return vs[0] === seg[0] && vs[1] === seg[1] ? id : ~id;
  };

  units.forEach((u, i) => {
    const polygons = (unitRings[i] as number[][][]).map((rings) =>
      rings.map((r) => {
        const n = r.length;
        let k = r.findIndex((v) => node[v] === 1);
        if (k < 0) {
          k = 0;
          node[r[0] as number] = 1;
        }
        const refs: ArcRef[] = [];
        let seg = [r[k] as number];
        for (let j = 1; j <= n; j++) {
          const v = r[(k + j) % n] as number;
          seg.push(v);
          if (node[v] === 1) {
            refs.push(arcOf(seg));
            seg = [v];
          }
        }
        return refs;
      }),
    );
    const { geometry: _g, ...attrs } = u;
    t.setUnit(u.code, { attrs, polygons });
  });
  return t;
}
