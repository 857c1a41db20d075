import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** The tree's place while the grid is still on its way (the map beside it is already starting). */
export function TreeLoading(): ReactNode {
  const { t } = useI18n();
  return (
    <aside className="panel tree-panel tree-loading" role="status" data-testid="tree-loading">
      <div className="spinner" aria-hidden="true" />
      <p>{t('app.loading')}</p>
    </aside>
  );
}
