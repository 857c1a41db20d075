import type { ReactNode } from 'react';
import type { CaseActionInput, CaseDetail } from '../../../shared/api/cases-contract.ts';
import type { RequestOf } from '../../../shared/api/contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { channelLabel } from './channel-label.ts';
import { CaseActions } from './CaseActions.tsx';
import { CaseAttachments } from './CaseAttachments.tsx';
import { CaseTimeline } from './CaseTimeline.tsx';
import { DuplicateBox } from './DuplicateBox.tsx';
import { LocateBox } from './LocateBox.tsx';
import { Countdown } from './Countdown.tsx';
import type { DetailLoad } from './use-case-detail.ts';
import { caseErrorText, statusLabel } from './labels.ts';
import { LevelBadge } from './LevelBadge.tsx';
import { placeText } from './place.ts';

interface Props {
  load: DetailLoad;
  backendNow: number;
  act(action: CaseActionInput): Promise<CaseDetail>;
  /** Manual location and the duplicate flag (see LocateBox, DuplicateBox). */
  fix: CaseFixes;
  onLocate(c: CaseDetail): void;
  onClose(): void;
}

export interface CaseFixes {
  locating: boolean;
  onLocating(on: boolean): void;
  picked: { lon: number; lat: number; seq: number } | null;
  locate(p: Omit<RequestOf<'cases.locate'>, 'id' | 'actor'>): Promise<CaseDetail>;
  dismissDuplicate(): Promise<CaseDetail>;
  onOpenCase(id: string): void;
}

export function CaseDetailView({ load, backendNow, act, fix, onLocate, onClose }: Props): ReactNode {
  const { t, locale } = useI18n();
  return (
    <section className="case-detail" data-testid="case-detail" aria-live="polite">
      <div className="detail-bar">
        <button type="button" className="link" data-testid="case-detail-close" onClick={onClose}>
          ← {t('detail.back')}
        </button>
        {load.state === 'ready' && (
          <button type="button" className="link" data-testid="case-locate" onClick={() => onLocate(load.c)}>
            ◎ {t('detail.locate')}
          </button>
        )}
      </div>
      {load.state === 'loading' && <p className="panel-note">{t('detail.loading')}</p>}
      {load.state === 'error' && (
        <p className="panel-note error" role="alert">
          {caseErrorText(load.error, locale)}
        </p>
      )}
      {load.state === 'ready' && <DetailBody c={load.c} backendNow={backendNow} act={act} fix={fix} />}
    </section>
  );
}

function DetailBody({
  c,
  backendNow,
  act,
  fix,
}: {
  c: CaseDetail;
  backendNow: number;
  act(action: CaseActionInput): Promise<CaseDetail>;
  fix: CaseFixes;
}): ReactNode {
  const closed = c.status === 'closed' || c.status === 'archived' || c.status === 'voided';
  const { t, locale, formatDateTime } = useI18n();
  return (
    <div className="detail-body" data-case-id={c.id} data-status={c.status}>
      <h3 className="detail-title">
        <LevelBadge level={c.level} />
        <span>{c.itemName ?? t('case.noItem')}</span>
        <span className={`tag status-${c.status}`} data-testid="case-status">
          {statusLabel(c.status, locale)}
        </span>
      </h3>
      <div className="detail-id mono muted">
        {c.id}
        {c.simulated && <span className="tag tag-sim">{t('case.simulated')}</span>}
      </div>
      <dl className="detail-facts">
        <dt>{t('detail.place')}</dt>
        <dd data-testid="case-place">
          {c.outsideDistrict ? <span className="tag tag-outside">{t('case.outside')}</span> : placeText(c)}
          {!closed && !fix.locating && (
            <button
              type="button"
              className={`link${c.outsideDistrict ? ' strong' : ''}`}
              data-testid="case-locate-manual"
              onClick={() => fix.onLocating(true)}
            >
              {c.outsideDistrict ? t('locate.start') : t('locate.again')}
            </button>
          )}
        </dd>
        <dt>{t('detail.coords')}</dt>
        <dd className="mono">
          {c.lon.toFixed(6)}, {c.lat.toFixed(6)}
        </dd>
        <dt>{t('detail.channel')}</dt>
        <dd>{channelLabel(t, c.channel)}</dd>
        <dt>{t('detail.reported')}</dt>
        <dd>{formatDateTime(c.reportedAt)}</dd>
        {c.departmentName && (
          <>
            <dt>{t('detail.department')}</dt>
            <dd data-testid="case-department">{c.departmentName}</dd>
          </>
        )}
        <dt>{t('detail.due')}</dt>
        <dd>
          <Countdown clock={c.clock} backendNow={backendNow} testId="case-countdown" />
        </dd>
        <dt>{t('detail.description')}</dt>
        <dd className="detail-text">{c.description}</dd>
      </dl>
      {fix.locating && !closed && (
        <LocateBox
          key={`locate-${c.id}`}
          c={c}
          picked={fix.picked}
          locate={fix.locate}
          onDone={() => fix.onLocating(false)}
        />
      )}
      <DuplicateBox
        key={`dup-${c.id}`}
        c={c}
        act={act}
        dismiss={fix.dismissDuplicate}
        onOpenCase={fix.onOpenCase}
      />
      {c.suggestion && c.allowedActions.includes('dispatch') && (
        <p className="panel-note" data-testid="case-suggestion">
          {t('detail.suggested', { name: c.suggestion.name })} · {t(`detail.basis.${c.suggestion.basis}`)}
        </p>
      )}
      <h4 className="detail-heading">{t('detail.actions')}</h4>
      <CaseActions key={c.id} c={c} act={act} />
      <h4 className="detail-heading">{t('detail.timeline')}</h4>
      <CaseTimeline history={c.history} names={departmentNames(c)} />
      <h4 className="detail-heading">{t('detail.attachments')}</h4>
      <CaseAttachments caseId={c.id} items={c.attachments} />
    </div>
  );
}

function departmentNames(c: CaseDetail): Map<string, string> {
  const s = c.suggestion;
  const known = s ? [s, ...s.alternatives].map((x) => [x.departmentId, x.name] as const) : [];
  return new Map([
    ...known,
    ...(c.department && c.departmentName ? [[c.department, c.departmentName] as const] : []),
  ]);
}
