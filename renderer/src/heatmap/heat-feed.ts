/**
 * Keeps the heatmap's sources filled for what the person looks at, sending the map as little as it
 * can. Points are loaded unfiltered for a range, once: the shown window, status, level, category,
 * item, channel and town are then map filters over them, so switching any of them sends the map
 * worker nothing. A live view first loads its own window (the quickest first picture) and then,
 * in the background, the longest preset's range, after which every preset is a filter. New and
 * changed cases come as deltas behind a cursor (heatmap.points `since`), and a running clock passing
 * a due time turns its case overdue by a property update (see HeatLayer.tickOverdue).
 *
 * Above the backend's point threshold it draws the backend's bins for the view and filters instead
 * (re-read when the view, window or a filter changes: there the backend aggregates).
 *
 * The clock is the backend's (skew measured from each answer's `now`), as for the dispatch queue,
 * so a serve host started with --clock-file moves the heatmap's "now" too.
 */
import type { Feature, Point } from 'geojson';
import type {
  AnalyticsFilters,
  HeatmapPointsResult,
  PointCodes,
} from '../../../shared/api/analytics-contract.ts';
import type { PushEvent } from '../../../shared/api/contract.ts';
import type { CaseStatus, ItemLevel } from '../../../shared/cases/types.ts';
import { unpackRecords } from '../../../shared/metrics/point-codec.ts';
import type { ResolvedWindow } from '../../../shared/metrics/time-window.ts';
import type { ApiClient } from '../client/api-client.ts';
import { mark, type BinFeatureProps, type HeatLayer, type PointFeature } from './heat-layer.ts';
import { NO_CODES, type CodeFilter } from './heat-style.ts';

export interface HeatRequestView {
  on: boolean;
  /** What should be loaded: the live window (to = now) or the playback range. */
  need: ResolvedWindow;
  live: boolean;
  /** The window shown now (a part of `need` while playing). */
  show: ResolvedWindow;
  /** Playback: the window moves every step over `need`. */
  playback: boolean;
  /** Live only: how far back a background load reaches, so every preset is a filter (ms). */
  widerMs: number | null;
  /** Category, item, channel and town codes: map filters over points, backend filters for bins. */
  codes: AnalyticsFilters;
  statuses: CaseStatus[] | null;
  levels: ItemLevel[] | null;
  byLevel: boolean;
}

export interface FeedStatus {
  state: 'idle' | 'loading' | 'error';
  mode: 'points' | 'bins';
  /** Cases in the shown window under every filter. */
  count: number;
  /** Of those, open and past their due time (points only). */
  overdue: number | null;
  message?: string;
  /** Loading: the backend is building its case columns (first use of a data file), this far. */
  preparing?: { read: number; total: number };
}

interface Loaded {
  from: number;
  to: number;
  cursor: string;
  mode: 'points' | 'bins';
  /** Points: the backend filters they were read with (null: none, every filter is the map's). */
  filtered: string | null;
  /** Points: the range reaches back the live view's `widerMs`. */
  wide: boolean;
  /** Loaded ahead, while switched off: the wider range is still to follow once shown. */
  ahead?: boolean;
  /** Bins (and points read per view): the view, window and filters they were read for. */
  binsFor?: string;
}

const LIVE_COALESCE_MS = 40;
/**
 * A live read asks for cases up to this far past the estimated backend now: a case created between
 * the request leaving and the backend reading must not fall after the window's end, or its cursor
 * would pass it without it ever being sent. (The live filter has no upper bound.)
 */
const LIVE_AHEAD_MS = 3_600_000;
/** The shown window of a live view is re-filtered this often, so old cases leave it. */
const LIVE_REFILTER_MS = 30_000;
/**
 * A live view asks for a delta at least this often, events or not: it keeps the backend's clock
 * (which a due time passing is judged by) measured, and catches what a dropped connection missed.
 */
const RESYNC_MS = 15_000;
/** Playback reuses loaded points only when they span at most this many times its range. */
const PLAYBACK_SLACK = 3;
/** The background load of the wider range waits this long after the first picture. */
const WIDEN_AFTER_MS = 300;
/** A read still unanswered after this long asks how far the backend's preparation has got. */
const PREPARING_FIRST_MS = 400;
const PREPARING_POLL_MS = 500;

export class HeatFeed {
  private skew = 0;
  private codes: PointCodes | null = null;
  private loaded: Loaded | null = null;
  private view: HeatRequestView | null = null;
  private busy = false;
  private again = false;
  /** The next round may load the wider range (set after a live load that did not reach it). */
  private widen = false;
  private widenTimer: ReturnType<typeof setTimeout> | null = null;
  private widenWaiting = false;
  /**
   * The map has drawn its first screen (prepare): nothing is read before, not even for a heatmap
   * remembered on, so the grid's first picture does not share the connection and the CPU with it.
   */
  private mapReady = false;
  /** The backend had no case columns at hand for a read ahead: none is asked for again. */
  private unready = false;
  private liveTimer: ReturnType<typeof setTimeout> | null = null;
  private liveDirty = false;
  private lastRefilter = 0;
  private lastAnswer = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly api: ApiClient,
    private readonly layer: HeatLayer,
    private readonly onStatus: (s: FeedStatus) => void,
  ) {
    this.unsubscribe = api.onEvent((e) => this.onEvent(e));
  }

  destroy(): void {
    this.unsubscribe();
    if (this.liveTimer) clearTimeout(this.liveTimer);
    if (this.widenTimer) clearTimeout(this.widenTimer);
  }

  /** The backend's clock now. */
  now(): number {
    // Whole milliseconds: the API takes epoch ms as integers.
    return Math.round(Date.now() + this.skew);
  }

  set(view: HeatRequestView): void {
    this.view = view;
    this.layer.setVisible(view.on);
    if (view.on || this.readsAhead(view)) void this.run();
  }

  /**
   * The map has drawn its first screen: a heatmap remembered on is loaded now. And switched off:
   * switching the heatmap on is the operator's most frequent act on it, and the picture it asks for
   * is known: the live window with the filters as they are. Once the map has drawn its first screen,
   * that window is loaded and tiled while switched off (HeatLayer.prepare: drawn at opacity 0), and kept
   * current each minute, so switching on is one frame instead of a read, a decode and a worker load.
   * Only when the backend has its case columns at hand: a heatmap nobody switches on never costs a
   * build from SQL.
   */
  prepare(): void {
    if (this.mapReady) return;
    this.mapReady = true;
    this.layer.prepare();
    if (this.view && (this.view.on || this.readsAhead(this.view))) void this.run();
  }

  private readsAhead(v: HeatRequestView): boolean {
    return this.mapReady && !this.unready && !v.on && v.live;
  }

  /** The map moved: bins are per view, points are not. */
  viewChanged(): void {
    if (this.view?.on && this.loaded?.mode === 'bins') void this.run();
  }

  /** One request at a time; whatever was asked meanwhile is served by the next round. */
  private async run(): Promise<void> {
    if (!this.mapReady) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      do {
        this.again = false;
        const v = this.view;
        if (v?.on) await this.step(v);
        else if (v && this.readsAhead(v)) await this.stepAhead(v);
      } while (this.again);
    } catch (e) {
      this.onStatus({
        state: 'error',
        mode: this.loaded?.mode ?? 'points',
        count: 0,
        overdue: null,
        message: e instanceof Error ? e.message : String(e),
      });
    } finally {
      this.busy = false;
    }
  }

  /** The loaded points hold everything `v` shows: the window and filters are the map's. */
  private covers(l: Loaded | null, v: HeatRequestView): boolean {
    return (
      l !== null &&
      l.mode === 'points' &&
      l.filtered === null &&
      l.from <= v.need.from &&
      (v.live || l.to >= v.need.to) &&
      // Playback re-filters every step, and each step re-parses every loaded point: a day played
      // over 30 loaded days would cost thirty times what its own points do.
      (!v.playback || l.to - l.from <= PLAYBACK_SLACK * (v.need.to - v.need.from))
    );
  }

  /** Switched off: the live window kept loaded and filtered as it would be shown (see prepare). */
  private async stepAhead(v: HeatRequestView): Promise<void> {
    if (this.covers(this.loaded, v)) {
      // Cases that came meanwhile: once a minute (each view change), not with every event.
      if (this.liveDirty) await this.delta(v, true);
      this.applyFilter(v, true);
      return;
    }
    await this.full(v, false, true);
  }

  private async step(v: HeatRequestView): Promise<void> {
    const l = this.loaded;
    if (l && this.covers(l, v)) {
      // Switched on over points loaded ahead: the wider range follows the first picture as usual.
      if (l.ahead) {
        l.ahead = false;
        if (v.live && v.widerMs !== null && !l.wide) this.scheduleWiden();
      }
      if (this.liveDirty && v.live) await this.delta(v);
      if (this.widen && v.live && !l.wide) {
        this.widen = false;
        await this.full(v, true);
      }
      this.applyFilter(v);
      return;
    }
    if (l?.mode === 'bins' && l.binsFor === this.binsKey(v)) {
      if (this.liveDirty && v.live) await this.full(v, false);
      return;
    }
    await this.full(v, false);
  }

  /** Filters the backend applies when the window is too big for points. */
  private serverKey(v: HeatRequestView): string {
    return JSON.stringify([v.codes, v.statuses, v.levels]);
  }

  private binsKey(v: HeatRequestView): string {
    const map = this.layer.attached;
    const b = map?.getBounds();
    const z = map ? Math.round(map.getZoom()) : 0;
    return JSON.stringify([
      v.show.from,
      v.live ? 'live' : v.show.to,
      this.serverKey(v),
      v.byLevel,
      z,
      b ? [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(3)) : null,
    ]);
  }

  /**
   * A full read: every case of the range, unfiltered, as points when they fit (`wide`: the live
   * view's wider range when that fits too); else the shown window's bins for the view, with every
   * filter applied by the backend.
   */
  private async full(v: HeatRequestView, wide: boolean, ahead = false): Promise<void> {
    if (!wide && !ahead) this.status('loading');
    this.liveDirty = false;
    const map = this.layer.attached;
    const zoom = map ? map.getZoom() : 10;
    const to = v.live ? this.now() + LIVE_AHEAD_MS : v.need.to;
    const from = wide && v.widerMs !== null ? Math.min(v.need.from, v.need.to - v.widerMs) : v.need.from;
    const sentAt = Date.now();
    mark('request', { wide });
    const read = this.api.invoke('heatmap.points', {
      window: { from, to: Math.max(to, from + 1) },
      zoom,
      overflow: 'report',
      ...(ahead ? { ifReady: true } : {}),
    });
    const first = await this.layer.awaiting(wide || ahead ? read : this.withPreparing(read), !wide && !ahead);
    this.measureSkew(first.now, sentAt);
    if (first.mode === 'unready') {
      this.unready = true;
      // For tests: nothing is read ahead until the heatmap is switched on.
      document.body.dataset.heatAhead = 'unready';
      return;
    }
    mark('response', { mode: first.mode, total: first.total });
    if (first.mode === 'points') {
      this.loadPoints(first, {
        from: first.window.from,
        to: first.window.to,
        cursor: first.cursor,
        mode: 'points',
        filtered: null,
        wide,
        ...(ahead ? { ahead } : {}),
      });
      if (!ahead) this.unready = false;
      this.applyFilter(v, ahead);
      // A live view goes on to load the wider range once this picture is out.
      if (v.live && v.widerMs !== null && !wide && !ahead) this.scheduleWiden();
      return;
    }
    // The wider range does not fit in points: the shown window stays as loaded. Bins are per view
    // and filter: not read ahead.
    if (wide || ahead) return;
    // Too many for points: the shown window in the view, with every filter on the backend.
    const b = map?.getBounds();
    mark('request', { bins: true });
    const bins = await this.layer.awaiting(
      this.api.invoke('heatmap.points', {
        window: v.live
          ? { from: v.show.from, to: this.now() + LIVE_AHEAD_MS }
          : { from: v.show.from, to: Math.max(v.show.to, v.show.from + 1) },
        filters: serverFilters(v),
        weightByLevel: v.byLevel,
        zoom,
        ...(b
          ? {
              bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] as [
                number,
                number,
                number,
                number,
              ],
            }
          : {}),
      }),
    );
    // Asked without ifReady: always read.
    if (bins.mode === 'unready') return;
    mark('response', { mode: bins.mode, total: bins.total });
    const binsFor = this.binsKey(v);
    if (bins.mode === 'points') {
      // The view alone is small enough: its points, filtered (re-read when the view moves).
      this.loadPoints(bins, {
        from: bins.window.from,
        to: bins.window.to,
        cursor: bins.cursor,
        mode: 'bins',
        filtered: this.serverKey(v),
        wide: false,
        binsFor,
      });
      this.applyFilter(v);
      return;
    }
    if (bins.mode !== 'bins') return;
    this.layer.setShown(v.show);
    this.layer.setBins(
      binFeatures(bins.bins.records, v.byLevel ? bins.bins.maxWeight : bins.bins.maxCount, v.byLevel),
    );
    this.loaded = {
      from: bins.window.from,
      to: bins.window.to,
      cursor: bins.cursor,
      mode: 'bins',
      filtered: this.serverKey(v),
      wide: false,
      binsFor,
    };
    this.onStatus({ state: 'idle', mode: 'bins', count: bins.inView, overdue: null });
  }

  private loadPoints(r: Extract<HeatmapPointsResult, { mode: 'points' }>, loaded: Loaded): void {
    this.codes = r.codes;
    const features = toFeatures(r);
    mark('decoded', { points: features.length });
    this.layer.setPoints(features);
    this.loaded = loaded;
    // For tests: whether the live view's wider range is loaded (window switches inside it are filters).
    document.body.dataset.heatWide = String(loaded.wide);
  }

  private scheduleWiden(): void {
    if (this.widenWaiting) return;
    this.widenWaiting = true;
    const off = this.layer.onIdle(() => {
      off();
      this.widenTimer = setTimeout(() => {
        this.widenTimer = null;
        this.widenWaiting = false;
        this.widen = true;
        void this.run();
      }, WIDEN_AFTER_MS);
    });
  }

  private async delta(v: HeatRequestView, ahead = false): Promise<void> {
    const l = this.loaded;
    if (!l) return;
    this.liveDirty = false;
    const sentAt = Date.now();
    // Covered points are always read unfiltered: every filter is the map's.
    const r = await this.api.invoke('heatmap.points', {
      window: { from: l.from, to: this.now() + LIVE_AHEAD_MS },
      zoom: this.layer.attached?.getZoom() ?? 10,
      since: l.cursor,
    });
    this.measureSkew(r.now, sentAt);
    if (r.mode !== 'points' || !r.delta) {
      this.loaded = null;
      await this.full(v, false, ahead);
      return;
    }
    this.codes = r.codes;
    this.layer.updatePoints(toFeatures(r), r.removed);
    l.to = r.window.to;
    l.cursor = r.cursor;
  }

  /** The code filters as indexes into the loaded codes; a code no case has matches nothing. */
  private codeFilter(v: HeatRequestView): CodeFilter {
    const c = this.codes;
    if (!c) return NO_CODES;
    const ids = (dict: (string | null)[], list: readonly string[] | undefined): number[] | null =>
      list ? list.map((code) => dict.indexOf(code)).filter((i) => i > 0) : null;
    return {
      categories: ids(c.categories, v.codes.categories),
      items: ids(c.items, v.codes.items),
      channels: ids(c.channels, v.codes.channels),
      towns: ids(c.towns, v.codes.towns),
    };
  }

  private applyFilter(v: HeatRequestView, ahead = false): void {
    const toSec = v.live ? Number.MAX_SAFE_INTEGER : v.show.to / 1000;
    this.lastRefilter = Date.now();
    this.layer.setShown(v.show);
    this.layer.setFilter(
      {
        fromSec: v.show.from / 1000,
        toSec,
        statuses: v.statuses,
        levels: v.levels,
        ...this.codeFilter(v),
      },
      v.byLevel,
    );
    const { count } = this.layer.countVisible();
    // While playing, the window's share of the range: steady brightness instead of one per frame.
    const share = (v.show.to - v.show.from) / Math.max(1, v.need.to - v.need.from);
    const whole = v.live || (v.show.from === v.need.from && v.show.to === v.need.to);
    this.layer.setExpected(whole ? count : this.layer.size * share);
    if (!ahead) this.status('idle');
  }

  private status(state: 'idle' | 'loading', preparing?: FeedStatus['preparing']): void {
    const c = this.layer.countVisible();
    const mode = this.loaded?.mode ?? 'points';
    this.onStatus({
      state,
      mode,
      count: c.count,
      overdue: mode === 'points' ? c.overdue : null,
      ...(preparing ? { preparing } : {}),
    });
  }

  /**
   * The first read of a data file's cases waits for the backend to build its case columns (about
   * 16 s at a million cases): while it does, how far it has got is shown.
   */
  private async withPreparing<T>(read: Promise<T>): Promise<T> {
    let answered = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = (): void => {
      this.api
        .invoke('heatmap.preparing', {})
        .then((p) => {
          if (answered) return;
          if (p.building && p.total > 0) this.status('loading', { read: p.read, total: p.total });
          timer = setTimeout(poll, PREPARING_POLL_MS);
        })
        .catch(() => undefined);
    };
    timer = setTimeout(poll, PREPARING_FIRST_MS);
    try {
      return await read;
    } finally {
      answered = true;
      clearTimeout(timer);
    }
  }

  /**
   * Called every second by the view: cases whose clock ran out turn overdue, and a live window is
   * re-filtered now and then so old cases leave it.
   */
  tick(): void {
    const v = this.view;
    if (!v?.on || this.loaded?.mode !== 'points') return;
    const flipped = this.layer.tickOverdue(this.now() / 1000);
    if (v.live && Date.now() - this.lastRefilter > LIVE_REFILTER_MS) this.applyFilter(v);
    else if (flipped && !this.busy) this.status('idle');
    if (v.live && !this.busy && Date.now() - this.lastAnswer > RESYNC_MS) {
      this.liveDirty = true;
      void this.run();
    }
  }

  private onEvent(e: PushEvent): void {
    const type: string = e.type;
    if (type === 'drill.purged') {
      this.loaded = null;
    } else if (type !== 'case.created' && type !== 'case.changed') return;
    this.liveDirty = true;
    if (!this.view?.on || !this.view.live || this.liveTimer) return;
    this.liveTimer = setTimeout(() => {
      this.liveTimer = null;
      void this.run();
    }, LIVE_COALESCE_MS);
  }

  private measureSkew(backendNow: number, sentAt: number): void {
    // The midpoint of the round trip is the best guess of when the backend read its clock.
    this.skew = backendNow - (sentAt + Date.now()) / 2;
    this.lastAnswer = Date.now();
  }
}

function serverFilters(v: HeatRequestView): AnalyticsFilters {
  return {
    ...v.codes,
    ...(v.statuses ? { statuses: v.statuses } : {}),
    ...(v.levels ? { levels: v.levels } : {}),
  };
}

/**
 * Features from packed records; times become epoch seconds, so a reload of another range (with
 * another `base`) leaves the map's time filter as it was: no second re-parse of every tile.
 */
function toFeatures(r: Extract<HeatmapPointsResult, { mode: 'points' }>): PointFeature[] {
  const p = unpackRecords(r.points);
  const base = r.base / 1000;
  const stride = r.points.stride;
  const out: PointFeature[] = new Array<PointFeature>(r.points.count);
  for (let i = 0; i < r.points.count; i++) {
    const o = i * stride;
    const due = p[o + 10]!;
    out[i] = {
      type: 'Feature',
      id: p[o + 5]!,
      geometry: { type: 'Point', coordinates: [p[o]!, p[o + 1]!] },
      properties: {
        l: p[o + 2]!,
        s: p[o + 3]!,
        t: base + p[o + 4]!,
        c: p[o + 6]!,
        i: p[o + 7]!,
        ch: p[o + 8]!,
        w: p[o + 9]!,
        d: due < 0 ? -1 : base + due,
      },
    };
  }
  return out;
}

/** Bins with their weight as a share of the heaviest: count, or the level-weighted sum. */
function binFeatures(
  records: { stride: number; count: number; data: string },
  max: number,
  byLevel: boolean,
): Feature<Point, BinFeatureProps>[] {
  const p = unpackRecords(records);
  const out: Feature<Point, BinFeatureProps>[] = [];
  const scale = 1 / Math.max(1, max);
  for (let i = 0; i < records.count; i++) {
    const o = i * records.stride;
    out.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p[o]!, p[o + 1]!] },
      properties: { v: p[o + (byLevel ? 3 : 2)]! * scale },
    });
  }
  return out;
}
