import type { CoverageResult, Defect } from './types.ts';

/**
 * Publishing is refused while an error above tolerance remains. Warnings and below-tolerance
 * findings stay listed but never block.
 */
export function publishGate(result: Pick<CoverageResult, 'defects'>): { allowed: boolean; errors: Defect[] } {
  const errors = result.defects.filter((d) => d.severity === 'error' && !d.belowTolerance);
  return { allowed: errors.length === 0, errors };
}
