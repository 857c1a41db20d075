import { segmentsTouch } from '../geo/segments.ts';
import { signedArea2 } from './geometry.ts';
import type { Topology } from './topology.ts';
import { refuse } from './types.ts';

interface Seg {
  a: number;
  b: number;
}

/**
 * Refuses an edit that leaves any ring of the given units invalid near the given vertices: segments
 * touching a moved/inserted/joined vertex are tested against every other segment of the unit's rings
 * (so a shell crossing its own hole counts too), and every ring must keep its orientation (a ring that
 * folds over without crossing, a triangle flipped, is caught by its area's sign). Units sharing the
 * vertex are all checked, so whichever face the new segments leave, one of them sees the crossing.
 */
export function checkAround(t: Topology, vertices: Iterable<number>, codes: Iterable<string>): void {
  const moved = new Set(vertices);
  for (const code of codes) {
    const u = t.unit(code);
    if (!u) continue;
    const all: Seg[] = [];
    const fresh: Seg[] = [];
    for (const rings of u.polygons)
      rings.forEach((ring, k) => {
        const vs = t.ringVertices(ring);
        if (vs.length < 4) refuse('editor.tooFewPositions', { code });
        const area = signedArea2(vs.map((v) => t.pos(v)));
        if (k === 0 ? area <= 0 : area >= 0) refuse('editor.ringFlipped', { code });
        for (let i = 0; i + 1 < vs.length; i++) {
          const s = { a: vs[i] as number, b: vs[i + 1] as number };
          all.push(s);
          if (moved.has(s.a) || moved.has(s.b)) fresh.push(s);
        }
      });
    for (const s of fresh) {
      if (t.vx[s.a] === t.vx[s.b] && t.vy[s.a] === t.vy[s.b]) refuse('editor.selfIntersection', { code });
      for (const o of all) {
        if (o === s) continue;
        if (crosses(t, s, o)) refuse('editor.selfIntersection', { code });
      }
    }
  }
}

function crosses(t: Topology, s: Seg, o: Seg): boolean {
  const shared = [s.a === o.a || s.a === o.b, s.b === o.a || s.b === o.b];
  if (shared[0] && shared[1]) return false;
  const { vx, vy } = t;
  const [ax, ay, bx, by] = [vx[s.a] as number, vy[s.a] as number, vx[s.b] as number, vy[s.b] as number];
  const [cx, cy, dx, dy] = [vx[o.a] as number, vy[o.a] as number, vx[o.b] as number, vy[o.b] as number];
  if (!segmentsTouch(ax, ay, bx, by, cx, cy, dx, dy)) return false;
  if (!shared[0] && !shared[1]) return true;
  // Adjacent segments always meet at their common vertex; only a fold back along each other is wrong.
  const common = shared[0] ? s.a : s.b;
  const sOther = common === s.a ? s.b : s.a;
  const oOther = common === o.a ? o.b : o.a;
  const [px, py] = [vx[sOther] as number, vy[sOther] as number];
  const [qx, qy] = [vx[oOther] as number, vy[oOther] as number];
  const [mx, my] = [vx[common] as number, vy[common] as number];
  const cross = (px - mx) * (qy - my) - (py - my) * (qx - mx);
  const dot = (px - mx) * (qx - mx) + (py - my) * (qy - my);
  return cross === 0 && dot > 0;
}
