import { useState, type ReactNode } from 'react';
import type { OpenReport } from '../../../shared/api/contract.ts';
import { describeFinding } from '../i18n/error-messages.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** Shown when opening the data file repaired or upgraded something: nothing was lost silently. */
export function RecoveryBanner({ report }: { report: OpenReport }): ReactNode {
  const { t, locale } = useI18n();
  const [dismissed, setDismissed] = useState(false);
  if (dismissed || (report.outcome !== 'recovered' && report.outcome !== 'migrated')) return null;
  return (
    <div className={`recovery-banner ${report.outcome}`} data-testid="recovery-banner" role="status">
      <div className="recovery-text">
        <strong>{report.outcome === 'recovered' ? t('banner.recovered') : t('banner.migrated')}</strong>
        <ul>
          {report.findings.map((f, i) => (
            <li key={i}>{describeFinding(f, locale)}</li>
          ))}
        </ul>
        {report.findings.some((f) => Object.keys(f.values).length > 0) && (
          <details className="finding-details">
            <summary>{t('finding.details')}</summary>
            <ul className="mono">
              {report.findings.flatMap((f, i) =>
                Object.entries(f.values).map(([k, v]) => (
                  <li key={`${i}-${k}`}>
                    {f.code}.{k}: {String(v)}
                  </li>
                )),
              )}
            </ul>
          </details>
        )}
      </div>
      <button
        type="button"
        className="button"
        data-testid="recovery-dismiss"
        onClick={() => setDismissed(true)}
      >
        {t('banner.dismiss')}
      </button>
    </div>
  );
}
