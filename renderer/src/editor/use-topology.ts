/** The shared arcs around the selection, re-read after every change of the draft. */
import { useEffect, useState } from 'react';
import type { DraftTopology } from '../../../shared/api/drafts-contract.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { bboxOf, findUnit, type DraftLayers } from './draft-model.ts';

export function useTopology(
  layers: DraftLayers | null,
  selection: string[],
  revision: number,
): DraftTopology | null {
  const api = useApi();
  const [topology, setTopology] = useState<DraftTopology | null>(null);
  const key = selection.join(',');
  useEffect(() => {
    const units = layers ? key.split(',').flatMap((c) => findUnit(layers, c) ?? []) : [];
    if (units.length === 0) {
      setTopology(null);
      return;
    }
    let [w, s, e, n] = bboxOf(units[0]!.geometry);
    for (const u of units.slice(1)) {
      const b = bboxOf(u.geometry);
      w = Math.min(w, b[0]);
      s = Math.min(s, b[1]);
      e = Math.max(e, b[2]);
      n = Math.max(n, b[3]);
    }
    // A margin so the neighbours' vertices are there to snap to.
    const m = Math.max(e - w, n - s) * 0.25;
    let live = true;
    api
      .invoke('draft.topology', {
        bbox: [Math.max(-180, w - m), Math.max(-90, s - m), Math.min(180, e + m), Math.min(90, n + m)],
        limit: 20_000,
      })
      .then((t) => {
        if (live) {
          setTopology(t);
          document.body.dataset.editorTopology = `${key}@${revision}`;
        }
      })
      .catch(() => live && setTopology(null));
    return () => {
      live = false;
    };
  }, [api, layers, key, revision]);
  return topology;
}
