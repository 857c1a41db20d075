import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** Shown for the moment before the backend has answered; static (see render-kind.ts on animations). */
export function LoadingScreen(): ReactNode {
  const { t } = useI18n();
  return (
    <main className="loading-screen" role="status">
      <div className="load-steps" aria-hidden="true">
        <span className="load-step current" />
      </div>
      <p>{t('app.loading')}</p>
    </main>
  );
}
