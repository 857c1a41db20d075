import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { GridDataset, GridLevel, GridUnit } from '../grid/types.ts';
import {
  dedicatedPopulation,
  dedicatedSubtype,
  personName,
  shortCommunityName,
  SUBTYPE_LABEL,
} from './attributes.ts';
import { parseDivisions, type Division } from './divisions.ts';
import { buildMesh, type Mesh, type ShapeSpec, type ZoneSpec } from './mesh.ts';
import { partition } from './partition.ts';
import { Rng } from './random.ts';
import { traceUnion, type IdPolygon } from './trace.ts';

export interface GenerateOptions {
  seed?: number;
}

export interface GuangzhouOptions extends GenerateOptions {
  /** Cells wanted in all (about; the blob decides the exact count). */
  cells?: number;
}

const NANSHA = '440115';
const DEDICATED_SHARE = 0.065;

/** Rough real centre, land area (km²) and 2020 census population of each Guangzhou district. */
const GUANGZHOU_DISTRICTS: Record<string, ZoneSpec & { population: number }> = {
  '440103': { lon: 113.225, lat: 23.095, areaKm2: 62, cellWeight: 0, population: 1_120_000 },
  '440104': { lon: 113.275, lat: 23.13, areaKm2: 34, cellWeight: 0, population: 1_040_000 },
  '440105': { lon: 113.325, lat: 23.085, areaKm2: 91, cellWeight: 0, population: 1_820_000, aspect: 1.6 },
  '440106': { lon: 113.37, lat: 23.155, areaKm2: 137, cellWeight: 0, population: 2_240_000 },
  '440111': { lon: 113.29, lat: 23.3, areaKm2: 795, cellWeight: 0, population: 3_740_000, aspect: 0.7 },
  '440112': { lon: 113.48, lat: 23.2, areaKm2: 484, cellWeight: 0, population: 1_260_000, aspect: 0.75 },
  '440113': { lon: 113.39, lat: 22.96, areaKm2: 530, cellWeight: 0, population: 2_660_000, aspect: 1.25 },
  '440114': { lon: 113.2, lat: 23.42, areaKm2: 970, cellWeight: 0, population: 1_640_000 },
  '440115': { lon: 113.52, lat: 22.76, areaKm2: 800, cellWeight: 0, population: 850_000, aspect: 0.83 },
  '440117': { lon: 113.56, lat: 23.64, areaKm2: 1974, cellWeight: 0, population: 720_000, aspect: 1.1 },
  '440118': { lon: 113.76, lat: 23.3, areaKm2: 1616, cellWeight: 0, population: 1_470_000, aspect: 0.75 },
};

interface Hierarchy {
  divisions: Division[];
  byCode: Map<string, Division>;
  children: Map<string, Division[]>;
  communities: Map<string, number>;
}

function hierarchy(csvText: string): Hierarchy {
  const divisions = parseDivisions(csvText);
  const byCode = new Map(divisions.map((d) => [d.code, d]));
  const children = new Map<string, Division[]>();
  for (const d of divisions) {
    if (d.parentCode === null) continue;
    const list = children.get(d.parentCode);
    if (list) list.push(d);
    else children.set(d.parentCode, [d]);
  }
  const communities = new Map<string, number>();
  const count = (d: Division): number => {
    const n = d.level === 'community' ? 1 : (children.get(d.code) ?? []).reduce((s, c) => s + count(c), 0);
    communities.set(d.code, n);
    return n;
  };
  for (const d of divisions) if (d.parentCode === null) count(d);
  return { divisions, byCode, children, communities };
}

interface UnitDraft {
  division: Division | null;
  code: string;
  name: string;
  level: GridLevel;
  parentCode: string | null;
  polygons: IdPolygon[];
  cells: number[];
  population: number;
}

interface Context {
  mesh: Mesh;
  h: Hierarchy;
  rng: Rng;
  drafts: UnitDraft[];
  /** The cell drafts of each community code, in serial order. */
  cellDrafts: Map<string, UnitDraft[]>;
}

/**
 * Each community needs 3 cells; a town or district asks for 4 per community so that the split below
 * it has room to keep every piece contiguous (exactly 3 per community can be impossible on a thin shape).
 */
function minCells(h: Hierarchy, d: Division): number {
  return 4 * (h.communities.get(d.code) ?? 0);
}

/** Splits a division's cells among its children, recursively, and traces every outline bottom-up. */
function grow(ctx: Context, d: Division, cells: number[]): IdPolygon[] {
  const { mesh, h, rng } = ctx;
  const draft: UnitDraft = {
    division: d,
    code: d.code,
    name: d.name,
    level: d.level,
    parentCode: d.parentCode,
    polygons: [],
    cells,
    population: 0,
  };
  ctx.drafts.push(draft);
  if (d.level === 'community') {
    if (cells.length < 3) throw new Error(`demo grid: community ${d.code} got ${cells.length} cells`);
    // Serial numbers run north to south, west to east, the way a planner would number them.
    const ordered = [...cells].sort((a, b) => {
      const ca = mesh.cells[a] as Mesh['cells'][number];
      const cb = mesh.cells[b] as Mesh['cells'][number];
      return Math.round(cb.siteY * 4) - Math.round(ca.siteY * 4) || ca.siteX - cb.siteX;
    });
    const drafts = ordered.map((c, i): UnitDraft => {
      const ring = (mesh.cells[c] as Mesh['cells'][number]).ring;
      return {
        division: null,
        code: d.code + String(i + 1).padStart(3, '0'),
        name: '',
        level: 'cell',
        parentCode: d.code,
        polygons: [{ shell: ring, holes: [] }],
        cells: [c],
        population: 0,
      };
    });
    if (drafts.length > 999) throw new Error(`demo grid: community ${d.code} has more than 999 cells`);
    ctx.cellDrafts.set(d.code, drafts);
    draft.polygons = traceUnion(
      mesh,
      drafts.flatMap((x) => x.polygons),
    );
    return draft.polygons;
  }
  const kids = h.children.get(d.code) ?? [];
  if (!kids.length) throw new Error(`demo grid: ${d.level} ${d.code} has no children in the CSV`);
  const mins = kids.map((k) => (k.level === 'community' ? 3 : minCells(h, k)));
  const weights = kids.map((k) =>
    k.level === 'community' ? rng.logNormal(0.55) : (h.communities.get(k.code) ?? 1) * rng.logNormal(0.25),
  );
  const wsum = weights.reduce((s, w) => s + w, 0);
  const spare = cells.length - mins.reduce((s, m) => s + m, 0);
  const targets = kids.map((_, i) => (mins[i] as number) + (spare * (weights[i] as number)) / wsum);
  const groups = partition(mesh, cells, targets, mins, rng);
  const parts = kids.map((k, i) => grow(ctx, k, groups[i] as number[]));
  draft.polygons = traceUnion(mesh, parts.flat());
  return draft.polygons;
}

function closedRing(mesh: Mesh, ring: readonly number[]): Position[] {
  const out: Position[] = ring.map((v) => [mesh.lon[v] as number, mesh.lat[v] as number]);
  out.push([mesh.lon[ring[0] as number] as number, mesh.lat[ring[0] as number] as number]);
  return out;
}

function toGeometry(mesh: Mesh, polys: readonly IdPolygon[]): Polygon | MultiPolygon {
  const rings = polys.map((p) => [closedRing(mesh, p.shell), ...p.holes.map((h) => closedRing(mesh, h))]);
  if (rings.length === 1) return { type: 'Polygon', coordinates: rings[0] as Position[][] };
  return { type: 'MultiPolygon', coordinates: rings };
}

/**
 * Populations go to comprehensive cells in uneven shares (town × community × cell factors) and are
 * summed upwards, so every level adds up exactly.
 */
function finish(ctx: Context, name: string, totals: Map<string, number>): GridDataset {
  const { mesh, rng } = ctx;
  const arng = rng.fork(7);
  const drafts = ctx.drafts;
  const cellUnits = new Map<string, GridUnit>();
  const factor = new Map<string, number>();
  for (const d of drafts) {
    if (d.level === 'town') factor.set(d.code, arng.logNormal(0.3));
    if (d.level === 'community')
      factor.set(d.code, arng.logNormal(0.5) * (factor.get(d.parentCode ?? '') ?? 1));
  }
  // Weights per district (or the whole set) so each district's total matches its real one.
  const weightSum = new Map<string, number>();
  const cellWeight = new Map<string, number>();
  const totalKey = (code: string): string => [...totals.keys()].find((k) => code.startsWith(k)) ?? '';
  for (const d of drafts) {
    if (d.level !== 'community') continue;
    let serial = 0;
    const seen = new Map<string, number>();
    const short = shortCommunityName(d.name);
    for (const c of ctx.cellDrafts.get(d.code) ?? []) {
      const meshCell = mesh.cells[c.cells[0] as number] as Mesh['cells'][number];
      const unit: GridUnit = {
        code: c.code,
        name: '',
        level: 'cell',
        parentCode: d.code,
        kind: meshCell.dedicated ? 'dedicated' : 'comprehensive',
        subtype: null,
        population: 0,
        chief: personName(arng),
        staffFullTime: arng.next() < 0.85 ? 1 : 2,
        staffPartTime: arng.int(0, 3),
        staffVolunteer: arng.int(0, 6),
        geometry: toGeometry(mesh, c.polygons),
      };
      if (meshCell.dedicated) {
        const subtype = dedicatedSubtype(arng);
        const n = (seen.get(subtype) ?? 0) + 1;
        seen.set(subtype, n);
        unit.subtype = subtype;
        unit.name = `${short}${SUBTYPE_LABEL[subtype]}专属网格${n > 1 ? n : ''}`;
        unit.population = dedicatedPopulation(subtype, arng);
      } else {
        serial++;
        unit.name = `${short}第${serial}网格`;
        const w = (factor.get(d.code) ?? 1) * arng.logNormal(0.35);
        cellWeight.set(c.code, w);
        const k = totalKey(c.code);
        weightSum.set(k, (weightSum.get(k) ?? 0) + w);
      }
      cellUnits.set(c.code, unit);
    }
  }
  for (const [code, w] of cellWeight) {
    const k = totalKey(code);
    const unit = cellUnits.get(code) as GridUnit;
    unit.population = Math.round(((totals.get(k) ?? 0) * w) / (weightSum.get(k) ?? 1));
  }

  const units: GridUnit[] = [];
  const byCode = new Map<string, GridUnit>();
  for (const d of drafts) {
    const unit: GridUnit = {
      code: d.code,
      name: d.name,
      level: d.level,
      parentCode: d.parentCode,
      kind: null,
      subtype: null,
      population: 0,
      chief: null,
      staffFullTime: 0,
      staffPartTime: 0,
      staffVolunteer: 0,
      geometry: toGeometry(mesh, d.polygons),
    };
    units.push(unit);
    byCode.set(unit.code, unit);
    for (const c of ctx.cellDrafts.get(d.code) ?? []) {
      const cu = cellUnits.get(c.code) as GridUnit;
      units.push(cu);
      byCode.set(cu.code, cu);
    }
  }
  // Sum populations bottom-up, children before parents.
  const levelRank: Record<GridLevel, number> = { cell: 0, community: 1, town: 2, district: 3, city: 4 };
  const upward = [...units].sort((a, b) => levelRank[a.level] - levelRank[b.level]);
  for (const u of upward) {
    if (u.parentCode === null) continue;
    const p = byCode.get(u.parentCode);
    if (p) p.population += u.population;
  }
  units.sort(
    (a, b) => levelRank[b.level] - levelRank[a.level] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  return { name, units };
}

/** Nansha district (南沙区) alone: 1 + 9 + 172 + about 3,000 cells, at its real place. */
export function generateNansha(csvText: string, options: GenerateOptions = {}): GridDataset {
  const seed = options.seed ?? 1;
  const h = hierarchy(csvText);
  const district = h.byCode.get(NANSHA);
  if (!district) throw new Error(`divisions CSV has no district ${NANSHA} (南沙区)`);
  const rng = new Rng(seed);
  const zone = GUANGZHOU_DISTRICTS[NANSHA] as ZoneSpec;
  const spec: ShapeSpec = {
    box: [113.3, 22.55, 113.7, 22.95],
    zones: [{ ...zone, cellWeight: 1 }],
    areaKm2: 800,
    cells: 3000,
    dedicatedShare: DEDICATED_SHARE,
    noise: 0.16,
  };
  const mesh = buildMesh(spec, rng.fork(1));
  const ctx: Context = { mesh, h, rng: rng.fork(2), drafts: [], cellDrafts: new Map() };
  // Alone, the district is the root: no city unit exists to be its parent.
  grow(
    ctx,
    { ...district, parentCode: null },
    mesh.cells.map((_, i) => i),
  );
  return finish(ctx, '南沙区 (demo)', new Map([[NANSHA, 900_000]]));
}

/** The whole of Guangzhou: 1 + 11 + 178 + 2,851 + about 30,000 cells, around its real extent. */
export function generateGuangzhou(csvText: string, options: GuangzhouOptions = {}): GridDataset {
  const seed = options.seed ?? 1;
  const cells = options.cells ?? 30_000;
  const h = hierarchy(csvText);
  const city = h.divisions.find((d) => d.level === 'city');
  if (!city) throw new Error('divisions CSV has no city');
  const districts = h.children.get(city.code) ?? [];
  const rng = new Rng(seed);
  // Cells follow communities, not area: the dense old districts get small cells, as they do in life.
  const zones: ZoneSpec[] = districts.map((d) => {
    const z = GUANGZHOU_DISTRICTS[d.code];
    if (!z) throw new Error(`demo grid: no placement for district ${d.code} ${d.name}`);
    return { ...z, cellWeight: (h.communities.get(d.code) ?? 1) * rng.logNormal(0.1) };
  });
  const spec: ShapeSpec = {
    box: [112.95, 22.55, 114.05, 23.95],
    zones,
    areaKm2: 7400,
    cells,
    dedicatedShare: DEDICATED_SHARE,
    noise: 0.12,
  };
  const mesh = buildMesh(spec, rng.fork(1));
  const ctx: Context = { mesh, h, rng: rng.fork(2), drafts: [], cellDrafts: new Map() };
  const all = mesh.cells.map((_, i) => i);
  const draft: UnitDraft = {
    division: city,
    code: city.code,
    name: city.name,
    level: 'city',
    parentCode: null,
    polygons: [],
    cells: all,
    population: 0,
  };
  ctx.drafts.push(draft);
  const mins = districts.map((d) => minCells(h, d));
  const targets = districts.map((_, i) =>
    Math.max(all.filter((c) => mesh.cells[c]?.zone === i).length, (mins[i] as number) + 1),
  );
  const groups = partition(mesh, all, targets, mins, ctx.rng, mesh.anchors);
  const parts = districts.map((d, i) => grow(ctx, d, groups[i] as number[]));
  draft.polygons = traceUnion(mesh, parts.flat());
  const totals = new Map(districts.map((d) => [d.code, GUANGZHOU_DISTRICTS[d.code]?.population ?? 0]));
  return finish(ctx, '广州市 (demo)', totals);
}
