/** Bounding boxes of GeoJSON, for the first view of the whole district. */
import type { FeatureCollection, Geometry, Position } from 'geojson';

export type Bounds = [west: number, south: number, east: number, north: number];

function eachPosition(g: Geometry, f: (p: Position) => void): void {
  switch (g.type) {
    case 'Point':
      f(g.coordinates);
      break;
    case 'MultiPoint':
    case 'LineString':
      g.coordinates.forEach(f);
      break;
    case 'MultiLineString':
    case 'Polygon':
      g.coordinates.forEach((r) => r.forEach(f));
      break;
    case 'MultiPolygon':
      g.coordinates.forEach((p) => p.forEach((r) => r.forEach(f)));
      break;
    case 'GeometryCollection':
      g.geometries.forEach((x) => eachPosition(x, f));
      break;
  }
}

export function boundsOf(fc: FeatureCollection): Bounds | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const feature of fc.features) {
    if (!feature.geometry) continue;
    eachPosition(feature.geometry, (p) => {
      const x = p[0]!;
      const y = p[1]!;
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    });
  }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}
