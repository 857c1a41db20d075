/**
 * Writes a demo grid as one GeoJSON FeatureCollection per level (DIR/<level>.geojson), plus
 * DIR/defects.json for the defect fixture.
 *
 *   node --import tsx scripts/gen-demo.ts --dataset nansha|guangzhou|nansha-defects [--seed N]
 *        [--cells N] [--csv FILE] --out DIR
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { GRID_LEVELS, type GridDataset, type GridUnitAttributes } from '../shared/grid/types.ts';
import {
  generateGuangzhou,
  generateNansha,
  generateNanshaWithDefects,
  type InjectedDefect,
} from '../shared/demo/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const usage =
  'usage: gen-demo.ts --dataset nansha|guangzhou|nansha-defects [--seed N] [--cells N] [--csv FILE] --out DIR';

function fail(message: string): never {
  console.error(`gen-demo: ${message}\n${usage}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    seed: { type: 'string', default: '1' },
    cells: { type: 'string' },
    csv: { type: 'string', default: join(here, '..', 'data', 'divisions-guangzhou.csv') },
    out: { type: 'string' },
  },
});
const seed = Number(values.seed);
if (!Number.isInteger(seed)) fail(`--seed must be an integer, got "${values.seed}"`);
if (!values.out) fail('--out is required');
const cells = values.cells === undefined ? undefined : Number(values.cells);
if (cells !== undefined && !(Number.isInteger(cells) && cells > 0))
  fail(`--cells must be a positive integer`);

const csvText = readFileSync(values.csv, 'utf8');
const started = performance.now();
let dataset: GridDataset;
let defects: InjectedDefect[] | null = null;
switch (values.dataset) {
  case 'nansha':
    dataset = generateNansha(csvText, { seed });
    break;
  case 'guangzhou':
    dataset = generateGuangzhou(csvText, { seed, cells });
    break;
  case 'nansha-defects': {
    const fixture = generateNanshaWithDefects(csvText, { seed });
    dataset = fixture.dataset;
    defects = fixture.defects;
    break;
  }
  default:
    fail(`unknown --dataset "${values.dataset ?? ''}"`);
}
const generatedMs = performance.now() - started;

const out = resolve(values.out);
mkdirSync(out, { recursive: true });
const counts: string[] = [];
for (const level of GRID_LEVELS) {
  const units = dataset.units.filter((u) => u.level === level);
  if (!units.length) continue;
  const features = units.map((u): Feature<Polygon | MultiPolygon, GridUnitAttributes> => {
    const { geometry, ...properties } = u;
    return { type: 'Feature', properties, geometry };
  });
  const fc: FeatureCollection<Polygon | MultiPolygon, GridUnitAttributes> & { name: string } = {
    type: 'FeatureCollection',
    name: level,
    features,
  };
  writeFileSync(join(out, `${level}.geojson`), JSON.stringify(fc));
  counts.push(`${level} ${units.length}`);
}
if (defects) writeFileSync(join(out, 'defects.json'), JSON.stringify(defects, null, 2) + '\n');
console.log(
  `${dataset.name}, seed ${seed}: ${counts.join(', ')}${defects ? `, ${defects.length} defects` : ''}`,
);
console.log(
  `generated in ${Math.round(generatedMs)} ms, written to ${out} in ${Math.round(performance.now() - started - generatedMs)} ms`,
);
