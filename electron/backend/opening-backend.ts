/**
 * A backend a host can serve at once, while the data file is still being opened: at a million
 * cases reading it takes one to two seconds, in which the window loads the app and, after a clean
 * close, draws the map from the answers kept then (boot-answers.ts). Every other request waits for
 * the open file. Once it is open, what was answered early is checked against the file; should
 * they differ (the file was changed behind the record's back, or opening it found damage), a
 * window that was answered early learns it from app.opened (which it asks at once and which is
 * answered when the file is open) and starts again, so nothing stale outlives the open.
 */
import { validateRequest, type PushEvent } from '../../shared/api/contract.ts';
import {
  appInfoOf,
  createBackendWithView,
  type Backend,
  type BackendOptions,
  type InvokeResult,
  type JsonResult,
} from './backend.ts';
import { readBootAnswers, type BootAnswers, type BootView } from './boot-answers.ts';
import { gridAnswersDir } from './grid-answers.ts';
import { reportTiming } from './timing.ts';

/** What a host needs of a backend; `opened` settles when the data file is open (or failed to). */
export type ServedBackend = Omit<Backend, 'status'> & { readonly opened: Promise<Backend> };

export function openBackend(opts: BackendOptions): ServedBackend {
  const t0 = performance.now();
  const early: BootAnswers | null = readBootAnswers(opts.dataFile, gridAnswersDir(opts.dataFile), (view) =>
    appInfoOf(opts, view, { outcome: 'opened', findings: [] }),
  );
  let real: Backend | null = null;
  let answeredEarly = false;
  /** Whether what was answered early is not what the opened file holds. */
  let reopen = false;
  const listeners = new Set<(e: PushEvent) => void>();
  const progress = { bytesRead: 0, bytesTotal: 0 };
  const onOpenProgress = (read: number, total: number): void => {
    progress.bytesRead = read;
    progress.bytesTotal = total;
    opts.onOpenProgress?.(read, total);
  };
  const opened = held(opts.holdOpen)
    .then(() => createBackendWithView({ ...opts, onOpenProgress }))
    .then(({ backend, bootView }) => {
      real = backend;
      reportTiming('backend.opened', performance.now() - t0);
      backend.onEvent((e) => listeners.forEach((l) => l(e)));
      if (early && answeredEarly && !sameAsEarly(early, backend, bootView())) {
        console.warn(
          '[backend] the data file differs from its kept first-screen answers: windows start again',
        );
        reopen = true;
      }
      return backend;
    });
  // createBackendWithView reports a file it cannot open as a failed status; a rejection here is a
  // fault, answered as such to each request that waits on it, and not left unhandled meanwhile.
  opened.catch((e: unknown) => console.error('[backend] opening the data file failed:', e));
  const whenOpened = async (): Promise<{ reopen: boolean }> => {
    await opened;
    return { reopen };
  };

  /** The early answer's text, or undefined when the open file must answer. */
  const earlyText = (method: unknown, params: unknown): string | undefined => {
    if (method === 'app.opening' && validateRequest(method, params).ok)
      return JSON.stringify({ open: real !== null, ...progress });
    if (real || !early) return undefined;
    const v = validateRequest(method, params);
    if (!v.ok) return undefined; // the real backend gives the error
    const text = early.answer(v.method, v.params as Record<string, unknown>);
    if (text !== undefined) answeredEarly = true;
    return text;
  };

  return {
    opened,
    get intake() {
      return real?.intake ?? null;
    },
    get transfer() {
      if (!real) throw new Error('the data file is still opening');
      return real.transfer;
    },
    async invoke(method, params): Promise<InvokeResult> {
      if (method === 'app.opened' && validateRequest(method, params).ok)
        return { ok: true, value: await whenOpened() };
      const text = earlyText(method, params);
      if (text !== undefined) return { ok: true, value: JSON.parse(text) as unknown };
      return (await opened).invoke(method, params);
    },
    async invokeJson(method, params): Promise<JsonResult> {
      if (method === 'app.opened' && validateRequest(method, params).ok)
        return { ok: true, text: JSON.stringify({ ok: true, value: await whenOpened() }) };
      const text = earlyText(method, params);
      if (text !== undefined) return { ok: true, text: `{"ok":true,"value":${text}}` };
      return (await opened).invokeJson(method, params);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await (await opened).close();
    },
  };
}

/** Resolves once `hold` says false (at once without one), polling as a test's file is removed. */
async function held(hold: (() => boolean) | undefined): Promise<void> {
  while (hold?.()) await new Promise((r) => setTimeout(r, 50));
}

function sameAsEarly(early: BootAnswers, backend: Backend, view: BootView | null): boolean {
  const s = backend.status;
  return (
    s.state === 'ready' &&
    s.report.outcome === 'opened' &&
    s.report.findings.length === 0 &&
    JSON.stringify(view) === JSON.stringify(early.view)
  );
}
