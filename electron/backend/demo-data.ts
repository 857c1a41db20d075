/** Chooses the demo grid that fills a new data file; the generators themselves are pure (shared/demo). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateGuangzhou, generateNansha, generateNanshaWithDefects } from '../../shared/demo/index.ts';
import type { GridDataset } from '../../shared/grid/types.ts';
import type { DemoDataset } from './backend.ts';

export const DEMO_DATASETS: readonly DemoDataset[] = ['nansha', 'guangzhou', 'nansha-defects', 'none'];

export function demoMaker(dataDir: string, which: DemoDataset): (() => GridDataset) | undefined {
  if (which === 'none') return undefined;
  return () => {
    const csv = readFileSync(join(dataDir, 'divisions-guangzhou.csv'), 'utf8');
    if (which === 'guangzhou') return generateGuangzhou(csv);
    if (which === 'nansha-defects') return generateNanshaWithDefects(csv).dataset;
    return generateNansha(csv);
  };
}
