/**
 * GeoPackage geometry blobs (GeoPackage 1.4, clause 2.1.3): a 'GP' header with srs_id and envelope,
 * then ISO WKB. Grid polygons are always written as MULTIPOLYGON so every feature table has one
 * uniform geometry type, which is what GDAL/QGIS expect from the declared column type.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

export const GPKG_SRS_WGS84 = 4326;

export class GpkgGeometryError extends Error {
  constructor(message: string) {
    super(`GeoPackage geometry: ${message}`);
    this.name = 'GpkgGeometryError';
  }
}

export interface Envelope {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

const WKB_POLYGON = 3;
const WKB_MULTIPOLYGON = 6;
const HEADER_BYTES = 8;
const ENVELOPE_XY_BYTES = 32;

/** Bounding box of the outer and inner rings; undefined for an empty geometry. */
export function envelopeOf(geometry: Polygon | MultiPolygon): Envelope | undefined {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const polygon of polygons)
    for (const ring of polygon)
      for (const p of ring) {
        const x = p[0] ?? NaN;
        const y = p[1] ?? NaN;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
  return minX <= maxX ? { minX, maxX, minY, maxY } : undefined;
}

/** GeoPackage binary: little-endian header, xy envelope, ISO WKB MULTIPOLYGON (2D). */
export function encodeGpkgGeometry(geometry: Polygon | MultiPolygon, srsId = GPKG_SRS_WGS84): Uint8Array {
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')
    throw new GpkgGeometryError(
      `only Polygon and MultiPolygon are supported, got ${String((geometry as { type?: unknown }).type)}`,
    );
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const env = envelopeOf(geometry);
  let wkbSize = 1 + 4 + 4;
  for (const polygon of polygons) {
    wkbSize += 1 + 4 + 4;
    for (const ring of polygon) wkbSize += 4 + ring.length * 16;
  }
  const envBytes = env ? ENVELOPE_XY_BYTES : 0;
  const out = new Uint8Array(HEADER_BYTES + envBytes + wkbSize);
  const view = new DataView(out.buffer);
  out[0] = 0x47; // 'G'
  out[1] = 0x50; // 'P'
  out[2] = 0; // version 1 of the binary format is encoded as 0
  // bit 0: little-endian header; bits 1-3: envelope type (1 = xy); bit 4: empty geometry.
  out[3] = env ? 0b0000_0011 : 0b0001_0001;
  view.setInt32(4, srsId, true);
  let o = HEADER_BYTES;
  if (env) {
    view.setFloat64(o, env.minX, true);
    view.setFloat64(o + 8, env.maxX, true);
    view.setFloat64(o + 16, env.minY, true);
    view.setFloat64(o + 24, env.maxY, true);
    o += ENVELOPE_XY_BYTES;
  }
  out[o] = 1;
  view.setUint32(o + 1, WKB_MULTIPOLYGON, true);
  view.setUint32(o + 5, polygons.length, true);
  o += 9;
  for (const polygon of polygons) {
    out[o] = 1;
    view.setUint32(o + 1, WKB_POLYGON, true);
    view.setUint32(o + 5, polygon.length, true);
    o += 9;
    for (const ring of polygon) {
      view.setUint32(o, ring.length, true);
      o += 4;
      for (const p of ring) {
        const x = p[0];
        const y = p[1];
        if (typeof x !== 'number' || typeof y !== 'number')
          throw new GpkgGeometryError('a position lacks x or y');
        view.setFloat64(o, x, true);
        view.setFloat64(o + 8, y, true);
        o += 16;
      }
    }
  }
  return out;
}

export interface DecodedGpkgGeometry {
  srsId: number;
  /** The envelope stored in the header (xy part), when there is one. */
  envelope: Envelope | undefined;
  empty: boolean;
  geometry: MultiPolygon;
}

/** The geometry of a GeoPackage blob holding a Polygon or MultiPolygon, as a MultiPolygon. */
export function decodeGpkgGeometry(blob: Uint8Array): MultiPolygon {
  return readGpkgGeometry(blob).geometry;
}

/** Header and geometry of a blob (any envelope type, either byte order, Z/M dropped). */
export function readGpkgGeometry(blob: Uint8Array): DecodedGpkgGeometry {
  if (blob.length < HEADER_BYTES) throw new GpkgGeometryError(`blob too short (${blob.length} bytes)`);
  if (blob[0] !== 0x47 || blob[1] !== 0x50) throw new GpkgGeometryError("missing 'GP' magic");
  if (blob[2] !== 0) throw new GpkgGeometryError(`unsupported binary version ${blob[2]}`);
  const flags = blob[3] ?? 0;
  if (flags & 0b0010_0000) throw new GpkgGeometryError('extended geometry types are not supported');
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const headerLE = (flags & 1) === 1;
  const envelopeType = (flags >> 1) & 0b111;
  const envelopeDoubles = [0, 4, 6, 6, 8][envelopeType];
  if (envelopeDoubles === undefined) throw new GpkgGeometryError(`invalid envelope type ${envelopeType}`);
  const srsId = view.getInt32(4, headerLE);
  const wkbStart = HEADER_BYTES + envelopeDoubles * 8;
  if (blob.length < wkbStart) throw new GpkgGeometryError('blob ends inside the envelope');
  const envelope =
    envelopeDoubles > 0
      ? {
          minX: view.getFloat64(8, headerLE),
          maxX: view.getFloat64(16, headerLE),
          minY: view.getFloat64(24, headerLE),
          maxY: view.getFloat64(32, headerLE),
        }
      : undefined;
  const reader = new WkbReader(view, wkbStart);
  const geometry = reader.readPolygonal();
  if (reader.offset !== blob.length)
    throw new GpkgGeometryError(`${blob.length - reader.offset} trailing bytes after the WKB`);
  return { srsId, envelope, empty: (flags & 0b0001_0000) !== 0, geometry };
}

class WkbReader {
  constructor(
    private readonly view: DataView,
    public offset: number,
  ) {}

  readPolygonal(): MultiPolygon {
    const { type, le, dims } = this.readHeader();
    if (type === WKB_POLYGON) return { type: 'MultiPolygon', coordinates: [this.readPolygonBody(le, dims)] };
    if (type !== WKB_MULTIPOLYGON)
      throw new GpkgGeometryError(`WKB type ${type} is not a Polygon or MultiPolygon`);
    const count = this.u32(le);
    const coordinates: Position[][][] = [];
    for (let i = 0; i < count; i++) {
      const part = this.readHeader();
      if (part.type !== WKB_POLYGON)
        throw new GpkgGeometryError(`MultiPolygon part ${i} has WKB type ${part.type}`);
      coordinates.push(this.readPolygonBody(part.le, part.dims));
    }
    return { type: 'MultiPolygon', coordinates };
  }

  private readHeader(): { type: number; le: boolean; dims: number } {
    const order = this.byte();
    if (order !== 0 && order !== 1) throw new GpkgGeometryError(`invalid WKB byte order ${order}`);
    const le = order === 1;
    const raw = this.u32(le);
    // ISO codes (1000s = Z, 2000s = M, 3000s = ZM) and the EWKB high bits both occur in the wild.
    let dims = 2;
    if (raw & 0x80000000) dims++;
    if (raw & 0x40000000) dims++;
    const base = raw & 0x0fffffff;
    const iso = Math.floor(base / 1000);
    if (iso === 1 || iso === 2) dims++;
    if (iso === 3) dims += 2;
    return { type: base % 1000, le, dims };
  }

  private readPolygonBody(le: boolean, dims: number): Position[][] {
    const rings = this.u32(le);
    const out: Position[][] = [];
    for (let r = 0; r < rings; r++) {
      const n = this.u32(le);
      if (this.offset + n * dims * 8 > this.view.byteLength)
        throw new GpkgGeometryError('ring runs past the end of the blob');
      const ring: Position[] = [];
      for (let i = 0; i < n; i++) {
        const x = this.view.getFloat64(this.offset, le);
        const y = this.view.getFloat64(this.offset + 8, le);
        this.offset += dims * 8;
        ring.push([x, y]);
      }
      out.push(ring);
    }
    return out;
  }

  private byte(): number {
    if (this.offset + 1 > this.view.byteLength) throw new GpkgGeometryError('WKB truncated');
    return this.view.getUint8(this.offset++);
  }

  private u32(le: boolean): number {
    if (this.offset + 4 > this.view.byteLength) throw new GpkgGeometryError('WKB truncated');
    const v = this.view.getUint32(this.offset, le);
    this.offset += 4;
    return v;
  }
}
