/**
 * Search as you type over the tree already in memory: name, code prefix, pinyin initials. Client-side
 * because a round trip per keystroke is slower than scanning a few thousand names.
 */
import type { TreeNode } from '../../../shared/api/contract.ts';
import { GRID_LEVELS } from '../../../shared/grid/types.ts';

export interface SearchOutcome {
  hits: TreeNode[];
  /** All matches, of which `hits` holds the first `limit`. */
  total: number;
}

function score(n: TreeNode, raw: string, lower: string): number {
  if (n.code === raw || n.name === raw) return 0;
  if (/^\d+$/.test(raw)) return n.code.startsWith(raw) ? 1 : -1;
  if (n.name.startsWith(raw)) return 2;
  if (n.name.includes(raw)) return 3;
  if (/^[a-z]+$/.test(lower)) {
    if (n.initials.startsWith(lower)) return 4;
    if (n.initials.includes(lower)) return 5;
  }
  return -1;
}

export function searchTree(nodes: readonly TreeNode[], query: string, limit = 50): SearchOutcome {
  const raw = query.trim();
  if (!raw) return { hits: [], total: 0 };
  const lower = raw.toLowerCase();
  const scored: { n: TreeNode; s: number }[] = [];
  for (const n of nodes) {
    const s = score(n, raw, lower);
    if (s >= 0) scored.push({ n, s });
  }
  scored.sort(
    (a, b) =>
      a.s - b.s ||
      GRID_LEVELS.indexOf(a.n.level) - GRID_LEVELS.indexOf(b.n.level) ||
      (a.n.code < b.n.code ? -1 : 1),
  );
  return { hits: scored.slice(0, limit).map((x) => x.n), total: scored.length };
}
