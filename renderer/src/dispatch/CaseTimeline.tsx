import type { ReactNode } from 'react';
import type { CaseHistoryRow } from '../../../shared/api/cases-contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { actionLabel, statusLabel } from './labels.ts';

/** Every step of the case, oldest first: what, who, when, why. */
interface Props {
  history: readonly CaseHistoryRow[];
  /** Department ids to names, where the case knows them. */
  names: ReadonlyMap<string, string>;
}

export function CaseTimeline({ history, names }: Props): ReactNode {
  const { t, locale, formatDateTime } = useI18n();
  return (
    <ol className="case-timeline" data-testid="case-timeline">
      {history.map((h, i) => {
        const status = h.after.status;
        const department = h.after.department;
        return (
          <li key={i} className="timeline-step" data-testid={`timeline-step-${i}`} data-action={h.action}>
            <div className="timeline-head">
              <b>{actionLabel(h.action, locale)}</b>
              {status && <span className={`tag status-${status}`}>{statusLabel(status, locale)}</span>}
              <span className="muted timeline-when">{formatDateTime(h.at)}</span>
            </div>
            <div className="timeline-who">{t('timeline.by', { name: h.actor.name })}</div>
            {h.reason && (
              <div className="timeline-why">
                {t(h.action === 'feedback' ? 'timeline.result' : 'timeline.reason', { text: h.reason })}
              </div>
            )}
            {department && h.action !== 'report' && (
              <div className="muted">
                {t('timeline.department', { name: names.get(department) ?? department })}
              </div>
            )}
            {h.note && <div className="muted">{t('timeline.note', { text: h.note })}</div>}
          </li>
        );
      })}
    </ol>
  );
}
