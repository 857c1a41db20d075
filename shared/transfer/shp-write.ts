/**
 * ESRI Shapefile geometry (.shp + .shx) for polygons, written by hand: the format is a fixed binary
 * layout and writing it directly keeps the whole export in memory without temp files. Shells are
 * written clockwise and holes counter-clockwise, as the format requires.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

const ringArea2 = (ring: Position[]): number => {
  let s = 0;
  for (let i = 0, n = ring.length; i < n - 1; i++) {
    const a = ring[i] as Position;
    const b = ring[i + 1] as Position;
    s += (a[0] as number) * (b[1] as number) - (b[0] as number) * (a[1] as number);
  }
  return s;
};

const closed = (ring: Position[]): Position[] => {
  const a = ring[0];
  const b = ring[ring.length - 1];
  return a && b && (a[0] !== b[0] || a[1] !== b[1]) ? [...ring, a] : ring;
};

function shpRings(g: Polygon | MultiPolygon): Position[][] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const out: Position[][] = [];
  for (const rings of polys)
    rings.forEach((r, k) => {
      const ring = closed(r);
      const a = ringArea2(ring);
      // Clockwise (negative area) for shells, counter-clockwise for holes.
      out.push((k === 0 ? a > 0 : a < 0) ? [...ring].reverse() : ring);
    });
  return out;
}

export interface ShpFiles {
  shp: Uint8Array;
  shx: Uint8Array;
}

/** Geometries in the coordinates they are to be written in (lon/lat or a projected zone). */
export function writePolygonShp(geometries: (Polygon | MultiPolygon)[]): ShpFiles {
  const records = geometries.map(shpRings);
  const sizes = records.map((rings) => 44 + 4 * rings.length + 16 * rings.reduce((s, r) => s + r.length, 0));
  const shpLength = 100 + sizes.reduce((s, n) => s + 8 + n, 0);
  const shp = new Uint8Array(shpLength);
  const shx = new Uint8Array(100 + 8 * records.length);
  const sv = new DataView(shp.buffer);
  const xv = new DataView(shx.buffer);
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  let p = 100;
  records.forEach((rings, i) => {
    const size = sizes[i] as number;
    xv.setInt32(100 + i * 8, p / 2, false);
    xv.setInt32(104 + i * 8, size / 2, false);
    sv.setInt32(p, i + 1, false);
    sv.setInt32(p + 4, size / 2, false);
    const c = p + 8;
    sv.setInt32(c, 5, true);
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const r of rings)
      for (const pt of r) {
        const x = pt[0] as number;
        const y = pt[1] as number;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    sv.setFloat64(c + 4, x0, true);
    sv.setFloat64(c + 12, y0, true);
    sv.setFloat64(c + 20, x1, true);
    sv.setFloat64(c + 28, y1, true);
    minX = Math.min(minX, x0);
    minY = Math.min(minY, y0);
    maxX = Math.max(maxX, x1);
    maxY = Math.max(maxY, y1);
    const points = rings.reduce((s, r) => s + r.length, 0);
    sv.setInt32(c + 36, rings.length, true);
    sv.setInt32(c + 40, points, true);
    let q = c + 44;
    let start = 0;
    for (const r of rings) {
      sv.setInt32(q, start, true);
      q += 4;
      start += r.length;
    }
    for (const r of rings)
      for (const pt of r) {
        sv.setFloat64(q, pt[0] as number, true);
        sv.setFloat64(q + 8, pt[1] as number, true);
        q += 16;
      }
    p += 8 + size;
  });
  if (!records.length) [minX, minY, maxX, maxY] = [0, 0, 0, 0];
  for (const [view, length] of [
    [sv, shp.length],
    [xv, shx.length],
  ] as const) {
    view.setInt32(0, 9994, false);
    view.setInt32(24, length / 2, false);
    view.setInt32(28, 1000, true);
    view.setInt32(32, 5, true);
    view.setFloat64(36, minX, true);
    view.setFloat64(44, minY, true);
    view.setFloat64(52, maxX, true);
    view.setFloat64(60, maxY, true);
  }
  return { shp, shx };
}
