/**
 * The planner's draft and the grid versions behind the API. One draft at a time (the data file has
 * one planner's workspace; a second planner opens the same draft). Every step that changes the draft
 * is written durably before it is answered, and steps run one after another, so the edit log's
 * order is the order the planner saw.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { ParsedRequestOf, ResponseOf } from '../../../shared/api/contract.ts';
import type {
  ActorRef,
  DraftEditResponse,
  DraftState,
  DraftUnitFeature,
  DraftUnitProperties,
  OpenDraftState,
  draftsRequestSchemas,
} from '../../../shared/api/drafts-contract.ts';
import { publishGate } from '../../../shared/coverage/index.ts';
import type { EditOp, EditSuccess, Topology, TopologyPatch } from '../../../shared/editor/index.ts';
import type { GridLevel, GridUnit } from '../../../shared/grid/types.ts';
import { ApiError } from '../api-error.ts';
import { auditOp } from '../cases/audit.ts';
import type { Store, WriteOp } from '../store/store.ts';
import {
  appendEditOps,
  closeDraftOps,
  logView,
  markUndoneOps,
  openDraftOps,
  readEntries,
  readHeader,
  type DraftHeader,
  type LogEntry,
} from './draft-log.ts';
import { createCoverageActions } from './coverage-actions.ts';
import { coverageView, DraftSession } from './draft-session.ts';
import { edgesInBox } from './draft-topology.ts';
import { editRefusal, publishRefusal } from './edit-errors.ts';
import { readPublishedUnits, replacePublishedOps } from './published-grid.ts';
import { readTolerances } from './tolerance-store.ts';
import { hashUnit } from './unit-hash.ts';
import { diffVersions } from './version-diff.ts';
import { VersionStore } from './version-store.ts';

export type DraftMethod = keyof typeof draftsRequestSchemas;
export type DraftHandlers = {
  [M in DraftMethod]: (p: ParsedRequestOf<M>) => ResponseOf<M> | Promise<ResponseOf<M>>;
};

export interface DraftModuleOptions {
  store: Store | null;
  now: () => number;
  /** After a publish is durable: caches, the case locator and the push event follow the new grid. */
  onPublished: (version: number) => void;
}

const DEFAULT_PLANNER: ActorRef = { id: 'planner', name: '规划员' };
const actorOf = (a: { id: string; name: string } | undefined): ActorRef =>
  a ? { id: a.id, name: a.name } : DEFAULT_PLANNER;

function feature(u: GridUnit): DraftUnitFeature {
  return {
    type: 'Feature',
    geometry: u.geometry,
    properties: { code: u.code, name: u.name, level: u.level, parentCode: u.parentCode, kind: u.kind },
  };
}

const collection = (
  units: readonly GridUnit[],
): FeatureCollection<Polygon | MultiPolygon, DraftUnitProperties> => ({
  type: 'FeatureCollection',
  features: units.map((u): Feature<Polygon | MultiPolygon, DraftUnitProperties> => feature(u)),
});

/** What the import / export module may do with the draft, always in the draft's queue. */
export interface DraftTransferHooks {
  /**
   * Builds a patch against the open draft's topology and applies it as one undoable edit. `build`
   * may be slow and yield (progress, cancel); the draft takes no other step meanwhile.
   */
  applyImport(
    build: (t: Topology) => Promise<TopologyPatch>,
    by: ActorRef | undefined,
  ): Promise<{ state: OpenDraftState; seq: number }>;
  /** Units of the open draft, or null when none is open. */
  draftUnits(): Promise<GridUnit[] | null>;
}

export function createDraftModule(opts: DraftModuleOptions): {
  handlers: DraftHandlers;
  transfer: DraftTransferHooks;
} {
  const store = opts.store;
  const versions = store ? new VersionStore(store) : null;
  let session: DraftSession | null = null;
  let loaded = false;
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs draft steps strictly one after another. */
  const serial = <T>(fn: () => T | Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };
  const needStore = (): { store: Store; versions: VersionStore } => {
    if (!store || !versions) throw new ApiError('store_unavailable', 'The data file is not open');
    return { store, versions };
  };
  /** Brings back a draft left open by an earlier run (or a crash) the first time it is needed. */
  const load = (): DraftSession | null => {
    const { store, versions } = needStore();
    if (loaded) return session;
    const header = readHeader(store);
    if (header && header.baseVersion !== versions.current())
      throw new ApiError('conflict', 'The draft was based on another grid version than the published one', {
        baseVersion: header.baseVersion,
        current: versions.current(),
      });
    session = header
      ? new DraftSession(header, readPublishedUnits(store), readEntries(store), readTolerances(store))
      : null;
    loaded = true;
    return session;
  };
  const needDraft = (): DraftSession => {
    const s = load();
    if (!s)
      throw new ApiError('conflict', 'No draft is open; open one with draft.open', { reason: 'no_draft' });
    return s;
  };
  const write = async (ops: WriteOp[]): Promise<void> => needStore().store.write(ops);

  const state = (s: DraftSession): OpenDraftState => {
    const all = [...s.done, ...[...s.undone].reverse()];
    return {
      open: true,
      baseVersion: s.header.baseVersion,
      openedAt: s.header.openedAt,
      openedBy: s.header.openedBy,
      edits: s.done.length,
      canUndo: s.done.length > 0,
      canRedo: s.undone.length > 0,
      log: all.slice(-200).reverse().map(logView),
      coverage: coverageView(s.coverage, coverage.exceptions()),
    };
  };
  const response = (s: DraftSession, r: EditSuccess, seq: number): DraftEditResponse => ({
    state: state(s),
    seq,
    changed: r.changed.map(feature),
    removed: r.removed,
    gaps: r.gaps,
    createdVertices: r.createdVertices,
    createdCodes: r.createdCodes,
  });

  const open = async (by: ActorRef): Promise<OpenDraftState> => {
    const { store, versions } = needStore();
    await versions.ensureBaseline(opts.now());
    const existing = load();
    if (existing) return state(existing);
    const header: DraftHeader = { baseVersion: versions.current(), openedAt: opts.now(), openedBy: by };
    const s = new DraftSession(header, readPublishedUnits(store), [], readTolerances(store));
    await write([
      ...closeDraftOps(),
      ...openDraftOps(header),
      auditOp(by, header.openedAt, 'draft.open', 'draft_info', String(header.baseVersion), null, null),
    ]);
    session = s;
    return state(s);
  };

  const edit = (p: ParsedRequestOf<'draft.edit'>): Promise<DraftEditResponse> =>
    applyOp(p.op, actorOf(p.actor));
  const applyOp = async (op: EditOp, by: ActorRef): Promise<DraftEditResponse> => {
    const s = needDraft();
    const out = s.edit(op, by, opts.now());
    if (!out.ok) throw editRefusal(out.result.error);
    try {
      await write(appendEditOps(out.entry));
    } catch (e) {
      s.revert('edit', out.entry, out.clearedRedo);
      throw e;
    }
    return response(s, out.result, out.entry.seq);
  };

  const step = async (kind: 'undo' | 'redo', by: ActorRef): Promise<DraftEditResponse> => {
    const s = needDraft();
    const done = kind === 'undo' ? s.undo() : s.redo();
    if (!done) throw new ApiError('conflict', `Nothing to ${kind}`, { reason: `nothing_to_${kind}` });
    const at = opts.now();
    try {
      await write([
        ...markUndoneOps(done.entry.seq, kind === 'undo'),
        auditOp(by, at, `draft.${kind}`, 'draft_edit', String(done.entry.seq), null, null),
      ]);
    } catch (e) {
      s.revert(kind, done.entry);
      throw e;
    }
    return response(s, done.result, done.entry.seq);
  };

  const publish = async (p: ParsedRequestOf<'draft.publish'>): Promise<ResponseOf<'draft.publish'>> => {
    const { store, versions } = needStore();
    const s = needDraft();
    if (!s.done.length)
      throw new ApiError('conflict', 'The draft has no edits to publish', { reason: 'no_edits' });
    const gate = publishGate(s.checkAll());
    if (!gate.allowed) throw publishRefusal(gate.errors);
    const by = actorOf(p.actor);
    const at = opts.now();
    const units = s.units();
    const basedOn = versions.current();
    const version =
      Number(store.get<{ v: number }>('SELECT coalesce(max(version), 0) AS v FROM version_info')?.v ?? 0) + 1;
    await write([
      ...replacePublishedOps(units, new Date(at)),
      ...versions.versionOps(units.map(hashUnit), { version, basedOn, at, by, reason: p.reason }),
      {
        sql: `INSERT OR REPLACE INTO gezhi_meta (key, value) VALUES ('grid_version', ?)`,
        params: [String(version)],
      },
      ...closeDraftOps(),
      auditOp(
        by,
        at,
        'grid.publish',
        'version_info',
        String(version),
        { version: basedOn },
        {
          version,
          reason: p.reason,
          edits: s.done.length,
        },
      ),
    ]);
    session = null;
    opts.onPublished(version);
    const info = versions.get(version);
    if (!info) throw new Error(`version ${version} not found after publishing`);
    return info;
  };

  const discard = async (p: ParsedRequestOf<'draft.discard'>): Promise<ResponseOf<'draft.discard'>> => {
    const s = load();
    if (!s) return { discarded: false, edits: 0 };
    const by = actorOf(p.actor);
    await write([
      ...closeDraftOps(),
      auditOp(
        by,
        opts.now(),
        'draft.discard',
        'draft_info',
        String(s.header.baseVersion),
        { edits: s.done.length },
        null,
      ),
    ]);
    session = null;
    return { discarded: true, edits: s.done.length };
  };

  const layerOf = (level: GridLevel): ResponseOf<'draft.layer'> => {
    const s = needDraft();
    const units: GridUnit[] = [];
    for (const [code, u] of s.topology.units)
      if (u.attrs.level === level) units.push(s.topology.gridUnit(code));
    return collection(units);
  };

  const existing = (v: number): number => {
    if (!needStore().versions.has(v)) throw new ApiError('not_found', `No grid version ${v}`, { version: v });
    return v;
  };

  const coverage = createCoverageActions({
    needDraft,
    draft: load,
    needStore,
    write,
    state,
    edit: applyOp,
    actorOf,
    now: opts.now,
  });
  const ch = coverage.handlers;

  const handlers: DraftHandlers = {
    'draft.open': (p) => serial(() => open(actorOf(p.actor))),
    'draft.get': () =>
      serial((): DraftState => {
        const s = load();
        return s ? state(s) : { open: false };
      }),
    'draft.edit': (p) => serial(() => edit(p)),
    'draft.undo': (p) => serial(() => step('undo', actorOf(p.actor))),
    'draft.redo': (p) => serial(() => step('redo', actorOf(p.actor))),
    'draft.layer': (p) => serial(() => layerOf(p.level)),
    'draft.unit': (p) =>
      serial(() => {
        const u = needDraft().topology.unit(p.code);
        return u ? { ...u.attrs } : null;
      }),
    'draft.topology': (p) => serial(() => edgesInBox(needDraft().topology, p.bbox, p.limit)),
    'draft.publish': (p) => serial(() => publish(p)),
    'draft.discard': (p) => serial(() => discard(p)),
    'draft.fixOptions': (p) => serial(() => ch['draft.fixOptions'](p)),
    'draft.fix': (p) => serial(() => ch['draft.fix'](p)),
    'draft.acceptDefect': (p) => serial(() => ch['draft.acceptDefect'](p)),
    'draft.withdrawAcceptance': (p) => serial(() => ch['draft.withdrawAcceptance'](p)),
    'draft.tolerances': () => serial(() => ch['draft.tolerances']()),
    'draft.setTolerances': (p) => serial(() => ch['draft.setTolerances'](p)),
    'versions.list': () =>
      serial(async () => {
        const { versions } = needStore();
        await versions.ensureBaseline(opts.now());
        return versions.list();
      }),
    'versions.diff': (p) =>
      serial(async () => {
        const { versions } = needStore();
        await versions.ensureBaseline(opts.now());
        return diffVersions(versions, existing(p.a), existing(p.b));
      }),
    'versions.layer': (p) =>
      serial(async () => {
        const { versions } = needStore();
        await versions.ensureBaseline(opts.now());
        return collection(versions.units(existing(p.version), p.level));
      }),
  };
  const transfer: DraftTransferHooks = {
    applyImport: (build, by) =>
      serial(async () => {
        const s = needDraft();
        const patch = await build(s.topology);
        const out = s.edit({ op: 'patch', patch }, actorOf(by), opts.now());
        if (!out.ok) throw editRefusal(out.result.error);
        try {
          await write(appendEditOps(out.entry));
        } catch (e) {
          s.revert('edit', out.entry, out.clearedRedo);
          throw e;
        }
        return { state: state(s), seq: out.entry.seq };
      }),
    draftUnits: () => serial(() => load()?.units() ?? null),
  };
  return { handlers, transfer };
}

export type { LogEntry };
