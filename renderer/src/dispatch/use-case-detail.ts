/** The open case: read once, re-read when the backend says it changed, replaced by each action's answer. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaseActionInput, CaseDetail } from '../../../shared/api/cases-contract.ts';
import type { ApiErrorBody, RequestOf } from '../../../shared/api/contract.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { actorFor, type ActorRole } from './actors.ts';

export type DetailLoad =
  | { state: 'none' }
  | { state: 'loading'; id: string }
  | { state: 'error'; id: string; error: ApiErrorBody }
  | { state: 'ready'; c: CaseDetail };

export function useCaseDetail(
  id: string | null,
  changed: { id: string; seq: number } | null,
  role: ActorRole,
): {
  load: DetailLoad;
  act(action: CaseActionInput): Promise<CaseDetail>;
  locate(p: Omit<RequestOf<'cases.locate'>, 'id' | 'actor'>): Promise<CaseDetail>;
  dismissDuplicate(): Promise<CaseDetail>;
} {
  const api = useApi();
  const { locale } = useI18n();
  const [load, setLoad] = useState<DetailLoad>({ state: 'none' });
  const latest = useRef(id);
  latest.current = id;

  const read = useCallback(
    (caseId: string, quiet: boolean) => {
      if (!quiet) setLoad({ state: 'loading', id: caseId });
      api.invoke('cases.get', { id: caseId }).then(
        (c) => {
          if (latest.current === caseId) setLoad({ state: 'ready', c });
        },
        (e: unknown) => {
          if (latest.current === caseId) setLoad({ state: 'error', id: caseId, error: errorBodyOf(e) });
        },
      );
    },
    [api],
  );

  useEffect(() => {
    if (id) read(id, false);
    else setLoad({ state: 'none' });
  }, [id, read]);

  useEffect(() => {
    if (id && changed?.id === id) read(id, true);
  }, [changed, id, read]);

  const act = useCallback(
    async (action: CaseActionInput) => {
      if (!id) throw new Error('no open case');
      const c = await api.invoke('cases.act', { id, action, actor: actorFor(role, locale) });
      if (latest.current === id) setLoad({ state: 'ready', c });
      return c;
    },
    [api, id, role, locale],
  );

  const locate = useCallback(
    async (p: Omit<RequestOf<'cases.locate'>, 'id' | 'actor'>) => {
      if (!id) throw new Error('no open case');
      const c = await api.invoke('cases.locate', { ...p, id, actor: actorFor(role, locale) });
      if (latest.current === id) setLoad({ state: 'ready', c });
      return c;
    },
    [api, id, role, locale],
  );

  const dismissDuplicate = useCallback(async () => {
    if (!id) throw new Error('no open case');
    const c = await api.invoke('cases.dismissDuplicate', { id, actor: actorFor(role, locale) });
    if (latest.current === id) setLoad({ state: 'ready', c });
    return c;
  }, [api, id, role, locale]);

  return { load, act, locate, dismissDuplicate };
}
