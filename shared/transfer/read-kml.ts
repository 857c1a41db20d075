/** KML (always lon/lat WGS 84) through @tmcw/togeojson; folders are flattened into one layer. */
import type { kml as Kml } from '@tmcw/togeojson';
import { TransferError } from './errors.ts';
import { readGeoJson } from './read-geojson.ts';
import type { SourceLayer } from './source.ts';

export async function readKml(text: string, name: string): Promise<SourceLayer> {
  // Loaded on first use, like every reader whose library the host would otherwise load at start.
  const [{ kml }, { DOMParser }] = await Promise.all([import('@tmcw/togeojson'), import('@xmldom/xmldom')]);
  let fc: ReturnType<typeof Kml>;
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
