import type { ReactNode } from 'react';
import type { CaseList } from '../../../shared/api/cases-contract.ts';
import { CASE_STATUSES } from '../../../shared/cases/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { StatusFilter } from './filters.ts';
import { statusLabel } from './labels.ts';

interface Props {
  counts: CaseList['countsByStatus'];
  status: StatusFilter;
  onStatus(s: StatusFilter): void;
}

/** One chip per status with its count (under every other filter); clicking one filters the queue. */
export function StatusCounts({ counts, status, onStatus }: Props): ReactNode {
  const { locale, formatInteger } = useI18n();
  return (
    <div className="case-status-counts" role="group">
      {CASE_STATUSES.map((s) => (
        <button
          key={s}
          type="button"
          className={`status-chip status-${s}${status === s ? ' on' : ''}`}
          data-testid={`queue-count-${s}`}
          aria-pressed={status === s}
          onClick={() => onStatus(status === s ? 'open' : s)}
        >
          <span>{statusLabel(s, locale)}</span>
          <b>{formatInteger(counts[s])}</b>
        </button>
      ))}
    </div>
  );
}
