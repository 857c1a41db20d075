/**
 * Coordinate systems an import may come in, and the function that brings its coordinates to
 * lon/lat (EPSG:4326; CGCS2000 is taken as equal, as everywhere in GeZhi). A .prj is recognised by
 * its parameters (ellipsoid, projection, central meridian, false easting), not by its name, since
 * ESRI, GDAL and surveying software all spell the same CGCS2000 Gauss-Krüger zone differently.
 */
import proj4 from 'proj4';
import { bd09ToWgs84, gcj02ToWgs84, type LonLat } from './china-offsets.ts';
import { TransferError } from './errors.ts';
import { children, find, nameOf, parseWkt, type WktNode } from './wkt.ts';

export type CrsKind = 'geographic' | 'projected' | 'gcj02' | 'bd09';

export interface CrsInfo {
  /** 'EPSG:4326', 'EPSG:4547', 'GCJ-02', 'BD-09', or 'custom:…' for a recognised projection without an EPSG code. */
  id: string;
  kind: CrsKind;
  /** Human label, e.g. 'CGCS2000 / 3-degree Gauss-Kruger CM 114E'. */
  label: string;
  /** proj4 definition for projected systems. */
  proj4?: string;
}

export const WGS84: CrsInfo = { id: 'EPSG:4326', kind: 'geographic', label: 'WGS 84' };
export const CGCS2000: CrsInfo = { id: 'EPSG:4490', kind: 'geographic', label: 'CGCS2000' };
export const GCJ02: CrsInfo = { id: 'GCJ-02', kind: 'gcj02', label: 'GCJ-02 (高德 / 腾讯)' };
export const BD09: CrsInfo = { id: 'BD-09', kind: 'bd09', label: 'BD-09 (百度)' };

const GRS80_RF = 298.257222101;
const WGS84_RF = 298.257223563;
const near = (a: number, b: number, tol = 1e-6): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

interface TmParams {
  ellps: 'GRS80' | 'WGS84';
  lat0: number;
  lon0: number;
  k: number;
  x0: number;
  y0: number;
}

function tmProj4(p: TmParams): string {
  return `+proj=tmerc +lat_0=${p.lat0} +lon_0=${p.lon0} +k=${p.k} +x_0=${p.x0} +y_0=${p.y0} +ellps=${p.ellps} +units=m +no_defs`;
}

/** The EPSG code of a CGCS2000 Gauss-Krüger zone (4491–4554) or WGS 84 / UTM north zone, when it is one. */
function epsgOfTm(p: TmParams): { code: number; label: string } | null {
  if (p.lat0 !== 0 || p.y0 !== 0) return null;
  if (p.ellps === 'WGS84') {
    const zone = (p.lon0 + 183) / 6;
    if (near(p.k, 0.9996) && p.x0 === 500000 && Number.isInteger(zone) && zone >= 1 && zone <= 60)
      return { code: 32600 + zone, label: `WGS 84 / UTM zone ${zone}N` };
    return null;
  }
  if (!near(p.k, 1)) return null;
  const cm = p.lon0;
  if (Number.isInteger(cm / 3) && cm >= 75 && cm <= 135) {
    const zone = cm / 3;
    if (p.x0 === 500000)
      return { code: 4534 + (cm - 75) / 3, label: `CGCS2000 / 3-degree Gauss-Kruger CM ${cm}E` };
    if (p.x0 === zone * 1e6 + 500000)
      return { code: 4513 + (zone - 25), label: `CGCS2000 / 3-degree Gauss-Kruger zone ${zone}` };
  }
  const zone6 = (cm + 3) / 6;
  if (Number.isInteger(zone6) && zone6 >= 13 && zone6 <= 23) {
    if (p.x0 === 500000) return { code: 4502 + (zone6 - 13), label: `CGCS2000 / Gauss-Kruger CM ${cm}E` };
    if (p.x0 === zone6 * 1e6 + 500000)
      return { code: 4491 + (zone6 - 13), label: `CGCS2000 / Gauss-Kruger zone ${zone6}` };
  }
  return null;
}

function tmCrs(p: TmParams, fallbackName: string): CrsInfo {
  const known = epsgOfTm(p);
  const def = tmProj4(p);
  return known
    ? { id: `EPSG:${known.code}`, kind: 'projected', label: known.label, proj4: def }
    : {
        id: `custom:${fallbackName || 'Transverse Mercator'}`,
        kind: 'projected',
        label: fallbackName,
        proj4: def,
      };
}

/** CGCS2000 Gauss-Krüger, WGS 84 / UTM, or a geographic system named by its EPSG code. */
export function crsFromEpsg(code: number): CrsInfo | null {
  if (code === 4326) return WGS84;
  if (code === 4490) return CGCS2000;
  let p: TmParams | null = null;
  const base = { ellps: 'GRS80' as const, lat0: 0, k: 1, y0: 0 };
  if (code >= 4491 && code <= 4501) {
    const z = code - 4491 + 13;
    p = { ...base, lon0: z * 6 - 3, x0: z * 1e6 + 500000 };
  } else if (code >= 4502 && code <= 4512) {
    p = { ...base, lon0: (code - 4502 + 13) * 6 - 3, x0: 500000 };
  } else if (code >= 4513 && code <= 4533) {
    const z = code - 4513 + 25;
    p = { ...base, lon0: z * 3, x0: z * 1e6 + 500000 };
  } else if (code >= 4534 && code <= 4554) {
    p = { ...base, lon0: 75 + (code - 4534) * 3, x0: 500000 };
  } else if (code >= 32601 && code <= 32660) {
    p = { ellps: 'WGS84', lat0: 0, k: 0.9996, y0: 0, lon0: (code - 32600) * 6 - 183, x0: 500000 };
  }
  if (!p) return null;
  const known = epsgOfTm(p);
  return { id: `EPSG:${code}`, kind: 'projected', label: known?.label ?? `EPSG:${code}`, proj4: tmProj4(p) };
}

function spheroid(n: WktNode): 'GRS80' | 'WGS84' | null {
  const s = find(n, ['SPHEROID', 'ELLIPSOID']);
  if (!s) return null;
  const a = s.args[1];
  const rf = s.args[2];
  if (typeof a !== 'number' || typeof rf !== 'number' || !near(a, 6378137, 1e-9)) return null;
  if (near(rf, GRS80_RF, 1e-9)) return 'GRS80';
  if (near(rf, WGS84_RF, 1e-9)) return 'WGS84';
  return null;
}

function params(n: WktNode): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of children(n, 'PARAMETER')) {
    const name = nameOf(p)
      .toLowerCase()
      .replace(/[^a-z]/g, '');
    const v = p.args[1];
    if (typeof v === 'number') out.set(name, v);
  }
  // WKT2 nests parameters in CONVERSION[…].
  const conv = children(n, 'CONVERSION')[0];
  if (conv) for (const [k, v] of params(conv)) out.set(k, v);
  return out;
}

const pick = (m: Map<string, number>, names: string[], dflt: number): number => {
  for (const n of names) {
    const v = m.get(n);
    if (v !== undefined) return v;
  }
  return dflt;
};

/**
 * Reads a .prj (or GeoPackage SRS definition). Throws TransferError 'unknownPrj' for anything not
 * on the CGCS2000 / WGS 84 ellipsoid or not geographic / Transverse Mercator (Gauss-Krüger): such
 * data (Beijing 1954, Xi'an 1980, local grids) needs datum parameters that no .prj carries.
 */
export function crsFromWkt(text: string): CrsInfo {
  const root = parseWkt(text);
  const name = root ? nameOf(root) : text.slice(0, 60);
  const unknown = (): never => {
    throw new TransferError('unknownPrj', `Unsupported coordinate system in .prj: ${name || '?'}`, {
      name: name || '?',
    });
  };
  if (!root) return unknown();
  const ellps = spheroid(root);
  if (!ellps) return unknown();
  const projected = ['PROJCS', 'PROJCRS', 'PROJECTEDCRS'].includes(root.key);
  if (!projected) {
    if (!['GEOGCS', 'GEOGCRS', 'GEOGRAPHICCRS', 'GEODCRS'].includes(root.key)) return unknown();
    return ellps === 'GRS80' && !/wgs/i.test(name) ? CGCS2000 : WGS84;
  }
  const proj = find(root, ['PROJECTION', 'METHOD']);
  const method = nameOf(proj)
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  if (!['transversemercator', 'gausskruger', 'gausskrueger'].includes(method)) return unknown();
  const unit = children(root, 'UNIT')[0] ?? children(root, 'LENGTHUNIT')[0];
  const toMetre = unit && typeof unit.args[1] === 'number' ? unit.args[1] : 1;
  if (!near(toMetre, 1)) return unknown();
  const m = params(root);
  return tmCrs(
    {
      ellps,
      lat0: pick(m, ['latitudeoforigin', 'latitudeofnaturalorigin'], 0),
      lon0: pick(m, ['centralmeridian', 'longitudeofnaturalorigin', 'longitudeofcenter'], NaN),
      k: pick(m, ['scalefactor', 'scalefactoratnaturalorigin'], 1),
      x0: pick(m, ['falseeasting'], 0),
      y0: pick(m, ['falsenorthing'], 0),
    },
    name,
  );
}

/** The function that takes a coordinate of `crs` to lon/lat. */
export function toLonLatFn(crs: CrsInfo): (x: number, y: number) => LonLat {
  switch (crs.kind) {
    case 'geographic':
      return (x, y) => [x, y];
    case 'gcj02':
      return gcj02ToWgs84;
    case 'bd09':
      return bd09ToWgs84;
    case 'projected': {
      if (!crs.proj4 || crs.proj4.includes('NaN'))
        throw new TransferError('unknownPrj', `No projection parameters for ${crs.label}`, {
          name: crs.label,
        });
      const conv = proj4(crs.proj4, 'EPSG:4326');
      return (x, y) => conv.forward([x, y]) as LonLat;
    }
  }
}

/** The function that takes lon/lat to `crs` (export to a projected zone). */
export function fromLonLatFn(crs: CrsInfo): (lon: number, lat: number) => LonLat {
  if (crs.kind === 'projected' && crs.proj4) {
    const conv = proj4('EPSG:4326', crs.proj4);
    return (x, y) => conv.forward([x, y]) as LonLat;
  }
  return (x, y) => [x, y];
}

/** Every choice the planner may make for the import's coordinate system. */
export function crsFromId(id: string): CrsInfo | null {
  if (id === GCJ02.id) return GCJ02;
  if (id === BD09.id) return BD09;
  const m = /^EPSG:(\d{4,5})$/.exec(id);
  return m ? crsFromEpsg(Number(m[1])) : null;
}

/** The ESRI-flavoured WKT GeZhi writes into exported .prj files (what ArcGIS and QGIS both read). */
export const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
export const CGCS2000_PRJ =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
