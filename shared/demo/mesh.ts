import { Delaunay } from 'd3-delaunay';
import { LocalPlane, roundDeg } from './plane.ts';
import type { Rng } from './random.ts';

/** One area of the blob with its own cell density: a district in the city set, the whole of Nansha alone. */
export interface ZoneSpec {
  lon: number;
  lat: number;
  areaKm2: number;
  /** Relative share of the cells that fall in this zone. */
  cellWeight: number;
  /** East–west over north–south stretch of the zone's ellipse (1 = circle). */
  aspect?: number;
  /** Rotation of the ellipse, radians counter-clockwise from east. */
  rotation?: number;
}

export interface ShapeSpec {
  /** [minLon, minLat, maxLon, maxLat] that every cell must stay inside. */
  box: [number, number, number, number];
  zones: ZoneSpec[];
  areaKm2: number;
  /** Cells wanted in all, dedicated cells included. */
  cells: number;
  /** Share of all cells that are dedicated (smaller, from an extra seed point beside a relaxed one). */
  dedicatedShare: number;
  /** Amplitude of the boundary noise, in units of a zone's radius. */
  noise: number;
}

export interface MeshCell {
  /** Vertex ids, counter-clockwise, not closed. */
  ring: number[];
  siteX: number;
  siteY: number;
  dedicated: boolean;
  /** Index of the zone whose anchor is nearest (scaled by zone size). */
  zone: number;
}

/**
 * A planar partition into Voronoi cells sharing one vertex table: a vertex on several cells is one
 * id, so every copy of it has identical coordinates and parents can be traced edge for edge.
 */
export interface Mesh {
  plane: LocalPlane;
  /** Kilometres in the local plane, per vertex id. */
  vx: Float64Array;
  vy: Float64Array;
  /** Rounded to 1e-7°, per vertex id. */
  lon: Float64Array;
  lat: Float64Array;
  cells: MeshCell[];
  /** Cell ids sharing an edge with each cell, ascending. */
  neighbours: number[][];
  /** Zone anchors in the plane (km). */
  anchors: { x: number; y: number }[];
}

/** Vertices closer than this (km) are one vertex: no micro-edges, no spikes. */
const MERGE_KM = 0.001;
const TILE_KM = 0.5;
const BAND_KM = 3;
const LLOYD_STEPS = 2;

interface Zone {
  x: number;
  y: number;
  cos: number;
  sin: number;
  rx: number;
  ry: number;
}

export function buildMesh(spec: ShapeSpec, rng: Rng): Mesh {
  const [minLon, minLat, maxLon, maxLat] = spec.box;
  const plane = new LocalPlane((minLon + maxLon) / 2, (minLat + maxLat) / 2);
  const zones: Zone[] = spec.zones.map((z) => {
    const r = Math.sqrt(z.areaKm2 / Math.PI);
    const aspect = z.aspect ?? 1;
    const rot = z.rotation ?? 0;
    return {
      x: plane.x(z.lon),
      y: plane.y(z.lat),
      cos: Math.cos(rot),
      sin: Math.sin(rot),
      rx: r * Math.sqrt(aspect),
      ry: r / Math.sqrt(aspect),
    };
  });

  // Smooth boundary noise: a few plane waves, wavelengths scaled to the size of the whole area.
  const scale = Math.sqrt(spec.areaKm2 / 800);
  const waves = Array.from({ length: 7 }, () => {
    const len = rng.range(4, 22) * scale;
    const dir = rng.range(0, 2 * Math.PI);
    return {
      kx: (Math.cos(dir) * 2 * Math.PI) / len,
      ky: (Math.sin(dir) * 2 * Math.PI) / len,
      phase: rng.range(0, 2 * Math.PI),
      amp: (spec.noise * rng.range(0.4, 1)) / 2.5,
    };
  });
  const zoneDist = (x: number, y: number, z: Zone): number => {
    const dx = x - z.x;
    const dy = y - z.y;
    const u = (dx * z.cos + dy * z.sin) / z.rx;
    const v = (-dx * z.sin + dy * z.cos) / z.ry;
    return Math.sqrt(u * u + v * v);
  };
  const nearestZone = (x: number, y: number): number => {
    let best = 0;
    let bestD = Infinity;
    for (let i = 0; i < zones.length; i++) {
      const d = zoneDist(x, y, zones[i] as Zone);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  };
  const field = (x: number, y: number): number => {
    let d = Infinity;
    for (const z of zones) d = Math.min(d, zoneDist(x, y, z));
    let n = 0;
    for (const w of waves) n += w.amp * Math.sin(w.kx * x + w.ky * y + w.phase);
    return d + n;
  };

  // Cells must end inside the box: sites stay a kilometre inside it, cells reach ~half a cell past.
  const inX0 = plane.x(minLon) + 1;
  const inX1 = plane.x(maxLon) - 1;
  const inY0 = plane.y(minLat) + 1;
  const inY1 = plane.y(maxLat) - 1;
  const inBox = (x: number, y: number): boolean => x > inX0 && x < inX1 && y > inY0 && y < inY1;

  // Tile grid over the box plus the band of outside points that keeps boundary cells well shaped.
  const ox = inX0 - BAND_KM - 2 * TILE_KM;
  const oy = inY0 - BAND_KM - 2 * TILE_KM;
  const nx = Math.ceil((inX1 + BAND_KM + 2 * TILE_KM - ox) / TILE_KM);
  const ny = Math.ceil((inY1 + BAND_KM + 2 * TILE_KM - oy) / TILE_KM);
  const tileField = new Float64Array(nx * ny);
  const tileZone = new Int32Array(nx * ny);
  const inside: number[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const cx = ox + (i + 0.5) * TILE_KM;
      const cy = oy + (j + 0.5) * TILE_KM;
      const k = j * nx + i;
      tileField[k] = inBox(cx, cy) ? field(cx, cy) : Infinity;
      tileZone[k] = nearestZone(cx, cy);
      if (tileField[k] !== Infinity) inside.push(tileField[k] as number);
    }
  }
  // The blob level is chosen so that the blob has the wanted area.
  inside.sort((a, b) => a - b);
  const wantTiles = Math.round(spec.areaKm2 / (TILE_KM * TILE_KM));
  if (wantTiles >= inside.length) throw new Error('demo grid: the box is too small for the wanted area');
  const level = inside[wantTiles] as number;
  const inBlob = (x: number, y: number): boolean => inBox(x, y) && field(x, y) < level;

  const zoneTiles = new Float64Array(zones.length);
  const blobTile = new Uint8Array(nx * ny);
  for (let k = 0; k < nx * ny; k++) {
    if ((tileField[k] as number) < level) {
      blobTile[k] = 1;
      const z = tileZone[k] as number;
      zoneTiles[z] = (zoneTiles[z] as number) + 1;
    }
  }
  const baseCells = spec.cells * (1 - spec.dedicatedShare);
  const weightSum = spec.zones.reduce((s, z) => s + z.cellWeight, 0);
  const density = spec.zones.map((z, i) => {
    const area = Math.max(zoneTiles[i] as number, 1) * TILE_KM * TILE_KM;
    return (baseCells * z.cellWeight) / weightSum / area;
  });

  // Dilate the blob by the band so outside points surround it on every side.
  const bandTiles = Math.ceil(BAND_KM / TILE_KM);
  const rowMax = new Uint8Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      let m = 0;
      for (let d = -bandTiles; d <= bandTiles && !m; d++) {
        const ii = i + d;
        if (ii >= 0 && ii < nx && blobTile[j * nx + ii]) m = 1;
      }
      rowMax[j * nx + i] = m;
    }
  }
  const pts: number[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      let m = 0;
      for (let d = -bandTiles; d <= bandTiles && !m; d++) {
        const jj = j + d;
        if (jj >= 0 && jj < ny && rowMax[jj * nx + i]) m = 1;
      }
      if (!m) continue;
      const lambda = (density[tileZone[j * nx + i] as number] as number) * TILE_KM * TILE_KM;
      const n = Math.floor(lambda) + (rng.next() < lambda - Math.floor(lambda) ? 1 : 0);
      for (let p = 0; p < n; p++) {
        pts.push(ox + (i + rng.next()) * TILE_KM, oy + (j + rng.next()) * TILE_KM);
      }
    }
  }
  // A sparse frame far outside keeps every cell of interest off the convex hull.
  const movable = pts.length / 2;
  const fx1 = ox + nx * TILE_KM;
  const fy1 = oy + ny * TILE_KM;
  for (let x = ox; x <= fx1; x += 2) pts.push(x, oy - 5, x, fy1 + 5);
  for (let y = oy; y <= fy1; y += 2) pts.push(ox - 5, y, fx1 + 5, y);
  const bounds: [number, number, number, number] = [ox - 6, oy - 6, fx1 + 6, fy1 + 6];

  const coords = Float64Array.from(pts);
  for (let step = 0; step < LLOYD_STEPS; step++) {
    const voronoi = new Delaunay(coords).voronoi(bounds);
    for (let i = 0; i < movable; i++) {
      const poly = voronoi.cellPolygon(i);
      if (!poly) continue;
      let a = 0;
      let cx = 0;
      let cy = 0;
      for (let k = 0; k + 1 < poly.length; k++) {
        const p = poly[k] as [number, number];
        const q = poly[k + 1] as [number, number];
        const c = p[0] * q[1] - q[0] * p[1];
        a += c;
        cx += (p[0] + q[0]) * c;
        cy += (p[1] + q[1]) * c;
      }
      if (Math.abs(a) < 1e-12) continue;
      coords[2 * i] = cx / (3 * a);
      coords[2 * i + 1] = cy / (3 * a);
    }
  }

  // Dedicated cells: an extra, unrelaxed site beside a relaxed one carves out a smaller cell.
  const sites: number[] = Array.from(coords);
  const dedicated: boolean[] = new Array<boolean>(sites.length / 2).fill(false);
  const p = spec.dedicatedShare / (1 - spec.dedicatedShare);
  for (let i = 0; i < movable; i++) {
    const x = coords[2 * i] as number;
    const y = coords[2 * i + 1] as number;
    if (!inBlob(x, y) || rng.next() >= p) continue;
    const spacing = 1 / Math.sqrt(density[nearestZone(x, y)] as number);
    const ang = rng.range(0, 2 * Math.PI);
    const r = spacing * rng.range(0.3, 0.42);
    sites.push(x + r * Math.cos(ang), y + r * Math.sin(ang));
    dedicated.push(true);
  }

  const siteCoords = Float64Array.from(sites);
  const delaunay = new Delaunay(siteCoords);
  const voronoi = delaunay.voronoi(bounds);
  const nSites = siteCoords.length / 2;
  const isIn = new Uint8Array(nSites);
  for (let i = 0; i < nSites; i++) {
    if (
      (i < movable || dedicated[i]) &&
      inBlob(siteCoords[2 * i] as number, siteCoords[2 * i + 1] as number)
    ) {
      isIn[i] = 1;
    }
  }
  // Anything reachable from the hull through outside sites is outside; the rest (holes filled) is in.
  const reached = new Uint8Array(nSites);
  const queue: number[] = [];
  for (const h of delaunay.hull) {
    reached[h] = 1;
    queue.push(h);
  }
  while (queue.length) {
    const i = queue.pop() as number;
    for (const n of delaunay.neighbors(i)) {
      if (!reached[n] && !isIn[n]) {
        reached[n] = 1;
        queue.push(n);
      }
    }
  }

  const { inedges, halfedges, triangles } = delaunay;
  const circ = voronoi.circumcenters;
  const triVertex = new Map<number, number>();
  const rawX: number[] = [];
  const rawY: number[] = [];
  const rawCells: { ring: number[]; site: number }[] = [];
  for (let i = 0; i < nSites; i++) {
    if (reached[i]) continue;
    const e0 = inedges[i] as number;
    if (e0 === -1) continue; // coincident point: d3 keeps only one
    const ring: number[] = [];
    let e = e0;
    do {
      const t = Math.floor(e / 3);
      let v = triVertex.get(t);
      if (v === undefined) {
        v = rawX.length;
        triVertex.set(t, v);
        rawX.push(circ[2 * t] as number);
        rawY.push(circ[2 * t + 1] as number);
      }
      ring.push(v);
      e = e % 3 === 2 ? e - 2 : e + 1;
      if (triangles[e] !== i) throw new Error('demo grid: bad triangulation');
      e = halfedges[e] as number;
    } while (e !== e0 && e !== -1);
    if (e === -1) throw new Error('demo grid: a chosen cell lies on the hull');
    rawCells.push({ ring, site: i });
  }

  // Merge vertices closer than MERGE_KM once, globally, so every cell using them agrees.
  const nRaw = rawX.length;
  const parent = Int32Array.from({ length: nRaw }, (_, i) => i);
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a] as number] as number;
      a = parent[a] as number;
    }
    return a;
  };
  const buckets = new Map<number, number[]>();
  const key = (bx: number, by: number): number => bx * 4194304 + by;
  for (let v = 0; v < nRaw; v++) {
    const bx = Math.floor((rawX[v] as number) / MERGE_KM) + 2097152;
    const by = Math.floor((rawY[v] as number) / MERGE_KM) + 2097152;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const w of buckets.get(key(bx + dx, by + dy)) ?? []) {
          const ddx = (rawX[v] as number) - (rawX[w] as number);
          const ddy = (rawY[v] as number) - (rawY[w] as number);
          if (ddx * ddx + ddy * ddy < MERGE_KM * MERGE_KM) {
            const a = find(v);
            const b = find(w);
            // The smaller id is the representative: deterministic, independent of visiting order.
            if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
          }
        }
      }
    }
    const k = key(bx, by);
    const list = buckets.get(k);
    if (list) list.push(v);
    else buckets.set(k, [v]);
  }

  const merged = rawCells.map((c) => {
    const ring: number[] = [];
    for (const v of c.ring) {
      const r = find(v);
      if (ring[ring.length - 1] !== r) ring.push(r);
    }
    while (ring.length > 1 && ring[0] === ring[ring.length - 1]) ring.pop();
    if (ring.length < 3) throw new Error('demo grid: a cell collapsed while merging close vertices');
    let a = 0;
    for (let k = 0; k < ring.length; k++) {
      const p0 = ring[k] as number;
      const p1 = ring[(k + 1) % ring.length] as number;
      a += (rawX[p0] as number) * (rawY[p1] as number) - (rawX[p1] as number) * (rawY[p0] as number);
    }
    if (a < 0) ring.reverse();
    return { ring, site: c.site };
  });

  // Edge adjacency, then keep the largest edge-connected component (a neck can strand a few cells).
  const edgeOwner = new Map<number, number>();
  const adj: number[][] = merged.map(() => []);
  merged.forEach((c, ci) => {
    const n = c.ring.length;
    for (let k = 0; k < n; k++) {
      const a = c.ring[k] as number;
      const b = c.ring[(k + 1) % n] as number;
      const ek = Math.min(a, b) * nRaw + Math.max(a, b);
      const other = edgeOwner.get(ek);
      if (other === undefined) edgeOwner.set(ek, ci);
      else if (other < 0) throw new Error('demo grid: an edge is shared by more than two cells');
      else {
        adj[ci]?.push(other);
        adj[other]?.push(ci);
        edgeOwner.set(ek, -1);
      }
    }
  });
  const comp = new Int32Array(merged.length).fill(-1);
  let bestComp = -1;
  let bestSize = 0;
  for (let s = 0, nc = 0; s < merged.length; s++) {
    if (comp[s] !== -1) continue;
    let size = 0;
    const stack = [s];
    comp[s] = nc;
    while (stack.length) {
      const c = stack.pop() as number;
      size++;
      for (const n of adj[c] ?? []) {
        if (comp[n] === -1) {
          comp[n] = nc;
          stack.push(n);
        }
      }
    }
    if (size > bestSize) {
      bestSize = size;
      bestComp = nc;
    }
    nc++;
  }

  const newCell = new Int32Array(merged.length).fill(-1);
  const keep: number[] = [];
  merged.forEach((_, ci) => {
    if (comp[ci] === bestComp) {
      newCell[ci] = keep.length;
      keep.push(ci);
    }
  });
  const newVertex = new Int32Array(nRaw).fill(-1);
  const vxs: number[] = [];
  const vys: number[] = [];
  const cells: MeshCell[] = keep.map((ci) => {
    const c = merged[ci] as { ring: number[]; site: number };
    const ring = c.ring.map((v) => {
      let nv = newVertex[v] as number;
      if (nv < 0) {
        nv = vxs.length;
        newVertex[v] = nv;
        vxs.push(rawX[v] as number);
        vys.push(rawY[v] as number);
      }
      return nv;
    });
    const sx = siteCoords[2 * c.site] as number;
    const sy = siteCoords[2 * c.site + 1] as number;
    return { ring, siteX: sx, siteY: sy, dedicated: dedicated[c.site] === true, zone: nearestZone(sx, sy) };
  });
  const neighbours = keep.map((ci) =>
    (adj[ci] ?? [])
      .map((n) => newCell[n] as number)
      .filter((n) => n >= 0)
      .sort((a, b) => a - b),
  );
  const vx = Float64Array.from(vxs);
  const vy = Float64Array.from(vys);
  const lon = vx.map((x) => roundDeg(plane.lon(x)));
  const lat = vy.map((y) => roundDeg(plane.lat(y)));
  return {
    plane,
    vx,
    vy,
    lon,
    lat,
    cells,
    neighbours,
    anchors: zones.map((z) => ({ x: z.x, y: z.y })),
  };
}
