import { useState, type ReactNode } from 'react';
import { useApi } from '../client/ClientProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Dialog } from './Dialog.tsx';
import { describeEditorError } from './editor-errors.ts';

export function DiscardDialog({
  edits,
  onClose,
  onDiscarded,
}: {
  edits: number;
  onClose(): void;
  onDiscarded(): void;
}): ReactNode {
  const api = useApi();
  const { t, locale } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const submit = (): void => {
    api
      .invoke('draft.discard', { confirm: true })
      .then(onDiscarded)
      .catch((e: unknown) => setError(describeEditorError(e, locale).message));
  };
  return (
    <Dialog title={t('editor.discard.title')} testId="discard-dialog" onClose={onClose}>
      <p>{t('editor.discard.text', { edits })}</p>
      {error && (
        <p className="ed-problem" role="alert">
          {error}
        </p>
      )}
      <div className="ed-actions">
        <button type="button" className="button quiet" autoFocus onClick={onClose}>
          {t('editor.cancel')}
        </button>
        <button type="button" className="button danger" data-testid="discard-submit" onClick={submit}>
          {t('editor.discard.submit')}
        </button>
      </div>
    </Dialog>
  );
}
