import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

export type WorkMode = 'operator' | 'planner';

/** Operations (the live grid and cases) or planning (the draft editor): one click apart. */
export function ModeSwitch({ mode, onChange }: { mode: WorkMode; onChange(m: WorkMode): void }): ReactNode {
  const { t } = useI18n();
  return (
    <div className="mode-switch" role="group" aria-label={t('mode.title')} data-testid="mode-switch">
      {(['operator', 'planner'] as const).map((m) => (
        <button
          key={m}
          type="button"
          className={m === mode ? 'active' : ''}
          aria-pressed={m === mode}
          data-testid={`mode-${m}`}
          onClick={() => onChange(m)}
        >
          {t(m === 'operator' ? 'mode.operator' : 'mode.planner')}
        </button>
      ))}
    </div>
  );
}
