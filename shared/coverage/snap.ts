/**
 * Snaps coordinates to shared vertex ids. A coordinate joins an existing vertex in its own grid cell
 * or, when it sits just across a cell border, in a neighbouring cell within one cell size: plain
 * rounding alone would split two copies of a point that differ by 1e-9° but straddle a rounding edge.
 * Open addressing over typed arrays keeps a Guangzhou-scale index (~10^6 vertices) small and fast.
 */
export class VertexIndex {
  readonly snap: number;
  /** Canonical coordinates: the first copy seen of each vertex. */
  xs: Float64Array;
  ys: Float64Array;
  count = 0;
  private keysX: Float64Array;
  private keysY: Float64Array;
  private slots: Int32Array;
  private mask: number;

  constructor(snapDeg: number, expected = 1024) {
    this.snap = snapDeg;
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.slots = new Int32Array(cap).fill(-1);
    this.keysX = new Float64Array(cap);
    this.keysY = new Float64Array(cap);
    this.mask = cap - 1;
    this.xs = new Float64Array(Math.max(16, expected));
    this.ys = new Float64Array(Math.max(16, expected));
  }

  /** The vertex id of (x, y), creating a vertex when no existing one is within a snap cell. */
  id(x: number, y: number): number {
    const qx = Math.round(x / this.snap);
    const qy = Math.round(y / this.snap);
    const own = this.find(qx, qy);
    if (own >= 0) return own;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        if (dx === 0 && dy === 0) continue;
        const v = this.find(qx + dx, qy + dy);
        if (
          v >= 0 &&
          Math.abs((this.xs[v] as number) - x) <= this.snap &&
          Math.abs((this.ys[v] as number) - y) <= this.snap
        ) {
          return v;
        }
      }
    }
    return this.insert(qx, qy, x, y);
  }

  private hash(qx: number, qy: number): number {
    // Low 32 bits of each integer are enough to spread neighbouring cells.
    return (
      (Math.imul(qx | 0, 73856093) ^
        Math.imul(qy | 0, 19349663) ^
        Math.imul((qx / 4294967296) | 0, 83492791)) &
      this.mask
    );
  }

  private find(qx: number, qy: number): number {
    let h = this.hash(qx, qy);
    for (;;) {
      const s = this.slots[h] as number;
      if (s < 0) return -1;
      if (this.keysX[h] === qx && this.keysY[h] === qy) return s;
      h = (h + 1) & this.mask;
    }
  }

  private insert(qx: number, qy: number, x: number, y: number): number {
    if (this.count * 2 >= this.slots.length) this.rehash();
    if (this.count >= this.xs.length) {
      const nx = new Float64Array(this.xs.length * 2);
      nx.set(this.xs);
      this.xs = nx;
      const ny = new Float64Array(this.ys.length * 2);
      ny.set(this.ys);
      this.ys = ny;
    }
    const id = this.count++;
    this.xs[id] = x;
    this.ys[id] = y;
    this.place(qx, qy, id);
    return id;
  }

  private place(qx: number, qy: number, id: number): void {
    let h = this.hash(qx, qy);
    while ((this.slots[h] as number) >= 0) h = (h + 1) & this.mask;
    this.slots[h] = id;
    this.keysX[h] = qx;
    this.keysY[h] = qy;
  }

  private rehash(): void {
    const oldSlots = this.slots;
    const oldX = this.keysX;
    const oldY = this.keysY;
    const cap = oldSlots.length * 2;
    this.slots = new Int32Array(cap).fill(-1);
    this.keysX = new Float64Array(cap);
    this.keysY = new Float64Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < oldSlots.length; i++) {
      const s = oldSlots[i] as number;
      if (s >= 0) this.place(oldX[i] as number, oldY[i] as number, s);
    }
  }
}
