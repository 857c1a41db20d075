import type { ReactNode } from 'react';
import type { DrawMode } from '../../../../shared/editor/types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';

/** Where a new cell's area comes from, said plainly while the planner draws it. */
export function DrawModeChoice({
  mode,
  onChange,
}: {
  mode: DrawMode;
  onChange(m: DrawMode): void;
}): ReactNode {
  const { t } = useI18n();
  return (
    <fieldset className="ed-draw-mode" data-testid="draw-mode">
      <legend>{t('editor.draw.modeTitle')}</legend>
      {(['take', 'uncovered'] as const).map((m) => (
        <label key={m} title={t(m === 'take' ? 'editor.draw.takeHint' : 'editor.draw.uncoveredHint')}>
          <input
            type="radio"
            name="draw-mode"
            checked={mode === m}
            data-testid={`draw-mode-${m}`}
            onChange={() => onChange(m)}
          />
          {t(m === 'take' ? 'editor.draw.take' : 'editor.draw.uncovered')}
        </label>
      ))}
      <span className="muted" data-testid="draw-mode-hint">
        {t(mode === 'take' ? 'editor.draw.takeHint' : 'editor.draw.uncoveredHint')}
      </span>
    </fieldset>
  );
}
