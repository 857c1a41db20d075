import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { DrillPanel } from './DrillPanel.tsx';
import { ImportDialog } from './ImportDialog.tsx';
import { useDrillStatus } from './use-drill-status.ts';
import './intake.css';

/** The top bar's intake buttons: 12345 import, and the drill (which shows when one is running). */
export function IntakeTools(): ReactNode {
  const { t } = useI18n();
  const [open, setOpen] = useState<'import' | 'drill' | null>(null);
  const [drill, setDrill] = useDrillStatus();
  return (
    <div className="intake-tools">
      <button type="button" className="lang-switch" onClick={() => setOpen('import')}>
        {t('intake.importButton')}
      </button>
      <button
        type="button"
        className={drill?.running ? 'lang-switch drill-running' : 'lang-switch'}
        aria-pressed={drill?.running ?? false}
        onClick={() => setOpen('drill')}
      >
        {drill?.running && <span className="drill-dot" aria-hidden="true" />}
        {t('drill.button')}
      </button>
      {open === 'import' && <ImportDialog onClose={() => setOpen(null)} />}
      {open === 'drill' && <DrillPanel status={drill} onStatus={setDrill} onClose={() => setOpen(null)} />}
    </div>
  );
}
