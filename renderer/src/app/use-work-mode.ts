/**
 * Which work the window shows, operations or planning, remembered on this seat so that a planner
 * who closes the app in the middle of a draft comes back to the draft. `?mode=planner` (or
 * `operator`) in the address opens the seat in that mode whatever was remembered: a planning
 * seat's bookmark. Kept per seat (localStorage), not in the data file: the video wall and a
 * planner's PC share one backend but not their work.
 */
import { useCallback, useState } from 'react';
import type { WorkMode } from '../editor/ModeSwitch.tsx';

const KEY = 'gezhi.workMode';
const MODES: readonly WorkMode[] = ['operator', 'planner'];
const isWorkMode = (v: string | null): v is WorkMode => (MODES as readonly (string | null)[]).includes(v);

/** The address's `mode` if it names one, else the remembered mode, else operations. */
export function initialWorkMode(search: string, remembered: string | null): WorkMode {
  const asked = new URLSearchParams(search).get('mode');
  if (isWorkMode(asked)) return asked;
  return isWorkMode(remembered) ? remembered : 'operator';
}

function readRemembered(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function useWorkMode(): [WorkMode, (m: WorkMode) => void] {
  const [mode, setModeState] = useState<WorkMode>(() =>
    initialWorkMode(window.location.search, readRemembered()),
  );
  const setMode = useCallback((m: WorkMode) => {
    setModeState(m);
    try {
      window.localStorage.setItem(KEY, m);
    } catch {
      // Storage refused (private mode, quota): the mode holds for this window only.
    }
  }, []);
  return [mode, setMode];
}
