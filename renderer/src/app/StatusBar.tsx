import type { ReactNode } from 'react';
import type { AppInfo } from '../../../shared/api/contract.ts';
import type { GridLevel } from '../../../shared/grid/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useRenderKind } from '../map/render-kind.ts';

interface Props {
  info: AppInfo;
  levels: readonly GridLevel[];
  connected: boolean;
}

export function StatusBar({ info, levels, connected }: Props): ReactNode {
  const { t, formatInteger } = useI18n();
  const store = info.store;
  const render = useRenderKind();
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className="status-item status-file">
        <span className="status-label">{t('status.dataFile')}</span>
        <span className="status-value mono" data-testid="status-datafile" title={store.dataFile}>
          {store.dataFile}
        </span>
      </span>
      {store.state === 'ready' && (
        <span className="status-item">
          <span className="status-label">{t('status.schema')}</span>
          <span className="status-value" data-testid="status-schema">
            {t('status.schemaValue', { version: store.schemaVersion })}
          </span>
        </span>
      )}
      <span className="status-item status-counts" data-testid="status-counts">
        {levels.map((l) => (
          <span key={l} className={`status-count level-${l}`} data-testid={`status-count-${l}`}>
            <span className={`level-dot level-${l}`} aria-hidden="true" />
            {t(`level.${l}`)} <strong>{formatInteger(info.counts[l])}</strong>
          </span>
        ))}
      </span>
      {!connected && (
        <span className="status-item status-warning" role="status">
          {t('status.connection.lost')}
        </span>
      )}
      {render.kind === 'software' && (
        <span
          className="status-item status-warning status-render"
          data-testid="status-render"
          title={t('status.render.softwareTitle', { renderer: render.renderer })}
        >
          {t('status.render.software')}
        </span>
      )}
      <span className="status-item status-host">
        {t(`status.host.${info.host}`)} · v{info.version}
      </span>
    </footer>
  );
}
