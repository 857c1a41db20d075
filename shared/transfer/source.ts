/** What every reader hands on: the features of one layer in the file's own coordinates and text. */
import type { MultiPolygon, Polygon } from 'geojson';
import type { CrsInfo } from './crs.ts';
import type { DbfEncoding } from './dbf.ts';

export type FieldValue = string | number | boolean | null;
export type SourceFormat = 'geojson' | 'shapefile' | 'gpkg' | 'kml';

export interface SourceFeature {
  props: Record<string, FieldValue>;
  geometry: Polygon | MultiPolygon;
}

export interface EncodingInfo {
  /** The encoding the text was read with. */
  used: DbfEncoding;
  /** How it was decided: the .cpg, the DBF's language driver byte, the bytes themselves, or the user. */
  basis: 'cpg' | 'ldid' | 'detected' | 'ascii' | 'chosen' | 'undecided';
  /** Up to 8 names read both ways, for the planner to judge when the bytes could be either. */
  sample: { utf8: string; gbk: string }[];
}

export interface SourceLayer {
  format: SourceFormat;
  layerName: string;
  fields: string[];
  features: SourceFeature[];
  /** Features left out: points, lines, empty or null geometries. */
  skipped: { nonPolygon: number; empty: number };
  /** The coordinate system the file declares (null: none declared, lon/lat assumed). */
  declaredCrs: CrsInfo | null;
  encoding: EncodingInfo | null;
  /** Names of other layers in the file (GeoPackage, KML folders are flattened). */
  otherLayers: string[];
}

export function isPolygonal(g: { type: string } | null | undefined): g is Polygon | MultiPolygon {
  return !!g && (g.type === 'Polygon' || g.type === 'MultiPolygon');
}
