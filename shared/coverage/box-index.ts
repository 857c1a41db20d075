import type { BBox } from './topology.ts';

/** Uniform grid over boxes: point and box queries for sibling groups of any size. */
export class BoxIndex<T extends { bbox: BBox }> {
  private cells = new Map<number, T[]>();
  private x0: number;
  private y0: number;
  private size: number;
  private cols: number;

  constructor(private items: readonly T[]) {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const it of items) {
      x0 = Math.min(x0, it.bbox[0]);
      y0 = Math.min(y0, it.bbox[1]);
      x1 = Math.max(x1, it.bbox[2]);
      y1 = Math.max(y1, it.bbox[3]);
    }
    const n = Math.max(1, Math.ceil(Math.sqrt(items.length)));
    this.x0 = x0;
    this.y0 = y0;
    this.size = Math.max((x1 - x0) / n, (y1 - y0) / n, 1e-9);
    this.cols = n + 2;
    for (const it of items)
      this.each(it.bbox, (k) => {
        const l = this.cells.get(k);
        if (l) l.push(it);
        else this.cells.set(k, [it]);
      });
  }

  private each(b: BBox, fn: (key: number) => void): void {
    const c0 = Math.max(0, Math.floor((b[0] - this.x0) / this.size));
    const c1 = Math.min(this.cols - 1, Math.floor((b[2] - this.x0) / this.size));
    const r0 = Math.max(0, Math.floor((b[1] - this.y0) / this.size));
    const r1 = Math.min(this.cols - 1, Math.floor((b[3] - this.y0) / this.size));
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) fn(r * this.cols + c);
  }

  /** Items whose box meets `b`, each once. */
  query(b: BBox): T[] {
    if (this.items.length < 32) {
      return this.items.filter(
        (it) => it.bbox[0] <= b[2] && b[0] <= it.bbox[2] && it.bbox[1] <= b[3] && b[1] <= it.bbox[3],
      );
    }
    const seen = new Set<T>();
    this.each(b, (k) => {
      for (const it of this.cells.get(k) ?? []) {
        if (it.bbox[0] <= b[2] && b[0] <= it.bbox[2] && it.bbox[1] <= b[3] && b[1] <= it.bbox[3])
          seen.add(it);
      }
    });
    return [...seen];
  }
}
