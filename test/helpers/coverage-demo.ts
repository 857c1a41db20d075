import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CoverageResult, Defect } from '../../shared/coverage/index.ts';
import type { GridDataset } from '../../shared/grid/types.ts';

/** What the demo generator (shared/demo, another issue) promises; found by export name, not file name. */
export interface InjectedDefect {
  id: string;
  rule: 'gap' | 'overlap' | 'containment' | 'validity' | 'codes';
  codes: string[];
  widthM?: number;
  areaM2?: number;
  location: [number, number];
}

export interface DemoModule {
  generateNansha(csv: string, o: { seed: number }): GridDataset;
  generateGuangzhou(csv: string, o: { seed: number; cells?: number }): GridDataset;
  generateNanshaWithDefects(
    csv: string,
    o: { seed: number },
  ): { dataset: GridDataset; defects: InjectedDefect[] };
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function divisionsCsv(): string {
  return readFileSync(join(root, 'data', 'divisions-guangzhou.csv'), 'utf8');
}

/** The demo generator module, or null while it is not there yet. */
export async function loadDemo(): Promise<DemoModule | null> {
  const dir = join(root, 'shared', 'demo');
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const ordered = [...files.filter((f) => f === 'index.ts'), ...files.filter((f) => f !== 'index.ts')];
  for (const f of ordered) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as Partial<DemoModule>;
    if (mod.generateNansha && mod.generateGuangzhou && mod.generateNanshaWithDefects)
      return mod as DemoModule;
  }
  return null;
}

const R = 6378137;
function metres(a: [number, number], b: [number, number]): number {
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k);
  const y = (b[1] - a[1]) * k;
  return Math.hypot(x, y) * R;
}

/** An injected defect counts as found when a report of the same rule names one of its units or lies near it, with about its area. */
export function matchInjected(
  result: CoverageResult,
  injected: readonly InjectedDefect[],
): { found: InjectedDefect[]; missed: InjectedDefect[] } {
  const found: InjectedDefect[] = [];
  const missed: InjectedDefect[] = [];
  for (const inj of injected) {
    const near = (d: Defect): boolean =>
      d.rule === inj.rule &&
      (d.codes.some((c) => inj.codes.includes(c)) ||
        (d.location !== null && metres(d.location, inj.location) < 300));
    const cands = result.defects.filter(near);
    const areaOk = (a: number): boolean =>
      inj.areaM2 === undefined || (a >= inj.areaM2 * 0.5 && a <= inj.areaM2 * 2);
    const total = cands.reduce((s, d) => s + d.areaM2, 0);
    if (cands.length && (inj.areaM2 === undefined || cands.some((d) => areaOk(d.areaM2)) || areaOk(total)))
      found.push(inj);
    else missed.push(inj);
  }
  return { found, missed };
}
