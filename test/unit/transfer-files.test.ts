/**
 * The hand-written file formats: DBF text in GBK and UTF-8 (written, detected back with and
 * without .cpg), polygon SHP/SHX read by the `shapefile` package, and the readers' refusals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { unzipSync, zipSync } from 'fflate';
import type { Polygon } from 'geojson';
import { readDbfHeader, writeDbf, type DbfColumn } from '../../shared/transfer/dbf.ts';
import { TransferError } from '../../shared/transfer/errors.ts';
import { geoJsonExport, shapefileZip } from '../../shared/transfer/export-files.ts';
import { readSourceFile } from '../../shared/transfer/read-file.ts';
import { readShapefile } from '../../shared/transfer/read-shapefile.ts';
import { writePolygonShp } from '../../shared/transfer/shp-write.ts';
import type { GridUnit } from '../../shared/grid/types.ts';

const gbk = (s: string): Uint8Array => new Uint8Array(iconv.encode(s, 'gbk'));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const cols: DbfColumn[] = [
  { name: 'NAME', type: 'C', length: 40 },
  { name: 'POP', type: 'N', length: 8 },
];
const NAMES = ['南沙街第一网格', '黄阁镇东涌村网格', '珠江街道'];
const square = (x: number, y: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + 0.01, y],
      [x + 0.01, y + 0.01],
      [x, y + 0.01],
      [x, y],
    ],
  ],
});
const noGpkg = (): never => {
  throw new Error('no gpkg here');
};

function parts(encode: (s: string) => Uint8Array, ldid: number, cpg?: string) {
  const { shp } = writePolygonShp(NAMES.map((_, i) => square(113.5 + i * 0.01, 22.7)));
  return {
    name: 'cells',
    shp,
    dbf: writeDbf(
      cols,
      NAMES.map((n, i) => [n, i * 10]),
      encode,
      ldid,
    ),
    prj: undefined,
    cpg,
  };
}

test('GBK names are read right from .cpg, from the language driver byte, and from the bytes alone', async () => {
  for (const [p, basis] of [
    [parts(gbk, 0x4d, 'GBK'), 'cpg'],
    [parts(gbk, 0x4d), 'ldid'],
    [parts(gbk, 0), 'detected'],
  ] as const) {
    const layer = await readShapefile(p);
    assert.equal(layer.encoding?.used, 'gbk');
    assert.equal(layer.encoding?.basis, basis);
    assert.deepEqual(
      layer.features.map((f) => f.props.NAME),
      NAMES,
    );
    assert.deepEqual(
      layer.features.map((f) => f.props.POP),
      [0, 10, 20],
    );
  }
  const u = await readShapefile(parts(utf8, 0));
  assert.equal(u.encoding?.used, 'utf-8');
  assert.equal(u.encoding?.basis, 'detected');
  assert.deepEqual(
    u.features.map((f) => f.props.NAME),
    NAMES,
  );
  // The planner's choice wins, and the preview shows both readings of the same bytes.
  const forced = await readShapefile(parts(gbk, 0), 'utf-8');
  assert.equal(forced.encoding?.basis, 'chosen');
  assert.notEqual(forced.features[0]!.props.NAME, NAMES[0]);
  assert.equal(forced.encoding?.sample[0]?.gbk, NAMES[0]);
});

test('a text longer than its field is cut at a character boundary, never mid-character', () => {
  const dbf = writeDbf([{ name: 'NAME', type: 'C', length: 5 }], [['南沙街道']], gbk, 0x4d);
  const t = readDbfHeader(dbf);
  const raw = dbf.subarray(t.headerLength + 1, t.headerLength + 1 + 5);
  assert.equal(new TextDecoder('gb18030').decode(raw).trim(), '南沙');
});

test('SHP written by hand reads back through the shapefile package with the same coordinates', async () => {
  const layer = await readShapefile(parts(utf8, 0, 'UTF-8'));
  assert.equal(layer.features.length, 3);
  const ring = (layer.features[1]!.geometry as Polygon).coordinates[0]!;
  const want = square(113.51, 22.7).coordinates[0]!;
  assert.deepEqual([...ring].sort().map(String), [...want].sort().map(String));
});

test('bad shapefiles: no .dbf, truncated .shp, empty zip, a loose .shp, mismatched counts', async () => {
  const ok = parts(utf8, 0, 'UTF-8');
  const refusal = async (p: Promise<unknown>, key: string): Promise<void> => {
    await assert.rejects(p, (e: unknown) => e instanceof TransferError && e.key === key);
  };
  await refusal(readShapefile({ ...ok, dbf: undefined }), 'missingDbf');
  await refusal(readShapefile({ ...ok, shp: ok.shp.subarray(0, ok.shp.length - 30) }), 'truncatedShp');
  await refusal(readSourceFile(zipSync({}), 'empty.zip', { readGpkg: noGpkg }), 'emptyZip');
  await refusal(
    readSourceFile(zipSync({ 'a.shp': ok.shp, 'a.shx': ok.shp }), 'a.zip', { readGpkg: noGpkg }),
    'missingDbf',
  );
  await refusal(readSourceFile(ok.shp, 'a.shp', { readGpkg: noGpkg }), 'missingDbf');
  const fewer = writeDbf(cols, [['x', 1]], utf8, 0);
  await refusal(readShapefile({ ...ok, dbf: fewer }), 'countMismatch');
  await refusal(readSourceFile(utf8('hello'), 'x.txt', { readGpkg: noGpkg }), 'unknownFormat');
});

const unit = (code: string, name: string, g: Polygon): GridUnit => ({
  code,
  name,
  level: 'cell',
  parentCode: code.slice(0, 12),
  kind: 'comprehensive',
  subtype: null,
  population: 5,
  chief: '李四',
  staffFullTime: 1,
  staffPartTime: 0,
  staffVolunteer: 2,
  geometry: g,
});

test('exported Shapefile zip carries .cpg and .prj and reads back with its GBK names', async () => {
  const units = [unit('440115001001001', '南沙街第一网格', square(113.5, 22.7))];
  const zip = shapefileZip(new Map([['cell', units]]), { encoding: 'gbk', encodeGbk: gbk, datum: 'wgs84' });
  const files = unzipSync(zip);
  assert.deepEqual(Object.keys(files).sort(), [
    'gezhi_cell.cpg',
    'gezhi_cell.dbf',
    'gezhi_cell.prj',
    'gezhi_cell.shp',
    'gezhi_cell.shx',
  ]);
  assert.equal(new TextDecoder().decode(files['gezhi_cell.cpg']), 'GBK');
  const layer = await readSourceFile(zip, 'x.zip', { readGpkg: noGpkg });
  assert.equal(layer.features[0]!.props.NAME, '南沙街第一网格');
  assert.equal(layer.features[0]!.props.CODE, '440115001001001');
  assert.equal(layer.declaredCrs?.id, 'EPSG:4326');
});

test('GeoJSON export → import keeps every coordinate and attribute', async () => {
  const g = square(113.123456789, 22.987654321);
  const text = geoJsonExport([unit('440115001001001', '网格', g)]);
  const layer = await readSourceFile(utf8(text), 'a.geojson', { readGpkg: noGpkg });
  assert.deepEqual(layer.features[0]!.geometry, g);
  assert.equal(layer.features[0]!.props.chief, '李四');
});
