import type { GridLevel } from '../grid/types.ts';
import { CODE_LENGTH } from './attributes.ts';
import type { Topology } from './topology.ts';
import { refuse } from './types.ts';

/**
 * Next code under a parent: parent code + serial (3 digits for towns, communities and cells). Takes the
 * serial after the highest in use, so a code freed by a merge or delete is not handed to a new unit
 * while cases may still point at it; wraps to the lowest free serial only when the top is reached.
 */
export function allocateCode(
  t: Topology,
  parentCode: string | null,
  level: GridLevel,
  taken: Set<string> = new Set(),
): string {
  if (parentCode === null) return refuse('editor.codesExhausted', { parent: '-' });
  const width = (CODE_LENGTH[level] ?? parentCode.length + 3) - parentCode.length;
  if (width <= 0) return refuse('editor.codesExhausted', { parent: parentCode });
  const used = new Set<number>();
  for (const c of t.childrenOf.get(parentCode) ?? [])
    if (c.length === parentCode.length + width && c.startsWith(parentCode))
      used.add(Number(c.slice(parentCode.length)));
  for (const c of taken) if (c.startsWith(parentCode)) used.add(Number(c.slice(parentCode.length)));
  const top = 10 ** width - 1;
  const fmt = (n: number): string => parentCode + String(n).padStart(width, '0');
  let n = used.size ? Math.max(...used) + 1 : 1;
  if (n > top) n = 1;
  while (n <= top && (used.has(n) || t.units.has(fmt(n)))) n++;
  if (n > top) return refuse('editor.codesExhausted', { parent: parentCode });
  return fmt(n);
}
