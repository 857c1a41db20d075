import { readFileSync } from 'node:fs';
import { generateGuangzhou, generateNansha } from '../../shared/demo/index.ts';
import type { Benchmark } from './bench-types.ts';

const csv = (): string =>
  readFileSync(new URL('../../data/divisions-guangzhou.csv', import.meta.url), 'utf8');

function timed(run: () => unknown): number {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'demo_generate',
    figures: ['demo_nansha_ms', 'demo_guangzhou_ms'],
    run: async () => {
      const text = csv();
      // The first run pays for JIT warm-up, which the app's first start pays too: report it as is.
      const nansha = timed(() => generateNansha(text));
      const guangzhou = timed(() => generateGuangzhou(text));
      return [
        { name: 'demo_nansha_ms', value: nansha, unit: 'ms' },
        { name: 'demo_guangzhou_ms', value: guangzhou, unit: 'ms' },
      ];
    },
  },
];
