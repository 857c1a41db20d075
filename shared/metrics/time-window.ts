/**
 * Time windows of the heatmap and choropleth: a preset ending at a given instant (now, or the
 * playback clock) or a custom range. A window is half-open at its start, (from, to], so windows
 * stepped end to end during playback never count a case twice.
 */

export const WINDOW_PRESETS = ['1h', '6h', '24h', '7d', '30d'] as const;
export type WindowPreset = (typeof WINDOW_PRESETS)[number];

const HOUR = 3_600_000;
export const PRESET_MS: Readonly<Record<WindowPreset, number>> = {
  '1h': HOUR,
  '6h': 6 * HOUR,
  '24h': 24 * HOUR,
  '7d': 7 * 24 * HOUR,
  '30d': 30 * 24 * HOUR,
};

export type TimeWindow = { preset: WindowPreset; end?: number } | { from: number; to: number };

export interface ResolvedWindow {
  from: number;
  to: number;
}

export function resolveWindow(w: TimeWindow, now: number): ResolvedWindow {
  if ('preset' in w) {
    const to = w.end ?? now;
    return { from: to - PRESET_MS[w.preset], to };
  }
  return { from: w.from, to: w.to };
}

export const inWindow = (t: number, w: ResolvedWindow): boolean => t > w.from && t <= w.to;
