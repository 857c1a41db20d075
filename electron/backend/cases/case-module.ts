/**
 * Wires the case services to the data file at start (reference data synced, cell index built) and
 * gives the backend its handlers for the case methods, and the hosts the narrow intake interface
 * their HTTP endpoints need (API key check, create, read) without going through the renderer API.
 */
import type {
  ApiKeyInfo,
  CaseCreateInput,
  CaseDetail,
  CaseList,
  CaseSummary,
  ItemTypeInfo,
} from '../../../shared/api/cases-contract.ts';
import type { casesRequestSchemas } from '../../../shared/api/cases-contract.ts';
import type { ParsedRequestOf, PushEvent, ResponseOf } from '../../../shared/api/contract.ts';
import { ApiError } from '../api-error.ts';
import type { Store } from '../store/store.ts';
import { timed, timedAsync } from '../timing.ts';
import { ApiKeyService } from './api-keys.ts';
import { actorOf, CaseService, itemInfo } from './case-service.ts';
import { loadLocator, type CellLocator } from './locator.ts';
import { ReferenceAdmin } from './reference-admin.ts';
import { syncReferenceData, type ReferenceSet } from './reference-data.ts';

export type CaseMethod = keyof typeof casesRequestSchemas;
export type CaseHandlers = {
  [M in CaseMethod]: (p: ParsedRequestOf<M>) => ResponseOf<M> | Promise<ResponseOf<M>>;
};

/** What the intake endpoints (native JSON, Open311) may do. */
export interface IntakeApi {
  verifyKey(key: string): ApiKeyInfo | null;
  create(input: CaseCreateInput, key: ApiKeyInfo): Promise<CaseDetail>;
  get(id: string): CaseDetail;
  list(filter: ParsedRequestOf<'cases.list'>): CaseList;
  query(q: Parameters<CaseService['query']>[0]): CaseSummary[];
  services(): ItemTypeInfo[];
  /** The backend's clock (injectable in tests), for date windows such as Open311's default 90 days. */
  now(): number;
}

export interface CaseModule {
  handlers: CaseHandlers;
  intake: IntakeApi | null;
  /** Reference data problems found at start (a file that did not validate), for the log. */
  problems: string[];
  /** Rebuild the cell index after a new grid version is published. */
  reloadGrid(): void;
  /** The live services for other backend modules (hotline import, drill); null while not loaded. */
  services(): { cases: CaseService; ref: ReferenceSet; locator: CellLocator } | null;
}

export interface CaseModuleOptions {
  store: Store | null;
  /** The app's data/ folder with the reference data files; omitted, the stored versions are used. */
  dataDir?: string;
  now: () => number;
  emit: (e: PushEvent) => void;
}

function gridVersionOf(store: Store): number {
  const v = store.get<{ value: string }>(`SELECT value FROM gezhi_meta WHERE key = 'grid_version'`)?.value;
  return v ? Number(v) : 1;
}

export async function createCaseModule(opts: CaseModuleOptions): Promise<CaseModule> {
  const { store } = opts;
  let problems: string[] = [];
  let ref: ReferenceSet | null = null;
  let locator: CellLocator | null = null;
  let cases: CaseService | null = null;
  let keys: ApiKeyService | null = null;
  let admin: ReferenceAdmin | null = null;
  const serviceFor = (s: Store, set: ReferenceSet, loc: CellLocator): CaseService =>
    new CaseService({
      store: s,
      ref: set,
      locator: loc,
      gridVersion: gridVersionOf(s),
      now: opts.now,
      emit: opts.emit,
    });
  if (store) {
    const synced = await timedAsync('cases.sync-reference', () =>
      syncReferenceData(store, opts.dataDir, opts.now()),
    );
    problems = synced.problems;
    ref = synced.set;
    keys = new ApiKeyService(store);
    if (ref) {
      locator = timed('cases.load-locator', () => loadLocator(store));
      const set = ref;
      const loc = locator;
      cases = timed('cases.service', () => serviceFor(store, set, loc));
    }
    // A saved version is used at once: new cases take its items, limits, departments and calendar.
    admin = new ReferenceAdmin(
      store,
      () => ref,
      (set) => {
        ref = set;
        if (locator) cases = serviceFor(store, set, locator);
      },
    );
  }
  const need = <T>(svc: T | null): T => {
    if (svc) return svc;
    if (!store) throw new ApiError('store_unavailable', 'The data file is not open');
    throw new ApiError('store_unavailable', `Reference data is not loaded: ${problems.join('; ')}`, {
      reason: 'reference_data',
    });
  };
  const allItems = (): ItemTypeInfo[] => {
    const r = need(ref);
    const names = new Map(r.catalogue.categories.map((c) => [c.code, c.name]));
    return r.catalogue.items.map((it) => itemInfo(it, names.get(it.category) ?? ''));
  };

  const handlers: CaseHandlers = {
    'cases.create': (p) => need(cases).create(p, actorOf(p.actor)),
    'cases.list': (p) => need(cases).list(p),
    'cases.get': (p) => need(cases).get(p.id),
    'cases.act': (p) => need(cases).act(p.id, p.action, actorOf(p.actor)),
    'cases.attach': (p) => need(cases).attach(p, actorOf(p.actor)),
    'cases.attachment': (p) => need(cases).attachment(p.id, p.attachmentId),
    'cases.locate': (p) => need(cases).locate(p, actorOf(p.actor)),
    'cases.dismissDuplicate': (p) => need(cases).dismissDuplicate(p.id, actorOf(p.actor)),
    'catalogue.search': (p) => need(cases).searchItems(p.query, p.limit),
    'departments.suggest': (p) => need(cases).suggest(p.itemCode, p.townCode ?? null),
    'apiKeys.create': (p) => need(keys).create(p.name, actorOf(p.actor), opts.now()),
    'apiKeys.revoke': (p) => need(keys).revoke(p.id, actorOf(p.actor), opts.now()),
    'apiKeys.list': () => need(keys).list(),
    'refData.history': (p) => need(admin).history(p.kind),
    'refData.get': (p) => need(admin).get(p.kind, p.version),
    'refData.save': async (p) => {
      const saved = await need(admin).save(p, actorOf(p.actor), opts.now());
      opts.emit({ type: 'refData.changed', kind: saved.kind, version: saved.version });
      return saved;
    },
  };

  const intake: IntakeApi | null =
    cases && keys
      ? {
          verifyKey: (key) => need(keys).verify(key),
          create: (input, key) =>
            need(cases).create(input, { id: `apikey:${key.id}`, name: key.name, role: 'api' }),
          get: (id) => need(cases).get(id),
          list: (filter) => need(cases).list(filter),
          query: (q) => need(cases).query(q),
          services: allItems,
          now: opts.now,
        }
      : null;

  return {
    handlers,
    intake,
    problems,
    services: () => (cases && ref && locator ? { cases, ref, locator } : null),
    reloadGrid() {
      if (!store || !ref || !locator) return;
      locator = loadLocator(store);
      cases = serviceFor(store, ref, locator);
    },
  };
}
