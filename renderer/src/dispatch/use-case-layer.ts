import { useMemo, useState } from 'react';
import type { MapControllerOptions } from '../map/map-controller.ts';
import { CaseLayer } from './case-layer.ts';

/** One case layer per workspace, and the hooks the grid map calls it through. */
export function useCaseLayer(): {
  layer: CaseLayer;
  overlay: Pick<MapControllerOptions, 'onMap' | 'interceptClick'>;
} {
  const [layer] = useState(() => new CaseLayer());
  const overlay = useMemo(
    () => ({
      onMap: (map: Parameters<CaseLayer['attach']>[0], scale: number) => layer.attach(map, scale),
      interceptClick: (e: Parameters<CaseLayer['handleClick']>[0]) => layer.handleClick(e),
    }),
    [layer],
  );
  return { layer, overlay };
}
