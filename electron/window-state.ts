/** Remembers the main window's size, position and maximized state between runs (a small JSON file). */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const windowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(640).max(16384),
  height: z.number().int().min(480).max(16384),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1600, height: 960, maximized: false };

export interface DisplayArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Reads the saved state; a missing or damaged file gives the default rather than an error. */
export function loadWindowState(file: string, displays: DisplayArea[]): WindowState {
  let state: WindowState;
  try {
    state = windowStateSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
  // A monitor may have been unplugged since: only keep the position if the window's centre is on a display.
  if (state.x !== undefined && state.y !== undefined) {
    const cx = state.x + state.width / 2;
    const cy = state.y + state.height / 2;
    const visible = displays.some((d) => cx >= d.x && cx < d.x + d.width && cy >= d.y && cy < d.y + d.height);
    if (!visible) return { width: state.width, height: state.height, maximized: state.maximized };
  }
  return state;
}

export function saveWindowState(file: string, state: WindowState): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(windowStateSchema.parse(state)));
  renameSync(tmp, file);
}
