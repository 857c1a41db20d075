import { useCallback, useEffect, useState } from 'react';
import type { ApiErrorBody, ResponseOf, TreeNode } from '../../../shared/api/contract.ts';
import type { GridLevel } from '../../../shared/grid/types.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { boundsOf, type Bounds } from '../map/bounds.ts';
import type { MapData } from '../map/map-style.ts';
import { buildTree, presentLevels, type GridTree } from '../tree/grid-tree.ts';

export type GridData =
  | { state: 'loading' }
  | { state: 'error'; error: ApiErrorBody }
  | { state: 'ready'; nodes: TreeNode[]; tree: GridTree; map: MapData; home: Bounds | null };

/** The hierarchy and every level's geometry and label points; reloaded when the backend says the grid changed. */
export function useGridData(): { data: GridData; reload(): void } {
  const api = useApi();
  const [data, setData] = useState<GridData>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const nodes = await api.invoke('grid.tree', {});
      const tree = buildTree(nodes);
      const levels = presentLevels(tree);
      const layers: Partial<Record<GridLevel, ResponseOf<'grid.layer'>>> = {};
      const labels: Partial<Record<GridLevel, ResponseOf<'grid.labels'>>> = {};
      await Promise.all(
        levels.flatMap((level) => [
          api.invoke('grid.layer', { level }).then((fc) => (layers[level] = fc)),
          api.invoke('grid.labels', { level }).then((fc) => (labels[level] = fc)),
        ]),
      );
      const top = levels[0];
      const home = top && layers[top] ? boundsOf(layers[top]) : null;
      if (!cancelled) setData({ state: 'ready', nodes, tree, map: { levels, layers, labels }, home });
    })().catch((e: unknown) => {
      if (!cancelled) setData({ state: 'error', error: errorBodyOf(e) });
    });
    return () => {
      cancelled = true;
    };
  }, [api, generation]);

  useEffect(
    () =>
      api.onEvent((e) => {
        if (e.type === 'grid.changed') reload();
      }),
    [api, reload],
  );

  return { data, reload };
}
