/**
 * The queue's data: one window of cases.list under the filters, refetched when the backend pushes case.created or
 * case.changed (coalesced, so a burst of intake costs one request), and every 15 s so amber
 * readings from the working calendar stay current.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaseList } from '../../../shared/api/cases-contract.ts';
import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { listRequest, type QueueFilters, type QueueWindow } from './filters.ts';

export type CaseListLoad =
  | { state: 'loading' }
  | { state: 'error'; error: ApiErrorBody }
  /**
   * `skewMs`: the backend's clock minus the PC's, measured when the answer came; `offset`: the
   * queue position of `list.cases[0]`.
   */
  | { state: 'ready'; list: CaseList; offset: number; skewMs: number };

const POLL_MS = 15_000;
const COALESCE_MS = 80;

export function useCaseList(
  filters: QueueFilters,
  window: QueueWindow,
): {
  load: CaseListLoad;
  refresh(): void;
  /** Bumped on every push, so an open detail can re-read its case. */
  changed: { id: string; seq: number } | null;
} {
  const api = useApi();
  const [load, setLoad] = useState<CaseListLoad>({ state: 'loading' });
  const [changed, setChanged] = useState<{ id: string; seq: number } | null>(null);
  const request = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const fetchNow = useCallback(() => {
    const mine = ++request.current;
    const sentAt = Date.now();
    api.invoke('cases.list', listRequest(filters, window)).then(
      (list) => {
        if (mine !== request.current) return;
        if (!performance.getEntriesByName('gezhi:cases-list').length) performance.mark('gezhi:cases-list');
        // The midpoint of the round trip is the best guess of when the backend read its clock.
        const skewMs = list.now - (sentAt + Date.now()) / 2;
        setLoad({ state: 'ready', list, offset: window.offset, skewMs });
      },
      (e: unknown) => {
        if (mine === request.current) setLoad({ state: 'error', error: errorBodyOf(e) });
      },
    );
  }, [api, filters, window]);

  const refresh = useCallback(() => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      fetchNow();
    }, COALESCE_MS);
  }, [fetchNow]);

  useEffect(() => {
    fetchNow();
    const timer = setInterval(fetchNow, POLL_MS);
    return () => clearInterval(timer);
  }, [fetchNow]);

  useEffect(() => {
    let seq = 0;
    return api.onEvent((e) => {
      if (e.type !== 'case.created' && e.type !== 'case.changed') return;
      setChanged({ id: e.id, seq: ++seq });
      refresh();
    });
  }, [api, refresh]);

  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );

  return { load, refresh, changed };
}
