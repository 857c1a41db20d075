/**
 * The open draft as the editor holds it: its state (coverage, undo/redo) and its units, patched in
 * place from each edit response so a 3,000-cell layer is never reloaded after an edit.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DraftEditResponse, OpenDraftState } from '../../../shared/api/drafts-contract.ts';
import type { CoverageTolerances } from '../../../shared/coverage/tolerances.ts';
import type { EditOp } from '../../../shared/editor/types.ts';
import type { GridLevel } from '../../../shared/grid/types.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { applyChanges, layersFrom, type DraftLayers } from './draft-model.ts';

type RequestOp = Exclude<EditOp, { op: 'patch' } | { op: 'fixCoverage' }>;
const LEVELS: readonly GridLevel[] = ['district', 'town', 'community', 'cell'];

/**
 * What changed in the draft's units: everything (opened, with the tolerances the data file's check
 * runs under) or the units of one edit, undo or redo.
 */
export type DraftChange =
  | { kind: 'opened'; layers: DraftLayers; tolerances: CoverageTolerances }
  | { kind: 'edit'; changed: DraftEditResponse['changed']; removed: string[] };

export type DraftStatus = { phase: 'opening' } | { phase: 'ready' } | { phase: 'error'; error: unknown };

export interface DraftHandle {
  status: DraftStatus;
  state: OpenDraftState | null;
  layers: DraftLayers | null;
  /** Bumped on every change of `layers`, with the levels that changed. */
  revision: { n: number; levels: GridLevel[] };
  busy: boolean;
  edit(op: RequestOp): Promise<DraftEditResponse>;
  undo(): Promise<DraftEditResponse>;
  redo(): Promise<DraftEditResponse>;
  reopen(): Promise<void>;
  /** Applies a coverage fix as one edit (same undo history as every edit). */
  fix(p: { defectId: string; kind: 'gap' | 'overlap' | 'snap'; choice?: string }): Promise<DraftEditResponse>;
  /** Takes a newer state from a call that changed no unit (a warning accepted). */
  setState(s: OpenDraftState): void;
  /** Hears every change of the units, for the coverage worker. */
  subscribe(listener: (c: DraftChange) => void): () => void;
}

export function useDraft(): DraftHandle {
  const api = useApi();
  const [status, setStatus] = useState<DraftStatus>({ phase: 'opening' });
  const [state, setState] = useState<OpenDraftState | null>(null);
  const [layers, setLayers] = useState<DraftLayers | null>(null);
  const [revision, setRevision] = useState<{ n: number; levels: GridLevel[] }>({ n: 0, levels: [] });
  const [busy, setBusy] = useState(false);
  const layersRef = useRef<DraftLayers | null>(null);
  const listeners = useRef(new Set<(c: DraftChange) => void>());

  const reopen = useCallback(async () => {
    setStatus({ phase: 'opening' });
    try {
      // draft.open resumes the draft left open, or starts one from the published grid.
      const opened = await api.invoke('draft.open', {});
      const collections = await Promise.all(LEVELS.map((level) => api.invoke('draft.layer', { level })));
      const next = layersFrom(Object.fromEntries(LEVELS.map((l, i) => [l, collections[i]])));
      layersRef.current = next;
      setLayers(next);
      setState(opened);
      setRevision((r) => ({ n: r.n + 1, levels: [...LEVELS] }));
      setStatus({ phase: 'ready' });
      const tolerances = opened.coverage.tolerances;
      for (const l of listeners.current) l({ kind: 'opened', layers: next, tolerances });
    } catch (error) {
      setStatus({ phase: 'error', error });
    }
  }, [api]);

  useEffect(() => {
    void reopen();
  }, [reopen]);

  const apply = useCallback((r: DraftEditResponse): DraftEditResponse => {
    setState(r.state);
    const current = layersRef.current;
    if (current) {
      const touched = applyChanges(current, r.changed, r.removed);
      setRevision((v) => ({ n: v.n + 1, levels: [...touched] }));
    }
    for (const l of listeners.current) l({ kind: 'edit', changed: r.changed, removed: r.removed });
    return r;
  }, []);

  const guarded = useCallback(
    async (call: () => Promise<DraftEditResponse>): Promise<DraftEditResponse> => {
      setBusy(true);
      try {
        return apply(await call());
      } finally {
        setBusy(false);
      }
    },
    [apply],
  );

  return {
    status,
    state,
    layers,
    revision,
    busy,
    edit: useCallback((op) => guarded(() => api.invoke('draft.edit', { op })), [api, guarded]),
    undo: useCallback(() => guarded(() => api.invoke('draft.undo', {})), [api, guarded]),
    redo: useCallback(() => guarded(() => api.invoke('draft.redo', {})), [api, guarded]),
    reopen,
    fix: useCallback((p) => guarded(() => api.invoke('draft.fix', p)), [api, guarded]),
    setState,
    subscribe: useCallback((l: (c: DraftChange) => void) => {
      listeners.current.add(l);
      return () => void listeners.current.delete(l);
    }, []),
  };
}
