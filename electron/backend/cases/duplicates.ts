/**
 * Possible duplicates: the same item type reported close by in space and time (two grid workers
 * and a citizen reporting the same overflowing bin). Flagged for the operator to merge, never
 * merged or refused automatically.
 */
import type { Store } from '../store/store.ts';

export const DUPLICATE_RADIUS_M = 50;
export const DUPLICATE_WINDOW_MS = 2 * 3_600_000;

/** Metres between two lon/lat points (haversine; plenty at 50 m). */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * The nearest earlier case of the same item within the radius and window, not voided and not itself
 * merged away as a duplicate (its original is the one to merge into), of the same kind (real or drill).
 */
// Only closed rows are parsed for mergedInto: a merged duplicate is always closed, and a bulk
// import of fresh cases must not parse hundreds of JSON states per row.
export function findDuplicate(
  store: Store,
  itemCode: string,
  lon: number,
  lat: number,
  at: number,
  simulated = false,
): string | null {
  const rows = store.all<{ id: string; lon: number; lat: number }>(
    `SELECT id, lon, lat FROM cases WHERE item_code = ? AND reported_at >= ? AND reported_at <= ?
     AND status != 'voided' AND simulated = ?
     AND (status != 'closed' OR json_extract(state_json, '$.mergedInto') IS NULL)
     ORDER BY reported_at DESC LIMIT 500`,
    [itemCode, at - DUPLICATE_WINDOW_MS, at, simulated ? 1 : 0],
  );
  let best: { id: string; d: number } | null = null;
  for (const r of rows) {
    const d = distanceM(lon, lat, r.lon, r.lat);
    if (d <= DUPLICATE_RADIUS_M && (!best || d < best.d)) best = { id: r.id, d };
  }
  return best?.id ?? null;
}
