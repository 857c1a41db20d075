import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { TreeNode } from '../../../shared/api/contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ancestorCodes, presentLevels, visibleRows, type GridTree } from './grid-tree.ts';
import { LevelCounts } from './LevelCounts.tsx';
import { SearchBox } from './SearchBox.tsx';
import { SearchResults } from './SearchResults.tsx';
import { searchTree } from './search-tree.ts';
import { TreeRowView } from './TreeRowView.tsx';

interface Props {
  nodes: readonly TreeNode[];
  tree: GridTree;
  selectedCode: string | null;
  onSelect(code: string): void;
}

/** Roots open from the start, so the towns are visible at a glance. */
function initialExpanded(tree: GridTree): Set<string> {
  return new Set(tree.roots.map((r) => r.code));
}

export function TreePanel({ nodes, tree, selectedCode, onSelect }: Props): ReactNode {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [expanded, setExpanded] = useState<Set<string>>(() => initialExpanded(tree));
  const listRef = useRef<HTMLDivElement>(null);

  // A unit selected elsewhere (map, search) is revealed: its ancestors open and its row scrolled to.
  useEffect(() => {
    if (!selectedCode) return;
    const up = ancestorCodes(tree, selectedCode);
    setExpanded((prev) => (up.every((c) => prev.has(c)) ? prev : new Set([...prev, ...up])));
  }, [selectedCode, tree]);
  useEffect(() => {
    if (!selectedCode || query) return;
    const row = listRef.current?.querySelector(`[data-testid="tree-node-${selectedCode}"]`);
    row?.scrollIntoView({ block: 'nearest' });
  }, [selectedCode, expanded, query]);

  const toggle = useCallback((code: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });
  }, []);

  const rows = useMemo(() => visibleRows(tree, expanded), [tree, expanded]);
  const outcome = useMemo(() => searchTree(nodes, deferredQuery), [nodes, deferredQuery]);

  return (
    <aside className="panel tree-panel">
      <SearchBox value={query} onChange={setQuery} />
      <LevelCounts levels={presentLevels(tree)} counts={tree.counts} />
      {deferredQuery.trim() ? (
        <SearchResults
          query={deferredQuery}
          outcome={outcome}
          tree={tree}
          selectedCode={selectedCode}
          onSelect={onSelect}
        />
      ) : (
        <>
          <h2 className="panel-title">{t('tree.title')}</h2>
          <div className="tree" data-testid="tree" role="tree" aria-label={t('tree.title')} ref={listRef}>
            {rows.length === 0 && <p className="tree-empty">{t('tree.empty')}</p>}
            {rows.map((row) => (
              <TreeRowView
                key={row.node.code}
                row={row}
                selected={row.node.code === selectedCode}
                onSelect={onSelect}
                onToggle={toggle}
              />
            ))}
          </div>
        </>
      )}
    </aside>
  );
}
