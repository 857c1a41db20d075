import type { ReactNode } from 'react';
import type { ImportResult } from '../../../shared/api/intake-contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** Every reason a row was not imported, by row number as the spreadsheet shows it. */
export function FailedRows({ result }: { result: ImportResult }): ReactNode {
  const { t, formatInteger } = useI18n();
  if (!result.problems.length) return null;
  return (
    <div className="intake-table-wrap">
      <table className="intake-table intake-failed">
        <caption>{t('intake.failedTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('intake.col.row')}</th>
            <th scope="col">{t('intake.col.column')}</th>
            <th scope="col">{t('intake.col.problem')}</th>
            <th scope="col">{t('intake.col.value')}</th>
          </tr>
        </thead>
        <tbody>
          {result.problems.map((p, i) => (
            <tr key={i}>
              <td className="mono">{formatInteger(p.row)}</td>
              <td>{p.column ?? '—'}</td>
              <td>{t(`intake.problem.${p.problem}`)}</td>
              <td className="mono">{p.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.problemsTruncated && (
        <p className="muted">
          {t('intake.failedTruncated', { count: formatInteger(result.problems.length) })}
        </p>
      )}
    </div>
  );
}
