/** The snapping tolerance the planner chose, remembered on this machine across sessions. */
import { useCallback, useState } from 'react';
import { parseSnapTolerance, SNAP_TOLERANCE_RANGE } from '../../../../shared/editor/snap.ts';

const KEY = 'gezhi.editor.snapTolerancePx';

function read(): number {
  try {
    return parseSnapTolerance(window.localStorage.getItem(KEY));
  } catch {
    return SNAP_TOLERANCE_RANGE.fallback;
  }
}

export function useSnapTolerance(): [number, (px: number) => void] {
  const [px, setPx] = useState(read);
  const set = useCallback((next: number) => {
    const v = parseSnapTolerance(String(next));
    setPx(v);
    try {
      window.localStorage.setItem(KEY, String(v));
    } catch {
      // Storage refused (private mode, quota): the choice lasts for this session only.
    }
  }, []);
  return [px, set];
}
