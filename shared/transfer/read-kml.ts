/** KML (always lon/lat WGS 84) through @tmcw/togeojson; folders are flattened into one layer. */
import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { TransferError } from './errors.ts';
import { readGeoJson } from './read-geojson.ts';
import type { SourceLayer } from './source.ts';

export function readKml(text: string, name: string): SourceLayer {
  let fc: ReturnType<typeof kml>;
  try {
    const doc = new DOMParser().parseFromString(text, 'text/xml');
    fc = kml(doc as unknown as Document);
  } catch (e) {
    throw new TransferError('badKml', `${name}: not a readable KML file (${(e as Error).message})`, { name });
  }
  const layer = readGeoJson(JSON.stringify(fc), name);
  // togeojson adds styling properties that are no attribute of the place.
  const styling =
    /^(styleUrl|styleHash|styleMapHash|stroke|stroke-opacity|stroke-width|fill|fill-opacity|icon.*|label.*)$/;
  layer.fields = layer.fields.filter((f) => !styling.test(f));
  return { ...layer, format: 'kml' };
}
