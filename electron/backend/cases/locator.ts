/**
 * Locates a point to its cell, community and town in the published grid. The cells are read once
 * into flat coordinate arrays with a uniform bucket grid over their extent (each bucket lists the
 * cells whose bounding box touches it), so a lookup tests only a handful of polygons: well under
 * the 0.1 ms a case may take, even at city scale.
 */
import { polygon } from '@turf/helpers';
import { pointOnFeature } from '@turf/point-on-feature';
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

interface LocatorIndex {
  cells: CellShape[];
  buckets: Int32Array[];
  minX: number;
  minY: number;
  stepX: number;
  stepY: number;
  n: number;
}

type UnitNames = ReadonlyMap<string, { name: string; parentCode: string | null }>;

function buildIndex(cellInputs: readonly CellInput[]): LocatorIndex {
  const cells = cellInputs.map(shapeOf).filter((c) => c.rings.length > 0);
  const minX = Math.min(...cells.map((c) => c.minX));
  const minY = Math.min(...cells.map((c) => c.minY));
  const maxX = Math.max(...cells.map((c) => c.maxX));
  const maxY = Math.max(...cells.map((c) => c.maxY));
  // About one cell per bucket on average keeps candidate lists short without wasting memory.
  const n = Math.max(1, Math.min(1024, Math.ceil(Math.sqrt(cells.length))));
  const index: LocatorIndex = {
    cells,
    buckets: [],
    minX,
    minY,
    stepX: (maxX - minX) / n || 1,
    stepY: (maxY - minY) / n || 1,
    n,
  };
  const lists: number[][] = Array.from({ length: n * n }, () => []);
  cells.forEach((c, i) => {
    const [x0, y0] = bucketOf(index, c.minX, c.minY);
    const [x1, y1] = bucketOf(index, c.maxX, c.maxY);
    for (let by = y0; by <= y1; by++) for (let bx = x0; bx <= x1; bx++) lists[by * n + bx]!.push(i);
  });
  index.buckets = lists.map((l) => Int32Array.from(l));
  return index;
}

function bucketOf(ix: LocatorIndex, x: number, y: number): [number, number] {
  const clamp = (v: number): number => Math.min(ix.n - 1, Math.max(0, Math.floor(v)));
  return [clamp((x - ix.minX) / ix.stepX), clamp((y - ix.minY) / ix.stepY)];
}

export class CellLocator {
  private built: LocatorIndex | null = null;
  private names: UnitNames | null = null;
  private readonly load: () => readonly CellInput[];
  private readonly loadNames: () => UnitNames;

  constructor(cells: readonly CellInput[], units: UnitNames);
  /** Deferred: reading and indexing a city's cells takes a few hundred milliseconds, paid at the first
   * lookup (or by warm()) rather than while the host starts and the first screen loads. */
  constructor(load: { cells(): readonly CellInput[]; units(): UnitNames });
  constructor(
    cells: readonly CellInput[] | { cells(): readonly CellInput[]; units(): UnitNames },
    units?: UnitNames,
  ) {
    if ('cells' in cells && typeof cells.cells === 'function') {
      const source = cells;
      this.load = () => source.cells();
      this.loadNames = () => source.units();
    } else {
      const list = cells as readonly CellInput[];
      this.load = () => list;
      this.loadNames = () => units ?? new Map();
      this.warm();
    }
  }

  private get ix(): LocatorIndex {
    this.built ??= buildIndex(this.load());
    return this.built;
  }

  private get units(): UnitNames {
    this.names ??= this.loadNames();
    return this.names;
  }

  /** Builds the index now if it has not been built yet. */
  warm(): void {
    void this.ix;
  }

  get size(): number {
    return this.ix.cells.length;
  }

  /** The cell code containing the point, or null outside every cell. */
  locateCell(lon: number, lat: number): CellShape | null {
    const ix = this.ix;
    if (!ix.cells.length) return null;
    const fx = (lon - ix.minX) / ix.stepX;
    const fy = (lat - ix.minY) / ix.stepY;
    if (fx < 0 || fy < 0 || fx > ix.n || fy > ix.n) return null;
    const [bx, by] = bucketOf(ix, lon, lat);
    for (const i of ix.buckets[by * ix.n + bx]!) {
      const c = ix.cells[i]!;
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
    const cell = this.ix.cells.find((c) => c.code === code);
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
  return new CellLocator({ cells: () => readCells(store), units: () => readUnits(store) });
}

function readCells(store: Store): CellInput[] {
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
  return cells;
}

function readUnits(store: Store): UnitNames {
  const units = new Map<string, { name: string; parentCode: string | null }>();
  for (const table of ['grid_town', 'grid_community', 'grid_cell'])
    for (const u of store.all<{ code: string; name: string; parent_code: string | null }>(
      `SELECT code, name, parent_code FROM ${table}`,
    ))
      units.set(u.code, { name: u.name, parentCode: u.parent_code });
  return units;
}
