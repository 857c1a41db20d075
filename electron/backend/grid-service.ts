/**
 * Read side of the published grid: the hierarchy tree, map layers, label points, unit details and
 * search, read from the per-level GeoPackage feature tables. Layers and labels are cached per level
 * because they are large and change only when the grid is published.
 */
import { bbox } from '@turf/bbox';
import { pointOnFeature } from '@turf/point-on-feature';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type {
  LayerProperties,
  ResponseOf,
  SearchHit,
  TreeNode,
  UnitDetail,
} from '../../shared/api/contract.ts';
import { decodeGpkgGeometry } from '../../shared/geo/gpkg-geometry.ts';
import {
  GRID_LEVELS,
  type CellKind,
  type DedicatedSubtype,
  type GridLevel,
  type WorkerNames,
} from '../../shared/grid/types.ts';
import type { Store } from './store/store.ts';
// A fixed level → table map, so a table name never comes from a request.
import { GRID_TABLE } from './store/migrations.ts';
import { ApiError } from './api-error.ts';
import { GridAnswers } from './grid-answers.ts';

/** One row of a per-level grid table, as sql.js returns it. */
export interface UnitRow {
  [k: string]: string | number | Uint8Array | null;
  code: string;
  name: string;
  parent_code: string | null;
  kind: string | null;
  subtype: string | null;
  population: number;
  chief: string | null;
  staff_full_time: number;
  staff_part_time: number;
  staff_volunteer: number;
  area_km2: number;
  initials: string;
}

const WORKER_KINDS = ['fullTime', 'partTime', 'volunteer'] as const;

/** worker_names as written by a publish (JSON by kind); anything else reads as no names. */
function workerNamesOf(json: unknown): WorkerNames | null {
  if (typeof json !== 'string' || !json) return null;
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const names = {} as WorkerNames;
  for (const k of WORKER_KINDS) {
    const list = (v as Record<string, unknown>)[k];
    names[k] = Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string' && !!x) : [];
  }
  return WORKER_KINDS.some((k) => names[k].length) ? names : null;
}

export class GridService {
  private layers = new Map<GridLevel, ResponseOf<'grid.layer'>>();
  private labels = new Map<GridLevel, ResponseOf<'grid.labels'>>();
  private treeCache: TreeNode[] | null = null;
  private readonly answers: GridAnswers;

  /** `answersDir`: where the large answers are kept as JSON between starts (grid-answers.ts). */
  constructor(
    private readonly store: Store,
    answersDir: string | null = null,
  ) {
    this.answers = new GridAnswers(store, answersDir);
  }

  /** The tree, a layer or label points as the JSON text of the answer, for hosts that send text. */
  /** The stamp of the grid the answers are made from (grid-answers.ts). */
  stamp(): string {
    return this.answers.stamp();
  }

  json(what: { method: 'grid.tree' } | { method: 'grid.layer' | 'grid.labels'; level: GridLevel }): string {
    if (what.method === 'grid.tree') return this.answers.get('tree', () => this.tree());
    const { level } = what;
    return what.method === 'grid.layer'
      ? this.answers.get(`layer-${level}`, () => this.layer(level))
      : this.answers.get(`labels-${level}`, () => this.labelPoints(level));
  }

  /** Forget cached layers after the published grid changed. */
  invalidate(): void {
    this.layers.clear();
    this.labels.clear();
    this.treeCache = null;
  }

  counts(): Record<GridLevel, number> {
    const out = {} as Record<GridLevel, number>;
    for (const level of GRID_LEVELS) {
      out[level] = Number(this.store.get(`SELECT count(*) AS n FROM ${GRID_TABLE[level]}`)?.n ?? 0);
    }
    return out;
  }

  tree(): TreeNode[] {
    if (this.treeCache) return this.treeCache;
    const nodes: TreeNode[] = [];
    const childCount = new Map<string, number>();
    for (const level of GRID_LEVELS) {
      const rows = this.store.all<{
        code: string;
        name: string;
        parent_code: string | null;
        initials: string;
      }>(`SELECT code, name, parent_code, initials FROM ${GRID_TABLE[level]} ORDER BY code`);
      for (const r of rows) {
        nodes.push({
          code: r.code,
          name: r.name,
          level,
          parentCode: r.parent_code,
          childCount: 0,
          initials: r.initials,
        });
        if (r.parent_code) childCount.set(r.parent_code, (childCount.get(r.parent_code) ?? 0) + 1);
      }
    }
    for (const n of nodes) n.childCount = childCount.get(n.code) ?? 0;
    this.treeCache = nodes;
    return nodes;
  }

  layer(level: GridLevel): ResponseOf<'grid.layer'> {
    const cached = this.layers.get(level);
    if (cached) return cached;
    const rows = this.store.all<{
      geom: Uint8Array;
      code: string;
      name: string;
      parent_code: string | null;
      kind: string | null;
    }>(`SELECT geom, code, name, parent_code, kind FROM ${GRID_TABLE[level]} ORDER BY fid`);
    const features: Feature<Polygon | MultiPolygon, LayerProperties>[] = rows.map((r) => ({
      type: 'Feature',
      geometry: decodeGpkgGeometry(r.geom),
      properties: {
        code: r.code,
        name: r.name,
        level,
        parentCode: r.parent_code,
        kind: r.kind as CellKind | null,
      },
    }));
    const fc: ResponseOf<'grid.layer'> = { type: 'FeatureCollection', features };
    this.layers.set(level, fc);
    return fc;
  }

  labelPoints(level: GridLevel): ResponseOf<'grid.labels'> {
    const cached = this.labels.get(level);
    if (cached) return cached;
    const features: Feature<Point, { code: string; name: string; level: GridLevel }>[] = this.layer(
      level,
    ).features.map((f) => ({
      type: 'Feature',
      // pointOnFeature stays inside concave or multi-part shapes, where a centroid may fall outside.
      geometry: pointOnFeature(f).geometry,
      properties: { code: f.properties.code, name: f.properties.name, level },
    }));
    const fc: FeatureCollection<Point, { code: string; name: string; level: GridLevel }> = {
      type: 'FeatureCollection',
      features,
    };
    this.labels.set(level, fc);
    return fc;
  }

  private findUnit(code: string): { level: GridLevel; row: UnitRow & { geom: Uint8Array } } | null {
    for (const level of GRID_LEVELS) {
      const row = this.store.get<UnitRow & { geom: Uint8Array }>(
        `SELECT * FROM ${GRID_TABLE[level]} WHERE code = ?`,
        [code],
      );
      if (row) return { level, row };
    }
    return null;
  }

  unit(code: string): UnitDetail {
    const found = this.findUnit(code);
    if (!found) throw new ApiError('not_found', `No grid unit with code ${code}`, { code });
    const { level, row } = found;
    const parent = row.parent_code ? this.findUnit(row.parent_code) : null;
    const childLevel = GRID_LEVELS[GRID_LEVELS.indexOf(level) + 1];
    const childCount = childLevel
      ? Number(
          this.store.get(`SELECT count(*) AS n FROM ${GRID_TABLE[childLevel]} WHERE parent_code = ?`, [code])
            ?.n ?? 0,
        )
      : 0;
    const geometry = decodeGpkgGeometry(row.geom);
    const [w, s, e, n] = bbox(geometry);
    // Staff are assigned to cells; above that a person wants the totals of the cells within.
    // Codes nest (a cell code starts with its community's, town's and district's), so a prefix finds them.
    const staff =
      level === 'cell'
        ? { full: row.staff_full_time, part: row.staff_part_time, volunteer: row.staff_volunteer }
        : (this.store.get<{ full: number; part: number; volunteer: number }>(
            `SELECT coalesce(sum(staff_full_time), 0) AS full, coalesce(sum(staff_part_time), 0) AS part,
                    coalesce(sum(staff_volunteer), 0) AS volunteer FROM grid_cell WHERE code LIKE ? || '%'`,
            [code],
          ) ?? { full: 0, part: 0, volunteer: 0 });
    return {
      code: row.code,
      name: row.name,
      level,
      parentCode: row.parent_code,
      parentName: parent?.row.name ?? null,
      kind: row.kind as CellKind | null,
      subtype: row.subtype as DedicatedSubtype | null,
      areaKm2: row.area_km2,
      childCount,
      population: row.population,
      chief: row.chief,
      staffFullTime: staff.full,
      staffPartTime: staff.part,
      staffVolunteer: staff.volunteer,
      workerNames: workerNamesOf(row.worker_names),
      notes: typeof row.notes === 'string' && row.notes.trim() ? row.notes : null,
      bbox: [w, s, e, n],
    };
  }

  /** Name substring, code prefix or pinyin-initials prefix; higher levels first. */
  search(query: string, limit: number): SearchHit[] {
    const q = query.trim().toLowerCase();
    const names = new Map(this.tree().map((n) => [n.code, n.name]));
    const scored: { hit: SearchHit; score: number }[] = [];
    for (const n of this.tree()) {
      let score = -1;
      if (n.code === q || n.name === query.trim()) score = 0;
      else if (/^\d+$/.test(q) && n.code.startsWith(q)) score = 1;
      else if (n.name.includes(query.trim())) score = 2;
      else if (/^[a-z]+$/.test(q) && n.initials.startsWith(q)) score = 3;
      if (score < 0) continue;
      scored.push({
        hit: {
          code: n.code,
          name: n.name,
          level: n.level,
          parentName: n.parentCode ? (names.get(n.parentCode) ?? null) : null,
        },
        score: score * 10 + GRID_LEVELS.indexOf(n.level),
      });
    }
    scored.sort((a, b) => a.score - b.score || a.hit.code.localeCompare(b.hit.code));
    return scored.slice(0, limit).map((s) => s.hit);
  }
}
