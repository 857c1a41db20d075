/**
 * import_shp_30k_ms: a 30,000-polygon shapefile (the Guangzhou-scale demo's cells, GBK names, in
 * CGCS2000 Gauss-Krüger CM 114E so every vertex is reprojected) read from its zip, reprojected,
 * turned into units and applied to an open draft of the whole city as one edit, with the draft's
 * incremental coverage check of the 30,000 changed cells. The zip is made once and cached in tmpdir.
 * The durable log write of the edit is not included (it is the store's figure, not the importer's).
 * The city has a few more than 30,000 cells; 'replace' takes out the rest of the last community, so
 * the check after the import reports that gap (1 error), as it should.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { zipSync } from 'fflate';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Benchmark, Figure } from './bench-types.ts';
import { generateGuangzhou } from '../../shared/demo/index.ts';
import { DraftSession } from '../../electron/backend/drafts/draft-session.ts';
import { readGpkgLayer } from '../../electron/backend/transfer/gpkg-file.ts';
import { convertFeatures } from '../../shared/transfer/convert.ts';
import { CGCS2000_PRJ, crsFromEpsg, fromLonLatFn } from '../../shared/transfer/crs.ts';
import { writeDbf } from '../../shared/transfer/dbf.ts';
import { importPatch } from '../../shared/transfer/draft-import.ts';
import { importUnits } from '../../shared/transfer/import-units.ts';
import { readSourceFile } from '../../shared/transfer/read-file.ts';
import { writePolygonShp } from '../../shared/transfer/shp-write.ts';
import type { GridUnit } from '../../shared/grid/types.ts';

const CACHE = join(tmpdir(), 'gezhi-bench-import-shp30k-v1.zip');
const GK_PRJ = `PROJCS["CGCS2000_3_Degree_GK_CM_114E",${CGCS2000_PRJ},PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;

function project(
  g: Polygon | MultiPolygon,
  f: (x: number, y: number) => [number, number],
): Polygon | MultiPolygon {
  const ring = (r: Position[]): Position[] => r.map((p) => f(p[0] as number, p[1] as number));
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
}

function fixture(cells: GridUnit[]): Uint8Array {
  if (existsSync(CACHE)) return new Uint8Array(readFileSync(CACHE));
  const to = fromLonLatFn(crsFromEpsg(4547)!);
  const { shp, shx } = writePolygonShp(cells.map((c) => project(c.geometry, to)));
  const dbf = writeDbf(
    [
      { name: 'WGBM', type: 'C', length: 15 },
      { name: 'MC', type: 'C', length: 80 },
      { name: 'SJBM', type: 'C', length: 12 },
      { name: 'RKS', type: 'N', length: 8 },
    ],
    cells.map((c) => [c.code, `${c.name}（规划）`, c.parentCode, c.population]),
    (s) => new Uint8Array(iconv.encode(s, 'gbk')),
    0x4d,
  );
  const enc = new TextEncoder();
  const zip = zipSync({
    'cells.shp': shp,
    'cells.shx': shx,
    'cells.dbf': dbf,
    'cells.prj': enc.encode(GK_PRJ),
    'cells.cpg': enc.encode('GBK'),
  });
  writeFileSync(CACHE, zip);
  return zip;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'transfer',
    figures: ['import_shp_30k_ms'],
    run: async (): Promise<Figure[]> => {
      const csv = readFileSync(new URL('../../data/divisions-guangzhou.csv', import.meta.url), 'utf8');
      const units = generateGuangzhou(csv).units;
      const cells = units.filter((u) => u.level === 'cell').slice(0, 30_000);
      const zip = fixture(cells);
      const session = new DraftSession(
        { baseVersion: 1, openedAt: 0, openedBy: { id: 'bench', name: 'bench' } },
        units,
        [],
      );
      const errorsBefore = session.coverage.counts.errors;
      const t0 = performance.now();
      const layer = await readSourceFile(zip, 'cells.zip', { readGpkg: readGpkgLayer });
      const t1 = performance.now();
      const conv = await convertFeatures(layer.features, layer.declaredCrs!);
      const t2 = performance.now();
      const mapping = { name: 'MC', code: 'WGBM', parentCode: 'SJBM', kind: null, population: 'RKS' };
      const imported = await importUnits(session.topology, conv.features, mapping, 'cell');
      const plan = importPatch(session.topology, imported, 'cell', 'replace');
      const t3 = performance.now();
      const out = session.edit({ op: 'patch', patch: plan.patch }, { id: 'bench', name: 'bench' }, 0);
      const t4 = performance.now();
      if (!out.ok) throw new Error(`import refused: ${out.result.error.key}`);
      console.error(
        `transfer bench: ${layer.features.length} features (${(zip.length / 1048576).toFixed(1)} MB zip); read ${(t1 - t0).toFixed(0)} ms, reproject ${(t2 - t1).toFixed(0)} ms, units+patch ${(t3 - t2).toFixed(0)} ms, apply+coverage ${(t4 - t3).toFixed(0)} ms; replaced ${plan.replaced.length}, coverage errors ${errorsBefore} before, ${session.coverage.counts.errors} after`,
      );
      return [{ name: 'import_shp_30k_ms', value: Math.round(t4 - t0), unit: 'ms' }];
    },
  },
];
