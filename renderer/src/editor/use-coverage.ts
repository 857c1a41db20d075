/**
 * The editor's coverage check in a Web Worker: a full check when the draft opens (and on demand,
 * before publishing or under new tolerances) with progress, then an incremental re-check of what
 * each edit touched. The backend's publish gate stays the authority; this is what the planner sees
 * while editing.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { sameTolerances, type CoverageTolerances } from '../../../shared/coverage/tolerances.ts';
import type { CoverageResult, CoverageUnit } from '../../../shared/coverage/types.ts';
import type { DraftUnitFeature } from '../../../shared/api/drafts-contract.ts';
import type { CoverageReply, CoverageRequest } from './coverage-messages.ts';
import type { DraftLayers } from './draft-model.ts';
import type { DraftHandle } from './use-draft.ts';

const LEVELS = ['district', 'town', 'community', 'cell'] as const;
type Unsent = CoverageRequest extends infer T ? (T extends unknown ? Omit<T, 'id'> : never) : never;

export interface CoverageCheck {
  result: CoverageResult | null;
  /** Set while a full check runs: groups checked of all. */
  progress: { done: number; total: number } | null;
  failed: string | null;
  /** True while the worker has not yet answered the latest edit (the backend's answer is newer). */
  behind: boolean;
  /** Runs a full check of the worker's copy; resolves with its result. */
  checkAll(): Promise<CoverageResult>;
  /** Runs a full check under new tolerances (and keeps them for every check after). */
  retune(tolerances: CoverageTolerances): Promise<CoverageResult>;
}

const unitOf = (f: DraftUnitFeature): CoverageUnit => ({
  code: f.properties.code,
  parentCode: f.properties.parentCode,
  level: f.properties.level,
  geometry: f.geometry,
});

function unitsOf(layers: DraftLayers): CoverageUnit[] {
  return LEVELS.flatMap((l) => [...layers[l].values()].map(unitOf));
}

export function useCoverage(draft: Pick<DraftHandle, 'subscribe'>): CoverageCheck {
  const [result, setResult] = useState<CoverageResult | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [behind, setBehind] = useState(false);
  const worker = useRef<Worker | null>(null);
  const seq = useRef(0);
  const waiting = useRef(new Map<number, (r: CoverageResult) => void>());
  const latest = useRef(0);

  useEffect(() => {
    const w = new Worker(new URL('./coverage-worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = (e: MessageEvent<CoverageReply>) => {
      const m = e.data;
      if (m.type === 'progress') {
        setProgress({ done: m.done, total: m.total });
        return;
      }
      if (m.type === 'failed') {
        setFailed(m.message);
        setProgress(null);
        return;
      }
      if (m.kind === 'full') setProgress(null);
      // Replies come in order; only the newest request's answer is shown.
      if (m.id >= latest.current) {
        setResult(m.result);
        setBehind(false);
        setFailed(null);
        document.body.dataset.coverageCheck = `${m.kind}:${m.id}`;
      }
      waiting.current.get(m.id)?.(m.result);
      waiting.current.delete(m.id);
    };
    return () => {
      w.terminate();
      worker.current = null;
      delete document.body.dataset.coverageCheck;
    };
  }, []);

  const send = useCallback((req: Unsent): number => {
    const id = ++seq.current;
    latest.current = id;
    if (req.type === 'full') setProgress({ done: 0, total: 0 });
    else setBehind(true);
    worker.current?.postMessage({ ...req, id } as CoverageRequest);
    return id;
  }, []);

  const { subscribe } = draft;
  useEffect(
    () =>
      subscribe((c) => {
        if (c.kind === 'opened') send({ type: 'full', units: unitsOf(c.layers), tolerances: c.tolerances });
        else send({ type: 'update', upsert: c.changed.map(unitOf), remove: c.removed });
      }),
    [subscribe, send],
  );

  const full = useCallback(
    (tolerances?: CoverageTolerances) =>
      new Promise<CoverageResult>((resolve) =>
        waiting.current.set(send(tolerances ? { type: 'full', tolerances } : { type: 'full' }), resolve),
      ),
    [send],
  );
  const checkAll = useCallback(() => full(), [full]);
  const retune = useCallback((t: CoverageTolerances) => full(t), [full]);

  return useMemo(
    () => ({ result, progress, failed, behind, checkAll, retune }),
    [result, progress, failed, behind, checkAll, retune],
  );
}

/**
 * Keeps the worker's tolerances those of the data file as the backend last said them (saved here,
 * or in another window and heard with the next answer): when they differ, one full check under them.
 */
export function useFileTolerances(check: CoverageCheck, tolerances: CoverageTolerances): void {
  const asked = useRef<CoverageTolerances | null>(null);
  const { result, retune } = check;
  useEffect(() => {
    if (!result || sameTolerances(result.options, tolerances)) return;
    if (asked.current && sameTolerances(asked.current, tolerances)) return;
    asked.current = tolerances;
    void retune(tolerances);
  }, [result, tolerances, retune]);
}
