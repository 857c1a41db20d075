import type { Polygon, Position } from 'geojson';
import type { Benchmark, Figure } from './bench-types.ts';
import { CoverageChecker, checkCoverage, type CoverageUnit } from '../../shared/coverage/index.ts';
import { lattice } from '../helpers/coverage-lattice.ts';
import { defectLattice } from '../helpers/coverage-defects.ts';
import { divisionsCsv, loadDemo, matchInjected } from '../helpers/coverage-demo.ts';

function timed<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const v = fn();
  return [v, performance.now() - t];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** One vertex of a cell moved by ~20 m: the commonest edit. */
function moveOne(u: CoverageUnit): CoverageUnit {
  const g =
    u.geometry.type === 'Polygon'
      ? u.geometry
      : ({ type: 'Polygon', coordinates: u.geometry.coordinates[0] ?? [] } as Polygon);
  const r = g.coordinates[0] as Position[];
  const moved = r.map((p, k) => (k === 1 ? [(p[0] as number) + 0.0002, p[1] as number] : p));
  return { ...u, geometry: { type: 'Polygon', coordinates: [moved, ...g.coordinates.slice(1)] } };
}

/** Incremental re-check times (ms) for vertex moves and their undo on several cells, after one full check. */
function incremental(units: CoverageUnit[]): number[] {
  const checker = new CoverageChecker(units);
  checker.checkAll();
  const cells = units.filter((u) => u.level === 'cell');
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const c = cells[Math.floor((i * cells.length) / 20)] as CoverageUnit;
    times.push(timed(() => checker.update({ upsert: [moveOne(c)] }))[1]);
    times.push(timed(() => checker.update({ upsert: [c] }))[1]);
  }
  return times;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'coverage',
    figures: [
      'coverage_full_nansha_ms',
      'coverage_full_guangzhou_ms',
      'coverage_peak_rss_mb',
      'coverage_incremental_ms',
      'coverage_defects_found',
      'coverage_defects_injected',
    ],
    run: async (): Promise<Figure[]> => {
      const demo = await loadDemo();
      const csv = demo ? divisionsCsv() : '';
      const source = demo ? 'demo generator' : 'lattice stand-in (shared/demo not present)';
      console.error(`coverage bench: data from the ${source}`);
      const nansha: CoverageUnit[] = demo
        ? demo.generateNansha(csv, { seed: 1 }).units
        : lattice({ cellsX: 60, cellsY: 50 });
      const gz: CoverageUnit[] = demo
        ? demo.generateGuangzhou(csv, { seed: 1, cells: 30000 }).units
        : lattice({ cellsX: 180, cellsY: 170 });
      checkCoverage(nansha); // warm the JIT once, as an editor session would be
      const nanshaMs = median([0, 1, 2].map(() => timed(() => checkCoverage(nansha))[1]));
      const [gzRes, gzMs] = timed(() => checkCoverage(gz));
      if (gzRes.counts.errors)
        console.error(`coverage bench: clean Guangzhou set reported ${gzRes.counts.errors} errors`);
      const inc = [...incremental(nansha), ...incremental(gz)];
      const rss = process.resourceUsage().maxRSS / 1024;
      let found: number;
      let injected: number;
      if (demo) {
        const { dataset, defects } = demo.generateNanshaWithDefects(csv, { seed: 1 });
        const m = matchInjected(checkCoverage(dataset.units), defects);
        found = m.found.length;
        injected = defects.length;
      } else {
        const { parents, cells } = defectLattice();
        const r = checkCoverage([...parents.map((p) => ({ ...p, parentCode: null })), ...cells]);
        injected = 3;
        found = ['gap', 'overlap', 'containment'].filter((rule) =>
          r.defects.some((d) => d.rule === rule),
        ).length;
      }
      return [
        { name: 'coverage_full_nansha_ms', value: nanshaMs, unit: 'ms' },
        { name: 'coverage_full_guangzhou_ms', value: gzMs, unit: 'ms' },
        { name: 'coverage_peak_rss_mb', value: Math.round(rss), unit: 'MB' },
        { name: 'coverage_incremental_ms', value: Math.max(...inc), unit: 'ms' },
        { name: 'coverage_defects_found', value: found, unit: 'defects' },
        { name: 'coverage_defects_injected', value: injected, unit: 'defects' },
      ];
    },
  },
];
