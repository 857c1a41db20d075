/**
 * Loading the grid for the map and the tree. The first load starts as soon as the backend says the
 * data file is open (see use-boot), in parallel with reading the remembered settings, so the map's
 * data is on its way while the rest of the first screen is set up.
 */
import type { ResponseOf, TreeNode } from '../../../shared/api/contract.ts';
import { GRID_LEVELS, type GridLevel } from '../../../shared/grid/types.ts';
import type { ApiClient } from '../client/api-client.ts';
import { boundsOf, type Bounds } from '../map/bounds.ts';
import type { MapData } from '../map/map-style.ts';
import { buildTree, presentLevels, type GridTree } from '../tree/grid-tree.ts';

/**
 * Levels with more units than this load after the map first goes idle. At city scale (~30,000 cells)
 * the cells are not drawn at the opening zoom anyway, and tiling them would hold the first picture
 * back by seconds; a district's ~3,000 cells load at once because they show from the start.
 */
export const DEFER_LEVEL_OVER = 5000;

export interface LoadedGrid {
  nodes: TreeNode[];
  tree: GridTree;
  map: MapData;
  home: Bounds | null;
  /** Levels held back for after the first picture. */
  deferred: GridLevel[];
}

export async function fetchLevels(
  api: ApiClient,
  levels: readonly GridLevel[],
): Promise<Pick<MapData, 'layers' | 'labels'>> {
  const layers: Partial<Record<GridLevel, ResponseOf<'grid.layer'>>> = {};
  const labels: Partial<Record<GridLevel, ResponseOf<'grid.labels'>>> = {};
  await Promise.all(
    levels.flatMap((level) => [
      api.invoke('grid.layer', { level }).then((fc) => (layers[level] = fc)),
      api.invoke('grid.labels', { level }).then((fc) => (labels[level] = fc)),
    ]),
  );
  return { layers, labels };
}

/** Levels that load now (the top one always), given how many units each level has. */
function levelsNow(levels: readonly GridLevel[], count: (l: GridLevel) => number): GridLevel[] {
  return levels.filter((l, i) => i === 0 || count(l) <= DEFER_LEVEL_OVER);
}

/** The map's share of a grid load, which can come before the tree. */
export interface EarlyMap {
  map: MapData;
  home: Bounds | null;
}

/**
 * With the per-level counts from app.info the geometry requests go out together with the tree's,
 * instead of one round trip (and a city's 30,000-node tree) later. `onMap` gets the geometry as soon
 * as it is in, so the map can tile it while the tree is still being sent and parsed.
 */
export async function loadGrid(
  api: ApiClient,
  counts?: Readonly<Record<GridLevel, number>>,
  onMap?: (early: EarlyMap) => void,
): Promise<LoadedGrid> {
  const early = counts ? GRID_LEVELS.filter((l) => counts[l] > 0) : null;
  const earlyNow = early ? levelsNow(early, (l) => counts![l]) : null;
  // Geometry first: the map waits for it, and the backend answers in order; a city's tree (several
  // MB of JSON) would otherwise hold the map's data back.
  const geometry = earlyNow ? fetchLevels(api, earlyNow) : null;
  if (geometry && early && onMap)
    void geometry.then((g) => {
      const top = early[0];
      const topLayer = top ? g.layers[top] : undefined;
      onMap({ map: { levels: early, ...g }, home: topLayer ? boundsOf(topLayer) : null });
    });
  const [nodes, fetched] = await Promise.all([api.invoke('grid.tree', {}), geometry]);
  const tree = buildTree(nodes);
  const levels = presentLevels(tree);
  const now = levelsNow(levels, (l) => tree.counts[l]);
  // The counts may be stale (the grid changed in between): anything missing is fetched now.
  const missing = now.filter((l) => !fetched?.layers[l]);
  const rest = missing.length ? await fetchLevels(api, missing) : null;
  const layers = { ...fetched?.layers, ...rest?.layers };
  const labels = { ...fetched?.labels, ...rest?.labels };
  const top = levels[0];
  const home = top && layers[top] ? boundsOf(layers[top]) : null;
  return {
    nodes,
    tree,
    map: { levels, layers, labels },
    home,
    deferred: levels.filter((l) => !now.includes(l)),
  };
}

interface Prefetch {
  grid: Promise<LoadedGrid>;
  /** Resolves with the map's data before the tree when the level counts were known; never rejects. */
  map: Promise<EarlyMap | null>;
}

let prefetched: Prefetch | null = null;

/** Starts the first grid load early; the result is taken once by the grid hook. */
export function prefetchGrid(api: ApiClient, counts?: Readonly<Record<GridLevel, number>>): void {
  if (prefetched) return;
  let gotMap: (m: EarlyMap | null) => void = () => undefined;
  const map = new Promise<EarlyMap | null>((resolve) => (gotMap = resolve));
  const grid = loadGrid(api, counts, gotMap);
  // Keep an early failure from surfacing as an unhandled rejection; the hook reports it when it takes it.
  grid.catch(() => undefined).finally(() => gotMap(null));
  prefetched = { grid, map };
}

export function takePrefetchedGrid(): Prefetch | null {
  const p = prefetched;
  prefetched = null;
  return p;
}
