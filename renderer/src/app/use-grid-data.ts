import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiErrorBody, TreeNode } from '../../../shared/api/contract.ts';
import type { GridLevel } from '../../../shared/grid/types.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { useApi } from '../client/ClientProvider.tsx';
import type { Bounds } from '../map/bounds.ts';
import type { MapData } from '../map/map-style.ts';
import type { GridTree } from '../tree/grid-tree.ts';
import { fetchLevels, loadGrid, takePrefetchedGrid, type EarlyMap } from './grid-loading.ts';

export type GridData =
  /** `early`: the map's data, when it came before the tree. */
  | { state: 'loading'; early?: EarlyMap }
  | { state: 'error'; error: ApiErrorBody }
  | { state: 'ready'; nodes: TreeNode[]; tree: GridTree; map: MapData; home: Bounds | null };

/**
 * The hierarchy and every level's geometry and label points; reloaded when the backend says the grid
 * changed. `loadDeferred` fetches the large levels held back for the first picture.
 */
export function useGridData(): { data: GridData; reload(): void; loadDeferred(): void } {
  const api = useApi();
  const [data, setData] = useState<GridData>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const deferred = useRef<GridLevel[]>([]);
  /** The map went idle before the deferred levels were known: load them as soon as they are. */
  const idleBeforeReady = useRef(false);

  useEffect(() => {
    let cancelled = false;
    const prefetch = generation === 0 ? takePrefetchedGrid() : null;
    void prefetch?.map.then((early) => {
      if (!cancelled && early) setData((d) => (d.state === 'loading' ? { state: 'loading', early } : d));
    });
    const loading = prefetch?.grid ?? loadGrid(api);
    loading
      .then((g) => {
        deferred.current = g.deferred;
        if (!cancelled) setData({ state: 'ready', nodes: g.nodes, tree: g.tree, map: g.map, home: g.home });
        if (idleBeforeReady.current) {
          idleBeforeReady.current = false;
          loadDeferredRef.current();
        }
      })
      .catch((e: unknown) => {
        if (!cancelled) setData({ state: 'error', error: errorBodyOf(e) });
      });
    return () => {
      cancelled = true;
    };
  }, [api, generation]);

  const loadDeferredRef = useRef<() => void>(() => undefined);
  const loadDeferred = useCallback(() => {
    if (data.state !== 'ready') {
      idleBeforeReady.current = true;
      return;
    }
    const levels = deferred.current;
    if (!levels.length) return;
    deferred.current = [];
    fetchLevels(api, levels)
      .then(({ layers, labels }) =>
        setData((d) =>
          d.state === 'ready'
            ? {
                ...d,
                map: {
                  ...d.map,
                  layers: { ...d.map.layers, ...layers },
                  labels: { ...d.map.labels, ...labels },
                },
              }
            : d,
        ),
      )
      .catch((e: unknown) => setData({ state: 'error', error: errorBodyOf(e) }));
  }, [api, data.state]);
  loadDeferredRef.current = loadDeferred;

  useEffect(
    () =>
      api.onEvent((e) => {
        if (e.type === 'grid.changed') reload();
      }),
    [api, reload],
  );

  return { data, reload, loadDeferred };
}
