import type { ReactNode } from 'react';
import type { TreeNode } from '../../../shared/api/contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { GridTree } from './grid-tree.ts';
import type { SearchOutcome } from './search-tree.ts';

interface Props {
  query: string;
  outcome: SearchOutcome;
  tree: GridTree;
  selectedCode: string | null;
  onSelect(code: string): void;
}

export function SearchResults({ query, outcome, tree, selectedCode, onSelect }: Props): ReactNode {
  const { t } = useI18n();
  const parentName = (n: TreeNode): string | null =>
    n.parentCode ? (tree.byCode.get(n.parentCode)?.name ?? null) : null;
  if (outcome.total === 0)
    return <p className="search-empty">{t('search.noResults', { query: query.trim() })}</p>;
  return (
    <div className="search-results" role="listbox" aria-label={t('search.results', { count: outcome.total })}>
      <div className="search-summary">{t('search.results', { count: outcome.total })}</div>
      {outcome.hits.map((n) => (
        <button
          type="button"
          key={n.code}
          role="option"
          aria-selected={n.code === selectedCode}
          className={`search-result level-${n.level}${n.code === selectedCode ? ' selected' : ''}`}
          data-testid={`search-result-${n.code}`}
          onClick={() => onSelect(n.code)}
        >
          <span className={`level-dot level-${n.level}`} aria-hidden="true" />
          <span className="search-result-name">{n.name}</span>
          <span className="search-result-meta">
            {t(`level.${n.level}`)}
            {parentName(n) ? ` · ${parentName(n)}` : ''}
          </span>
          <span className="search-result-code">{n.code}</span>
        </button>
      ))}
      {outcome.total > outcome.hits.length && (
        <p className="search-more">{t('search.more', { count: outcome.hits.length })}</p>
      )}
    </div>
  );
}
