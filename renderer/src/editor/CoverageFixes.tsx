/**
 * What the planner can do about the selected finding: the fixes it offers (each with the unit that
 * takes the gap or gives up the overlap, the default pre-chosen), or, for a warning, accepting it
 * as an exception with a reason. A fix is one edit: Ctrl+Z takes it back.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { CoverageException, FixChoice } from '../../../shared/api/coverage-contract.ts';
import type { Acceptance } from '../../../shared/coverage/acceptance.ts';
import type { Defect } from '../../../shared/coverage/types.ts';
import { COVERAGE_MESSAGES, formatMessage, type MessageKey } from '../../../shared/coverage/messages.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { useApi } from '../client/ClientProvider.tsx';
import type { Locale } from '../i18n/i18n.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { describeEditorError } from './editor-errors.ts';
import type { DraftHandle } from './use-draft.ts';

export function describeCoverageError(e: unknown, locale: Locale): string {
  const details = errorBodyOf(e).details ?? {};
  const key = details.key;
  if (typeof key === 'string' && Object.prototype.hasOwnProperty.call(COVERAGE_MESSAGES, key))
    return formatMessage(key as MessageKey, details as Record<string, string | number>, locale);
  return describeEditorError(e, locale).message;
}

/** The backend's id for a finding the worker reported: the same id, or the same rule and units nearest by. */
export function backendDefectId(d: Defect, backend: readonly Defect[]): string {
  if (backend.some((b) => b.id === d.id)) return d.id;
  const key = (x: Defect): string => `${x.rule}|${x.codes.join('+')}`;
  const same = backend.filter((b) => key(b) === key(d));
  const dist = (b: Defect): number =>
    b.location && d.location ? Math.hypot(b.location[0] - d.location[0], b.location[1] - d.location[1]) : 0;
  return same.sort((a, b) => dist(a) - dist(b))[0]?.id ?? d.id;
}

export function CoverageFixes({
  defect,
  backendDefects,
  acceptance,
  draft,
  onDone,
}: {
  defect: Defect;
  backendDefects: readonly Defect[];
  acceptance: Acceptance<CoverageException> | undefined;
  draft: Pick<DraftHandle, 'fix' | 'setState' | 'busy'>;
  onDone(message: string): void;
}): ReactNode {
  const api = useApi();
  const { t, locale, formatInteger, formatDateTime } = useI18n();
  const [fixes, setFixes] = useState<FixChoice[] | null>(null);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const id = backendDefectId(defect, backendDefects);
  const fixable = defect.rule === 'gap' || defect.rule === 'overlap';
  const exception = acceptance?.exception;
  const changed = acceptance?.changed ?? null;
  const warning = defect.severity === 'warning' && !defect.belowTolerance;

  useEffect(() => {
    setFixes(null);
    setProblem(null);
    setChoice({});
    if (!fixable) return;
    let live = true;
    api
      .invoke('draft.fixOptions', { defectId: id })
      .then((r) => live && setFixes(r.fixes))
      .catch((e: unknown) => live && setProblem(describeCoverageError(e, locale)));
    return () => {
      live = false;
    };
  }, [api, id, fixable, locale]);

  const apply = (f: FixChoice): void => {
    setProblem(null);
    const picked = choice[f.kind] ?? f.target ?? undefined;
    draft
      .fix({ defectId: id, kind: f.kind, ...(picked && picked !== f.target ? { choice: picked } : {}) })
      .then(() => onDone(t('coverage.fix.done')))
      .catch((e: unknown) => setProblem(describeCoverageError(e, locale)));
  };
  const accept = (): void => {
    setProblem(null);
    api
      .invoke('draft.acceptDefect', { defectId: id, reason })
      .then((s) => {
        draft.setState(s);
        setReason('');
      })
      .catch((e: unknown) => setProblem(describeCoverageError(e, locale)));
  };
  const withdraw = (): void => {
    api
      .invoke('draft.withdrawAcceptance', { defectId: id })
      .then((s) => draft.setState(s))
      .catch((e: unknown) => setProblem(describeCoverageError(e, locale)));
  };

  const usable = (fixes ?? []).filter((f) => !f.refusal);
  const formatArea = (m2: number): string => (m2 < 10 ? m2.toFixed(2) : formatInteger(Math.round(m2)));
  return (
    <div className="ed-fixes" data-testid="coverage-fixes">
      <h3>{t('coverage.selected')}</h3>
      <p className="ed-fix-msg">{formatMessage(defect.messageKey, defect.messageParams, locale)}</p>
      {fixable && !fixes && !problem && <p className="panel-note">{t('coverage.fix.loading')}</p>}
      {fixes && usable.length === 0 && <p className="panel-note">{t('coverage.fix.none')}</p>}
      {usable.map((f) => (
        <div key={f.kind} className="ed-fix" data-testid={`coverage-fix-${f.kind}`}>
          <span className="ed-fix-label">
            {f.kind === 'snap'
              ? t('coverage.fix.snapHint', { code: f.target ?? '' })
              : t(f.kind === 'gap' ? 'coverage.fix.gap' : 'coverage.fix.overlap')}
          </span>
          {f.kind !== 'snap' && (
            <select
              value={choice[f.kind] ?? f.target ?? ''}
              data-testid={`coverage-fix-choice-${f.kind}`}
              onChange={(e) => setChoice({ ...choice, [f.kind]: e.target.value })}
            >
              {f.options.map((o) => (
                <option key={o.code} value={o.code}>
                  {t('coverage.fix.option', {
                    name: o.name,
                    code: o.code,
                    border: formatInteger(Math.round(o.borderM)),
                  })}
                  {o.code === f.target ? ` · ${t('coverage.fix.default')}` : ''}
                </option>
              ))}
            </select>
          )}
          <button
            type="button"
            className="button"
            disabled={draft.busy}
            data-testid={`coverage-fix-apply-${f.kind}`}
            onClick={() => apply(f)}
          >
            {f.kind === 'snap' ? t('coverage.fix.snap') : t('coverage.fix.apply')}
          </button>
        </div>
      ))}
      {defect.severity === 'error' && !defect.belowTolerance && (
        <p className="panel-note">{t('coverage.accept.errorsCannot')}</p>
      )}
      {warning && exception && (
        <div className={`ed-accepted${changed ? ' changed' : ''}`} data-testid="coverage-accepted-note">
          <p>
            {t('coverage.acceptedBy', {
              name: exception.by.name,
              at: formatDateTime(exception.at),
              reason: exception.reason,
            })}
          </p>
          {changed && (
            <p className="ed-problem" data-testid="coverage-accepted-change">
              {[
                changed.areaThen !== null && Math.abs(changed.areaNow - changed.areaThen) > 0
                  ? t('coverage.changed.area', {
                      before: formatArea(changed.areaThen),
                      after: formatArea(changed.areaNow),
                    })
                  : null,
                changed.movedM > 1
                  ? t('coverage.changed.moved', { moved: Math.round(changed.movedM) })
                  : null,
              ]
                .filter(Boolean)
                .join(t('coverage.changed.sep'))}
            </p>
          )}
          <button type="button" className="link" data-testid="coverage-withdraw" onClick={withdraw}>
            {t('coverage.accept.withdraw')}
          </button>
        </div>
      )}
      {warning && (!exception || changed) && (
        <div className="ed-accept">
          <label className="ed-field">
            <span>{t('coverage.accept.reason')}</span>
            <input
              value={reason}
              data-testid="coverage-accept-reason"
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          <button
            type="button"
            className="button quiet"
            disabled={reason.trim().length < 2}
            data-testid="coverage-accept"
            onClick={accept}
          >
            {t(changed ? 'coverage.accept.again' : 'coverage.accept.title')}
          </button>
        </div>
      )}
      {problem && (
        <p className="ed-problem" role="alert" data-testid="coverage-fix-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
