import type { ReactNode } from 'react';
import type { CaseSummary } from '../../../shared/api/cases-contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { channelLabel } from './channel-label.ts';
import { Countdown } from './Countdown.tsx';
import { statusLabel } from './labels.ts';
import { LevelBadge } from './LevelBadge.tsx';
import { placeText } from './place.ts';

interface Props {
  c: CaseSummary;
  active: boolean;
  open: boolean;
  backendNow: number;
  onOpen(id: string): void;
}

export function QueueRow({ c, active, open, backendNow, onOpen }: Props): ReactNode {
  const { t, locale } = useI18n();
  return (
    <li
      className={`queue-row${active ? ' active' : ''}${open ? ' open' : ''}`}
      data-testid={`queue-row-${c.id}`}
      data-status={c.status}
      aria-selected={active}
      role="option"
      onClick={() => onOpen(c.id)}
      ref={(el) => {
        if (active) el?.scrollIntoView({ block: 'nearest' });
      }}
    >
      <LevelBadge level={c.level} />
      <div className="queue-main">
        <div className="queue-line">
          <span className="queue-item">{c.itemName ?? t('case.noItem')}</span>
          {c.simulated && <span className="tag tag-sim">{t('case.simulated')}</span>}
          {c.possibleDuplicateOf && c.status !== 'closed' && (
            <span className="tag tag-duplicate" title={t('case.duplicate', { id: c.possibleDuplicateOf })}>
              {t('case.duplicateTag')}
            </span>
          )}
          <span className={`tag status-${c.status}`}>{statusLabel(c.status, locale)}</span>
        </div>
        <div className="queue-line queue-sub">
          <span className="queue-place" title={placeText(c)}>
            {c.outsideDistrict ? t('case.outside') : placeText(c)}
          </span>
        </div>
        <div className="queue-line queue-sub">
          <span className="mono muted">{c.id}</span>
          <span className="muted">{channelLabel(t, c.channel)}</span>
          <Countdown clock={c.clock} backendNow={backendNow} testId={`countdown-${c.id}`} />
        </div>
      </div>
    </li>
  );
}
