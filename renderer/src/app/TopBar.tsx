import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

export function TopBar({
  children,
  datasetName,
}: {
  children?: ReactNode;
  datasetName?: string | null;
}): ReactNode {
  const { t } = useI18n();
  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <svg viewBox="0 0 32 32" width="32" height="32">
            <rect
              x="3"
              y="3"
              width="26"
              height="26"
              rx="3"
              fill="none"
              stroke="currentColor"
              strokeWidth="2.2"
            />
            <path
              d="M3 13 H29 M13 3 V29 M21 13 V29 M13 21 H29"
              stroke="currentColor"
              strokeWidth="1.4"
              fill="none"
            />
          </svg>
        </span>
        <span className="brand-name">格治</span>
        <span className="brand-latin">GeZhi</span>
        <span className="brand-sub">{t('app.subtitle')}</span>
        {datasetName && <span className="dataset-name">{datasetName}</span>}
      </div>
      <div className="top-bar-tools">{children}</div>
    </header>
  );
}
