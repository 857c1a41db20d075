/**
 * The editor's copy of the draft's units, per level, keyed by code. Pure: the map and the panels
 * read it, edit responses patch it, a vertex drag rewrites a few geometries in it without the backend.
 */
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { DraftUnitFeature, DraftUnitProperties } from '../../../shared/api/drafts-contract.ts';
import { GRID_LEVELS, type GridLevel } from '../../../shared/grid/types.ts';

export type LonLat = [number, number];
export type UnitGeometry = Polygon | MultiPolygon;
export type DraftLayers = Record<GridLevel, Map<string, DraftUnitFeature>>;

export function emptyLayers(): DraftLayers {
  return { city: new Map(), district: new Map(), town: new Map(), community: new Map(), cell: new Map() };
}

export function layersFrom(
  collections: Partial<Record<GridLevel, FeatureCollection<UnitGeometry, DraftUnitProperties>>>,
): DraftLayers {
  const out = emptyLayers();
  for (const l of GRID_LEVELS)
    for (const f of collections[l]?.features ?? []) out[l].set(f.properties.code, f as DraftUnitFeature);
  return out;
}

export function findUnit(layers: DraftLayers, code: string): DraftUnitFeature | undefined {
  for (const l of GRID_LEVELS) {
    const f = layers[l].get(code);
    if (f) return f;
  }
  return undefined;
}

/** Applies an edit response; returns the levels that changed so only their map sources are refreshed. */
export function applyChanges(
  layers: DraftLayers,
  changed: readonly DraftUnitFeature[],
  removed: readonly string[],
): Set<GridLevel> {
  const touched = new Set<GridLevel>();
  for (const code of removed) for (const l of GRID_LEVELS) if (layers[l].delete(code)) touched.add(l);
  for (const f of changed) {
    // A unit may have changed level only by being recreated; drop any stale copy elsewhere.
    for (const l of GRID_LEVELS)
      if (l !== f.properties.level && layers[l].delete(f.properties.code)) touched.add(l);
    layers[f.properties.level].set(f.properties.code, f);
    touched.add(f.properties.level);
  }
  return touched;
}

export function collectionOf(
  layers: DraftLayers,
  level: GridLevel,
): FeatureCollection<UnitGeometry, DraftUnitProperties> {
  return { type: 'FeatureCollection', features: [...layers[level].values()] };
}

const same = (p: Position, v: LonLat): boolean =>
  Math.abs(p[0]! - v[0]) < 1e-12 && Math.abs(p[1]! - v[1]) < 1e-12;

/** The geometry with every position at `from` moved to `to`; null when no position was there. */
export function moveVertexIn(g: UnitGeometry, from: LonLat, to: LonLat): UnitGeometry | null {
  let hit = false;
  const ring = (r: Position[]): Position[] =>
    r.map((p) => {
      if (!same(p, from)) return p;
      hit = true;
      return [to[0], to[1]];
    });
  const next: UnitGeometry =
    g.type === 'Polygon'
      ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
      : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(ring)) };
  return hit ? next : null;
}

export function bboxOf(
  g: UnitGeometry | { type: string; coordinates: unknown },
): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    } else if (Array.isArray(c)) for (const x of c) walk(x);
  };
  walk(g.coordinates);
  return [w, s, e, n];
}

/** A label point: the centre of the largest ring's bounding box, good enough for grid cells. */
export function labelPoint(g: UnitGeometry): LonLat {
  const [w, s, e, n] = bboxOf(g);
  return [(w + e) / 2, (s + n) / 2];
}
