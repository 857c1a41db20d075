import type { ReactNode } from 'react';
import type { ClockView } from '../../../shared/api/cases-contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { formatSpan, liveClock } from './countdown.ts';

interface Props {
  clock: ClockView | null;
  /** The backend's clock now (PC clock plus the measured skew). */
  backendNow: number;
  testId?: string;
}

/** Time left to the due time, ticking; amber at 80 % of the working time used, red once overdue. */
export function Countdown({ clock, backendNow, testId }: Props): ReactNode {
  const { t, locale, formatDateTime } = useI18n();
  if (!clock)
    return (
      <span className="countdown urgency-none" data-testid={testId} data-urgency="none">
        {t('case.notStarted')}
      </span>
    );
  const live = liveClock(clock, backendNow);
  const text = live.paused
    ? t('case.paused', { time: formatSpan(live.workingLeftMs, locale) })
    : live.overdue
      ? t('case.overdue', { time: formatSpan(live.toDueMs ?? 0, locale) })
      : t('case.left', { time: formatSpan(live.toDueMs ?? 0, locale) });
  return (
    <span
      className={`countdown urgency-${live.urgency}`}
      data-testid={testId}
      data-urgency={live.urgency}
      title={t('case.due', { time: formatDateTime(clock.dueAt) })}
    >
      {text}
    </span>
  );
}
