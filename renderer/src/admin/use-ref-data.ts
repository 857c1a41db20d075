/**
 * One kind of reference data as the admin screen edits it: the current version's content, a draft
 * copy the editors change, and save (a new version) with the backend's validation problems.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RefDataKind, RefVersionInfo } from '../../../shared/api/cases-contract.ts';
import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { actorFor } from '../dispatch/actors.ts';

export type RefLoad<T> =
  | { state: 'loading' }
  | { state: 'error'; error: ApiErrorBody }
  | { state: 'ready'; info: RefVersionInfo; saved: T; draft: T };

export interface RefData<T> {
  load: RefLoad<T>;
  /** Replaces the draft (editors pass a changed copy). */
  edit(next: T): void;
  dirty: boolean;
  save(note: string): Promise<RefVersionInfo>;
  discard(): void;
  reload(): void;
}

export function useRefData<T extends object>(kind: RefDataKind): RefData<T> {
  const api = useApi();
  const { locale } = useI18n();
  const [load, setLoad] = useState<RefLoad<T>>({ state: 'loading' });

  const reload = useCallback(() => {
    api.invoke('refData.get', { kind }).then(
      (r) => {
        const { content, ...info } = r;
        setLoad({ state: 'ready', info, saved: content as T, draft: structuredClone(content) as T });
      },
      (e: unknown) => setLoad({ state: 'error', error: errorBodyOf(e) }),
    );
  }, [api, kind]);

  useEffect(reload, [reload]);

  // Another window saved: reload unless this one holds unsaved edits.
  const latest = useRef(load);
  latest.current = load;
  useEffect(
    () =>
      api.onEvent((e) => {
        if (e.type !== 'refData.changed' || e.kind !== kind) return;
        const l = latest.current;
        if (l.state === 'ready' && JSON.stringify(l.draft) !== JSON.stringify(l.saved)) return;
        reload();
      }),
    [api, kind, reload],
  );

  const edit = useCallback(
    (next: T) => setLoad((l) => (l.state === 'ready' ? { ...l, draft: next } : l)),
    [],
  );
  const dirty = load.state === 'ready' && JSON.stringify(load.draft) !== JSON.stringify(load.saved);

  const save = useCallback(
    async (note: string) => {
      if (load.state !== 'ready') throw new Error('not loaded');
      const info = await api.invoke('refData.save', {
        kind,
        baseVersion: load.info.version,
        content: load.draft as Record<string, never>,
        ...(note.trim() ? { note: note.trim() } : {}),
        actor: actorFor('admin', locale),
      });
      setLoad({ state: 'ready', info, saved: load.draft, draft: structuredClone(load.draft) });
      return info;
    },
    [api, kind, load, locale],
  );

  const discard = useCallback(
    () => setLoad((l) => (l.state === 'ready' ? { ...l, draft: structuredClone(l.saved) } : l)),
    [],
  );

  return { load, edit, dirty, save, discard, reload };
}
