import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkCoverage } from '../../shared/coverage/index.ts';
import { defectLattice, writeGeoJSON } from '../helpers/coverage-defects.ts';

const gdal = spawnSync('ogr2ogr', ['--version']).status === 0;

function sql(file: string, query: string): string[][] {
  const r = spawnSync('ogr2ogr', ['-f', 'CSV', '/vsistdout/', file, '-dialect', 'SQLite', '-sql', query], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout
    .trim()
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(',').map((s) => s.replace(/^"|"$/g, '')));
}

test(
  'GEOS (GDAL SQLite dialect, SpatiaLite) agrees on overlapping pairs, gap and outside areas',
  { skip: !gdal && 'GDAL ogr2ogr not installed' },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'gezhi-cov-'));
    try {
      const { parents, cells } = defectLattice();
      const gpkg = join(dir, 'grid.gpkg');
      writeGeoJSON(join(dir, 'cells.geojson'), cells);
      writeGeoJSON(join(dir, 'parents.geojson'), parents, 'town');
      for (const [name, layer] of [
        ['cells.geojson', 'cells'],
        ['parents.geojson', 'parents'],
      ] as const) {
        const r = spawnSync(
          'ogr2ogr',
          ['-f', 'GPKG', ...(layer === 'parents' ? ['-update'] : []), '-nln', layer, gpkg, join(dir, name)],
          { encoding: 'utf8' },
        );
        assert.equal(r.status, 0, r.stderr);
      }
      const ours = checkCoverage([...parents.map((p) => ({ ...p, parentCode: null })), ...cells]);

      const geosPairs = sql(
        gpkg,
        `SELECT a.code AS ca, b.code AS cb, ST_Area(ST_Intersection(a.geom, b.geom), 1) AS m2 FROM cells a JOIN cells b
       ON a.community = b.community AND a.code < b.code WHERE ST_Overlaps(a.geom, b.geom)`,
      );
      const ourPairs = new Map<string, number>();
      for (const d of ours.defects.filter((x) => x.rule === 'overlap')) {
        const k = d.codes.join('|');
        ourPairs.set(k, (ourPairs.get(k) ?? 0) + d.areaM2);
      }
      assert.deepEqual([...ourPairs.keys()].sort(), geosPairs.map(([a, b]) => `${a}|${b}`).sort());
      for (const [a, b, m2] of geosPairs) {
        const mine = ourPairs.get(`${a}|${b}`) as number;
        assert.ok(
          Math.abs(mine - Number(m2)) <= 0.01 * Number(m2) + 0.01,
          `${a}|${b}: ${mine} vs GEOS ${m2}`,
        );
      }

      const geosGaps = sql(
        gpkg,
        `SELECT p.code, ST_Area(ST_Difference(p.geom, (SELECT ST_Union(c.geom) FROM cells c WHERE c.community = p.code)), 1) AS gap,
              (SELECT SUM(ST_Area(ST_Difference(c.geom, p.geom), 1)) FROM cells c WHERE c.community = p.code) AS outside
       FROM parents p`,
      );
      for (const [code, gap, outside] of geosGaps) {
        const sum = (rule: string): number =>
          ours.defects
            .filter((d) => d.rule === rule && d.parentCode === code)
            .reduce((s, d) => s + d.areaM2, 0);
        const g = Number(gap || 0);
        const o = Number(outside || 0);
        assert.ok(Math.abs(sum('gap') - g) <= 0.01 * g + 0.01, `gap in ${code}: ${sum('gap')} vs GEOS ${g}`);
        assert.ok(
          Math.abs(sum('containment') - o) <= 0.01 * o + 0.01,
          `outside ${code}: ${sum('containment')} vs GEOS ${o}`,
        );
      }
      assert.ok(
        geosGaps.some(([, g]) => Number(g) > 100),
        'the fixture has a gap',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
