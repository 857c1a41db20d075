import type { LonLat } from './types.ts';

export interface ScreenPoint {
  x: number;
  y: number;
}

/** A vertex of a nearby boundary: its topology id, where it is and where it shows on screen. */
export interface SnapVertex {
  id: number;
  at: LonLat;
  screen: ScreenPoint;
}

export interface SnapSegment {
  a: SnapVertex;
  b: SnapVertex;
}

export type Snap =
  | { kind: 'vertex'; vertex: number; at: LonLat; screen: ScreenPoint; distancePx: number }
  | {
      kind: 'edge';
      a: number;
      b: number;
      /** Position along a→b, 0..1. */
      t: number;
      at: LonLat;
      screen: ScreenPoint;
      distancePx: number;
    };

/** Tolerances a planner can choose from, in CSS pixels. */
export const SNAP_TOLERANCE_RANGE = { min: 0, max: 50, fallback: 10 } as const;

/**
 * Where the pointer snaps: the nearest vertex within the tolerance (in screen pixels, so it feels the
 * same at every zoom), else the nearest point on a segment within it, else nowhere. A vertex wins
 * over a nearer edge because landing exactly on a vertex keeps boundaries shared. The point on an
 * edge is interpolated in lon/lat, so it lies on the stored segment, not just near its picture.
 */
export function snapPoint(
  p: ScreenPoint,
  vertices: Iterable<SnapVertex>,
  segments: Iterable<SnapSegment>,
  tolerancePx: number,
  skipVertex?: number,
): Snap | null {
  if (!(tolerancePx > 0)) return null;
  let best: Snap | null = null;
  for (const v of vertices) {
    if (v.id === skipVertex) continue;
    const d = Math.hypot(v.screen.x - p.x, v.screen.y - p.y);
    if (d <= tolerancePx && (!best || d < best.distancePx))
      best = { kind: 'vertex', vertex: v.id, at: v.at, screen: v.screen, distancePx: d };
  }
  if (best) return best;
  for (const s of segments) {
    if (s.a.id === skipVertex || s.b.id === skipVertex) continue;
    const dx = s.b.screen.x - s.a.screen.x;
    const dy = s.b.screen.y - s.a.screen.y;
    const len = dx * dx + dy * dy;
    const t =
      len === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - s.a.screen.x) * dx + (p.y - s.a.screen.y) * dy) / len));
    const screen = { x: s.a.screen.x + t * dx, y: s.a.screen.y + t * dy };
    const d = Math.hypot(screen.x - p.x, screen.y - p.y);
    if (d <= tolerancePx && (!best || d < best.distancePx)) {
      const at: LonLat = [s.a.at[0] + t * (s.b.at[0] - s.a.at[0]), s.a.at[1] + t * (s.b.at[1] - s.a.at[1])];
      best = { kind: 'edge', a: s.a.id, b: s.b.id, t, at, screen, distancePx: d };
    }
  }
  return best;
}

/** A remembered tolerance, read back safely: anything unreadable or out of range gives the default. */
export function parseSnapTolerance(raw: string | null | undefined): number {
  const n = Number(raw);
  if (raw === null || raw === undefined || raw.trim() === '' || !Number.isFinite(n))
    return SNAP_TOLERANCE_RANGE.fallback;
  return Math.round(Math.max(SNAP_TOLERANCE_RANGE.min, Math.min(SNAP_TOLERANCE_RANGE.max, n)));
}
