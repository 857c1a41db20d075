/**
 * Export of grid units as files: GeoJSON, zipped Shapefile (GBK or UTF-8, with .cpg and .prj) and
 * the CSV attribute table. GeoPackage and XLSX need host libraries and are written in the backend.
 * Coordinates are written as held (lon/lat, EPSG:4326 = CGCS2000 here), full precision.
 */
import { zipSync } from 'fflate';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { area } from '@turf/area';
import type { GridLevel, GridUnit } from '../grid/types.ts';
import { CGCS2000_PRJ, WGS84_PRJ } from './crs.ts';
import { writeDbf, type DbfColumn, type DbfEncoding, type DbfValue } from './dbf.ts';
import { writePolygonShp } from './shp-write.ts';

/** Columns of every attribute export, in order (also the GeoJSON property names). */
export const ATTRIBUTE_COLUMNS = [
  'code',
  'name',
  'level',
  'parent_code',
  'kind',
  'subtype',
  'population',
  'chief',
  'staff_full_time',
  'staff_part_time',
  'staff_volunteer',
  'area_km2',
] as const;
export type AttributeColumn = (typeof ATTRIBUTE_COLUMNS)[number];

export function attributeRow(u: GridUnit): Record<AttributeColumn, string | number | null> {
  return {
    code: u.code,
    name: u.name,
    level: u.level,
    parent_code: u.parentCode,
    kind: u.kind,
    subtype: u.subtype,
    population: u.population,
    chief: u.chief,
    staff_full_time: u.staffFullTime,
    staff_part_time: u.staffPartTime,
    staff_volunteer: u.staffVolunteer,
    area_km2: Math.round((area(u.geometry) / 1e6) * 1e6) / 1e6,
  };
}

export function geoJsonExport(units: readonly GridUnit[]): string {
  const fc: FeatureCollection<Polygon | MultiPolygon> = {
    type: 'FeatureCollection',
    features: units.map((u): Feature<Polygon | MultiPolygon> => ({
      type: 'Feature',
      properties: attributeRow(u),
      geometry: u.geometry,
    })),
  };
  return JSON.stringify(fc);
}

const csvCell = (v: string | number | null): string => {
  if (v === null) return '';
  const s = String(v);
  // A leading = + - @ would run as a formula in Excel; codes keep their zeros as text.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** UTF-8 with a BOM so Excel on Chinese Windows opens it without garbling names. */
export function csvExport(units: readonly GridUnit[]): string {
  const lines = [ATTRIBUTE_COLUMNS.join(',')];
  for (const u of units) {
    const r = attributeRow(u);
    lines.push(ATTRIBUTE_COLUMNS.map((c) => csvCell(r[c])).join(','));
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

const DBF_COLUMNS: (DbfColumn & { from: AttributeColumn })[] = [
  { name: 'CODE', type: 'C', length: 15, from: 'code' },
  { name: 'NAME', type: 'C', length: 120, from: 'name' },
  { name: 'LEVEL', type: 'C', length: 10, from: 'level' },
  { name: 'PARENT', type: 'C', length: 15, from: 'parent_code' },
  { name: 'KIND', type: 'C', length: 16, from: 'kind' },
  { name: 'SUBTYPE', type: 'C', length: 20, from: 'subtype' },
  { name: 'POP', type: 'N', length: 10, from: 'population' },
  { name: 'CHIEF', type: 'C', length: 60, from: 'chief' },
  { name: 'STAFF_FT', type: 'N', length: 6, from: 'staff_full_time' },
  { name: 'STAFF_PT', type: 'N', length: 6, from: 'staff_part_time' },
  { name: 'STAFF_VOL', type: 'N', length: 6, from: 'staff_volunteer' },
  { name: 'AREA_KM2', type: 'N', length: 16, decimals: 6, from: 'area_km2' },
];

export interface ShapefileExportOptions {
  encoding: DbfEncoding;
  /** Encodes text in GBK (iconv-lite in the backend); UTF-8 is done here. */
  encodeGbk: (s: string) => Uint8Array;
  datum: 'wgs84' | 'cgcs2000';
}

/** One shapefile per level, all in one zip: gezhi_<level>.shp/.shx/.dbf/.prj/.cpg. */
export function shapefileZip(
  byLevel: ReadonlyMap<GridLevel, GridUnit[]>,
  o: ShapefileExportOptions,
): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const utf8 = new TextEncoder();
  const encode = o.encoding === 'gbk' ? o.encodeGbk : (s: string): Uint8Array => utf8.encode(s);
  for (const [level, units] of byLevel) {
    const base = `gezhi_${level}`;
    const { shp, shx } = writePolygonShp(units.map((u) => u.geometry));
    const rows: DbfValue[][] = units.map((u) => {
      const r = attributeRow(u);
      return DBF_COLUMNS.map((c) => r[c.from]);
    });
    files[`${base}.shp`] = shp;
    files[`${base}.shx`] = shx;
    files[`${base}.dbf`] = writeDbf(DBF_COLUMNS, rows, encode, o.encoding === 'gbk' ? 0x4d : 0x00);
    files[`${base}.prj`] = utf8.encode(o.datum === 'cgcs2000' ? CGCS2000_PRJ : WGS84_PRJ);
    files[`${base}.cpg`] = utf8.encode(o.encoding === 'gbk' ? 'GBK' : 'UTF-8');
  }
  return zipSync(files, { level: 6 });
}
