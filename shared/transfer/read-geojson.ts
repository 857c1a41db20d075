/** GeoJSON (RFC 7946 lon/lat; the legacy `crs` member is honoured when it names an EPSG code). */
import type { Feature, Geometry } from 'geojson';
import { crsFromEpsg, type CrsInfo } from './crs.ts';
import { TransferError } from './errors.ts';
import { isPolygonal, type FieldValue, type SourceFeature, type SourceLayer } from './source.ts';

function legacyCrs(json: { crs?: { properties?: { name?: unknown } } }): CrsInfo | null {
  const name = json.crs?.properties?.name;
  if (typeof name !== 'string') return null;
  if (/CRS84$/i.test(name)) return crsFromEpsg(4326);
  const m = /EPSG:{1,2}(\d+)$/i.exec(name);
  if (!m) throw new TransferError('unknownPrj', `Unsupported GeoJSON crs ${name}`, { name });
  const crs = crsFromEpsg(Number(m[1]));
  if (!crs) throw new TransferError('unknownPrj', `Unsupported GeoJSON crs ${name}`, { name });
  return crs;
}

const scalar = (v: unknown): FieldValue =>
  v === null || v === undefined
    ? null
    : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
      ? v
      : JSON.stringify(v);

export function readGeoJson(text: string, name: string): SourceLayer {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new TransferError('badGeoJson', `${name}: not valid JSON (${(e as Error).message})`, { name });
  }
  const j = json as { type?: unknown; features?: unknown; geometry?: unknown };
  let items: Feature[];
  if (j.type === 'FeatureCollection' && Array.isArray(j.features)) items = j.features as Feature[];
  else if (j.type === 'Feature') items = [json as Feature];
  else if (typeof j.type === 'string' && 'coordinates' in (json as object))
    items = [{ type: 'Feature', properties: {}, geometry: json as Geometry }];
  else throw new TransferError('badGeoJson', `${name}: not a GeoJSON FeatureCollection`, { name });
  const fields = new Set<string>();
  const features: SourceFeature[] = [];
  const skipped = { nonPolygon: 0, empty: 0 };
  for (const f of items) {
    const g = f?.geometry;
    if (!g) {
      skipped.empty++;
      continue;
    }
    if (!isPolygonal(g)) {
      skipped.nonPolygon++;
      continue;
    }
    if (!g.coordinates.length) {
      skipped.empty++;
      continue;
    }
    const props: Record<string, FieldValue> = {};
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      fields.add(k);
      props[k] = scalar(v);
    }
    features.push({ props, geometry: g });
  }
  return {
    format: 'geojson',
    layerName: name,
    fields: [...fields],
    features,
    skipped,
    declaredCrs: legacyCrs(json as { crs?: { properties?: { name?: unknown } } }),
    encoding: null,
    otherLayers: [],
  };
}
