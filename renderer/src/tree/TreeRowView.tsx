import { memo, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { TreeRow } from './grid-tree.ts';

interface Props {
  row: TreeRow;
  selected: boolean;
  onSelect(code: string): void;
  onToggle(code: string): void;
}

export const TreeRowView = memo(function TreeRowView({
  row,
  selected,
  onSelect,
  onToggle,
}: Props): ReactNode {
  const { t, formatInteger } = useI18n();
  const { node, depth, expanded, hasChildren } = row;
  return (
    <div
      className={`tree-row level-${node.level}${selected ? ' selected' : ''}`}
      data-testid={`tree-node-${node.code}`}
      role="treeitem"
      aria-level={depth + 1}
      aria-selected={selected}
      aria-expanded={hasChildren ? expanded : undefined}
      style={{ paddingLeft: `${0.5 + depth * 1.1}rem` }}
      tabIndex={0}
      onClick={() => onSelect(node.code)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(node.code);
        } else if (
          hasChildren &&
          ((e.key === 'ArrowRight' && !expanded) || (e.key === 'ArrowLeft' && expanded))
        ) {
          e.preventDefault();
          onToggle(node.code);
        }
      }}
    >
      {hasChildren ? (
        <button
          type="button"
          className={`tree-expander${expanded ? ' open' : ''}`}
          data-testid={`tree-expander-${node.code}`}
          aria-label={expanded ? t('tree.collapse') : t('tree.expand')}
          title={expanded ? t('tree.collapse') : t('tree.expand')}
          onClick={(e) => {
            e.stopPropagation();
            onToggle(node.code);
          }}
        >
          ▸
        </button>
      ) : (
        <span className="tree-expander-space" />
      )}
      <span className={`level-dot level-${node.level}`} aria-hidden="true" />
      <span className="tree-name">{node.name}</span>
      {hasChildren && (
        <span className="tree-count" title={t('tree.childCount', { count: node.childCount })}>
          {formatInteger(node.childCount)}
        </span>
      )}
    </div>
  );
});
