import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** The top bar's switch for the heatmap and choropleth layer. */
export function HeatToggle({ on, onToggle }: { on: boolean; onToggle(): void }): ReactNode {
  const { t } = useI18n();
  return (
    <button
      type="button"
      className={`layer-toggle heat-toggle${on ? ' on' : ''}`}
      data-testid="heat-toggle"
      aria-pressed={on}
      title={t('heat.toggleTitle')}
      onClick={onToggle}
    >
      <span className="heat-toggle-swatch" aria-hidden="true" />
      {t('heat.toggle')}
    </button>
  );
}
