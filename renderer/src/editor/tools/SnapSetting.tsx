import type { ReactNode } from 'react';
import { SNAP_TOLERANCE_RANGE } from '../../../../shared/editor/snap.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import './tools.css';

/** The snapping tolerance in screen pixels, in the toolbar. */
export function SnapSetting({ value, onChange }: { value: number; onChange(px: number): void }): ReactNode {
  const { t } = useI18n();
  return (
    <label className="ed-snap-setting" title={t('editor.snap.title')}>
      {t('editor.snap.label')}
      <input
        type="number"
        min={SNAP_TOLERANCE_RANGE.min}
        max={SNAP_TOLERANCE_RANGE.max}
        step={1}
        value={value}
        data-testid="editor-snap-px"
        onChange={(e) => onChange(Number(e.target.value))}
      />
      {t('editor.snap.px')}
    </label>
  );
}
