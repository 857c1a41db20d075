/** The hierarchy built client-side from grid.tree's flat list: lookups, ancestry, visible rows, counts. */
import type { TreeNode } from '../../../shared/api/contract.ts';
import { GRID_LEVELS, type GridLevel } from '../../../shared/grid/types.ts';

export interface GridTree {
  byCode: ReadonlyMap<string, TreeNode>;
  /** Children by parent code, in code order. */
  children: ReadonlyMap<string, readonly TreeNode[]>;
  /** Nodes whose parent is absent (the district, or the city in city-scale data). */
  roots: readonly TreeNode[];
  counts: Readonly<Record<GridLevel, number>>;
}

const byCode = (a: TreeNode, b: TreeNode): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

export function buildTree(nodes: readonly TreeNode[]): GridTree {
  const index = new Map<string, TreeNode>();
  for (const n of nodes) index.set(n.code, n);
  const children = new Map<string, TreeNode[]>();
  const roots: TreeNode[] = [];
  const counts: Record<GridLevel, number> = { city: 0, district: 0, town: 0, community: 0, cell: 0 };
  for (const n of nodes) {
    counts[n.level]++;
    if (n.parentCode && index.has(n.parentCode)) {
      const list = children.get(n.parentCode);
      if (list) list.push(n);
      else children.set(n.parentCode, [n]);
    } else roots.push(n);
  }
  for (const list of children.values()) list.sort(byCode);
  roots.sort((a, b) => GRID_LEVELS.indexOf(a.level) - GRID_LEVELS.indexOf(b.level) || byCode(a, b));
  return { byCode: index, children, roots, counts };
}

/** Codes from the root down to the unit's parent (the unit itself excluded). */
export function ancestorCodes(tree: GridTree, code: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let parent = tree.byCode.get(code)?.parentCode ?? null;
  while (parent && tree.byCode.has(parent) && !seen.has(parent)) {
    seen.add(parent);
    out.unshift(parent);
    parent = tree.byCode.get(parent)?.parentCode ?? null;
  }
  return out;
}

export interface TreeRow {
  node: TreeNode;
  depth: number;
  expanded: boolean;
  hasChildren: boolean;
}

/** The rows a person sees: roots, and the children of every expanded row, depth first. */
export function visibleRows(tree: GridTree, expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (nodes: readonly TreeNode[], depth: number): void => {
    for (const node of nodes) {
      const kids = tree.children.get(node.code) ?? [];
      const open = expanded.has(node.code);
      rows.push({ node, depth, expanded: open && kids.length > 0, hasChildren: kids.length > 0 });
      if (open) walk(kids, depth + 1);
    }
  };
  walk(tree.roots, 0);
  return rows;
}

/** Levels that exist in this data set, coarse to fine. */
export function presentLevels(tree: GridTree): GridLevel[] {
  return GRID_LEVELS.filter((l) => tree.counts[l] > 0);
}
