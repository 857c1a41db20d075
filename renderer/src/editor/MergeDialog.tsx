import { useState, type ReactNode } from 'react';
import type { DraftUnitFeature } from '../../../shared/api/drafts-contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Dialog } from './Dialog.tsx';

/** Merging keeps one unit's code and attributes; the planner says whose. */
export function MergeDialog({
  units,
  onClose,
  onMerge,
}: {
  units: DraftUnitFeature[];
  onClose(): void;
  onMerge(keep: string): void;
}): ReactNode {
  const { t } = useI18n();
  const [keep, setKeep] = useState(units[0]?.properties.code ?? '');
  return (
    <Dialog title={t('editor.merge.title')} testId="merge-dialog" onClose={onClose}>
      <fieldset className="ed-choices">
        <legend>{t('editor.merge.keep')}</legend>
        {units.map((u) => (
          <label key={u.properties.code}>
            <input
              type="radio"
              name="keep"
              checked={keep === u.properties.code}
              data-testid={`merge-keep-${u.properties.code}`}
              onChange={() => setKeep(u.properties.code)}
            />
            {u.properties.name} <span className="mono muted">{u.properties.code}</span>
          </label>
        ))}
      </fieldset>
      <p className="panel-note" data-testid="merge-note">
        {t('editor.merge.note')}
      </p>
      <div className="ed-actions">
        <button type="button" className="button quiet" onClick={onClose}>
          {t('editor.cancel')}
        </button>
        <button type="button" className="button" data-testid="merge-submit" onClick={() => onMerge(keep)}>
          {t('editor.merge.submit')}
        </button>
      </div>
    </Dialog>
  );
}
