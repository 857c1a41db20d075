/**
 * A zipped (or loose) Shapefile: geometry through the `shapefile` package, attributes through our
 * DBF reader so the text encoding can be decided from .cpg, the language driver byte or the bytes
 * themselves, or left to the planner with both readings shown.
 */
import { detectEncoding } from '../intake/encoding.ts';
import { crsFromWkt } from './crs.ts';
import {
  encodingFromCpg,
  readDbfHeader,
  readDbfRecords,
  textSample,
  type DbfEncoding,
  type DbfTable,
} from './dbf.ts';
import { TransferError } from './errors.ts';
import { isPolygonal, type EncodingInfo, type SourceFeature, type SourceLayer } from './source.ts';

export interface ShapefileParts {
  name: string;
  shp: Uint8Array | undefined;
  dbf: Uint8Array | undefined;
  prj: string | undefined;
  cpg: string | undefined;
}

/** How the DBF's text is to be read, and on what grounds. */
export function decideEncoding(
  table: DbfTable,
  cpg: string | undefined,
  chosen: DbfEncoding | undefined,
): EncodingInfo {
  const sampleBytes = textSample(table);
  const sample = previewBothWays(table);
  if (chosen) return { used: chosen, basis: 'chosen', sample };
  const fromCpg = cpg ? encodingFromCpg(cpg) : null;
  if (fromCpg) return { used: fromCpg, basis: 'cpg', sample };
  const d = detectEncoding(sampleBytes);
  if (d.basis === 'ascii') return { used: 'utf-8', basis: 'ascii', sample };
  if (table.languageDriver === 0x4d && d.encoding !== null) return { used: 'gbk', basis: 'ldid', sample };
  if (d.encoding === 'utf-8' || d.encoding === 'gbk') return { used: d.encoding, basis: 'detected', sample };
  return { used: 'gbk', basis: 'undecided', sample };
}

function previewBothWays(table: DbfTable): { utf8: string; gbk: string }[] {
  const out: { utf8: string; gbk: string }[] = [];
  const u = new TextDecoder('utf-8');
  const g = new TextDecoder('gb18030');
  for (let r = 0; r < table.recordCount && out.length < 8; r++) {
    const base = table.headerLength + r * table.recordLength;
    for (const f of table.fields) {
      if (f.type !== 'C' || out.length >= 8) continue;
      const raw = table.bytes.subarray(base + f.offset, base + f.offset + f.length);
      if (raw.every((b) => b < 0x80)) continue;
      out.push({ utf8: u.decode(raw).trim(), gbk: g.decode(raw).trim() });
      break;
    }
  }
  return out;
}

const shpLengthOk = (shp: Uint8Array): boolean => {
  if (shp.length < 100) return false;
  const v = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  return v.getInt32(0, false) === 9994 && v.getInt32(24, false) * 2 <= shp.length;
};

export async function readShapefile(parts: ShapefileParts, encoding?: DbfEncoding): Promise<SourceLayer> {
  if (!parts.shp)
    throw new TransferError('missingShp', `${parts.name}: the .shp file is missing`, { name: parts.name });
  if (!parts.dbf)
    throw new TransferError('missingDbf', `${parts.name}: the .dbf file (attributes) is missing`, {
      name: parts.name,
    });
  if (!shpLengthOk(parts.shp))
    throw new TransferError('truncatedShp', `${parts.name}.shp is truncated or not a Shapefile`, {
      name: parts.name,
    });
  const table = readDbfHeader(parts.dbf);
  const enc = decideEncoding(table, parts.cpg, encoding);
  const { names, rows } = readDbfRecords(table, enc.used);
  const features: SourceFeature[] = [];
  const skipped = { nonPolygon: 0, empty: 0 };
  let i = 0;
  const { openShp } = await import('shapefile');
  try {
    const src = await openShp(parts.shp);
    for (;;) {
      const r = await src.read();
      if (r.done) break;
      const row = rows[i++];
      const g = r.value as { type: string } | null;
      if (row === null) continue;
      if (!g) skipped.empty++;
      else if (!isPolygonal(g)) skipped.nonPolygon++;
      else if (!g.coordinates.length) skipped.empty++;
      else features.push({ props: row ?? {}, geometry: g });
    }
  } catch (e) {
    throw new TransferError('truncatedShp', `${parts.name}.shp cannot be read: ${(e as Error).message}`, {
      name: parts.name,
    });
  }
  if (i !== table.recordCount)
    throw new TransferError(
      'countMismatch',
      `${parts.name}: ${i} shapes but ${table.recordCount} attribute rows`,
      {
        shapes: i,
        rows: table.recordCount,
      },
    );
  return {
    format: 'shapefile',
    layerName: parts.name,
    fields: names,
    features,
    skipped,
    declaredCrs: parts.prj ? crsFromWkt(parts.prj) : null,
    encoding: enc,
    otherLayers: [],
  };
}
