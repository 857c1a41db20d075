import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

export function LoadingScreen(): ReactNode {
  const { t } = useI18n();
  return (
    <main className="loading-screen" role="status">
      <div className="spinner" aria-hidden="true" />
      <p>{t('app.loading')}</p>
    </main>
  );
}
