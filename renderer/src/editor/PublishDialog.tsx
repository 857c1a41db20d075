import { useState, type ReactNode } from 'react';
import type { VersionInfo } from '../../../shared/api/drafts-contract.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Dialog } from './Dialog.tsx';
import { describeEditorError, type EditorProblem } from './editor-errors.ts';

/** Asks why, publishes; a refusal by the coverage gate lists the errors that block it. */
export function PublishDialog({
  check,
  onClose,
  onPublished,
}: {
  /** The full coverage check run before publishing, shown above the reason. */
  check?: ReactNode;
  onClose(): void;
  onPublished(v: VersionInfo): void;
}): ReactNode {
  const api = useApi();
  const { t, locale } = useI18n();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<EditorProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (): void => {
    setBusy(true);
    setProblem(null);
    api
      .invoke('draft.publish', { reason })
      .then(onPublished)
      .catch((e: unknown) => setProblem(describeEditorError(e, locale)))
      .finally(() => setBusy(false));
  };
  return (
    <Dialog title={t('editor.publish.title')} testId="publish-dialog" onClose={onClose}>
      {check}
      <label className="ed-field">
        <span>{t('editor.publish.reason')}</span>
        <textarea
          value={reason}
          rows={3}
          autoFocus
          placeholder={t('editor.publish.reasonHint')}
          data-testid="publish-reason"
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      {problem && (
        <div className="ed-problem" role="alert" data-testid="publish-problem">
          <p>
            {problem.items.length
              ? t('editor.publish.blocked', { count: problem.items.length })
              : problem.message}
          </p>
          {problem.items.length > 0 && (
            <ul>
              {problem.items.slice(0, 20).map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="ed-actions">
        <button type="button" className="button quiet" onClick={onClose}>
          {t('editor.cancel')}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || reason.trim().length < 2}
          data-testid="publish-submit"
          onClick={submit}
        >
          {t('editor.publish.submit')}
        </button>
      </div>
    </Dialog>
  );
}
