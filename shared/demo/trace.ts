import type { Mesh } from './mesh.ts';

/** A polygon as vertex ids: shell counter-clockwise, holes clockwise, rings not closed. */
export interface IdPolygon {
  shell: number[];
  holes: number[][];
}

function signedArea(mesh: Mesh, ring: readonly number[]): number {
  let a = 0;
  const n = ring.length;
  for (let k = 0; k < n; k++) {
    const p = ring[k] as number;
    const q = ring[(k + 1) % n] as number;
    a += (mesh.vx[p] as number) * (mesh.vy[q] as number) - (mesh.vx[q] as number) * (mesh.vy[p] as number);
  }
  return a / 2;
}

function pointInRing(mesh: Mesh, ring: readonly number[], x: number, y: number): boolean {
  let inside = false;
  const n = ring.length;
  for (let k = 0, j = n - 1; k < n; j = k++) {
    const xi = mesh.vx[ring[k] as number] as number;
    const yi = mesh.vy[ring[k] as number] as number;
    const xj = mesh.vx[ring[j] as number] as number;
    const yj = mesh.vy[ring[j] as number] as number;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The outline of a union of children, traced from their edges: an edge met in both directions is
 * interior and cancels; the rest chain into the parent's rings with exactly the children's vertices.
 * Where the outline touches itself at a vertex, the walk takes the sharpest turn keeping the region
 * on its left, so each ring stays simple (the parts then meet at that point only).
 */
export function traceUnion(mesh: Mesh, children: readonly IdPolygon[]): IdPolygon[] {
  const nv = mesh.vx.length;
  const count = new Map<number, number>();
  const order: number[] = [];
  for (const child of children) {
    for (const ring of [child.shell, ...child.holes]) {
      const n = ring.length;
      for (let k = 0; k < n; k++) {
        const a = ring[k] as number;
        const b = ring[(k + 1) % n] as number;
        const back = b * nv + a;
        const bc = count.get(back) ?? 0;
        if (bc > 0) {
          count.set(back, bc - 1);
          continue;
        }
        const fwd = a * nv + b;
        const fc = count.get(fwd) ?? 0;
        if (fc > 0) throw new Error('demo grid: two children share an edge in the same direction (overlap)');
        count.set(fwd, 1);
        order.push(fwd);
      }
    }
  }
  const open = order.filter((e) => count.get(e) === 1);
  const out = new Map<number, number[]>();
  for (const e of open) {
    const a = Math.floor(e / nv);
    const list = out.get(a);
    if (list) list.push(e);
    else out.set(a, [e]);
  }
  const used = new Set<number>();
  const rings: number[][] = [];
  for (const start of open) {
    if (used.has(start)) continue;
    used.add(start);
    const a0 = Math.floor(start / nv);
    const ring = [a0];
    let prev = a0;
    let cur = start % nv;
    for (let guard = 0; ; guard++) {
      if (guard > open.length) throw new Error('demo grid: could not close a traced ring');
      const cands = (out.get(cur) ?? []).filter((e) => !used.has(e) || (e === start && cur === a0));
      if (cands.length === 0) throw new Error('demo grid: traced ring is open');
      let next = cands[0] as number;
      if (cands.length > 1) {
        const bx = (mesh.vx[prev] as number) - (mesh.vx[cur] as number);
        const by = (mesh.vy[prev] as number) - (mesh.vy[cur] as number);
        let bestAngle = Infinity;
        for (const e of cands) {
          const t = e % nv;
          const dx = (mesh.vx[t] as number) - (mesh.vx[cur] as number);
          const dy = (mesh.vy[t] as number) - (mesh.vy[cur] as number);
          let cw = -Math.atan2(bx * dy - by * dx, bx * dx + by * dy);
          if (cw <= 0) cw += 2 * Math.PI;
          if (cw < bestAngle) {
            bestAngle = cw;
            next = e;
          }
        }
      }
      if (next === start) break;
      used.add(next);
      ring.push(cur);
      prev = cur;
      cur = next % nv;
    }
    rings.push(ring);
  }

  const shells: { ring: number[]; area: number; holes: number[][] }[] = [];
  const holes: number[][] = [];
  for (const r of rings) {
    const a = signedArea(mesh, r);
    if (a > 0) shells.push({ ring: r, area: a, holes: [] });
    else holes.push(r);
  }
  if (!shells.length) throw new Error('demo grid: traced outline has no outer ring');
  for (const h of holes) {
    let host = shells[0] as (typeof shells)[number];
    if (shells.length > 1) {
      // The midpoint of a hole edge is never on a shell: every open edge belongs to one ring only.
      const p = h[0] as number;
      const q = h[1] as number;
      const mx = ((mesh.vx[p] as number) + (mesh.vx[q] as number)) / 2;
      const my = ((mesh.vy[p] as number) + (mesh.vy[q] as number)) / 2;
      let bestArea = Infinity;
      for (const s of shells) {
        if (s.area < bestArea && pointInRing(mesh, s.ring, mx, my)) {
          bestArea = s.area;
          host = s;
        }
      }
    }
    host.holes.push(h);
  }
  return shells.map((s) => ({ shell: s.ring, holes: s.holes }));
}
