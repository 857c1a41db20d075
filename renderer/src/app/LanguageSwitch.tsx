import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** Shows the other language's name, in that language, so a person who cannot read this one finds it. */
export function LanguageSwitch({ onToggle }: { onToggle(): void }): ReactNode {
  const { t } = useI18n();
  return (
    <button
      type="button"
      className="lang-switch"
      data-testid="lang-switch"
      title={t('lang.switchTitle')}
      onClick={onToggle}
    >
      <span aria-hidden="true">文/A</span> {t('lang.switch')}
    </button>
  );
}
