/**
 * Keeps the heatmap's sources filled for what the person looks at, sending the map as little as it
 * can: a range of points is loaded once and the shown window, status and level are filters over it;
 * a smaller window inside the loaded range costs no request at all; new and changed cases come as
 * deltas behind a cursor (heatmap.points `since`). Above the backend's point threshold it draws the
 * backend's bins for the view instead, re-read when the view or window moves.
 *
 * The clock is the backend's (skew measured from each answer's `now`), as for the dispatch queue,
 * so a serve host started with --clock-file moves the heatmap's "now" too.
 */
import type { Feature, Point } from 'geojson';
import type { AnalyticsFilters, HeatmapPointsResult } from '../../../shared/api/analytics-contract.ts';
import type { PushEvent } from '../../../shared/api/contract.ts';
import type { CaseStatus, ItemLevel } from '../../../shared/cases/types.ts';
import { unpackRecords } from '../../../shared/metrics/point-codec.ts';
import type { ResolvedWindow } from '../../../shared/metrics/time-window.ts';
import type { ApiClient } from '../client/api-client.ts';
import type { BinFeatureProps, HeatLayer, PointFeature } from './heat-layer.ts';

export interface HeatRequestView {
  on: boolean;
  /** What should be loaded: the live window (to = now) or the playback range. */
  need: ResolvedWindow;
  live: boolean;
  /** The window shown now (a part of `need` while playing). */
  show: ResolvedWindow;
  /** Filters only the backend can apply (category, item, channel, town). */
  server: AnalyticsFilters;
  statuses: CaseStatus[] | null;
  levels: ItemLevel[] | null;
  byLevel: boolean;
}

export interface FeedStatus {
  state: 'idle' | 'loading' | 'error';
  mode: 'points' | 'bins';
  /** Cases in the shown window under every filter. */
  count: number;
  message?: string;
}

interface Loaded {
  key: string;
  from: number;
  to: number;
  cursor: string;
  mode: 'points' | 'bins';
  /** Bins only: the view and window they were read for. */
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

export class HeatFeed {
  private skew = 0;
  /** Client-side zero of point times: fixed per full load so deltas share it. */
  private base = 0;
  private loaded: Loaded | null = null;
  private view: HeatRequestView | null = null;
  private busy = false;
  private again = false;
  private liveTimer: ReturnType<typeof setTimeout> | null = null;
  private liveDirty = false;
  private lastRefilter = 0;
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
  }

  /** The backend's clock now. */
  now(): number {
    // Whole milliseconds: the API takes epoch ms as integers.
    return Math.round(Date.now() + this.skew);
  }

  set(view: HeatRequestView): void {
    this.view = view;
    this.layer.setVisible(view.on);
    if (!view.on) return;
    void this.run();
  }

  /** The map moved: bins are per view, points are not. */
  viewChanged(): void {
    if (this.view?.on && this.loaded?.mode === 'bins') void this.run();
  }

  private keyOf(v: HeatRequestView): string {
    return JSON.stringify(v.server);
  }

  /** One request at a time; whatever was asked meanwhile is served by the next round. */
  private async run(): Promise<void> {
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
      } while (this.again);
    } catch (e) {
      this.onStatus({
        state: 'error',
        mode: this.loaded?.mode ?? 'points',
        count: 0,
        message: e instanceof Error ? e.message : String(e),
      });
    } finally {
      this.busy = false;
    }
  }

  private async step(v: HeatRequestView): Promise<void> {
    const l = this.loaded;
    const key = this.keyOf(v);
    const covered =
      l !== null &&
      l.mode === 'points' &&
      l.key === key &&
      l.from <= v.need.from &&
      (v.live || l.to >= v.need.to);
    if (covered) {
      if (this.liveDirty && v.live) await this.delta(v);
      this.applyFilter(v);
      return;
    }
    if (l?.mode === 'bins' && l.key === key && l.binsFor === this.binsKey(v)) {
      if (this.liveDirty && v.live) await this.full(v);
      return;
    }
    await this.full(v);
  }

  private binsKey(v: HeatRequestView): string {
    const map = this.layer.attached;
    const b = map?.getBounds();
    const z = map ? Math.round(map.getZoom()) : 0;
    return JSON.stringify([
      v.show.from,
      v.live ? 'live' : v.show.to,
      v.statuses,
      v.levels,
      v.byLevel,
      z,
      b ? [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(3)) : null,
    ]);
  }

  private async full(v: HeatRequestView): Promise<void> {
    this.onStatus({
      state: 'loading',
      mode: this.loaded?.mode ?? 'points',
      count: this.layer.countVisible(),
    });
    this.liveDirty = false;
    const map = this.layer.attached;
    const zoom = map ? map.getZoom() : 10;
    const to = v.live ? this.now() + LIVE_AHEAD_MS : v.need.to;
    const sentAt = Date.now();
    const first = await this.api.invoke('heatmap.points', {
      window: { from: v.need.from, to: Math.max(to, v.need.from + 1) },
      filters: v.server,
      zoom,
    });
    this.measureSkew(first.now, sentAt);
    if (first.mode === 'points') {
      this.base = first.base;
      this.layer.setPoints(toFeatures(first, this.base));
      this.loaded = {
        key: this.keyOf(v),
        from: first.window.from,
        to: first.window.to,
        cursor: first.cursor,
        mode: 'points',
      };
      this.applyFilter(v);
      return;
    }
    // Too many for points: bins of the shown window in the view, with every filter on the backend.
    const b = map?.getBounds();
    const bins = await this.api.invoke('heatmap.points', {
      window: v.live
        ? { from: v.show.from, to: this.now() + LIVE_AHEAD_MS }
        : { from: v.show.from, to: Math.max(v.show.to, v.show.from + 1) },
      filters: {
        ...v.server,
        ...(v.statuses ? { statuses: v.statuses } : {}),
        ...(v.levels ? { levels: v.levels } : {}),
      },
      weightByLevel: v.byLevel,
      zoom,
      ...(b
        ? { bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] as [number, number, number, number] }
        : {}),
    });
    if (bins.mode === 'points') {
      // The view alone is small enough: points for it (re-read when the view moves).
      this.base = bins.base;
      this.layer.setPoints(toFeatures(bins, this.base));
      // Per view like bins: panning or zooming reads again.
      this.loaded = {
        key: this.keyOf(v),
        from: bins.window.from,
        to: bins.window.to,
        cursor: bins.cursor,
        mode: 'bins',
        binsFor: this.binsKey(v),
      };
      this.applyFilter(v);
      return;
    }
    this.layer.setBins(binFeatures(bins.bins.records), v.byLevel ? bins.bins.maxWeight : bins.bins.maxCount);
    this.loaded = {
      key: this.keyOf(v),
      from: bins.window.from,
      to: bins.window.to,
      cursor: bins.cursor,
      mode: 'bins',
      binsFor: this.binsKey(v),
    };
    this.onStatus({ state: 'idle', mode: 'bins', count: bins.inView });
  }

  private async delta(v: HeatRequestView): Promise<void> {
    const l = this.loaded;
    if (!l) return;
    this.liveDirty = false;
    const sentAt = Date.now();
    const r = await this.api.invoke('heatmap.points', {
      window: { from: l.from, to: this.now() + LIVE_AHEAD_MS },
      filters: v.server,
      zoom: this.layer.attached?.getZoom() ?? 10,
      since: l.cursor,
    });
    this.measureSkew(r.now, sentAt);
    if (r.mode !== 'points' || !r.delta) {
      this.loaded = null;
      await this.full(v);
      return;
    }
    this.layer.updatePoints(toFeatures(r, this.base), r.removed);
    l.to = r.window.to;
    l.cursor = r.cursor;
  }

  private applyFilter(v: HeatRequestView): void {
    const toSec = v.live ? Number.MAX_SAFE_INTEGER : (v.show.to - this.base) / 1000;
    this.lastRefilter = Date.now();
    this.layer.setFilter(
      { fromSec: (v.show.from - this.base) / 1000, toSec, statuses: v.statuses, levels: v.levels },
      v.byLevel,
    );
    const count = this.layer.countVisible();
    // While playing, the window's share of the range: steady brightness instead of one per frame.
    const share = (v.show.to - v.show.from) / Math.max(1, v.need.to - v.need.from);
    const whole = v.live || (v.show.from === v.need.from && v.show.to === v.need.to);
    this.layer.setExpected(whole ? count : this.layer.size * share);
    this.onStatus({ state: 'idle', mode: 'points', count });
  }

  /** Live windows move with the clock: called every second by the view, re-filters now and then. */
  tick(): void {
    const v = this.view;
    if (!v?.on || !v.live) return;
    if (this.loaded?.mode === 'points' && Date.now() - this.lastRefilter > LIVE_REFILTER_MS)
      this.applyFilter(v);
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
  }
}

function toFeatures(r: Extract<HeatmapPointsResult, { mode: 'points' }>, base: number): PointFeature[] {
  const p = unpackRecords(r.points);
  const shift = (r.base - base) / 1000;
  const out: PointFeature[] = new Array<PointFeature>(r.points.count);
  for (let i = 0; i < r.points.count; i++) {
    const o = i * r.points.stride;
    out[i] = {
      type: 'Feature',
      id: p[o + 5]!,
      geometry: { type: 'Point', coordinates: [p[o]!, p[o + 1]!] },
      properties: { l: p[o + 2]!, s: p[o + 3]!, t: p[o + 4]! + shift },
    };
  }
  return out;
}

function binFeatures(records: {
  stride: number;
  count: number;
  data: string;
}): Feature<Point, BinFeatureProps>[] {
  const p = unpackRecords(records);
  const out: Feature<Point, BinFeatureProps>[] = [];
  for (let i = 0; i < records.count; i++) {
    const o = i * records.stride;
    out.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p[o]!, p[o + 1]!] },
      properties: { c: p[o + 2]!, w: p[o + 3]! },
    });
  }
  return out;
}
