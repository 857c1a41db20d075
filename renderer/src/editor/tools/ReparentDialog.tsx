import { useState, type ReactNode } from 'react';
import type { DraftUnitFeature } from '../../../../shared/api/drafts-contract.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Dialog } from '../Dialog.tsx';

/** Moving a cell to a neighbouring community: the planner picks which; the code follows it. */
export function ReparentDialog({
  cell,
  communities,
  onClose,
  onMove,
}: {
  cell: DraftUnitFeature;
  communities: DraftUnitFeature[];
  onClose(): void;
  onMove(parent: string): void;
}): ReactNode {
  const { t } = useI18n();
  const [parent, setParent] = useState(communities[0]?.properties.code ?? '');
  return (
    <Dialog
      title={t('editor.reparent.title', { name: cell.properties.name })}
      testId="reparent-dialog"
      onClose={onClose}
    >
      {communities.length === 0 ? (
        <p className="panel-note">{t('editor.reparent.none')}</p>
      ) : (
        <fieldset className="ed-choices">
          <legend>{t('editor.reparent.pick')}</legend>
          {communities.map((c) => (
            <label key={c.properties.code}>
              <input
                type="radio"
                name="parent"
                checked={parent === c.properties.code}
                data-testid={`reparent-to-${c.properties.code}`}
                onChange={() => setParent(c.properties.code)}
              />
              {c.properties.name} <span className="mono muted">{c.properties.code}</span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="ed-actions">
        <button type="button" className="button quiet" onClick={onClose}>
          {t('editor.cancel')}
        </button>
        <button
          type="button"
          className="button"
          data-testid="reparent-submit"
          disabled={!parent}
          onClick={() => onMove(parent)}
        >
          {t('editor.reparent.submit')}
        </button>
      </div>
    </Dialog>
  );
}
