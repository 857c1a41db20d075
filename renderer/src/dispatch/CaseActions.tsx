import { useState, type ReactNode } from 'react';
import type { AttachmentInfo, CaseActionInput, CaseDetail } from '../../../shared/api/cases-contract.ts';
import { AttachmentPicker } from './AttachmentPicker.tsx';
import type { CaseActionType } from '../../../shared/cases/types.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ACTION_FIELDS, buildAction, NO_ANSWERS } from './action-inputs.ts';
import { ActionForm } from './ActionForm.tsx';
import { actionLabel, caseErrorText } from './labels.ts';

interface Props {
  c: CaseDetail;
  act(action: CaseActionInput): Promise<CaseDetail>;
}

/** One button per action the case's state allows; those that need a reason open a small form first. */
export function CaseActions({ c, act }: Props): ReactNode {
  const { t, locale } = useI18n();
  const [asking, setAsking] = useState<CaseActionType | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = useState<AttachmentInfo[]>([]);

  const send = (input: CaseActionInput): void => {
    setBusy(true);
    setMessage(null);
    const action = pending.length ? { ...input, attachments: pending.map((a) => a.id) } : input;
    act(action).then(
      () => {
        setBusy(false);
        setAsking(null);
        setPending([]);
        setMessage({ ok: true, text: t('action.done', { action: actionLabel(action.type, locale) }) });
      },
      (e: unknown) => {
        setBusy(false);
        setMessage({
          ok: false,
          text: t('action.failed', { message: caseErrorText(errorBodyOf(e), locale) }),
        });
      },
    );
  };

  const start = (type: CaseActionType): void => {
    setMessage(null);
    if (ACTION_FIELDS[type].length === 0) send(buildAction(type, NO_ANSWERS));
    else setAsking(type);
  };

  return (
    <section className="case-actions" data-testid="case-actions">
      {c.allowedActions.length === 0 && <p className="panel-note">{t('detail.noActions')}</p>}
      {c.allowedActions.includes('dispatch') && c.suggestion && (
        <button
          type="button"
          className="button primary"
          data-testid="dispatch-suggested"
          disabled={busy}
          onClick={() => send({ type: 'dispatch', department: c.suggestion!.departmentId })}
        >
          {t('detail.dispatchSuggested')} · {c.suggestion.name}
        </button>
      )}
      <div className="action-buttons">
        {c.allowedActions.map((a) => (
          <button
            key={a}
            type="button"
            className={`button${asking === a ? '' : ' quiet'}`}
            data-testid={`case-action-${a}`}
            disabled={busy}
            onClick={() => start(a)}
          >
            {actionLabel(a, locale)}
          </button>
        ))}
      </div>
      {asking && (
        <ActionForm
          key={`${c.id}-${asking}`}
          type={asking}
          c={c}
          busy={busy}
          onSubmit={send}
          onCancel={() => setAsking(null)}
        />
      )}
      {c.allowedActions.length > 0 && (
        <AttachmentPicker caseId={c.id} pending={pending} onPending={setPending} />
      )}
      {message && (
        <p
          className={`panel-note${message.ok ? ' ok' : ' error'}`}
          role={message.ok ? 'status' : 'alert'}
          data-testid={message.ok ? 'action-message' : 'action-error'}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
