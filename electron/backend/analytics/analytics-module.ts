/**
 * Wires the heatmap and choropleth to the data file: the case columns are built on the first
 * request and kept current from the case events (a new case shows in the next window read, well
 * within the live heatmap's second); a drill purge drops them to be rebuilt. A build from SQL
 * (seconds at a million cases, when no cache file holds them) yields between chunks, so the host
 * keeps answering meanwhile; the cases changed during it are read again when it ends.
 */
import type { analyticsRequestSchemas } from '../../../shared/api/analytics-contract.ts';
import type { ChoroplethLevel } from '../../../shared/api/analytics-contract.ts';
import type { ParsedRequestOf, PushEvent, ResponseOf } from '../../../shared/api/contract.ts';
import { randomInt } from 'node:crypto';
import { ApiError } from '../api-error.ts';
import { GRID_TABLE } from '../store/migrations.ts';
import type { Store } from '../store/store.ts';
import { CaseColumns } from './case-columns.ts';
import { casesStamp, loadColumns, saveColumns } from './columns-cache.ts';
import { choropleth, type LevelUnits } from './choropleth.ts';
import { heatmap, heatmapPoints } from './heatmap.ts';

export type AnalyticsMethod = keyof typeof analyticsRequestSchemas;
export type AnalyticsHandlers = {
  [M in AnalyticsMethod]: (p: ParsedRequestOf<M>) => Promise<ResponseOf<M>>;
};

/** The figure: up to about 100,000 cases in view go to the map as points. */
export const DEFAULT_MAX_POINTS = 100_000;

export interface AnalyticsOptions {
  store: Store | null;
  now: () => number;
  /** Points/bins threshold; tests lower it. */
  maxPoints?: number;
  /** Where the case columns are kept between starts (beside the data file); none: always build. */
  cacheFile?: string;
  /** Rows the build reads between yields (tests lower it to have several). */
  buildChunk?: number;
  /** Awaited between the build's chunks (tests use it to act in the middle of a build). */
  buildPause?: () => Promise<void>;
}

export interface AnalyticsModule {
  handlers: AnalyticsHandlers;
  /** Feed every push event here before it goes out. */
  onEvent(e: PushEvent): void;
  /** Builds the case columns now (the bench times it apart from the queries). */
  warm(): Promise<void>;
  /** Where the current columns came from: read from the data file, or loaded from the cache file. */
  columnsSource(): 'build' | 'cache' | null;
  /** Saves the columns if they changed since loaded or saved (at shutdown). */
  close(): void;
}

export function createAnalyticsModule(opts: AnalyticsOptions): AnalyticsModule {
  const maxPoints = opts.maxPoints ?? DEFAULT_MAX_POINTS;
  let cols: CaseColumns | null = null;
  /** Counts builds, so a live cursor from before a rebuild is not mistaken for a current one. */
  // Random start: a cursor kept by a window across a backend restart must not match by accident.
  let generation = randomInt(1, 1_000_000_000);
  const units = new Map<ChoroplethLevel, LevelUnits>();
  const store = (): Store => {
    if (!opts.store) throw new ApiError('store_unavailable', 'The data file is not open');
    return opts.store;
  };
  let source: 'build' | 'cache' | null = null;
  /** The columns' version when last saved; a later version means unsaved changes. */
  let savedVersion = -1;
  const save = (c: CaseColumns): void => {
    if (!opts.cacheFile || !opts.store) return;
    try {
      saveColumns(c, opts.cacheFile, casesStamp(opts.store));
      savedVersion = c.version;
    } catch (e) {
      // A read-only folder or a full disk costs the next start time, nothing else.
      console.warn(`[analytics] case columns not cached: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  /**
   * The build in progress: the ids of cases changed meanwhile, whether a purge voided it, and how
   * far it has read (heatmap.preparing).
   */
  let building: {
    done: Promise<unknown>;
    changed: Set<string>;
    voided: boolean;
    read: number;
    total: number;
  } | null = null;
  const build = (s: Store): Promise<unknown> => {
    const run = {
      done: Promise.resolve() as Promise<unknown>,
      changed: new Set<string>(),
      voided: false,
      read: 0,
      total: 0,
    };
    // Before the build starts: its first chunk is read before its first await.
    building = run;
    run.done = (async () => {
      try {
        const built = await CaseColumns.build(s, {
          ...(opts.buildPause ? { pause: opts.buildPause } : {}),
          ...(opts.buildChunk ? { chunk: opts.buildChunk } : {}),
          onProgress: (read, total) => {
            run.read = read;
            run.total = total;
          },
        });
        // A purge meanwhile removed cases the build may have read: the next request builds again.
        if (run.voided) return;
        // In the same turn as taking them over, so no change falls between the two.
        for (const id of run.changed) built.refresh(s, id);
        cols = built;
        source = 'build';
        generation++;
        save(built);
      } finally {
        if (building === run) building = null;
      }
    })();
    return run.done;
  };
  const columns = async (): Promise<CaseColumns> => {
    while (!cols) {
      if (building) {
        await building.done;
        continue;
      }
      if (!fromCache()) await build(store());
    }
    return cols;
  };
  /** The columns kept in the cache file, when it holds the data file's current cases. */
  const fromCache = (): CaseColumns | null => {
    const cached = opts.cacheFile ? loadColumns(opts.cacheFile, casesStamp(store())) : null;
    if (cached) {
      cols = cached;
      source = 'cache';
      savedVersion = 0;
      generation++;
    }
    return cached;
  };
  /** The columns if they can be had without a build from SQL (see heatmap.points ifReady). */
  const atHand = (): CaseColumns | null => cols ?? (building ? null : fromCache());
  const unitsOf = (level: ChoroplethLevel): LevelUnits => {
    let u = units.get(level);
    if (!u) {
      const rows = store().all<{ code: string; name: string; population: number }>(
        `SELECT code, name, population FROM ${GRID_TABLE[level]} ORDER BY code`,
      );
      u = {
        codes: rows.map((r) => r.code),
        names: rows.map((r) => r.name),
        population: rows.map((r) => Number(r.population) || 0),
        indexOf: new Map(rows.map((r, i) => [r.code, i])),
      };
      units.set(level, u);
    }
    return u;
  };
  return {
    handlers: {
      'heatmap.get': async (p) => heatmap(await columns(), p, opts.now(), maxPoints, false),
      'heatmap.bins': async (p) => heatmap(await columns(), p, opts.now(), maxPoints, true),
      'choropleth.get': async (p) => choropleth(await columns(), unitsOf(p.level), p, opts.now()),
      'heatmap.points': async (p) => {
        if (p.ifReady && !atHand()) return { mode: 'unready', now: opts.now() };
        const c = await columns();
        return heatmapPoints(c, p, opts.now(), maxPoints, generation);
      },
      'heatmap.preparing': async () =>
        building
          ? { building: true, read: building.read, total: building.total }
          : { building: false, read: 0, total: 0 },
    },
    onEvent(e) {
      // Compared as a string: the intake contract owns 'drill.purged' and may not be merged yet.
      const type: string = e.type;
      if (type === 'case.created' || type === 'case.changed') {
        if (!('id' in e) || typeof e.id !== 'string') return;
        if (cols && opts.store) cols.refresh(opts.store, e.id);
        else building?.changed.add(e.id);
      } else if (type === 'drill.purged') {
        cols = null;
        source = null;
        if (building) building.voided = true;
      }
      // Cases keep the cell they were located in, so a new grid version only changes the units.
      else if (type === 'grid.changed') units.clear();
    },
    async warm() {
      await columns();
    },
    columnsSource: () => source,
    close() {
      if (cols && cols.version !== savedVersion) save(cols);
    },
  };
}
