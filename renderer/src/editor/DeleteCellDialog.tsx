import { useState, type ReactNode } from 'react';
import type { DraftUnitFeature } from '../../../shared/api/drafts-contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Dialog } from './Dialog.tsx';

const GAP = '';

/** A deleted cell's area goes to a neighbour, or is left as a gap the coverage check will report. */
export function DeleteCellDialog({
  cell,
  neighbours,
  onClose,
  onDelete,
}: {
  cell: DraftUnitFeature;
  neighbours: DraftUnitFeature[];
  onClose(): void;
  onDelete(giveTo: string | null): void;
}): ReactNode {
  const { t } = useI18n();
  const [giveTo, setGiveTo] = useState(neighbours[0]?.properties.code ?? GAP);
  return (
    <Dialog
      title={t('editor.delete.title', { name: cell.properties.name })}
      testId="delete-dialog"
      onClose={onClose}
    >
      <fieldset className="ed-choices">
        <legend>{t('editor.delete.giveTo')}</legend>
        {neighbours.map((u) => (
          <label key={u.properties.code}>
            <input
              type="radio"
              name="giveTo"
              checked={giveTo === u.properties.code}
              data-testid={`delete-give-${u.properties.code}`}
              onChange={() => setGiveTo(u.properties.code)}
            />
            {u.properties.name} <span className="mono muted">{u.properties.code}</span>
          </label>
        ))}
        <label>
          <input
            type="radio"
            name="giveTo"
            checked={giveTo === GAP}
            data-testid="delete-leave-gap"
            onChange={() => setGiveTo(GAP)}
          />
          {t('editor.delete.gap')}
        </label>
      </fieldset>
      <div className="ed-actions">
        <button type="button" className="button quiet" onClick={onClose}>
          {t('editor.cancel')}
        </button>
        <button
          type="button"
          className="button danger"
          data-testid="delete-submit"
          onClick={() => onDelete(giveTo === GAP ? null : giveTo)}
        >
          {t('editor.delete.submit')}
        </button>
      </div>
    </Dialog>
  );
}
