/**
 * Coordinate systems of imports: GCJ-02 / BD-09 against published coordinate pairs, and .prj
 * recognition by parameters (CGCS2000 Gauss-Krüger zones, geographic systems, unknown ones refused).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bd09ToGcj02,
  bd09ToWgs84,
  gcj02ToBd09,
  gcj02ToWgs84,
  wgs84ToBd09,
  wgs84ToGcj02,
} from '../../shared/transfer/china-offsets.ts';
import { crsFromEpsg, crsFromId, crsFromWkt, toLonLatFn } from '../../shared/transfer/crs.ts';
import { TransferError } from '../../shared/transfer/errors.ts';

const close = (a: [number, number], b: [number, number], tol: number, what: string): void => {
  assert.ok(Math.abs(a[0] - b[0]) <= tol && Math.abs(a[1] - b[1]) <= tol, `${what}: ${a} vs ${b}`);
};

// Reference pairs published with wandergis/coordtransform (the common JS implementation) for Tiananmen.
test('GCJ-02 and BD-09 forward conversions match the published pairs', () => {
  close(wgs84ToGcj02(116.404, 39.915), [116.41024449916938, 39.91640428150164], 1e-9, 'wgs→gcj');
  close(gcj02ToBd09(116.404, 39.915), [116.41036949371029, 39.92133699351021], 1e-9, 'gcj→bd');
  close(bd09ToGcj02(116.404, 39.915), [116.39762729119315, 39.90865673957631], 1e-9, 'bd→gcj');
});

test('GCJ-02 → WGS-84 inverts the offset to under a millimetre (the one-step formula misses by metres)', () => {
  // The one-step approximation published alongside gives 116.39775550083061, 39.91359571849836.
  const w = gcj02ToWgs84(116.404, 39.915);
  close(w, [116.39775550083061, 39.91359571849836], 2e-5, 'close to the one-step value');
  close(wgs84ToGcj02(w[0], w[1]), [116.404, 39.915], 1e-8, 'round trip');
  for (const p of [
    [113.55, 22.75],
    [121.47, 31.23],
    [87.6, 43.8],
  ] as [number, number][]) {
    const g = wgs84ToGcj02(p[0], p[1]);
    assert.ok(Math.hypot(g[0] - p[0], g[1] - p[1]) > 1e-4, 'GCJ-02 offsets points inside China');
    close(gcj02ToWgs84(g[0], g[1]), p, 1e-8, `gcj round trip at ${p}`);
    close(bd09ToWgs84(...wgs84ToBd09(p[0], p[1])), p, 1e-6, `bd round trip at ${p}`);
  }
  // Outside China nothing moves.
  assert.deepEqual(wgs84ToGcj02(2.35, 48.85), [2.35, 48.85]);
});

const GK_114 =
  'PROJCS["CGCS2000_3_Degree_GK_CM_114E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

test('a .prj is recognised by its parameters, whatever its name', () => {
  assert.equal(crsFromWkt(GK_114).id, 'EPSG:4547');
  const renamed = GK_114.replace('CGCS2000_3_Degree_GK_CM_114E', '广州规划局坐标').replace(
    'Gauss_Kruger',
    'Transverse_Mercator',
  );
  assert.equal(crsFromWkt(renamed).id, 'EPSG:4547');
  const zone38 = GK_114.replace('500000.0', '38500000.0');
  assert.equal(crsFromWkt(zone38).id, 'EPSG:4526', 'zone number in the false easting');
  const geo =
    'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
  assert.equal(crsFromWkt(geo).kind, 'geographic');
  assert.equal(crsFromWkt(geo).id, 'EPSG:4490');
  assert.equal(
    crsFromWkt(
      'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
    ).id,
    'EPSG:4326',
  );
  assert.equal(crsFromEpsg(4526)?.proj4, crsFromWkt(zone38).proj4);
  assert.equal(crsFromId('GCJ-02')?.kind, 'gcj02');
});

test('unknown .prj (Xi’an 1980, Lambert, garbage) is refused with its name', () => {
  const xian80 = GK_114.replace('6378137.0,298.257222101', '6378140.0,298.257').replace(
    'CGCS2000_3_Degree_GK_CM_114E',
    'Xian_1980_3_Degree_GK_CM_114E',
  );
  const lambert = GK_114.replace('Gauss_Kruger', 'Lambert_Conformal_Conic');
  for (const [wkt, name] of [
    [xian80, 'Xian_1980_3_Degree_GK_CM_114E'],
    [lambert, 'CGCS2000_3_Degree_GK_CM_114E'],
    ['not a prj', '?'],
  ] as const) {
    assert.throws(
      () => crsFromWkt(wkt),
      (e: unknown) => e instanceof TransferError && e.key === 'unknownPrj' && e.params.name === name,
    );
  }
});

test('Gauss-Krüger CM 114E takes a known point to lon/lat (proj4)', () => {
  const f = toLonLatFn(crsFromEpsg(4547)!);
  const [lon, lat] = f(500000, 2511000);
  assert.ok(Math.abs(lon - 114) < 1e-9, `on the central meridian: ${lon}`);
  assert.ok(lat > 22.6 && lat < 22.8, `${lat}`);
});
