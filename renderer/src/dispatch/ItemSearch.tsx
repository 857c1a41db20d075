import { useEffect, useState, type ReactNode } from 'react';
import type { ItemTypeInfo } from '../../../shared/api/cases-contract.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LevelBadge } from './LevelBadge.tsx';

interface Props {
  chosen: ItemTypeInfo | null;
  onChoose(item: ItemTypeInfo | null): void;
}

/** Item types by name, code or pinyin initials, as the person types (catalogue.search). */
export function ItemSearch({ chosen, onChoose }: Props): ReactNode {
  const api = useApi();
  const { t, locale } = useI18n();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<ItemTypeInfo[] | null>(null);

  useEffect(() => {
    const q = query.trim();
    if (!q) return;
    let stale = false;
    const timer = setTimeout(() => {
      api.invoke('catalogue.search', { query: q, limit: 12 }).then(
        (r) => !stale && setHits(r),
        () => !stale && setHits([]),
      );
    }, 120);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [api, query]);

  if (chosen)
    return (
      <div className="item-chosen" data-testid="item-chosen">
        <LevelBadge level={chosen.level} />
        <span>
          <span className="mono">{chosen.code}</span>{' '}
          {locale === 'en' && chosen.nameEn ? chosen.nameEn : chosen.name}
        </span>
        <button type="button" className="link" onClick={() => onChoose(null)}>
          ✕
        </button>
      </div>
    );
  return (
    <div className="item-search">
      <input
        data-testid="item-search"
        value={query}
        placeholder={t('newCase.itemPlaceholder')}
        onChange={(e) => {
          setQuery(e.target.value);
          if (!e.target.value.trim()) setHits(null);
        }}
      />
      {query.trim() && hits && (
        <ul className="item-hits" role="listbox">
          {hits.length === 0 && <li className="muted">{t('newCase.itemNone')}</li>}
          {hits.map((h) => (
            <li key={h.code}>
              <button
                type="button"
                data-testid={`item-hit-${h.code}`}
                onClick={() => {
                  onChoose(h);
                  setQuery('');
                  setHits(null);
                }}
              >
                <LevelBadge level={h.level} />
                <span className="mono">{h.code}</span>
                <span>{locale === 'en' && h.nameEn ? h.nameEn : h.name}</span>
                <span className="muted">{h.categoryName}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
