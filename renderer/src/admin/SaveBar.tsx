import { useState, type ReactNode } from 'react';
import { errorBodyOf } from '../client/api-client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { caseErrorText } from '../dispatch/labels.ts';
import type { RefData } from './use-ref-data.ts';

/** Version note, save and discard for one kind; the backend's validation problems listed under it. */
export function SaveBar<T extends object>({ data, testId }: { data: RefData<T>; testId: string }): ReactNode {
  const { t, locale, formatDateTime } = useI18n();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string; issues: string[] } | null>(null);
  if (data.load.state !== 'ready') return null;
  const { info } = data.load;
  const save = (): void => {
    setBusy(true);
    setResult(null);
    data.save(note).then(
      (v) => {
        setBusy(false);
        setNote('');
        setResult({ ok: true, text: t('admin.saved', { version: v.version }), issues: [] });
      },
      (e: unknown) => {
        setBusy(false);
        const body = errorBodyOf(e);
        setResult({
          ok: false,
          text: t('admin.saveFailed', { message: caseErrorText({ ...body, issues: [] }, locale) }),
          issues: (body.issues ?? []).map((i) => `${i.path}: ${i.message}`),
        });
      },
    );
  };
  return (
    <div className="admin-savebar" data-testid={`${testId}-savebar`}>
      <span className="muted" data-testid={`${testId}-version`}>
        {t('admin.version', { version: info.version })} · {formatDateTime(info.savedAt)} ·{' '}
        {info.savedBy ?? info.source}
      </span>
      <input
        data-testid={`${testId}-note`}
        placeholder={t('admin.notePlaceholder')}
        value={note}
        maxLength={200}
        onChange={(e) => setNote(e.target.value)}
      />
      <button type="button" className="button quiet" disabled={!data.dirty || busy} onClick={data.discard}>
        {t('admin.discard')}
      </button>
      <button
        type="button"
        className="button primary"
        data-testid={`${testId}-save`}
        disabled={!data.dirty || busy}
        onClick={save}
      >
        {t('admin.save')}
      </button>
      {result && (
        <div
          className={`panel-note${result.ok ? ' ok' : ' error'}`}
          role={result.ok ? 'status' : 'alert'}
          data-testid={`${testId}-${result.ok ? 'saved' : 'error'}`}
        >
          {result.text}
          {result.issues.length > 0 && (
            <ul className="admin-issues">
              {result.issues.map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
