import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { defectLattice, writeGeoJSON } from '../helpers/coverage-defects.ts';
import { lattice } from '../helpers/coverage-lattice.ts';

const gdal = spawnSync('ogr2ogr', ['--version']).status === 0;
const zip = spawnSync('zip', ['-v']).status === 0;

function check(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check.ts', ...args], {
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function ogr(...args: string[]): void {
  const r = spawnSync('ogr2ogr', args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

test(
  'check CLI on GeoJSON, GeoPackage and zipped Shapefile made by ogr2ogr',
  { skip: !gdal && 'GDAL ogr2ogr not installed' },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'gezhi-check-'));
    try {
      const { parents, cells } = defectLattice();
      const cellsJson = join(dir, 'cells.geojson');
      const parentsJson = join(dir, 'parents.geojson');
      writeGeoJSON(cellsJson, cells);
      writeGeoJSON(parentsJson, parents, 'town');

      const j = check(
        '--cells',
        cellsJson,
        '--parents',
        parentsJson,
        '--parent-field',
        'community',
        '--format',
        'json',
      );
      assert.equal(j.code, 1, j.err);
      const res = JSON.parse(j.out) as { counts: { errors: number }; defects: { rule: string }[] };
      const rules = new Set(res.defects.map((d) => d.rule));
      assert.deepEqual([...rules].sort(), ['containment', 'gap', 'overlap']);

      const gpkg = join(dir, 'cells.gpkg');
      ogr('-f', 'GPKG', gpkg, cellsJson);
      const shpDir = join(dir, 'shp');
      ogr('-f', 'ESRI Shapefile', shpDir, parentsJson, '-nln', 'parents');
      const g = check(
        '--cells',
        gpkg,
        '--parents',
        join(shpDir, 'parents.shp'),
        '--parent-field',
        'community',
        '--format',
        'geojson',
      );
      assert.equal(g.code, 1, g.err);
      const fc = JSON.parse(g.out) as {
        type: string;
        features: { properties: { rule: string; severity: string; area_m2: number } }[];
      };
      assert.equal(fc.type, 'FeatureCollection');
      assert.equal(fc.features.length, res.defects.length);
      assert.ok(
        fc.features.every((f) => f.properties.rule && f.properties.severity && f.properties.area_m2 >= 0),
      );

      if (zip) {
        const z = spawnSync('zip', [
          '-j',
          join(dir, 'parents.zip'),
          ...['shp', 'shx', 'dbf', 'prj'].map((e) => join(shpDir, `parents.${e}`)),
        ]);
        assert.equal(z.status, 0);
        const t = check(
          '--cells',
          gpkg,
          '--parents',
          join(dir, 'parents.zip'),
          '--parent-field',
          'community',
        );
        assert.equal(t.code, 1, t.err);
        assert.match(t.out, /errors/);
      }

      // One clean community as the single parent, no --parent-field: every cell belongs to it.
      const clean = lattice({ cellsX: 4, cellsY: 3, community: [4, 3] });
      writeGeoJSON(
        join(dir, 'one-parent.geojson'),
        clean.filter((u) => u.level === 'community'),
        'town',
      );
      writeGeoJSON(
        join(dir, 'one-cells.geojson'),
        clean.filter((u) => u.level === 'cell'),
      );
      const ok = check(
        '--cells',
        join(dir, 'one-cells.geojson'),
        '--parents',
        join(dir, 'one-parent.geojson'),
      );
      assert.equal(ok.code, 0, ok.out + ok.err);
      // No parents: the union is the parent, so a missing middle cell is a hole.
      const holed = clean.filter((u) => u.level === 'cell' && !u.code.endsWith('006'));
      writeGeoJSON(join(dir, 'holed.geojson'), holed);
      const h = check('--cells', join(dir, 'holed.geojson'), '--min-area', '1');
      assert.equal(h.code, 1);
      assert.match(h.out, /gap/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('check CLI: unreadable input exits 2 with a clear message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gezhi-check-'));
  try {
    const missing = check('--cells', join(dir, 'nope.geojson'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no such file/);
    assert.match(missing.err, /文件不存在/, 'said in Chinese too');
    writeFileSync(join(dir, 'bad.geojson'), '{"type": "Feature');
    const bad = check('--cells', join(dir, 'bad.geojson'));
    assert.equal(bad.code, 2);
    assert.match(bad.err, /not valid GeoJSON/);
    assert.match(bad.err, /不是有效的 GeoJSON/);
    writeFileSync(join(dir, 'junk.gpkg'), 'not a geopackage');
    const junk = check('--cells', join(dir, 'junk.gpkg'));
    assert.equal(junk.code, 2);
    assert.match(junk.err, /junk\.gpkg/);
    assert.equal(check().code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
