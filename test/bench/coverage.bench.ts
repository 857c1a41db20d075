import type { Polygon, Position } from 'geojson';
import type { Benchmark, Figure } from './bench-types.ts';
import { CoverageChecker, checkCoverage, type CoverageUnit } from '../../shared/coverage/index.ts';
import { applyEdit, buildTopology, type EditSuccess } from '../../shared/editor/index.ts';
import type { GridUnit } from '../../shared/grid/types.ts';
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

/**
 * Incremental re-check times (ms) for one cell's vertex moved and put back, on several cells, after
 * one full check: the cell alone is given, as an import or a script would change it.
 */
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

/** Units as the editor holds them; the lattice stand-in has only what the check reads. */
function asGridUnits(units: readonly CoverageUnit[]): GridUnit[] {
  return units.map((u) => ({
    name: u.code,
    kind: u.level === 'cell' ? 'comprehensive' : null,
    subtype: null,
    population: 0,
    chief: null,
    staffFullTime: 0,
    staffPartTime: 0,
    staffVolunteer: 0,
    ...u,
  }));
}

interface EditorTimes {
  moves: number[];
  splits: number[];
  /** The most sibling groups one re-check looked at. */
  groups: number;
}

/**
 * Edits as the planner makes them, through the editor's topology, re-checked from what the edit
 * reports as changed (exactly what the worker and the backend are given): a shared vertex dragged a
 * tenth of the way to its cell's centre (every unit on it moves), and a cell split across its middle
 * (the cut's ends become vertices of the neighbours', and maybe the community's, town's and
 * district's boundary). Each is undone too, and the undo timed as well.
 */
function editorEdits(units: readonly CoverageUnit[]): EditorTimes {
  const topo = buildTopology(asGridUnits(units));
  const checker = new CoverageChecker(topo.toUnits());
  checker.checkAll();
  const cells = units.filter((u) => u.level === 'cell');
  const out: EditorTimes = { moves: [], splits: [], groups: 0 };
  const recheck = (r: EditSuccess, into: number[]): void => {
    const [res, ms] = timed(() => checker.update({ upsert: r.changed, remove: r.removed }));
    into.push(ms);
    out.groups = Math.max(out.groups, res.stats.checkedGroups);
    if (res.counts.errors) console.error(`coverage bench: an edit left ${res.counts.errors} errors`);
  };
  const editAndUndo = (op: Parameters<typeof applyEdit>[1], into: number[]): void => {
    const r = applyEdit(topo, op);
    if (!r.ok) return;
    recheck(r, into);
    const back = applyEdit(topo, { op: 'patch', patch: r.inverse });
    if (back.ok) recheck(back, into);
  };
  for (let i = 0; i < 20; i++) {
    const c = cells[Math.floor(((i + 0.5) * cells.length) / 20)] as CoverageUnit;
    const u = topo.unit(c.code);
    const shell = u?.polygons[0]?.[0];
    if (!u || !shell) continue;
    const ring = topo
      .ringVertices(shell)
      .slice(1)
      .map((v) => [v, ...topo.pos(v)] as const);
    const cx = ring.reduce((s, p) => s + p[1], 0) / ring.length;
    const cy = ring.reduce((s, p) => s + p[2], 0) / ring.length;
    const [v, x, y] = ring[0] as readonly [number, number, number];
    editAndUndo({ op: 'moveVertex', vertex: v, to: [x + (cx - x) * 0.1, y + (cy - y) * 0.1] }, out.moves);
    const xs = ring.map((p) => p[1]);
    const [w, e] = [Math.min(...xs), Math.max(...xs)];
    const line: [number, number][] = [
      [w - (e - w), cy],
      [e + (e - w), cy],
    ];
    editAndUndo({ op: 'splitUnit', code: c.code, line }, out.splits);
  }
  return out;
}

const worst = (xs: number[]): number => (xs.length ? Math.max(...xs) : NaN);

export const benchmarks: Benchmark[] = [
  {
    name: 'coverage',
    figures: [
      'coverage_full_nansha_ms',
      'coverage_full_guangzhou_ms',
      'coverage_peak_rss_mb',
      'coverage_incremental_ms',
      'coverage_incremental_median_ms',
      'coverage_incremental_split_ms',
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
      const raw = { nansha: incremental(nansha), guangzhou: incremental(gz) };
      const inc = [...raw.nansha, ...raw.guangzhou];
      // The check's own memory: read before the editor's topologies below are built.
      const rss = process.resourceUsage().maxRSS / 1024;
      const edits = { nansha: editorEdits(nansha), guangzhou: editorEdits(gz) };
      for (const [scale, r] of Object.entries(raw))
        console.error(
          `coverage bench: ${scale} one cell's vertex moved and back, median/worst ms: ${median(r).toFixed(1)}/${worst(r).toFixed(1)} (${r.length}) ${JSON.stringify(r.map(Math.round))}`,
        );
      for (const [scale, e] of Object.entries(edits))
        console.error(
          `coverage bench: ${scale} editor re-checks, median/worst ms: moves ${median(e.moves).toFixed(1)}/${worst(e.moves).toFixed(1)} (${e.moves.length}), splits ${median(e.splits).toFixed(1)}/${worst(e.splits).toFixed(1)} (${e.splits.length}); at most ${e.groups} groups re-checked`,
        );
      const splits = [...edits.nansha.splits, ...edits.guangzhou.splits];
      const all = [...inc, ...edits.nansha.moves, ...edits.guangzhou.moves, ...splits];
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
        { name: 'coverage_incremental_ms', value: worst(all), unit: 'ms' },
        { name: 'coverage_incremental_median_ms', value: median(all), unit: 'ms' },
        { name: 'coverage_incremental_split_ms', value: worst(splits), unit: 'ms' },
        { name: 'coverage_defects_found', value: found, unit: 'defects' },
        { name: 'coverage_defects_injected', value: injected, unit: 'defects' },
      ];
    },
  },
];
