import type { MultiPolygon, Polygon, Position } from 'geojson';

/** turf's earth radius, so our areas agree with turf.area to the last digit. */
const R = 6378137;
const RAD = Math.PI / 180;

/** Spherical area of one ring in m², unsigned (Chamberlain & Duquette, as in turf.area). */
export function ringAreaM2(ring: readonly Position[]): number {
  const n = ring.length;
  if (n < 3) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const lo = ring[i] as Position;
    const mi = ring[(i + 1) % n] as Position;
    const hi = ring[(i + 2) % n] as Position;
    total += ((hi[0] as number) - (lo[0] as number)) * RAD * Math.sin((mi[1] as number) * RAD);
  }
  return Math.abs((total * R * R) / 2);
}

export function polygonAreaM2(rings: readonly Position[][]): number {
  let a = 0;
  rings.forEach((r, i) => (a += i === 0 ? ringAreaM2(r) : -ringAreaM2(r)));
  return Math.max(0, a);
}

export function geometryAreaM2(g: Polygon | MultiPolygon): number {
  if (g.type === 'Polygon') return polygonAreaM2(g.coordinates);
  let a = 0;
  for (const p of g.coordinates) a += polygonAreaM2(p);
  return a;
}

/** Great-circle distance in metres (haversine). */
export function distanceM(a: Position, b: Position): number {
  const la1 = (a[1] as number) * RAD;
  const la2 = (b[1] as number) * RAD;
  const dLa = la2 - la1;
  const dLo = ((b[0] as number) - (a[0] as number)) * RAD;
  const h = Math.sin(dLa / 2) ** 2 + Math.cos(la1) * Math.cos(la2) * Math.sin(dLo / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function ringLengthM(ring: readonly Position[]): number {
  let l = 0;
  for (let i = 1; i < ring.length; i++) l += distanceM(ring[i - 1] as Position, ring[i] as Position);
  return l;
}

export function geometryPerimeterM(g: Polygon | MultiPolygon): number {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let l = 0;
  for (const p of polys) for (const r of p) l += ringLengthM(r);
  return l;
}

/** Mean width of a region: 2·area/perimeter, exact for a long thin strip (w·L / (L + w) ≈ w). */
export function meanWidthM(areaM2: number, perimeterM: number): number {
  return perimeterM > 0 ? (2 * areaM2) / perimeterM : 0;
}

/** Metres per degree of longitude and latitude near a latitude: a local projection for small distances. */
export function metresPerDegree(lat: number): { x: number; y: number } {
  const y = R * RAD;
  return { x: y * Math.cos(lat * RAD), y };
}
