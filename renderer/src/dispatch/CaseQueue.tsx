import { useEffect, type ReactNode } from 'react';
import type { CaseSummary } from '../../../shared/api/cases-contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { QueueRow } from './QueueRow.tsx';

interface Props {
  cases: readonly CaseSummary[];
  cursor: string | null;
  openId: string | null;
  backendNow: number;
  onOpen(id: string): void;
}

/** The backend sorts by urgency (level, then time left); the queue keeps that order. */
export function CaseQueue({ cases, cursor, openId, backendNow, onOpen }: Props): ReactNode {
  const { t } = useI18n();
  useEffect(() => {
    // For the open benchmark's phases: when the first rows of the queue are on screen.
    if (cases.length && !performance.getEntriesByName('gezhi:queue-rendered').length)
      performance.mark('gezhi:queue-rendered');
  }, [cases]);
  if (cases.length === 0) return <p className="panel-note">{t('dispatch.empty')}</p>;
  return (
    <ul className="case-queue" role="listbox" data-testid="case-queue">
      {cases.map((c) => (
        <QueueRow
          key={c.id}
          c={c}
          active={c.id === cursor}
          open={c.id === openId}
          backendNow={backendNow}
          onOpen={onOpen}
        />
      ))}
    </ul>
  );
}
