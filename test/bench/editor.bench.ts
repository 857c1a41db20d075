import { readFileSync } from 'node:fs';
import type { Benchmark, Figure } from './bench-types.ts';
import { generateGuangzhou, generateNansha } from '../../shared/demo/index.ts';
import { applyEdit, buildTopology, type Topology } from '../../shared/editor/index.ts';

const csv = (): string =>
  readFileSync(new URL('../../data/divisions-guangzhou.csv', import.meta.url), 'utf8');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Best of a few builds: the first pays for JIT warm-up, which a draft opening once would also pay. */
function buildMs(units: Parameters<typeof buildTopology>[0], runs: number): [Topology, number] {
  let best = Infinity;
  let t: Topology | null = null;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    t = buildTopology(units);
    best = Math.min(best, performance.now() - t0);
  }
  return [t as Topology, best];
}

/** Nodes walked by a cell, a community and a town. */
function threeLevelVertices(t: Topology, n: number): number[] {
  const out: number[] = [];
  for (const [v] of t.nodeArcs) {
    const levels = new Set([...t.unitsAtVertex(v)].map((c) => t.unit(c)?.attrs.level));
    if (levels.has('cell') && levels.has('community') && levels.has('town')) out.push(v);
    if (out.length >= n) break;
  }
  return out;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'editor',
    figures: ['topology_build_nansha_ms', 'topology_build_guangzhou_ms', 'shared_vertex_drag_ms'],
    run: async (): Promise<Figure[]> => {
      const text = csv();
      const [, nansha] = buildMs(generateNansha(text).units, 5);
      const [t, guangzhou] = buildMs(generateGuangzhou(text).units, 2);
      // One drag step = one move of a three-level vertex, validated, with the GeoJSON of every unit that
      // uses it rebuilt (what the map needs to redraw). Small steps around the start, as a drag makes.
      const times: number[] = [];
      let refused = 0;
      for (const v of threeLevelVertices(t, 50)) {
        const [x, y] = t.pos(v);
        for (let k = 0; k < 20; k++) {
          const a = (k / 20) * 2 * Math.PI;
          const to: [number, number] = [x + 2e-6 * Math.cos(a), y + 2e-6 * Math.sin(a)];
          const t0 = performance.now();
          const r = applyEdit(t, { op: 'moveVertex', vertex: v, to });
          times.push(performance.now() - t0);
          if (!r.ok) refused++;
        }
        applyEdit(t, { op: 'moveVertex', vertex: v, to: [x, y] });
      }
      console.error(`editor bench: ${times.length} moves, ${refused} refused`);
      return [
        { name: 'topology_build_nansha_ms', value: nansha, unit: 'ms' },
        { name: 'topology_build_guangzhou_ms', value: guangzhou, unit: 'ms' },
        { name: 'shared_vertex_drag_ms', value: median(times), unit: 'ms' },
      ];
    },
  },
];
