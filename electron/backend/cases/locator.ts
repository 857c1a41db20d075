/**
 * Locates a point to its cell, community and town in the published grid. The cells are read once
 * into flat coordinate arrays with a uniform bucket grid over their extent (each bucket lists the
 * cells whose bounding box touches it), so a lookup tests only a handful of polygons: well under
 * the 0.1 ms a case may take, even at city scale.
 */
import { pointOnFeature, polygon } from '@turf/turf';
import type { MultiPolygon } from 'geojson';
import { decodeGpkgGeometry } from '../../../shared/geo/gpkg-geometry.ts';
import type { Store } from '../store/store.ts';

export interface Placed {
  cell: { code: string; name: string };
  community: { code: string; name: string } | null;
  town: { code: string; name: string } | null;
}

interface CellShape {
  code: string;
  name: string;
  parentCode: string | null;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** Every ring of every part as [x0, y0, x1, y1, …]; even-odd over all rings handles holes. */
  rings: Float64Array[];
}

export interface CellInput {
  code: string;
  name: string;
  parentCode: string | null;
  geometry: MultiPolygon;
}

function shapeOf(c: CellInput): CellShape {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const rings: Float64Array[] = [];
  for (const polygon of c.geometry.coordinates)
    for (const ring of polygon) {
      const flat = new Float64Array(ring.length * 2);
      ring.forEach(([x = 0, y = 0], i) => {
        flat[i * 2] = x;
        flat[i * 2 + 1] = y;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      });
      rings.push(flat);
    }
  return { code: c.code, name: c.name, parentCode: c.parentCode, minX, minY, maxX, maxY, rings };
}

function inside(shape: CellShape, x: number, y: number): boolean {
  let odd = false;
  for (const r of shape.rings) {
    const n = r.length;
    for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
      const yi = r[i + 1]!;
      const yj = r[j + 1]!;
      if (yi > y !== yj > y) {
        const xi = r[i]!;
        const xj = r[j]!;
        if (x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
      }
    }
  }
  return odd;
}

export class CellLocator {
  private readonly cells: CellShape[];
  private readonly buckets: Int32Array[];
  private readonly minX: number;
  private readonly minY: number;
  private readonly stepX: number;
  private readonly stepY: number;
  private readonly n: number;

  constructor(
    cells: readonly CellInput[],
    private readonly units: ReadonlyMap<string, { name: string; parentCode: string | null }>,
  ) {
    this.cells = cells.map(shapeOf).filter((c) => c.rings.length > 0);
    this.minX = Math.min(...this.cells.map((c) => c.minX));
    this.minY = Math.min(...this.cells.map((c) => c.minY));
    const maxX = Math.max(...this.cells.map((c) => c.maxX));
    const maxY = Math.max(...this.cells.map((c) => c.maxY));
    // About one cell per bucket on average keeps candidate lists short without wasting memory.
    this.n = Math.max(1, Math.min(1024, Math.ceil(Math.sqrt(this.cells.length))));
    this.stepX = (maxX - this.minX) / this.n || 1;
    this.stepY = (maxY - this.minY) / this.n || 1;
    const lists: number[][] = Array.from({ length: this.n * this.n }, () => []);
    this.cells.forEach((c, index) => {
      const [x0, y0] = this.bucketOf(c.minX, c.minY);
      const [x1, y1] = this.bucketOf(c.maxX, c.maxY);
      for (let by = y0; by <= y1; by++)
        for (let bx = x0; bx <= x1; bx++) lists[by * this.n + bx]!.push(index);
    });
    this.buckets = lists.map((l) => Int32Array.from(l));
  }

  get size(): number {
    return this.cells.length;
  }

  private bucketOf(x: number, y: number): [number, number] {
    const clamp = (v: number): number => Math.min(this.n - 1, Math.max(0, Math.floor(v)));
    return [clamp((x - this.minX) / this.stepX), clamp((y - this.minY) / this.stepY)];
  }

  /** The cell code containing the point, or null outside every cell. */
  locateCell(lon: number, lat: number): CellShape | null {
    if (!this.cells.length) return null;
    const fx = (lon - this.minX) / this.stepX;
    const fy = (lat - this.minY) / this.stepY;
    if (fx < 0 || fy < 0 || fx > this.n || fy > this.n) return null;
    const [bx, by] = this.bucketOf(lon, lat);
    for (const i of this.buckets[by * this.n + bx]!) {
      const c = this.cells[i]!;
      if (lon < c.minX || lon > c.maxX || lat < c.minY || lat > c.maxY) continue;
      if (inside(c, lon, lat)) return c;
    }
    return null;
  }

  locate(lon: number, lat: number): Placed | null {
    const cell = this.locateCell(lon, lat);
    if (!cell) return null;
    const ref = (code: string | null | undefined): { code: string; name: string } | null => {
      const u = code ? this.units.get(code) : undefined;
      return u && code ? { code, name: u.name } : null;
    };
    const community = ref(cell.parentCode);
    const town = ref(community ? this.units.get(community.code)?.parentCode : null);
    return { cell: { code: cell.code, name: cell.name }, community, town };
  }

  /**
   * A point inside the named cell (for placing a case by picking a cell), or null for an unknown
   * code. pointOnFeature of the outer ring stays inside concave shapes; a hole is checked after.
   */
  pointIn(code: string): [number, number] | null {
    const cell = this.cells.find((c) => c.code === code);
    const outer = cell?.rings[0];
    if (!cell || !outer) return null;
    const ring: [number, number][] = [];
    for (let i = 0; i < outer.length; i += 2) ring.push([outer[i]!, outer[i + 1]!]);
    const p = pointOnFeature(polygon([ring])).geometry.coordinates as [number, number];
    if (this.locateCell(p[0], p[1])?.code === code) return p;
    // Unlucky with a hole or a neighbour's overlap: scan a coarse grid over the cell's box.
    for (let fy = 1; fy < 16; fy++)
      for (let fx = 1; fx < 16; fx++) {
        const x = cell.minX + ((cell.maxX - cell.minX) * fx) / 16;
        const y = cell.minY + ((cell.maxY - cell.minY) * fy) / 16;
        if (this.locateCell(x, y)?.code === code) return [x, y];
      }
    return null;
  }

  /** Name of any grid unit, for the queue's place column. */
  nameOf(code: string | null): string | null {
    return code ? (this.units.get(code)?.name ?? null) : null;
  }
}

/** Reads the published cells and the units above them from the data file. */
export function loadLocator(store: Store): CellLocator {
  const rows = store.all<{ code: string; name: string; parent_code: string | null; geom: Uint8Array | null }>(
    'SELECT code, name, parent_code, geom FROM grid_cell',
  );
  const cells: CellInput[] = [];
  for (const r of rows)
    if (r.geom)
      cells.push({
        code: r.code,
        name: r.name,
        parentCode: r.parent_code,
        geometry: decodeGpkgGeometry(r.geom),
      });
  const units = new Map<string, { name: string; parentCode: string | null }>();
  for (const table of ['grid_town', 'grid_community', 'grid_cell'])
    for (const u of store.all<{ code: string; name: string; parent_code: string | null }>(
      `SELECT code, name, parent_code FROM ${table}`,
    ))
      units.set(u.code, { name: u.name, parentCode: u.parent_code });
  return new CellLocator(cells, units);
}
