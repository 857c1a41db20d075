import type { ReactNode } from 'react';
import type { GridLevel } from '../../../shared/grid/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { LayerVisibility } from '../settings/settings.ts';

interface Props {
  levels: readonly GridLevel[];
  visibility: LayerVisibility;
  onToggle(level: GridLevel): void;
}

export function LayerToggles({ levels, visibility, onToggle }: Props): ReactNode {
  const { t } = useI18n();
  return (
    <div className="layer-toggles" role="group" aria-label={t('layers.title')}>
      <span className="layer-toggles-title">{t('layers.title')}</span>
      {levels.map((l) => (
        <button
          key={l}
          type="button"
          className={`layer-toggle level-${l}${visibility[l] ? ' on' : ''}`}
          data-testid={`layer-toggle-${l}`}
          aria-pressed={visibility[l]}
          title={t('layers.toggleTitle', { level: t(`level.${l}`) })}
          onClick={() => onToggle(l)}
        >
          <span className={`level-swatch level-${l}`} aria-hidden="true" />
          {t(`level.${l}`)}
        </button>
      ))}
    </div>
  );
}
