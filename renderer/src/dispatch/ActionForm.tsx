import { useState, type FormEvent, type ReactNode } from 'react';
import type { CaseActionInput, CaseDetail } from '../../../shared/api/cases-contract.ts';
import type { CaseActionType } from '../../../shared/cases/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import {
  ACTION_FIELDS,
  buildAction,
  departmentChoices,
  missingAnswer,
  type ActionAnswers,
} from './action-inputs.ts';
import { actionLabel } from './labels.ts';

interface Props {
  type: CaseActionType;
  c: CaseDetail;
  busy: boolean;
  onSubmit(action: CaseActionInput): void;
  onCancel(): void;
}

/** The reason, result or department an action needs, asked for before it is sent. */
export function ActionForm({ type, c, busy, onSubmit, onCancel }: Props): ReactNode {
  const { t, locale } = useI18n();
  const choices = departmentChoices(type, c);
  const [a, setA] = useState<ActionAnswers>({
    reason: '',
    result: '',
    department: choices[0]?.id ?? '',
    note: '',
  });
  const [problem, setProblem] = useState<string | null>(null);
  const fields = ACTION_FIELDS[type];

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const missing = missingAnswer(type, a);
    if (missing) return setProblem(t(missing));
    onSubmit(buildAction(type, a));
  };

  return (
    <form className="action-form" data-testid={`action-form-${type}`} onSubmit={submit}>
      {fields.includes('department') && (
        <label>
          <span>{t(type === 'dispatch' ? 'detail.dispatchTo' : 'action.department')}</span>
          <select
            data-testid="action-department"
            value={a.department}
            onChange={(e) => setA({ ...a, department: e.target.value })}
          >
            {choices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {fields.includes('reason') && (
        <label>
          <span>{t('action.reason')}</span>
          <textarea
            data-testid="action-reason"
            rows={2}
            value={a.reason}
            autoFocus
            onChange={(e) => setA({ ...a, reason: e.target.value })}
          />
        </label>
      )}
      {fields.includes('result') && (
        <label>
          <span>{t('action.result')}</span>
          <textarea
            data-testid="action-result"
            rows={2}
            value={a.result}
            autoFocus
            onChange={(e) => setA({ ...a, result: e.target.value })}
          />
        </label>
      )}
      <label>
        <span>{t('action.note')}</span>
        <input
          data-testid="action-note"
          value={a.note}
          onChange={(e) => setA({ ...a, note: e.target.value })}
        />
      </label>
      {problem && (
        <p className="panel-note error" role="alert" data-testid="action-problem">
          {problem}
        </p>
      )}
      <div className="form-buttons">
        <button type="submit" className="button" data-testid="action-confirm" disabled={busy}>
          {t('action.confirm', { action: actionLabel(type, locale) })}
        </button>
        <button type="button" className="button quiet" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
