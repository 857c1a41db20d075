import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** What to do when nothing is selected, rather than a blank panel. */
export function EmptySelection(): ReactNode {
  const { t } = useI18n();
  return (
    <div className="empty-selection">
      <div className="empty-icon" aria-hidden="true">
        <svg viewBox="0 0 48 48" width="48" height="48">
          <path
            d="M6 10 L22 6 L42 12 L38 38 L18 42 L8 34 Z"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
          />
          <path
            d="M22 6 L20 24 L38 38 M20 24 L8 34"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.2"
            opacity="0.6"
          />
          <circle cx="27" cy="22" r="3" fill="currentColor" />
        </svg>
      </div>
      <h3>{t('attr.emptyTitle')}</h3>
      <p>{t('attr.emptyHint')}</p>
      <p className="muted">{t('attr.emptySearchHint')}</p>
    </div>
  );
}
