import type { Mesh } from './mesh.ts';
import type { Rng } from './random.ts';

/** Min-heap of (priority, value) pairs. */
class Heap {
  private pri: number[] = [];
  private val: number[] = [];

  get size(): number {
    return this.pri.length;
  }

  top(): number {
    return this.val[0] as number;
  }

  push(p: number, v: number): void {
    const { pri, val } = this;
    let i = pri.length;
    pri.push(p);
    val.push(v);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if ((pri[up] as number) <= p) break;
      pri[i] = pri[up] as number;
      val[i] = val[up] as number;
      i = up;
    }
    pri[i] = p;
    val[i] = v;
  }

  pop(): number {
    const { pri, val } = this;
    const top = val[0] as number;
    const lastP = pri.pop() as number;
    const lastV = val.pop() as number;
    const n = pri.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (pri[r] as number) < (pri[l] as number) ? r : l;
        if ((pri[c] as number) >= lastP) break;
        pri[i] = pri[c] as number;
        val[i] = val[c] as number;
        i = c;
      }
      pri[i] = lastP;
      val[i] = lastV;
    }
    return top;
  }
}

/**
 * Splits a contiguous set of cells into contiguous regions by simultaneous region growing: the region
 * furthest behind its target grows next, taking its frontier cell nearest its seed. Regions that end
 * under their minimum then take cells from neighbours that can spare one without splitting.
 * Returns the cell ids of each region, ascending.
 */
export function partition(
  mesh: Mesh,
  cells: readonly number[],
  targets: readonly number[],
  mins: readonly number[],
  rng: Rng,
  anchors?: readonly { x: number; y: number }[],
): number[][] {
  const k = targets.length;
  const minSum = mins.reduce((s, m) => s + m, 0);
  if (minSum > cells.length) {
    throw new Error(`demo grid: ${cells.length} cells cannot give ${k} regions their minimum of ${minSum}`);
  }
  const sx = (c: number): number => (mesh.cells[c] as { siteX: number }).siteX;
  const sy = (c: number): number => (mesh.cells[c] as { siteY: number }).siteY;
  const owner = new Map<number, number>();
  const size = new Array<number>(k).fill(0);

  const nearestCell = (x: number, y: number, taken: readonly number[]): number => {
    let best = -1;
    let bestD = Infinity;
    for (const c of cells) {
      const d = (sx(c) - x) ** 2 + (sy(c) - y) ** 2;
      if (d < bestD && !taken.includes(c)) {
        bestD = d;
        best = c;
      }
    }
    return best;
  };

  const farthestSeeds = (attempt: number): number[] => {
    // Farthest-point seeds spread the regions over the whole parent; the random first pick only
    // serves to find an extreme cell to start from.
    const seeds: number[] = [];
    const minD = new Float64Array(cells.length).fill(Infinity);
    let next = cells[Math.floor(rng.next() * cells.length)] as number;
    for (let s = 0; s < k; s++) {
      if (s > 0) seeds.push(next);
      let far = -1;
      let farD = -1;
      cells.forEach((c, i) => {
        const d = (sx(c) - sx(next)) ** 2 + (sy(c) - sy(next)) ** 2;
        minD[i] = s === 0 ? d : Math.min(minD[i] as number, d);
        if ((minD[i] as number) > farD) {
          farD = minD[i] as number;
          far = c;
        }
      });
      if (s === 0) minD.fill(Infinity);
      // A retry starts from the random cell itself, so it does not land on the same seeds again.
      if (s > 0 || attempt === 0) next = far;
    }
    seeds.push(next);
    return seeds;
  };

  const growFrom = (seeds: readonly number[]): void => {
    for (const c of cells) owner.set(c, -1);
    size.fill(0);
    const heaps = Array.from({ length: k }, () => new Heap());
    const jitter = new Map<number, number>();
    for (const c of cells) jitter.set(c, rng.range(0.9, 1.1));
    const claim = (r: number, c: number): void => {
      owner.set(c, r);
      size[r] = (size[r] as number) + 1;
      const seed = seeds[r] as number;
      for (const n of mesh.neighbours[c] ?? []) {
        if (owner.get(n) !== -1) continue;
        const d = Math.hypot(sx(n) - sx(seed), sy(n) - sy(seed)) * (jitter.get(n) as number);
        (heaps[r] as Heap).push(d, n);
      }
    };
    seeds.forEach((c, r) => claim(r, c));
    for (let left = cells.length - k; left > 0; left--) {
      let best = -1;
      let bestRatio = Infinity;
      for (let r = 0; r < k; r++) {
        const h = heaps[r] as Heap;
        while (h.size && owner.get(h.top()) !== -1) h.pop();
        if (!h.size) continue;
        const ratio = (size[r] as number) / (targets[r] as number);
        if (ratio < bestRatio) {
          bestRatio = ratio;
          best = r;
        }
      }
      if (best < 0) throw new Error('demo grid: region growing ran out of frontier (parent not contiguous)');
      claim(best, (heaps[best] as Heap).pop());
    }
  };

  /** Moves each seed to the cell nearest its region's centre, so no region starts on a tip. */
  const centralSeeds = (): number[] => {
    const mx = new Float64Array(k);
    const my = new Float64Array(k);
    for (const c of cells) {
      const r = owner.get(c) as number;
      mx[r] = (mx[r] as number) + sx(c);
      my[r] = (my[r] as number) + sy(c);
    }
    const seeds: number[] = [];
    for (let r = 0; r < k; r++) {
      let best = -1;
      let bestD = Infinity;
      const cx = (mx[r] as number) / (size[r] as number);
      const cy = (my[r] as number) / (size[r] as number);
      for (const c of cells) {
        if (owner.get(c) !== r) continue;
        const d = (sx(c) - cx) ** 2 + (sy(c) - cy) ** 2;
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      seeds.push(best);
    }
    return seeds;
  };

  /** The parts region q falls into without cell `removed`, largest first. */
  const partsWithout = (q: number, removed: number): number[][] => {
    const seen = new Set<number>([removed]);
    const parts: number[][] = [];
    for (const s0 of mesh.neighbours[removed] ?? []) {
      if (seen.has(s0) || owner.get(s0) !== q) continue;
      const part = [s0];
      seen.add(s0);
      for (let i = 0; i < part.length; i++) {
        for (const n of mesh.neighbours[part[i] as number] ?? []) {
          if (!seen.has(n) && owner.get(n) === q) {
            seen.add(n);
            part.push(n);
          }
        }
      }
      parts.push(part);
    }
    return parts.sort((x, y) => y.length - x.length);
  };

  /** Moves one cell of `giver` next to `taker` into it (with any piece it would cut off). */
  const moveOne = (taker: number, giver: number): boolean => {
    for (const c of cells) {
      if (owner.get(c) !== giver) continue;
      if (!(mesh.neighbours[c] ?? []).some((n) => owner.get(n) === taker)) continue;
      const cut = partsWithout(giver, c).slice(1).flat();
      if ((size[giver] as number) - 1 - cut.length < (mins[giver] as number)) continue;
      for (const m of [c, ...cut]) owner.set(m, taker);
      size[giver] = (size[giver] as number) - 1 - cut.length;
      size[taker] = (size[taker] as number) + 1 + cut.length;
      return true;
    }
    return false;
  };

  /**
   * Brings a region under its minimum up by one cell, passed along a chain of neighbouring regions
   * from the nearest one that can spare it (a region walled in by others at their minimum still grows).
   */
  const growShort = (r: number): boolean => {
    const regionNeighbours = (a: number): number[] => {
      const out = new Set<number>();
      for (const c of cells) {
        if (owner.get(c) !== a) continue;
        for (const n of mesh.neighbours[c] ?? []) {
          const b = owner.get(n);
          if (b !== undefined && b !== a) out.add(b);
        }
      }
      return [...out].sort((x, y) => x - y);
    };
    const prev = new Map<number, number>([[r, -1]]);
    const queue = [r];
    let found = -1;
    for (let i = 0; i < queue.length && found < 0; i++) {
      const a = queue[i] as number;
      for (const b of regionNeighbours(a)) {
        if (prev.has(b)) continue;
        prev.set(b, a);
        if ((size[b] as number) > (mins[b] as number)) {
          found = b;
          break;
        }
        queue.push(b);
      }
    }
    if (found < 0) return false;
    for (let giver = found; giver !== r;) {
      const taker = prev.get(giver) as number;
      if (!moveOne(taker, giver)) return false;
      giver = taker;
    }
    return true;
  };

  const repair = (): boolean => {
    for (let guard = 0; guard < cells.length * 4; guard++) {
      const r = size.findIndex((s, i) => s < (mins[i] as number));
      if (r < 0) return true;
      if (!growShort(r)) return false;
    }
    return false;
  };

  const ROUNDS = anchors ? 1 : 3;
  for (let attempt = 0; attempt < 24; attempt++) {
    let seeds: number[];
    if (anchors) {
      seeds = [];
      for (const a of anchors) seeds.push(nearestCell(a.x, a.y, seeds));
    } else if (attempt < 4) {
      seeds = farthestSeeds(attempt);
    } else {
      // Awkward shapes (a pocket, a neck) can defeat spread-out seeds; random ones try other layouts.
      seeds = rng.shuffle([...cells]).slice(0, k);
    }
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) seeds = centralSeeds();
      growFrom(seeds);
    }
    if (repair()) {
      const groups: number[][] = Array.from({ length: k }, () => []);
      for (const c of cells) (groups[owner.get(c) as number] as number[]).push(c);
      for (const g of groups) g.sort((a, b) => a - b);
      return groups;
    }
  }
  throw new Error(
    `demo grid: could not give every one of ${k} regions its minimum size (sizes ${size.join(',')}; minimums ${mins.join(',')})`,
  );
}
