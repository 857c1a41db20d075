import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** Our own zoom/home buttons rather than MapLibre's controls, so their titles follow the UI language. */
export function MapButtons(props: { onZoomIn(): void; onZoomOut(): void; onHome(): void }): ReactNode {
  const { t } = useI18n();
  return (
    <div className="map-buttons">
      <button type="button" title={t('map.zoomIn')} aria-label={t('map.zoomIn')} onClick={props.onZoomIn}>
        +
      </button>
      <button type="button" title={t('map.zoomOut')} aria-label={t('map.zoomOut')} onClick={props.onZoomOut}>
        −
      </button>
      <button type="button" title={t('map.resetView')} aria-label={t('map.resetView')} onClick={props.onHome}>
        ⌂
      </button>
    </div>
  );
}
