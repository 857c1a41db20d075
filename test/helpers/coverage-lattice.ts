import type { Polygon, Position } from 'geojson';
import type { CoverageUnit } from '../../shared/coverage/index.ts';

/**
 * A clean four-level hierarchy on a jittered lattice: every level walks the same lattice points, so
 * shared boundaries share vertices exactly, as a planner's topology-aware editor would draw them.
 */
export interface LatticeOptions {
  cellsX: number;
  cellsY: number;
  /** lattice squares per cell side */
  cellSide?: number;
  /** cells per community, x and y */
  community?: [number, number];
  /** communities per town, x and y */
  town?: [number, number];
  origin?: [number, number];
  stepDeg?: number;
  seed?: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function lattice(o: LatticeOptions): CoverageUnit[] {
  const side = o.cellSide ?? 2;
  const [cx, cy] = o.community ?? [4, 3];
  const [tx, ty] = o.town ?? [5, 4];
  const [ox, oy] = o.origin ?? [113.3, 22.6];
  const step = o.stepDeg ?? 0.002;
  const nx = o.cellsX * side;
  const ny = o.cellsY * side;
  const rand = rng(o.seed ?? 1);
  const pts: Position[][] = [];
  for (let i = 0; i <= nx; i++) {
    const col: Position[] = [];
    for (let j = 0; j <= ny; j++) {
      const edgeX = i === 0 || i === nx;
      const edgeY = j === 0 || j === ny;
      const jx = edgeX ? 0 : (rand() - 0.5) * step * 0.5;
      const jy = edgeY ? 0 : (rand() - 0.5) * step * 0.5;
      col.push([ox + i * step + jx, oy + j * step + jy]);
    }
    pts.push(col);
  }
  const at = (i: number, j: number): Position => pts[i]?.[j] as Position;
  const block = (i0: number, j0: number, i1: number, j1: number): Polygon => {
    const r: Position[] = [];
    for (let i = i0; i < i1; i++) r.push(at(i, j0));
    for (let j = j0; j < j1; j++) r.push(at(i1, j));
    for (let i = i1; i > i0; i--) r.push(at(i, j1));
    for (let j = j1; j > j0; j--) r.push(at(i0, j));
    r.push(r[0] as Position);
    return { type: 'Polygon', coordinates: [r] };
  };
  const pad = (n: number): string => String(n).padStart(3, '0');
  const units: CoverageUnit[] = [
    { code: '440115', parentCode: null, level: 'district', geometry: block(0, 0, nx, ny) },
  ];
  const comX = Math.ceil(o.cellsX / cx);
  const comY = Math.ceil(o.cellsY / cy);
  const townX = Math.ceil(comX / tx);
  const townY = Math.ceil(comY / ty);
  let townNo = 0;
  for (let TY = 0; TY < townY; TY++) {
    for (let TX = 0; TX < townX; TX++) {
      const town = `440115${pad(++townNo)}`;
      const c0x = TX * tx;
      const c0y = TY * ty;
      const c1x = Math.min(comX, c0x + tx);
      const c1y = Math.min(comY, c0y + ty);
      units.push({
        code: town,
        parentCode: '440115',
        level: 'town',
        geometry: block(
          c0x * cx * side,
          c0y * cy * side,
          Math.min(o.cellsX, c1x * cx) * side,
          Math.min(o.cellsY, c1y * cy) * side,
        ),
      });
      let comNo = 0;
      for (let CY = c0y; CY < c1y; CY++) {
        for (let CX = c0x; CX < c1x; CX++) {
          const com = `${town}${pad(++comNo)}`;
          const x0 = CX * cx;
          const y0 = CY * cy;
          const x1 = Math.min(o.cellsX, x0 + cx);
          const y1 = Math.min(o.cellsY, y0 + cy);
          units.push({
            code: com,
            parentCode: town,
            level: 'community',
            geometry: block(x0 * side, y0 * side, x1 * side, y1 * side),
          });
          let cellNo = 0;
          for (let y = y0; y < y1; y++) {
            for (let x = x0; x < x1; x++) {
              units.push({
                code: `${com}${pad(++cellNo)}`,
                parentCode: com,
                level: 'cell',
                geometry: block(x * side, y * side, (x + 1) * side, (y + 1) * side),
              });
            }
          }
        }
      }
    }
  }
  return units;
}
