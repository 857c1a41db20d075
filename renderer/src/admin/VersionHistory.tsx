import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { REF_DATA_KINDS, type RefDataKind, type RefVersionInfo } from '../../../shared/api/cases-contract.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { actorFor } from '../dispatch/actors.ts';
import { caseErrorText } from '../dispatch/labels.ts';

/** Every stored version of one kind, newest first; an old one can be restored as a new version. */
export function VersionHistory(): ReactNode {
  const api = useApi();
  const { t, locale, formatDateTime } = useI18n();
  const [kind, setKind] = useState<RefDataKind>('catalogue');
  const [rows, setRows] = useState<RefVersionInfo[] | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const read = useCallback(() => {
    api
      .invoke('refData.history', { kind })
      .then(setRows, (e: unknown) => setMessage({ ok: false, text: caseErrorText(errorBodyOf(e), locale) }));
  }, [api, kind, locale]);
  useEffect(read, [read]);
  useEffect(
    () => api.onEvent((e) => e.type === 'refData.changed' && e.kind === kind && read()),
    [api, kind, read],
  );

  const restore = async (v: RefVersionInfo): Promise<void> => {
    setMessage(null);
    try {
      const old = await api.invoke('refData.get', { kind, version: v.version });
      const head = rows?.[0]?.version ?? v.version;
      const saved = await api.invoke('refData.save', {
        kind,
        baseVersion: head,
        content: old.content as Record<string, never>,
        note: t('admin.history.restoreNote', { version: v.version }),
        actor: actorFor('admin', locale),
      });
      setMessage({ ok: true, text: t('admin.saved', { version: saved.version }) });
    } catch (e) {
      setMessage({ ok: false, text: caseErrorText(errorBodyOf(e), locale) });
    }
    read();
  };

  return (
    <div className="admin-stack">
      <div className="admin-list-bar">
        {REF_DATA_KINDS.map((k) => (
          <button
            key={k}
            type="button"
            className={`button${k === kind ? '' : ' quiet'}`}
            data-testid={`admin-history-${k}`}
            onClick={() => setKind(k)}
          >
            {t(`admin.kind.${k}`)}
          </button>
        ))}
      </div>
      {message && (
        <p className={`panel-note${message.ok ? ' ok' : ' error'}`} role="status">
          {message.text}
        </p>
      )}
      <table className="admin-table" data-testid="admin-history">
        <thead>
          <tr>
            <th>{t('admin.history.version')}</th>
            <th>{t('admin.history.when')}</th>
            <th>{t('admin.history.who')}</th>
            <th>{t('admin.history.source')}</th>
            <th>{t('admin.history.note')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(rows ?? []).map((r) => (
            <tr
              key={r.version}
              data-testid={`admin-history-row-${r.version}`}
              className={r.current ? 'on' : ''}
            >
              <td>
                {r.version}
                {r.current && <span className="tag">{t('admin.history.current')}</span>}
              </td>
              <td>{formatDateTime(r.savedAt)}</td>
              <td>{r.savedBy ?? ''}</td>
              <td className="mono">{r.source === 'admin' ? t('admin.history.inApp') : r.source}</td>
              <td>{r.note ?? r.label ?? ''}</td>
              <td>
                {!r.current && (
                  <button type="button" className="link" onClick={() => void restore(r)}>
                    {t('admin.history.restore')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
