/**
 * Grid import and export against GDAL on a real Nansha data file: shapefiles that ogr2ogr writes
 * (GBK names; EPSG:4547) import into the draft with the right names and coordinates as one
 * undoable edit; exports read back in ogrinfo / ogr2ogr; GeoJSON round trips to 1e-7°; bad files
 * are refused with their reason and change nothing; a cancelled import changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { PushEvent } from '../../shared/api/contract.ts';
import type { DraftTopology, DraftUnitProperties, OpenDraftState } from '../../shared/api/drafts-contract.ts';
import type {
  ExportResult,
  ImportDone,
  ImportInspection,
  ImportResult,
} from '../../shared/api/transfer-contract.ts';
import type { Backend } from '../../electron/backend/backend.ts';
import { wgs84ToGcj02 } from '../../shared/transfer/china-offsets.ts';
import { call, nanshaCopy, openBackend, refused } from '../helpers/draft-fixture.ts';
import { tempDir } from '../helpers/serve-process.ts';

type Layer = FeatureCollection<Polygon | MultiPolygon, DraftUnitProperties>;
const MAPPING = { name: 'name', code: 'code', parentCode: 'parent', kind: null, population: 'pop' };

const gdal = (args: string[]): string =>
  execFileSync(args[0]!, args.slice(1), { encoding: 'utf8', maxBuffer: 1 << 28 });

/** One community's cells from the draft, renamed, as GeoJSON (the source ogr2ogr converts). */
async function communityCells(
  b: Backend,
): Promise<{ parent: string; cells: Feature<Polygon | MultiPolygon, DraftUnitProperties>[] }> {
  const layer = await call<Layer>(b, 'draft.layer', { level: 'cell' });
  const byParent = new Map<string, Layer['features']>();
  for (const f of layer.features) {
    const k = f.properties.parentCode ?? '';
    byParent.set(k, [...(byParent.get(k) ?? []), f]);
  }
  const [parent, cells] = [...byParent].find(([, fs]) => fs.length >= 4)!;
  return { parent, cells };
}

function sourceGeoJson(dir: string, cells: Feature<Polygon | MultiPolygon, DraftUnitProperties>[]): string {
  const file = join(dir, 'src.geojson');
  writeFileSync(
    file,
    JSON.stringify({
      type: 'FeatureCollection',
      features: cells.map((f, i) => ({
        type: 'Feature',
        properties: {
          name: `规划局网格${i + 1}号（东涌）`,
          code: f.properties.code,
          parent: f.properties.parentCode,
          pop: 100 + i,
        },
        geometry: f.geometry,
      })),
    }),
  );
  return file;
}

/** ogr2ogr's shapefile zipped as a planner receives it (optionally without some parts). */
function shapefileZip(dir: string, src: string, lco: string[], drop: string[] = []): Uint8Array {
  const out = join(dir, `shp-${Math.random().toString(36).slice(2)}`);
  mkdirSync(out);
  gdal(['ogr2ogr', '-f', 'ESRI Shapefile', ...lco, join(out, 'cells.shp'), src]);
  const files: Record<string, Uint8Array> = {};
  for (const f of readdirSync(out))
    if (!drop.some((d) => f.endsWith(d))) files[f] = new Uint8Array(readFileSync(join(out, f)));
  rmSync(out, { recursive: true });
  return zipSync(files);
}

function bboxOfCells(cells: Feature<Polygon | MultiPolygon>[]): [number, number, number, number] {
  const pts = cells.flatMap((c) => ringsOf(c.geometry).flat());
  const xs = pts.map((p) => p[0]!);
  const ys = pts.map((p) => p[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

const ringsOf = (g: Polygon | MultiPolygon): Position[][] =>
  g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();

/** Largest distance (metres, locally flat) from any vertex of `a` to the nearest vertex of `b`. */
function maxVertexOffsetM(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): number {
  const pts = ringsOf(b).flat();
  let worst = 0;
  for (const p of ringsOf(a).flat()) {
    let best = Infinity;
    for (const q of pts) {
      const dx = (p[0]! - q[0]!) * 111320 * Math.cos((p[1]! * Math.PI) / 180);
      const dy = (p[1]! - q[1]!) * 110574;
      best = Math.min(best, Math.hypot(dx, dy));
    }
    worst = Math.max(worst, best);
  }
  return worst;
}

async function importZip(
  b: Backend,
  bytes: Uint8Array,
  name: string,
  extra: object = {},
): Promise<{ info: ImportInspection; result: ImportDone }> {
  const { uploadId } = b.transfer.putUpload(name, bytes);
  const info = await call<ImportInspection>(b, 'transfer.inspect', { uploadId });
  const result = await call<ImportResult>(b, 'transfer.import', {
    uploadId,
    jobId: `job-${Math.random().toString(36).slice(2, 10)}`,
    mapping: MAPPING,
    level: 'cell',
    ...extra,
  });
  assert.ok(!result.cancelled);
  return { info, result };
}

test('a GBK shapefile from ogr2ogr imports with its Chinese names, as one undoable edit', async () => {
  const dir = tempDir('gezhi-transfer-');
  const b = await openBackend(await nanshaCopy());
  try {
    await call<OpenDraftState>(b, 'draft.open');
    const { parent, cells } = await communityCells(b);
    const src = sourceGeoJson(dir, cells);
    for (const drop of [[], ['.cpg']]) {
      const zip = shapefileZip(dir, src, ['-lco', 'ENCODING=GBK'], drop);
      const { info, result } = await importZip(b, zip, 'cells.zip');
      assert.equal(info.format, 'shapefile');
      assert.equal(info.encoding?.used, 'gbk');
      // Without .cpg: GDAL's language driver byte, or the bytes themselves.
      assert.ok(
        drop.length ? ['ldid', 'detected'].includes(info.encoding!.basis) : info.encoding?.basis === 'cpg',
      );
      assert.equal(info.featureCount, cells.length);
      assert.equal(info.crs.id, 'EPSG:4326');
      assert.equal(result.replaced, cells.length);
      assert.equal(result.removed, 0);
      const after = await call<Layer>(b, 'draft.layer', { level: 'cell' });
      const mine = after.features.filter((f) => f.properties.parentCode === parent);
      assert.equal(mine.length, cells.length);
      for (const [i, f] of cells.entries()) {
        const got = mine.find((m) => m.properties.code === f.properties.code)!;
        assert.equal(got.properties.name, `规划局网格${i + 1}号（东涌）`);
        assert.ok(maxVertexOffsetM(got.geometry, f.geometry) < 1e-6, 'same coordinates');
      }
      assert.ok(result.state.canUndo);
      const undone = await call<{ state: OpenDraftState }>(b, 'draft.undo');
      assert.equal(undone.state.edits, 0);
      const back = await call<Layer>(b, 'draft.layer', { level: 'cell' });
      assert.deepEqual(
        back.features
          .filter((f) => f.properties.parentCode === parent)
          .map((f) => f.properties.name)
          .sort(),
        cells.map((f) => f.properties.name).sort(),
        'undo brings the old names back',
      );
      assert.equal(undone.state.coverage.counts.errors, 0);
    }
  } finally {
    await b.close();
  }
});

test('a shapefile in EPSG:4547 (CGCS2000 GK CM 114E) lands within 0.1 m, and the coverage check runs on it', async () => {
  const dir = tempDir('gezhi-transfer-');
  const b = await openBackend(await nanshaCopy());
  try {
    await call<OpenDraftState>(b, 'draft.open');
    const { parent, cells } = await communityCells(b);
    const zip = shapefileZip(dir, sourceGeoJson(dir, cells), [
      '-t_srs',
      'EPSG:4547',
      '-lco',
      'ENCODING=UTF-8',
    ]);
    const { info, result } = await importZip(b, zip, 'gk.zip');
    assert.equal(info.declaredCrs?.id, 'EPSG:4547');
    assert.equal(info.crs.id, 'EPSG:4547');
    const after = await call<Layer>(b, 'draft.layer', { level: 'cell' });
    let worst = 0;
    for (const f of cells) {
      const got = after.features.find((m) => m.properties.code === f.properties.code)!;
      assert.equal(got.properties.parentCode, parent);
      worst = Math.max(
        worst,
        maxVertexOffsetM(got.geometry, f.geometry),
        maxVertexOffsetM(f.geometry, got.geometry),
      );
    }
    assert.ok(worst < 0.1, `worst vertex offset ${worst} m`);
    // Snapped onto the draft's vertices: the imported cells walk the community's boundary arcs,
    // so moving a vertex there moves both, and nothing opened between them.
    const topo = await call<DraftTopology>(b, 'draft.topology', { bbox: bboxOfCells(cells), limit: 20000 });
    const codes = new Set(cells.map((c) => c.properties.code));
    assert.ok(
      topo.arcs.some((a) => a.users.includes(parent) && a.users.some((u) => codes.has(u))),
      'an arc shared by the community and an imported cell',
    );
    assert.equal(result.state.coverage.counts.errors, 0);
    assert.equal(result.state.edits, 1);
  } finally {
    await b.close();
  }
});

test('exports read back in GDAL: Shapefile (GBK and UTF-8) and GeoPackage with counts, names and geometry', async () => {
  const dir = tempDir('gezhi-transfer-');
  const b = await openBackend(await nanshaCopy());
  try {
    const cells = await call<Layer>(b, 'grid.layer', { level: 'cell' });
    const byCode = new Map(cells.features.map((f) => [f.properties.code, f]));
    const sample = cells.features[7]!;
    for (const encoding of ['gbk', 'utf-8'] as const) {
      const r = await call<ExportResult>(b, 'transfer.export', {
        format: 'shapefile',
        level: 'cell',
        encoding,
      });
      const file = join(dir, r.fileName);
      writeFileSync(file, b.transfer.download(r.downloadId)!.bytes);
      const info = gdal(['ogrinfo', '-ro', '-so', `/vsizip/${file}/gezhi_cell.shp`, 'gezhi_cell']);
      assert.match(info, new RegExp(`Feature Count: ${cells.features.length}\\b`));
      const json = JSON.parse(
        gdal(['ogr2ogr', '-f', 'GeoJSON', '/vsistdout/', `/vsizip/${file}/gezhi_cell.shp`]),
      ) as Layer;
      assert.equal(json.features.length, cells.features.length);
      const got = json.features.find(
        (f) => (f.properties as unknown as { CODE: string }).CODE === sample.properties.code,
      )!;
      assert.equal(
        (got.properties as unknown as { NAME: string }).NAME,
        sample.properties.name,
        `${encoding} name`,
      );
      const off = Math.max(
        maxVertexOffsetM(got.geometry, sample.geometry),
        maxVertexOffsetM(sample.geometry, got.geometry),
      );
      assert.ok(off < 1e-6, `${encoding}: shapefile geometry off by ${off} m`);
    }
    const g = await call<ExportResult>(b, 'transfer.export', { format: 'gpkg', level: 'all' });
    const gpkg = join(dir, g.fileName);
    writeFileSync(gpkg, b.transfer.download(g.downloadId)!.bytes);
    const counts = await call<Record<string, number>>(b, 'app.info').then(
      (i) => (i as unknown as { counts: Record<string, number> }).counts,
    );
    for (const level of ['district', 'town', 'community', 'cell']) {
      const info = gdal(['ogrinfo', '-ro', '-so', gpkg, `gezhi_${level}`]);
      assert.match(info, new RegExp(`Feature Count: ${counts[level]}\\b`), level);
      assert.match(info, /EPSG.*4326|WGS 84/);
    }
    // Every level in one Shapefile zip: one shapefile per level, each with its own count.
    const s = await call<ExportResult>(b, 'transfer.export', {
      format: 'shapefile',
      level: 'all',
      encoding: 'gbk',
    });
    const shpAll = join(dir, s.fileName);
    writeFileSync(shpAll, b.transfer.download(s.downloadId)!.bytes);
    for (const level of ['district', 'town', 'community', 'cell']) {
      const info = gdal(['ogrinfo', '-ro', '-so', `/vsizip/${shpAll}/gezhi_${level}.shp`, `gezhi_${level}`]);
      assert.match(info, new RegExp(`Feature Count: ${counts[level]}\\b`), `shapefile ${level}`);
    }
    const json = JSON.parse(gdal(['ogr2ogr', '-f', 'GeoJSON', '/vsistdout/', gpkg, 'gezhi_cell'])) as Layer;
    for (const f of json.features.slice(0, 50)) {
      const p = f.properties as unknown as { code: string; name: string };
      const want = byCode.get(p.code)!;
      assert.equal(p.name, want.properties.name);
      const off = maxVertexOffsetM(f.geometry, want.geometry);
      assert.ok(off < 1e-6, `gpkg geometry of ${p.code} off by ${off} m`);
    }
    for (const format of ['csv', 'xlsx'] as const) {
      const r = await call<ExportResult>(b, 'transfer.export', { format, level: 'community' });
      assert.equal(r.features, counts.community);
      const bytes = b.transfer.download(r.downloadId)!.bytes;
      if (format === 'csv') {
        const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
        assert.ok(text.startsWith('\ufeffcode,name,level,parent_code'));
        assert.equal(text.trim().split('\r\n').length, counts.community! + 1);
      } else {
        const file = join(dir, r.fileName);
        writeFileSync(file, bytes);
        // GDAL's XLSX driver reads the sheet back: one row per community.
        assert.match(
          gdal(['ogrinfo', '-ro', '-so', file, 'community']),
          new RegExp(`Feature Count: ${counts.community}\\b`),
        );
      }
    }
  } finally {
    await b.close();
  }
});

test('GeoJSON export → import is lossless to 1e-7°', async () => {
  const b = await openBackend(await nanshaCopy());
  try {
    await call<OpenDraftState>(b, 'draft.open');
    const r = await call<ExportResult>(b, 'transfer.export', { format: 'geojson', level: 'cell' });
    const bytes = b.transfer.download(r.downloadId)!.bytes;
    const before = await call<Layer>(b, 'draft.layer', { level: 'cell' });
    const { result } = await importZip(b, bytes, 'gezhi_cell.geojson');
    assert.equal(result.replaced, before.features.length);
    assert.equal(result.added, 0);
    const after = await call<Layer>(b, 'draft.layer', { level: 'cell' });
    const byCode = new Map(after.features.map((f) => [f.properties.code, f]));
    let worst = 0;
    for (const f of before.features) {
      const g = byCode.get(f.properties.code)!;
      assert.equal(g.properties.name, f.properties.name);
      const a = ringsOf(f.geometry).flat();
      const c = ringsOf(g.geometry).flat();
      const set = new Set(c.map((p) => `${p[0]},${p[1]}`));
      for (const p of a) if (!set.has(`${p[0]},${p[1]}`)) worst = Math.max(worst, 1);
    }
    assert.ok(worst < 1e-7, 'every vertex comes back exactly');
    assert.equal(result.state.coverage.counts.errors, 0, 'the round trip leaves the coverage exact');
  } finally {
    await b.close();
  }
});

test('bad files get their reason and change nothing in the draft', async () => {
  const dir = tempDir('gezhi-transfer-');
  const b = await openBackend(await nanshaCopy());
  try {
    await call<OpenDraftState>(b, 'draft.open');
    const { cells } = await communityCells(b);
    const src = sourceGeoJson(dir, cells);
    const good = shapefileZip(dir, src, ['-lco', 'ENCODING=GBK']);
    const points = join(dir, 'points.geojson');
    writeFileSync(
      points,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: '点' },
            geometry: { type: 'Point', coordinates: [113.5, 22.7] },
          },
        ],
      }),
    );
    const truncated = (() => {
      const out = join(dir, 'trunc');
      mkdirSync(out);
      gdal(['ogr2ogr', '-f', 'ESRI Shapefile', join(out, 'cells.shp'), src]);
      const files: Record<string, Uint8Array> = {};
      for (const f of readdirSync(out)) {
        const bytes = new Uint8Array(readFileSync(join(out, f)));
        files[f] = f.endsWith('.shp') ? bytes.subarray(0, Math.floor(bytes.length / 2)) : bytes;
      }
      return zipSync(files);
    })();
    const projectedNoPrj = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: 'x' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [500000, 2500000],
                [500100, 2500000],
                [500100, 2500100],
                [500000, 2500000],
              ],
            ],
          },
        },
      ],
    });
    const cases: [string, Uint8Array, string][] = [
      ['no .dbf', shapefileZip(dir, src, [], ['.dbf']), 'transfer.missingDbf'],
      ['truncated .shp', truncated, 'transfer.truncatedShp'],
      ['points', shapefileZip(dir, points, []), 'transfer.noPolygons'],
      ['projected without .prj', new TextEncoder().encode(projectedNoPrj), 'transfer.outOfRange'],
      ['Xi’an 1980 .prj', shapefileZip(dir, src, ['-t_srs', 'EPSG:2383']), 'transfer.unknownPrj'],
      ['empty zip', zipSync({}), 'transfer.emptyZip'],
    ];
    const before = await call<Layer>(b, 'draft.layer', { level: 'cell' });
    for (const [what, bytes, reason] of cases) {
      const { uploadId } = b.transfer.putUpload(`${what}.zip`, bytes);
      const e1 = await refused(b, 'transfer.inspect', { uploadId });
      assert.equal(e1.details?.reason, reason, `${what}: ${e1.message}`);
      const e2 = await refused(b, 'transfer.import', {
        uploadId,
        jobId: 'bad-file',
        mapping: MAPPING,
        level: 'cell',
      });
      assert.equal(e2.details?.reason, reason, what);
    }
    const state = await call<OpenDraftState>(b, 'draft.get');
    assert.equal(state.edits, 0);
    assert.deepEqual(await call<Layer>(b, 'draft.layer', { level: 'cell' }), before);
    // A good file still goes in after all that.
    assert.equal((await importZip(b, good, 'good.zip')).result.state.edits, 1);
  } finally {
    await b.close();
  }
});

test('cancelling a running import leaves the draft unchanged', async () => {
  const b = await openBackend(await nanshaCopy());
  try {
    await call<OpenDraftState>(b, 'draft.open');
    const r = await call<ExportResult>(b, 'transfer.export', { format: 'geojson', level: 'cell' });
    const { uploadId } = b.transfer.putUpload('all.geojson', b.transfer.download(r.downloadId)!.bytes);
    const seen: PushEvent[] = [];
    const off = b.onEvent((e) => {
      seen.push(e);
      if (e.type === 'transfer.progress' && e.phase === 'convert')
        void b.invoke('transfer.cancel', { jobId: 'cancel-me' });
    });
    const r2 = await call<ImportResult>(b, 'transfer.import', {
      uploadId,
      jobId: 'cancel-me',
      mapping: MAPPING,
      level: 'cell',
    });
    off();
    assert.deepEqual(r2, { cancelled: true });
    assert.ok(seen.some((x) => x.type === 'transfer.progress'));
    assert.equal((await call<OpenDraftState>(b, 'draft.get')).edits, 0);
  } finally {
    await b.close();
  }
});

test('a GCJ-02 file (as AMap exports) is offset until the planner picks GCJ-02, then lands on the grid', async () => {
  const b = await openBackend(await nanshaCopy());
  try {
    await call<OpenDraftState>(b, 'draft.open');
    const { cells } = await communityCells(b);
    const toGcj = (g: Polygon | MultiPolygon): Polygon | MultiPolygon => {
      const ring = (r: Position[]): Position[] => r.map((p) => wgs84ToGcj02(p[0]!, p[1]!));
      return g.type === 'Polygon'
        ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
        : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
    };
    const fc = {
      type: 'FeatureCollection',
      features: cells.map((f) => ({
        type: 'Feature',
        properties: { name: f.properties.name, code: f.properties.code, parent: f.properties.parentCode },
        geometry: toGcj(f.geometry),
      })),
    };
    const { uploadId } = b.transfer.putUpload('amap.geojson', new TextEncoder().encode(JSON.stringify(fc)));
    const asIs = await call<ImportInspection>(b, 'transfer.inspect', { uploadId });
    const picked = await call<ImportInspection>(b, 'transfer.inspect', { uploadId, crs: 'GCJ-02' });
    const west = Math.min(
      ...cells.flatMap((f) =>
        ringsOf(f.geometry)
          .flat()
          .map((p) => p[0]!),
      ),
    );
    const south = Math.min(
      ...cells.flatMap((f) =>
        ringsOf(f.geometry)
          .flat()
          .map((p) => p[1]!),
      ),
    );
    const offM = (i: ImportInspection): number =>
      Math.hypot((i.bbox[0] - west) * 102_500, (i.bbox[1] - south) * 110_600);
    assert.ok(offM(asIs) > 200, `read as WGS-84 the preview is off by ${offM(asIs).toFixed(0)} m`);
    assert.ok(offM(picked) < 0.01, `read as GCJ-02 it is off by ${offM(picked)} m`);
    assert.equal(picked.crs.kind, 'gcj02');
    await call<ImportResult>(b, 'transfer.import', {
      uploadId,
      crs: 'GCJ-02',
      jobId: 'gcj-job',
      mapping: MAPPING,
      level: 'cell',
    });
    const after = await call<Layer>(b, 'draft.layer', { level: 'cell' });
    for (const f of cells) {
      const got = after.features.find((m) => m.properties.code === f.properties.code)!;
      assert.ok(maxVertexOffsetM(got.geometry, f.geometry) < 0.01);
    }
  } finally {
    await b.close();
  }
});

test('after an import, dragging a vertex an imported cell shares with its community moves both; the draft survives a restart', async () => {
  const dir = tempDir('gezhi-transfer-');
  const file = await nanshaCopy();
  let b = await openBackend(file);
  try {
    await call<OpenDraftState>(b, 'draft.open');
    const { parent, cells } = await communityCells(b);
    const zip = shapefileZip(dir, sourceGeoJson(dir, cells), ['-t_srs', 'EPSG:4547']);
    await importZip(b, zip, 'gk.zip');
    const codes = new Set(cells.map((c) => c.properties.code));
    const topo = await call<DraftTopology>(b, 'draft.topology', { bbox: bboxOfCells(cells), limit: 20000 });
    const arc = topo.arcs.find(
      (a) => a.vertices.length > 2 && a.users.includes(parent) && a.users.some((u) => codes.has(u)),
    )!;
    assert.ok(arc, 'a shared arc with an interior vertex');
    const v = arc.vertices[1]!;
    const [, x, y] = topo.vertices.find((p) => p[0] === v)!;
    const to: [number, number] = [x + 2e-6, y + 1e-6];
    const moved = await call<{
      changed: Feature<Polygon | MultiPolygon, DraftUnitProperties>[];
      state: OpenDraftState;
    }>(b, 'draft.edit', { op: { op: 'moveVertex', vertex: v, to } });
    const changed = moved.changed.map((f) => f.properties.code);
    assert.ok(changed.includes(parent), 'the community follows');
    assert.ok(
      changed.some((c) => codes.has(c)),
      'the imported cell follows',
    );
    assert.equal(moved.state.coverage.counts.errors, 0, 'no gap or overlap opened');
    const before = await call<Layer>(b, 'draft.layer', { level: 'cell' });
    await b.close();
    b = await openBackend(file);
    const state = await call<OpenDraftState>(b, 'draft.get');
    assert.equal(state.edits, 2);
    assert.deepEqual(await call<Layer>(b, 'draft.layer', { level: 'cell' }), before, 'replayed from the log');
    await call(b, 'draft.undo');
    await call(b, 'draft.undo');
    assert.equal((await call<OpenDraftState>(b, 'draft.get')).coverage.counts.errors, 0);
  } finally {
    await b.close();
  }
});

test('a GeoPackage (EPSG:4547) and a KML that ogr2ogr writes import with names and coordinates', async () => {
  const dir = tempDir('gezhi-transfer-');
  const b = await openBackend(await nanshaCopy());
  try {
    await call<OpenDraftState>(b, 'draft.open');
    const { cells } = await communityCells(b);
    const src = sourceGeoJson(dir, cells);
    const gpkg = join(dir, 'cells.gpkg');
    gdal(['ogr2ogr', '-f', 'GPKG', '-t_srs', 'EPSG:4547', '-nln', 'planning_cells', gpkg, src]);
    const kml = join(dir, 'cells.kml');
    gdal(['ogr2ogr', '-f', 'KML', kml, src]);
    for (const [file, format] of [
      [gpkg, 'gpkg'],
      [kml, 'kml'],
    ] as const) {
      const { info, result } = await importZip(b, new Uint8Array(readFileSync(file)), file);
      assert.equal(info.format, format);
      assert.equal(info.featureCount, cells.length);
      if (format === 'gpkg') {
        assert.equal(info.layerName, 'planning_cells');
        assert.equal(info.declaredCrs?.id, 'EPSG:4547');
      }
      assert.equal(result.replaced, cells.length);
      const after = await call<Layer>(b, 'draft.layer', { level: 'cell' });
      cells.forEach((f, i) => {
        const got = after.features.find((m) => m.properties.code === f.properties.code)!;
        assert.equal(got.properties.name, `规划局网格${i + 1}号（东涌）`, format);
        assert.ok(maxVertexOffsetM(got.geometry, f.geometry) < 0.1, format);
      });
      await call(b, 'draft.undo');
    }
  } finally {
    await b.close();
  }
});
