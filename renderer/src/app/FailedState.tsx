import type { ReactNode } from 'react';
import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import { describeError, storeOpenReason } from '../i18n/error-messages.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

type Props =
  | { kind: 'store'; dataFile: string; error: ApiErrorBody; onRetry(): void }
  | { kind: 'load'; error: ApiErrorBody; onRetry(): void };

/** A failure a person can act on: what happened, which file, what to do next. */
export function FailedState(props: Props): ReactNode {
  const { t, locale } = useI18n();
  const reason = props.kind === 'store' ? storeOpenReason(props.error) : null;
  const title = props.kind === 'store' ? t('failed.title') : t('failed.loadTitle');
  const why = reason
    ? t(`storeError.${reason}.why`)
    : t('failed.loadWhy', { message: describeError(props.error, locale) });
  const todo = reason ? t(`storeError.${reason}.todo`) : t('failed.loadTodo');
  const details = Object.entries(props.error.details ?? {});
  return (
    <main className="failed-state" data-testid="failed-state" role="alert">
      <div className="failed-card">
        <div className="failed-icon" aria-hidden="true">
          !
        </div>
        <h1>{title}</h1>
        {props.kind === 'store' && (
          <section>
            <h2>{t('failed.file')}</h2>
            <p className="mono failed-path">{props.dataFile}</p>
          </section>
        )}
        <section>
          <h2>{t('failed.why')}</h2>
          <p>{why}</p>
        </section>
        <section>
          <h2>{t('failed.todo')}</h2>
          <p>{todo}</p>
        </section>
        <details className="failed-technical">
          <summary>{t('failed.technical')}</summary>
          <p className="mono">
            {props.error.code}: {props.error.message}
          </p>
          {details.length > 0 && (
            <ul className="mono">
              {details.map(([k, v]) => (
                <li key={k}>
                  {k}: {String(v)}
                </li>
              ))}
            </ul>
          )}
        </details>
        <button type="button" className="button" onClick={props.onRetry}>
          {t('failed.retry')}
        </button>
      </div>
    </main>
  );
}
