import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

interface Props {
  /** 'grid': nothing has arrived yet; 'tree': the map's geometry is in, the hierarchy is still coming. */
  stage: 'grid' | 'tree';
}

/**
 * The tree's place while the grid is still on its way (the map beside it is already starting). The
 * bar moves only when a step finishes: no animation, since in software rendering every animated frame
 * is drawn by the CPU that is loading the map (see render-kind.ts).
 */
export function TreeLoading({ stage }: Props): ReactNode {
  const { t } = useI18n();
  const done = stage === 'grid' ? 0 : 1;
  return (
    <aside className="panel tree-panel tree-loading" data-testid="tree-loading" data-stage={stage}>
      <div
        className="load-steps"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={2}
        aria-valuenow={done}
        aria-valuetext={t(`loading.${stage}`)}
      >
        <span className={`load-step${done >= 1 ? ' done' : ' current'}`} />
        <span className={`load-step${done >= 1 ? ' current' : ''}`} />
      </div>
      <p role="status">{t(`loading.${stage}`)}</p>
    </aside>
  );
}
