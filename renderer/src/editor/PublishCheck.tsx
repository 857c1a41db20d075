/** The full coverage check the publish dialog runs first, with its progress and what it found. */
import { useEffect, useState, type ReactNode } from 'react';
import { publishGate } from '../../../shared/coverage/gate.ts';
import type { CoverageResult } from '../../../shared/coverage/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { CoverageCheck } from './use-coverage.ts';

export function PublishCheck({ check }: { check: CoverageCheck }): ReactNode {
  const { t } = useI18n();
  const [result, setResult] = useState<CoverageResult | null>(null);
  const { checkAll } = check;
  useEffect(() => {
    let live = true;
    void checkAll().then((r) => live && setResult(r));
    return () => {
      live = false;
    };
  }, [checkAll]);
  if (!result) {
    const p = check.progress;
    return (
      <div className="ed-progress" role="progressbar" data-testid="publish-check-progress">
        <div className="ed-progress-bar" style={{ width: `${p?.total ? (100 * p.done) / p.total : 5}%` }} />
        <span>{t('coverage.publish.checking', { done: p?.done ?? 0, total: p?.total ?? 0 })}</span>
      </div>
    );
  }
  const gate = publishGate(result);
  return (
    <p
      className={gate.allowed ? 'panel-note ok' : 'ed-problem'}
      data-testid="publish-check"
      data-allowed={gate.allowed ? 'yes' : 'no'}
    >
      {gate.allowed
        ? t('coverage.publish.clean')
        : t('coverage.publish.errors', { count: gate.errors.length })}
    </p>
  );
}
