import { useState, type ReactNode } from 'react';
import type { CaseActionInput, CaseDetail } from '../../../shared/api/cases-contract.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { caseErrorText } from './labels.ts';

interface Props {
  c: CaseDetail;
  act(action: CaseActionInput): Promise<CaseDetail>;
  dismiss(): Promise<CaseDetail>;
  onOpenCase(id: string): void;
}

/**
 * A possible duplicate: the operator looks at the original, then merges this case into it (this
 * one closes, referencing the original) or dismisses the flag. A merged case says where it went.
 */
export function DuplicateBox({ c, act, dismiss, onOpenCase }: Props): ReactNode {
  const { t, locale } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mergedInto = c.state.mergedInto ?? null;
  const original = c.possibleDuplicateOf;

  const run = (p: Promise<CaseDetail>): void => {
    setBusy(true);
    setError(null);
    p.then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false);
        setError(t('action.failed', { message: caseErrorText(errorBodyOf(e), locale) }));
      },
    );
  };

  const link = (id: string): ReactNode => (
    <button
      type="button"
      className="link mono"
      data-testid="duplicate-open-original"
      onClick={() => onOpenCase(id)}
    >
      {id}
    </button>
  );

  if (mergedInto)
    return (
      <p className="panel-note duplicate-box" data-testid="merged-into">
        {t('duplicate.mergedInto')} {link(mergedInto)}
      </p>
    );
  if (!original) return null;
  return (
    <section className="duplicate-box" data-testid="duplicate-box">
      <p>
        {t('duplicate.flagged')} {link(original)}
      </p>
      {c.canMerge && (
        <div className="action-buttons">
          <button
            type="button"
            className="button primary"
            data-testid="duplicate-merge"
            disabled={busy}
            onClick={() => run(act({ type: 'merge', into: original }))}
          >
            {t('duplicate.merge')}
          </button>
          <button
            type="button"
            className="button quiet"
            data-testid="duplicate-dismiss"
            disabled={busy}
            onClick={() => run(dismiss())}
          >
            {t('duplicate.dismiss')}
          </button>
        </div>
      )}
      {error && (
        <p className="panel-note error" role="alert" data-testid="duplicate-error">
          {error}
        </p>
      )}
    </section>
  );
}
