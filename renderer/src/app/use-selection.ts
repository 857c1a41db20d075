import { useCallback, useRef, useState } from 'react';
import { errorBodyOf } from '../client/api-client.ts';
import { useApi } from '../client/ClientProvider.tsx';
import type { UnitLoad } from '../attributes/AttributesPanel.tsx';
import type { FlyRequest } from '../map/GridMap.tsx';
import { setSelected } from './page-state.ts';

/** The selected unit: its code at once (highlight), its attributes and the fly-to once grid.unit answers. */
export function useSelection(): {
  code: string | null;
  load: UnitLoad;
  fly: FlyRequest | null;
  select(code: string | null): void;
  flyAgain(): void;
} {
  const api = useApi();
  const [code, setCode] = useState<string | null>(null);
  const [load, setLoad] = useState<UnitLoad>({ state: 'none' });
  const [fly, setFly] = useState<FlyRequest | null>(null);
  const latest = useRef<string | null>(null);

  const select = useCallback(
    (next: string | null) => {
      latest.current = next;
      setCode(next);
      setSelected(next);
      if (!next) {
        setLoad({ state: 'none' });
        return;
      }
      setLoad({ state: 'loading', code: next });
      api.invoke('grid.unit', { code: next }).then(
        (unit) => {
          // A later selection wins even if its answer comes first.
          if (latest.current !== next) return;
          setLoad({ state: 'ready', unit });
          setFly({ code: next, bbox: unit.bbox });
        },
        (e: unknown) => {
          if (latest.current === next) setLoad({ state: 'error', code: next, error: errorBodyOf(e) });
        },
      );
    },
    [api],
  );

  const flyAgain = useCallback(() => {
    if (load.state === 'ready') setFly({ code: load.unit.code, bbox: load.unit.bbox });
  }, [load]);

  return { code, load, fly, select, flyAgain };
}
