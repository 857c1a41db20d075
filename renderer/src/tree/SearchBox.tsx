import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

export function SearchBox({ value, onChange }: { value: string; onChange(v: string): void }): ReactNode {
  const { t } = useI18n();
  return (
    <div className="search-box">
      <span className="search-icon" aria-hidden="true">
        ⌕
      </span>
      <input
        type="search"
        data-testid="search-input"
        value={value}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onChange('');
        }}
      />
      {value && (
        <button
          type="button"
          className="search-clear"
          title={t('search.clear')}
          aria-label={t('search.clear')}
          onClick={() => onChange('')}
        >
          ×
        </button>
      )}
    </div>
  );
}
