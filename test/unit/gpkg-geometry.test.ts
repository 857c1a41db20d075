import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MultiPolygon, Polygon } from 'geojson';
import {
  decodeGpkgGeometry,
  encodeGpkgGeometry,
  GpkgGeometryError,
  readGpkgGeometry,
} from '../../shared/geo/gpkg-geometry.ts';

const square: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [113.5, 22.7],
      [113.6, 22.7],
      [113.6, 22.8],
      [113.5, 22.8],
      [113.5, 22.7],
    ],
    [
      [113.52, 22.72],
      [113.53, 22.72],
      [113.53, 22.73],
      [113.52, 22.72],
    ],
  ],
};
const two: MultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [
    square.coordinates,
    [
      [
        [113.7, 22.6],
        [113.75, 22.6],
        [113.75, 22.65],
        [113.7, 22.6],
      ],
    ],
  ],
};

test('a Polygon round-trips as a one-part MultiPolygon', () => {
  assert.deepEqual(decodeGpkgGeometry(encodeGpkgGeometry(square)), {
    type: 'MultiPolygon',
    coordinates: [square.coordinates],
  });
});

test('a MultiPolygon round-trips exactly', () => {
  assert.deepEqual(decodeGpkgGeometry(encodeGpkgGeometry(two)), two);
});

test('header: GP magic, version 0, little-endian flags with xy envelope, srs 4326', () => {
  const blob = encodeGpkgGeometry(square);
  assert.deepEqual([...blob.subarray(0, 4)], [0x47, 0x50, 0, 0b11]);
  const view = new DataView(blob.buffer, blob.byteOffset);
  assert.equal(view.getInt32(4, true), 4326);
  // WKB right after the 32-byte envelope: little-endian MULTIPOLYGON (6) with one part.
  assert.equal(blob[40], 1);
  assert.equal(view.getUint32(41, true), 6);
  assert.equal(view.getUint32(45, true), 1);
  assert.equal(blob.length, 8 + 32 + 9 + 9 + 4 + 5 * 16 + 4 + 4 * 16);
});

test('envelope is [minx, maxx, miny, maxy] over all parts', () => {
  const blob = encodeGpkgGeometry(two);
  const view = new DataView(blob.buffer, blob.byteOffset);
  assert.deepEqual(
    [8, 16, 24, 32].map((o) => view.getFloat64(o, true)),
    [113.5, 113.75, 22.6, 22.8],
  );
  assert.deepEqual(readGpkgGeometry(blob).envelope, { minX: 113.5, maxX: 113.75, minY: 22.6, maxY: 22.8 });
  assert.equal(readGpkgGeometry(blob).srsId, 4326);
});

/** Hand-built blob: big-endian header, no envelope, big-endian Polygon WKB with Z. */
function bigEndianPolygonZ(): Uint8Array {
  const ring = [
    [1, 2, 9],
    [3, 2, 9],
    [3, 4, 9],
    [1, 2, 9],
  ];
  const buf = new Uint8Array(8 + 1 + 4 + 4 + 4 + ring.length * 24);
  const v = new DataView(buf.buffer);
  buf.set([0x47, 0x50, 0, 0b000]);
  v.setInt32(4, 4490, false);
  let o = 8;
  buf[o++] = 0;
  v.setUint32(o, 1003, false);
  v.setUint32(o + 4, 1, false);
  v.setUint32(o + 8, ring.length, false);
  o += 12;
  for (const p of ring)
    for (const c of p) {
      v.setFloat64(o, c, false);
      o += 8;
    }
  return buf;
}

test('accepts Polygon WKB, big-endian, no envelope, Z dropped', () => {
  const d = readGpkgGeometry(bigEndianPolygonZ());
  assert.equal(d.srsId, 4490);
  assert.equal(d.envelope, undefined);
  assert.deepEqual(d.geometry, {
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [1, 2],
          [3, 2],
          [3, 4],
          [1, 2],
        ],
      ],
    ],
  });
});

test('accepts an xyz envelope (type 2) with a big-endian MultiPolygon', () => {
  const inner = encodeGpkgGeometry(two).subarray(40);
  const blob = new Uint8Array(8 + 48 + inner.length);
  blob.set([0x47, 0x50, 0, (2 << 1) | 1]);
  new DataView(blob.buffer).setInt32(4, 4326, true);
  blob.set(inner, 56);
  assert.deepEqual(decodeGpkgGeometry(blob), two);
});

test('bad blobs fail with a clear GpkgGeometryError', () => {
  const good = encodeGpkgGeometry(square);
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array([0x47]), /too short/],
    [Uint8Array.from([0x58, 0x50, ...good.subarray(2)]), /magic/],
    [Uint8Array.from([...good.subarray(0, 3), 0b1110, ...good.subarray(4)]), /envelope type/],
    [good.subarray(0, good.length - 5), /truncated|past the end/],
    [Uint8Array.from([...good, 0]), /trailing/],
  ];
  for (const [blob, message] of cases) {
    assert.throws(
      () => decodeGpkgGeometry(blob),
      (e: unknown) => e instanceof GpkgGeometryError && message.test(e.message),
    );
  }
  const point = Uint8Array.from(good);
  new DataView(point.buffer).setUint32(41, 1, true);
  assert.throws(() => decodeGpkgGeometry(point), /not a Polygon or MultiPolygon/);
});
