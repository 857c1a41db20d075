import type { ReactNode } from 'react';
import type { GridLevel } from '../../../shared/grid/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { LayerVisibility } from '../settings/settings.ts';

interface Props {
  levels: readonly GridLevel[];
  visibility: LayerVisibility;
  /** Levels whose geometry is still on its way (a city's cells load after the first picture). */
  loading: readonly GridLevel[];
  onToggle(level: GridLevel): void;
}

export function LayerToggles({ levels, visibility, loading, onToggle }: Props): ReactNode {
  const { t } = useI18n();
  return (
    <div className="layer-toggles" role="group" aria-label={t('layers.title')}>
      <span className="layer-toggles-title">{t('layers.title')}</span>
      {levels.map((l) => {
        const busy = loading.includes(l);
        const title = t('layers.toggleTitle', { level: t(`level.${l}`) });
        return (
          <button
            key={l}
            type="button"
            className={`layer-toggle level-${l}${visibility[l] ? ' on' : ''}${busy ? ' loading' : ''}`}
            data-testid={`layer-toggle-${l}`}
            data-loading={busy || undefined}
            aria-pressed={visibility[l]}
            aria-busy={busy}
            title={busy ? `${title}（${t('layers.loading')}）` : title}
            onClick={() => onToggle(l)}
          >
            <span className={`level-swatch level-${l}`} aria-hidden="true" />
            {t(`level.${l}`)}
          </button>
        );
      })}
    </div>
  );
}
