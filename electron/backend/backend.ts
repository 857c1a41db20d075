/**
 * The host-agnostic backend: owns the data file, validates every request against the contract and
 * dispatches it. Both hosts (Electron IPC and the serve host) call `invoke` with untrusted input.
 * No `electron` import here.
 */
import type { Database } from 'sql.js';
import {
  validateRequest,
  type ApiErrorBody,
  type AppInfo,
  type MethodName,
  type OpenReport,
  type ParsedRequestOf,
  type PushEvent,
  type ResponseOf,
  type StoreStatus,
} from '../../shared/api/contract.ts';
import type { GridDataset } from '../../shared/grid/types.ts';
import { ApiError } from './api-error.ts';
import { createAnalyticsModule } from './analytics/analytics-module.ts';
import { columnsCachePath } from './analytics/columns-cache.ts';
import { createCaseModule, type IntakeApi } from './cases/case-module.ts';
import { createDraftModule } from './drafts/drafts-module.ts';
import { keepBootRecord, type BootView } from './boot-answers.ts';
import { gridAnswersDir } from './grid-answers.ts';
import { GridService } from './grid-service.ts';
import { createIntakeModule } from './intake/intake-module.ts';
import { SettingsService } from './settings-service.ts';
import { createTransferModule, type TransferApi } from './transfer/transfer-module.ts';
import { openStore } from './store/open-store.ts';
import { writeGridUnits } from './store/grid-tables.ts';
import { StoreOpenError, type Store } from './store/store.ts';
import { reportTiming, timedAsync } from './timing.ts';

/** An answer already serialized (the grid's large ones); invokeJson sends its text as it is. */
class PreparedJson {
  constructor(readonly text: string) {}
}

export type DemoDataset = 'nansha' | 'guangzhou' | 'nansha-defects' | 'none';

export interface BackendOptions {
  dataFile: string;
  host: AppInfo['host'];
  version: string;
  /** Fills a new data file; reading the division list is the caller's I/O. */
  makeDemo?: () => GridDataset;
  snapshotEveryMs?: number;
  /** The app's data/ folder: reference data (catalogue, departments, calendar) is loaded from it. */
  dataDir?: string;
  /** Injectable clock for tests (epoch ms); Date.now otherwise. */
  now?: () => number;
  /** Heatmap: at most this many cases in view go out as points, more as bins (tests lower it). */
  analyticsMaxPoints?: number;
  /** Tests only: imports wait before writing to the draft while this says true (see the transfer module). */
  holdImportBeforeCommit?: () => boolean;
  /** How much of the data file has been read so far, while it is opened (bytes). */
  onOpenProgress?: (read: number, total: number) => void;
  /** Tests only: opening-backend.ts starts opening the data file once this says false. */
  holdOpen?: () => boolean;
  /**
   * Tests only: the heatmap's case columns are built 1,000 rows at a time, and wait between chunks
   * while this says true (so a window can be seen waiting on the build).
   */
  holdColumnsBuild?: () => boolean;
}

export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody };
/** An InvokeResult as JSON text, with the error (for the status) when it failed. */
export type JsonResult = { ok: true; text: string } | { ok: false; error: ApiErrorBody; text: string };

export interface Backend {
  readonly status: StoreStatus;
  /** The intake endpoints' access (API keys, case creation); null when the data file is not open. */
  readonly intake: IntakeApi | null;
  /** Import uploads and export downloads: raw bytes that do not go through invoke. */
  readonly transfer: TransferApi;
  invoke(method: unknown, params: unknown): Promise<InvokeResult>;
  /**
   * The same as invoke, serialized: what the serve host sends. The grid's large answers come as
   * prepared text (grid-answers.ts) instead of being serialized again.
   */
  invokeJson(method: unknown, params: unknown): Promise<JsonResult>;
  onEvent(listener: (e: PushEvent) => void): () => void;
  close(): Promise<void>;
}

type Handlers = { [M in MethodName]: (p: ParsedRequestOf<M>) => ResponseOf<M> | Promise<ResponseOf<M>> };

export async function createBackend(opts: BackendOptions): Promise<Backend> {
  return (await createBackendWithView(opts)).backend;
}

/** The app.info answer for a data file open in the state `view` describes (a clean open). */
export function appInfoOf(opts: BackendOptions, view: BootView, report: OpenReport): AppInfo {
  return {
    version: opts.version,
    host: opts.host,
    store: { state: 'ready', dataFile: opts.dataFile, schemaVersion: view.schemaVersion, report },
    counts: view.counts,
    datasetName: view.datasetName,
    answeredEarly: true,
  };
}

/**
 * The backend, and what its first screen would read now (null when the file is not open): the
 * opening backend compares it with what it answered before the file was open.
 */
export async function createBackendWithView(
  opts: BackendOptions,
): Promise<{ backend: Backend; bootView(): BootView | null }> {
  let store: Store | null = null;
  let status: StoreStatus;
  let datasetName: string | null = null;
  try {
    const opened = await timedAsync('backend.open-store', () =>
      openStore({
        path: opts.dataFile,
        ...(opts.snapshotEveryMs ? { snapshotEveryMs: opts.snapshotEveryMs } : {}),
        ...(opts.onOpenProgress ? { onReadProgress: opts.onOpenProgress } : {}),
        populate: (db: Database) => {
          if (!opts.makeDemo) return;
          const dataset = opts.makeDemo();
          writeGridUnits(db, dataset.units);
          db.run(`INSERT OR REPLACE INTO gezhi_meta(key, value) VALUES ('dataset_name', ?)`, [dataset.name]);
        },
      }),
    );
    store = opened;
    status = {
      state: 'ready',
      dataFile: opened.path,
      schemaVersion: opened.schemaVersion,
      report: opened.report,
    };
    datasetName =
      opened.get<{ value: string }>(`SELECT value FROM gezhi_meta WHERE key = 'dataset_name'`)?.value ?? null;
  } catch (e) {
    const error: ApiErrorBody =
      e instanceof StoreOpenError
        ? {
            code: 'store_unavailable',
            message: e.message,
            details: {
              ...e.details,
              reason: e.code,
              ...(e.details.reason ? { cause: e.details.reason } : {}),
            },
          }
        : {
            code: 'store_unavailable',
            message: e instanceof Error ? e.message : String(e),
            details: { reason: 'io' },
          };
    status = { state: 'failed', dataFile: opts.dataFile, error };
  }

  const listeners = new Set<(e: PushEvent) => void>();
  const analytics = createAnalyticsModule({
    store,
    now: opts.now ?? Date.now,
    ...(opts.analyticsMaxPoints !== undefined ? { maxPoints: opts.analyticsMaxPoints } : {}),
    ...(store ? { cacheFile: columnsCachePath(opts.dataFile) } : {}),
    ...(opts.holdColumnsBuild ? heldBuild(opts.holdColumnsBuild) : {}),
  });
  // The heatmap's columns take each change before any window hears of it.
  const emit = (e: PushEvent): void => {
    analytics.onEvent(e);
    listeners.forEach((l) => l(e));
  };
  const grid = store ? new GridService(store, gridAnswersDir(opts.dataFile)) : null;
  const settings = store ? new SettingsService(store, emit) : null;
  const cases = await timedAsync('backend.case-module', () =>
    createCaseModule({
      store,
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      now: opts.now ?? Date.now,
      emit,
    }),
  );
  if (opts.dataDir) for (const p of cases.problems) console.warn(`[backend] reference data: ${p}`);
  const intake = createIntakeModule({ store, cases, grid, now: opts.now ?? Date.now, emit });
  const drafts = createDraftModule({
    store,
    now: opts.now ?? Date.now,
    // Cases already located keep their version; new ones are located in the new grid.
    onPublished: () => {
      grid?.invalidate();
      cases.reloadGrid();
      emit({ type: 'grid.changed', level: 'all' });
    },
  });

  const transfer = createTransferModule({
    store,
    drafts: drafts.transfer,
    emit,
    now: opts.now ?? Date.now,
    ...(opts.holdImportBeforeCommit ? { holdBeforeCommit: opts.holdImportBeforeCommit } : {}),
  });

  const needStore = <T>(svc: T | null): T => {
    if (!svc)
      throw new ApiError('store_unavailable', 'The data file is not open', { dataFile: opts.dataFile });
    return svc;
  };

  /** Validates, dispatches and times one request; a failure is an error body, never a throw. */
  const run = async (
    method: unknown,
    params: unknown,
    dispatch: (m: MethodName, p: unknown) => unknown,
  ): Promise<InvokeResult> => {
    const v = validateRequest(method, params);
    if (!v.ok) return { ok: false, error: v.error };
    const t0 = performance.now();
    try {
      const value = await dispatch(v.method, v.params);
      reportTiming(`invoke.${v.method}`, performance.now() - t0);
      return { ok: true, value };
    } catch (e) {
      if (e instanceof ApiError) return { ok: false, error: e.toBody() };
      console.error(`[backend] ${v.method} failed:`, e);
      return {
        ok: false,
        error: { code: 'internal', message: e instanceof Error ? e.message : String(e) },
      };
    }
  };

  const handlers: Handlers = {
    'app.info': () => ({
      version: opts.version,
      host: opts.host,
      store: status,
      counts: grid ? grid.counts() : { city: 0, district: 0, town: 0, community: 0, cell: 0 },
      datasetName,
    }),
    // This backend answers only once its file is open; opening-backend.ts answers before.
    'app.opened': () => ({ reopen: false }),
    'app.opening': () => ({ open: true, bytesRead: 0, bytesTotal: 0 }),
    'grid.tree': () => needStore(grid).tree(),
    'grid.layer': (p) => needStore(grid).layer(p.level),
    'grid.labels': (p) => needStore(grid).labelPoints(p.level),
    'grid.unit': (p) => needStore(grid).unit(p.code),
    'grid.search': (p) => needStore(grid).search(p.query, p.limit),
    'settings.get': (p) => needStore(settings).get(p.key),
    'settings.set': (p) => needStore(settings).set(p.key, p.value),
    ...cases.handlers,
    ...drafts.handlers,
    ...intake.handlers,
    ...analytics.handlers,
    ...transfer.handlers,
  };
  const handle = (m: MethodName, p: unknown): unknown => (handlers[m] as (p: unknown) => unknown)(p);

  const bootView = (): BootView | null =>
    store && grid
      ? {
          schemaVersion: store.schemaVersion,
          counts: grid.counts(),
          datasetName,
          settings: Object.fromEntries(
            store
              .all<{ key: string; value: string }>('SELECT key, value FROM app_setting')
              .map((r) => [r.key, JSON.parse(r.value) as unknown]),
          ),
          gridStamp: grid.stamp(),
        }
      : null;

  const backend: Backend = {
    get status() {
      return status;
    },
    intake: cases.intake,
    transfer: transfer.api,
    invoke(method, params) {
      return run(method, params, handle);
    },
    async invokeJson(method, params) {
      const r = await run(method, params, (m, p) => {
        if (!grid) return handle(m, p);
        if (m === 'grid.tree') return new PreparedJson(grid.json({ method: m }));
        if (m === 'grid.layer' || m === 'grid.labels')
          return new PreparedJson(grid.json({ method: m, level: (p as ParsedRequestOf<typeof m>).level }));
        return handle(m, p);
      });
      if (!r.ok) return { ok: false, error: r.error, text: JSON.stringify(r) };
      return {
        ok: true,
        text: r.value instanceof PreparedJson ? `{"ok":true,"value":${r.value.text}}` : JSON.stringify(r),
      };
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await intake.close();
      analytics.close();
      listeners.clear();
      const view = bootView();
      await store?.close();
      // Only after a close that left the whole state in the data file (store.close threw otherwise).
      if (view) keepBootRecord(opts.dataFile, gridAnswersDir(opts.dataFile), view);
    },
  };
  return { backend, bootView };
}

/** See BackendOptions.holdColumnsBuild. */
function heldBuild(hold: () => boolean): { buildChunk: number; buildPause: () => Promise<void> } {
  return {
    buildChunk: 1000,
    buildPause: async () => {
      do await new Promise((r) => setTimeout(r, 50));
      while (hold());
    },
  };
}
