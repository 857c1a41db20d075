/** The drill panel's text fields → request values; null when the text does not read. */
import type { DrillHotspot, DrillItemWeight } from '../../../shared/api/intake-contract.ts';

/** "E01:3, C0101:1" → item weights; empty → undefined (the backend's even mix). */
export function parseMix(text: string): DrillItemWeight[] | undefined | null {
  const parts = text.split(/[,，\s]+/).filter(Boolean);
  if (!parts.length) return undefined;
  const out: DrillItemWeight[] = [];
  for (const p of parts) {
    const m = /^([A-Za-z]\d{2,4})(?::(\d+(?:\.\d+)?))?$/.exec(p);
    if (!m || Number(m[2] ?? 1) <= 0) return null;
    out.push({ code: m[1]!.toUpperCase(), weight: Number(m[2] ?? 1) });
  }
  return out;
}

/** One "lon,lat[,radius]" per line → hotspots; empty → undefined (the backend picks communities). */
export function parseHotspots(text: string): DrillHotspot[] | undefined | null {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) return undefined;
  const out: DrillHotspot[] = [];
  for (const line of lines) {
    const [lon, lat, radius = 500] = line.split(/[,，\s]+/).map(Number);
    if (lon === undefined || lat === undefined || ![lon, lat, radius].every(Number.isFinite)) return null;
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90 || radius < 10 || radius > 50_000) return null;
    out.push({ lon, lat, radiusM: radius, weight: 1 });
  }
  return out;
}
