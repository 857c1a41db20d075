/**
 * The heatmap on the grid map: sources and layers added beside the grid's (never a style rebuild).
 *  - `heat-points`: the loaded range's cases, one feature per case keyed by case number, with report
 *    time, level, state, codes and due time as properties. Drawn as a smooth density when zoomed out
 *    and as status-coloured dots when zoomed in; the window and every filter are layer filters over
 *    it, new cases are diffs, a clock passing a due time is a property update.
 *  - `heat-near`: the shown cases clustered, for zoomed-in views where they pile up; filled lazily,
 *    only while the map is zoomed in and not playing (clusters must be built from the shown cases).
 *  - `heat-bins`: the backend's binned counts when the window holds too many cases for points.
 *  - `choro-<level>`: a fill on the grid's own source, coloured by feature-state (class per unit),
 *    added the first time that level's choropleth is shown: a layer on a grid source makes the map
 *    re-tile that source, which showing the heatmap alone should not cost.
 *
 * Every change is followed to the frame that first shows it (see `changed`): body data-heat-drawn
 * counts those pictures, and `heat:*` performance marks tell the benchmark where the time went.
 * Switched off but prepared (HeatFeed.prepare), the densities stay on the map at opacity 0, which
 * MapLibre skips drawing but still tiles: switching on is then a paint change.
 */
import type {
  CircleLayerSpecification,
  GeoJSONSource,
  GeoJSONSourceDiff,
  HeatmapLayerSpecification,
  Map as MapLibreMap,
  MapMouseEvent,
} from 'maplibre-gl';
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { ChoroplethLevel } from '../../../shared/api/analytics-contract.ts';
import { OVERDUE_FLAG } from '../../../shared/metrics/point-codec.ts';
import { holdPaint } from '../map/paint-hold.ts';
import { MAP_FONT_BOLD } from '../map/fonts.ts';
import { sourceId } from '../map/map-style.ts';
import {
  choroplethColor,
  HEAT_RAMP,
  NO_CODES,
  pointFilter,
  pointPasses,
  pointWeight,
  stateColor,
  type HeatPointProps,
  type PointFilter,
} from './heat-style.ts';

const POINTS = 'heat-points';
const RECENT = 'heat-recent';
const NEAR = 'heat-near';
const BINS = 'heat-bins';
const DENSITY = 'heat-density';
const BIN_DENSITY = 'heat-bin-density';
const DOTS = 'heat-dots';
const RECENT_DENSITY = 'heat-recent-density';
const RECENT_DOTS = 'heat-recent-dots';
export const NEAR_DOTS = 'heat-near-dots';
export const NEAR_CLUSTER = 'heat-near-cluster';
const NEAR_COUNT = 'heat-near-count';
const HEAT_SOURCES = [POINTS, RECENT, NEAR, BINS];
/** New cases since the last full load, in the small source; past this they are folded in. */
const RECENT_LIMIT = 2000;
const choroLayer = (l: ChoroplethLevel): string => `choro-${l}`;
/** Changes drawn as one picture when complete; at most this long without painting. */
const HELD_CHANGES = new Set(['visible', 'read', 'filter', 'points', 'bins', 'choropleth']);
const HOLD_MAX_MS = 1500;

/** From this zoom cases are dots (and clusters) rather than a density. */
export const DOTS_FROM_ZOOM = 13.5;
const FADE = 1.2;
/** Cases in a window at which the density is drawn at intensity 1. */
const INTENSITY_REFERENCE = 400;

export type PointFeature = Feature<Point, HeatPointProps>;
/** A bin's weight as a share of the heaviest bin's (count, or summed level weight). */
export interface BinFeatureProps {
  v: number;
}

export interface VisibleCounts {
  count: number;
  /** Of those, open and past their due time now. */
  overdue: number;
}

type Choro = { level: ChoroplethLevel; classes: (number | null)[]; codes: string[] };

const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

/** Everything but the state is as loaded: the big source's copy can stay, recoloured by feature-state. */
function samePlace(a: PointFeature, b: PointFeature): boolean {
  const p = a.properties;
  const q = b.properties;
  const [x, y] = a.geometry.coordinates;
  const [u, v] = b.geometry.coordinates;
  return (
    x === u &&
    y === v &&
    p.t === q.t &&
    p.l === q.l &&
    p.c === q.c &&
    p.i === q.i &&
    p.ch === q.ch &&
    p.w === q.w
  );
}
let marks = 0;
/** Where a change's time goes, for the benchmark: request, decode, worker load, picture. */
export function mark(name: string, detail?: unknown): void {
  // Playback marks every step: the timeline keeps only recent ones.
  if (++marks % 500 === 0)
    for (const m of new Set(performance.getEntriesByType('mark').map((e) => e.name)))
      if (m.startsWith('heat:')) performance.clearMarks(m);
  performance.mark(`heat:${name}`, detail === undefined ? undefined : { detail });
}

declare global {
  interface Window {
    /** Test hook, installed only for a page opened with `?e2e` (see installTestHook). */
    gezhiHeatmap?: HeatTestHook;
  }
}

export interface HeatTestHook {
  /** Page coordinates of a place on the map. */
  project(at: [number, number]): { x: number; y: number };
  zoom(): number;
  /**
   * What the zoomed-in layers draw now: single cases with the state code they are coloured by
   * (feature-state included) and clusters with their case and overdue counts.
   */
  rendered(): { dots: { id: number; state: number }[]; clusters: { count: number; overdue: number }[] };
  /** A change not drawn yet (its label and the work it waits for), and which heat sources are loaded. */
  waiting(): { change: string | null; waits: number; loaded: Record<string, boolean> };
  /** The map's layers drawn now (visibility not 'none'). */
  visibleLayers(): string[];
}

function installTestHook(map: MapLibreMap, layer: HeatLayer): void {
  window.gezhiHeatmap = {
    project: (at) => {
      const p = map.project(at);
      const r = map.getContainer().getBoundingClientRect();
      return { x: p.x + r.left, y: p.y + r.top };
    },
    zoom: () => map.getZoom(),
    rendered: () => {
      const has = (id: string): boolean => map.getLayer(id) !== undefined;
      const dots = has(NEAR_DOTS) ? map.queryRenderedFeatures({ layers: [NEAR_DOTS] }) : [];
      const clusters = has(NEAR_CLUSTER) ? map.queryRenderedFeatures({ layers: [NEAR_CLUSTER] }) : [];
      return {
        dots: dots.map((f) => ({
          id: Number(f.id),
          state: Number((f.state as { s?: number }).s ?? f.properties.s),
        })),
        clusters: clusters.map((f) => ({
          count: Number(f.properties.point_count),
          overdue: Number(f.properties.overdue),
        })),
      };
    },
    waiting: () => layer.waiting(),
    visibleLayers: () =>
      map.getLayersOrder().filter((id) => map.getLayoutProperty(id, 'visibility') !== 'none'),
  };
}

export class HeatLayer {
  private map: MapLibreMap | null = null;
  private ready = false;
  private scale = 1;
  private visible = false;
  /**
   * Kept ready while switched off (HeatFeed.prepare): the density layers stay on the map at opacity
   * 0, so the worker has tiled the shown window and switching on is a paint change, one frame.
   */
  private prepared = false;
  private playing = false;
  private filter: PointFilter = {
    fromSec: 0,
    toSec: 0,
    statuses: null,
    levels: null,
    ...NO_CODES,
  };
  private byLevel = false;
  /** The window the feed shows now (epoch ms), reported with each picture. */
  private shown = { from: 0, to: 0 };
  private mode: 'points' | 'bins' = 'points';
  private choro: Choro | null = null;
  private choroColors: string[] = [];
  private pendingPoints: PointFeature[] | null = null;
  /** What the small sources hold: an empty one is not emptied again (each setData re-tiles). */
  private recentHasData = false;
  private binsHaveData = false;
  private pendingBins: Feature<Point, BinFeatureProps>[] | null = null;
  /** Every point feature by case number: the clustered source is rebuilt from it when needed. */
  private readonly features = new Map<number, PointFeature>();
  /** Case numbers in `heat-recent` (the rest are in `heat-points`). */
  private readonly inRecent = new Set<number>();
  /** Loaded cases whose new status is only in feature-state, not yet in the big source's data. */
  private readonly staleStatus = new Set<number>();
  /** Open cases with a running clock, by due second ascending: the overdue tick's queue. */
  private dueQueue: { d: number; id: number }[] = [];
  private nearDirty = true;
  private maxSeq = 0;
  private drawn = 0;
  private fullLoads = 0;
  private diffs = 0;
  private intensity = 1;
  /** A change the map has not drawn yet: work still running (worker loads), and when it began. */
  private pending: { waits: number; t0: number; label: string; frames: number; held?: boolean } | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly overdueListeners = new Set<(flipped: number) => void>();
  hoverListener: ((code: string | null, x: number, y: number) => void) | null = null;

  attach(map: MapLibreMap, scale: number): void {
    this.map = map;
    this.ready = false;
    this.scale = scale;
    if (map.getLayer('background')) this.addWhenShown();
    else map.once('style.load', () => this.addWhenShown());
    map.on('zoomend', () => this.syncNear());
    map.on('mousemove', (e) => this.hover(e));
    map.on('mouseout', () => this.hoverListener?.(null, 0, 0));
    map.on('render', () => this.checkDrawn(false));
    map.on('idle', () => this.checkDrawn(true));
    if (new URLSearchParams(window.location.search).has('e2e')) installTestHook(map, this);
  }

  get attached(): MapLibreMap | null {
    return this.ready ? this.map : null;
  }

  /** Called once the map has drawn a change (for tests and the benchmark). */
  onIdle(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Called when the clock turned shown cases overdue (counts beside the map are stale). */
  onOverdue(fn: (flipped: number) => void): () => void {
    this.overdueListeners.add(fn);
    return () => this.overdueListeners.delete(fn);
  }

  setVisible(on: boolean): void {
    if (on === this.visible) return;
    this.visible = on;
    if (on && this.map?.getLayer('background')) this.addWhenShown();
    this.applyIntensity();
    this.applyVisibility();
    this.changed('visible');
  }

  /**
   * From now on the layers are kept ready while switched off: added, with the points the feed loads
   * ahead tiled under a density drawn at opacity 0 (which the map skips drawing).
   */
  prepare(): void {
    if (this.prepared) return;
    this.prepared = true;
    if (this.map?.getLayer('background')) this.addWhenShown();
  }

  private addWhenShown(): void {
    if (this.visible || this.prepared) this.addLayers();
    if (this.choro) this.setChoropleth(this.choro, this.choroColors);
  }

  setPlaying(on: boolean): void {
    if (on === this.playing) return;
    this.playing = on;
    this.applyVisibility();
    if (!on) this.syncNear();
  }

  /**
   * A read the feed has started for what is shown (`shows`: not a background prefetch): the next
   * picture waits for it, so a switch is painted once with its data rather than once without.
   */
  awaiting<T>(read: Promise<T>, shows = true): Promise<T> {
    if (shows && this.visible) this.changed('read', read);
    return read;
  }

  /** Replaces every point (a new loaded range, or server-side filters that changed). */
  setPoints(features: PointFeature[]): void {
    this.features.clear();
    this.inRecent.clear();
    this.staleStatus.clear();
    this.maxSeq = 0;
    this.dueQueue = [];
    for (const f of features) {
      this.features.set(f.id as number, f);
      this.maxSeq = Math.max(this.maxSeq, f.id as number);
      if (f.properties.d >= 0) this.dueQueue.push({ d: f.properties.d, id: f.id as number });
    }
    this.dueQueue.sort((a, b) => a.d - b.d);
    this.mode = 'points';
    this.nearDirty = true;
    this.pendingPoints = features;
    if (this.binsHaveData) this.pendingBins = [];
    this.flush();
  }

  /**
   * A live delta: new cases go to the small `heat-recent` source, so the diff the worker re-tiles is
   * a few hundred features, not the loaded range's tens of thousands; a loaded case whose status
   * alone changed is recoloured by feature-state (see STATE_CODE) and only written into the big
   * source when a status filter needs it. Anything else (a moved or reclassified case) is a diff.
   */
  updatePoints(upsert: PointFeature[], remove: number[]): void {
    if (upsert.length + remove.length === 0) return;
    const map = this.ready && !this.pendingPoints ? this.map : null;
    const main: GeoJSONSourceDiff = { add: [], remove: [] };
    const recent: GeoJSONSourceDiff = { add: [], remove: [] };
    const statusOnly: PointFeature[] = [];
    for (const f of upsert) {
      const id = f.id as number;
      const old = this.features.get(id);
      this.features.set(id, f);
      this.maxSeq = Math.max(this.maxSeq, id);
      if (f.properties.d >= 0) this.queueDue(f.properties.d, id);
      if (!old || this.inRecent.has(id)) {
        this.inRecent.add(id);
        recent.add!.push(f);
      } else if (samePlace(old, f)) statusOnly.push(f);
      else main.add!.push(f);
    }
    for (const id of remove) {
      if (this.inRecent.delete(id)) recent.remove!.push(id);
      else if (this.features.has(id)) main.remove!.push(id);
      this.features.delete(id);
      this.staleStatus.delete(id);
    }
    if (!map) {
      // Not on the map yet: the next full load takes every feature.
      this.nearDirty = true;
      this.pendingPoints = [...this.features.values()];
      this.inRecent.clear();
      this.flush();
      return;
    }
    if (this.inRecent.size > RECENT_LIMIT) {
      // Folded into the big source now and then, so the recent one stays small.
      this.setPoints([...this.features.values()]);
      return;
    }
    for (const f of statusOnly) {
      map.setFeatureState({ source: POINTS, id: f.id as number }, { s: f.properties.s });
      if (this.filter.statuses) main.add!.push(f);
      else this.staleStatus.add(f.id as number);
    }
    if (main.add!.length || main.remove!.length) this.sendMain(main);
    if (recent.add!.length || recent.remove!.length) {
      this.diffs++;
      const source = map.getSource<GeoJSONSource>(RECENT);
      this.recentHasData = true;
      this.changed(
        'recent',
        source?.updateData(recent).then(() => this.report()),
      );
    }
    const near = map.getSource<GeoJSONSource>(NEAR);
    if (near && !this.nearDirty) {
      // The clustered copy takes the same change, under the current filter.
      const shown = upsert.filter((p) => this.passes(p));
      const hidden = upsert.filter((p) => !this.passes(p)).map((p) => p.id as number);
      void near.updateData({ add: shown, remove: [...remove, ...hidden] });
    } else this.nearDirty = true;
    this.applyVisibility();
    this.changed('delta');
  }

  private sendMain(diff: GeoJSONSourceDiff): void {
    const source = this.map?.getSource<GeoJSONSource>(POINTS);
    if (!source) return;
    this.diffs++;
    for (const f of diff.add ?? []) this.staleStatus.delete(f.id as number);
    this.changed(
      'main-diff',
      source.updateData(diff).then(() => this.report()),
    );
  }

  private queueDue(d: number, id: number): void {
    const q = this.dueQueue;
    let lo = 0;
    let hi = q.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (q[mid]!.d <= d) lo = mid + 1;
      else hi = mid;
    }
    q.splice(lo, 0, { d, id });
  }

  /**
   * The clock passed due times: cases whose running clock ran out since the last tick turn overdue
   * on the map with no event at all. The dots recolour by feature-state (nothing re-tiled); the
   * clustered copy, whose clusters count overdue cases, takes a property update. `nowSec`: the
   * backend's clock, epoch seconds.
   */
  tickOverdue(nowSec: number): number {
    const q = this.dueQueue;
    let n = 0;
    while (n < q.length && q[n]!.d < nowSec) n++;
    if (n === 0) return 0;
    const due = q.splice(0, n);
    const update: NonNullable<GeoJSONSourceDiff['update']> = [];
    const map = this.ready ? this.map : null;
    for (const { d, id } of due) {
      const f = this.features.get(id);
      // A later delta may have moved or stopped this case's clock: only its current due counts.
      if (!f || f.properties.d !== d || f.properties.s >= OVERDUE_FLAG) continue;
      f.properties = { ...f.properties, s: f.properties.s + OVERDUE_FLAG, d: -1 };
      update.push({ id, addOrUpdateProperties: [{ key: 's', value: f.properties.s }] });
      map?.setFeatureState({ source: this.inRecent.has(id) ? RECENT : POINTS, id }, { s: f.properties.s });
    }
    if (!update.length) return 0;
    const near = map?.getSource<GeoJSONSource>(NEAR);
    // Ids not in the clustered copy (filtered out) are ignored by the update.
    if (near && !this.nearDirty) void near.updateData({ update });
    this.changed('overdue');
    this.report();
    this.overdueListeners.forEach((fn) => fn(update.length));
    return update.length;
  }

  setBins(features: Feature<Point, BinFeatureProps>[]): void {
    this.mode = 'bins';
    this.pendingBins = features;
    this.flush();
  }

  /** The window shown from now on: the next picture reports it (data-heat-drawn-from/-to). */
  setShown(w: { from: number; to: number }): void {
    this.shown = { from: w.from, to: w.to };
  }

  setFilter(f: PointFilter, byLevel: boolean): void {
    const same = JSON.stringify(f) === JSON.stringify(this.filter) && byLevel === this.byLevel;
    this.filter = f;
    this.byLevel = byLevel;
    if (same) return;
    this.nearDirty = true;
    if (!this.map || !this.ready) return;
    mark('filter');
    // Status changes kept as feature-state only: a status filter reads the property itself.
    if (f.statuses && this.staleStatus.size && !this.pendingPoints) {
      const add = [...this.staleStatus].flatMap((id) => this.features.get(id) ?? []);
      this.sendMain({ add });
    }
    const filter = pointFilter(f);
    for (const id of [DENSITY, DOTS, RECENT_DENSITY, RECENT_DOTS]) this.map.setFilter(id, filter);
    for (const id of [DENSITY, RECENT_DENSITY])
      this.map.setPaintProperty(id, 'heatmap-weight', pointWeight(byLevel));
    this.syncNear();
    this.changed('filter');
  }

  /** Points that pass the current filter: what the map shows, counted without asking the map. */
  countVisible(): VisibleCounts {
    const out = { count: 0, overdue: 0 };
    if (this.mode !== 'points') return out;
    for (const p of this.features.values())
      if (this.passes(p)) {
        out.count++;
        if (p.properties.s >= OVERDUE_FLAG) out.overdue++;
      }
    return out;
  }

  private passes(p: PointFeature): boolean {
    return pointPasses(this.filter, p.properties);
  }

  /** Points loaded (the whole range, not only the shown window, recent ones included). */
  get size(): number {
    return this.features.size;
  }

  /**
   * Brightness for about `expected` cases in the window: a density summed over 30 days of cases
   * would burn the whole district white, one over an hour would barely show. The square root keeps
   * a busier window visibly busier. Paint only: nothing is re-tiled.
   */
  setExpected(expected: number): void {
    const k = Math.min(1.6, Math.max(0.06, Math.sqrt(INTENSITY_REFERENCE / Math.max(1, expected))));
    if (k === this.intensity) return;
    this.intensity = k;
    this.applyIntensity();
  }

  private applyIntensity(): void {
    const map = this.map;
    if (!map || !this.ready) return;
    const k = this.intensity;
    // Under a choropleth the heat is a second reading, not a blanket over the colours. Switched off
    // but kept ready: nothing drawn, still tiled.
    const dim = !this.visible ? 0 : this.choro ? 0.5 : 1;
    for (const id of [DENSITY, RECENT_DENSITY]) {
      map.setPaintProperty(id, 'heatmap-intensity', [
        'interpolate',
        ['linear'],
        ['zoom'],
        8,
        0.6 * k,
        12,
        1.2 * k,
        15,
        2 * k,
      ]);
      map.setPaintProperty(id, 'heatmap-opacity', [
        'interpolate',
        ['linear'],
        ['zoom'],
        DOTS_FROM_ZOOM - FADE,
        0.85 * dim,
        DOTS_FROM_ZOOM + 0.5,
        0,
      ]);
    }
    map.setPaintProperty(BIN_DENSITY, 'heatmap-opacity', 0.85 * dim);
  }

  hasFeature(id: number): boolean {
    return this.features.has(id);
  }

  setChoropleth(next: Choro | null, colors: string[]): void {
    const map = this.map;
    const before = this.choro;
    this.choro = next;
    this.choroColors = colors;
    if (!map?.getLayer('background')) return;
    if (this.ready) this.applyIntensity();
    if (before && before.level !== next?.level) {
      // Only the class: the grid's own hover and selection states live on the same features.
      const src = sourceId(before.level);
      if (map.getSource(src))
        for (const code of before.codes) map.removeFeatureState({ source: src, id: code }, 'cls');
    }
    for (const l of ['town', 'community', 'cell'] as const) {
      const id = choroLayer(l);
      if (next?.level === l) this.addChoroLayer(l);
      if (!map.getLayer(id)) continue;
      map.setLayoutProperty(id, 'visibility', next?.level === l ? 'visible' : 'none');
      if (next?.level === l) map.setPaintProperty(id, 'fill-color', choroplethColor(colors));
    }
    if (next) {
      const src = sourceId(next.level);
      if (!map.getSource(src)) return;
      next.codes.forEach((code, i) => {
        const cls = next.classes[i];
        if (cls !== null && cls !== undefined) map.setFeatureState({ source: src, id: code }, { cls });
        else map.removeFeatureState({ source: src, id: code }, 'cls');
      });
    }
    this.changed('choropleth');
  }

  private addChoroLayer(l: ChoroplethLevel): void {
    const map = this.map;
    if (!map || map.getLayer(choroLayer(l)) || !map.getSource(sourceId(l))) return;
    const layers = map.getLayersOrder();
    const firstLine = layers.find((id) => /^(glow|line)-/.test(id));
    map.addLayer(
      {
        id: choroLayer(l),
        type: 'fill',
        source: sourceId(l),
        layout: { visibility: 'none' },
        paint: { 'fill-color': 'rgba(0,0,0,0)', 'fill-opacity': 0.62 },
      },
      firstLine,
    );
  }

  private hover(e: MapMouseEvent): void {
    const map = this.map;
    if (!map || !this.choro || !this.hoverListener) return;
    const layer = choroLayer(this.choro.level);
    if (!map.getLayer(layer)) return;
    const hit = map.queryRenderedFeatures(e.point, { layers: [layer] })[0];
    const code = hit?.properties.code as unknown;
    this.hoverListener(typeof code === 'string' ? code : null, e.point.x, e.point.y);
  }

  private flush(): void {
    const map = this.map;
    if (!map || !this.ready) return;
    if (this.pendingPoints) {
      this.fullLoads++;
      mark('setData', { points: this.pendingPoints.length });
      // The new data carries every state: older feature-state would override it.
      map.removeFeatureState({ source: POINTS });
      if (this.recentHasData) {
        map.removeFeatureState({ source: RECENT });
        void map.getSource<GeoJSONSource>(RECENT)?.setData(empty());
        this.recentHasData = false;
      }
      const sent = map
        .getSource<GeoJSONSource>(POINTS)
        ?.setData({ type: 'FeatureCollection', features: this.pendingPoints })
        .then(() => {
          mark('worker-done');
          this.report();
        });
      this.pendingPoints = null;
      this.changed('points', sent);
    }
    if (this.pendingBins) {
      const sent = map
        .getSource<GeoJSONSource>(BINS)
        ?.setData({ type: 'FeatureCollection', features: this.pendingBins });
      this.binsHaveData = this.pendingBins.length > 0;
      this.pendingBins = null;
      this.changed('bins', sent);
    }
    this.applyVisibility();
    this.syncNear();
    this.report();
  }

  /**
   * A change the map is to show: drawn once the work it started is done (worker loads) and a frame
   * was rendered with every heat source's tiles loaded. That frame is the new picture: waiting for
   * the map's 'idle' instead would also wait for unrelated work (the grid's labels, other layers).
   */
  private changed(label: string, work?: Promise<unknown>): void {
    const map = this.map;
    if (!map) return;
    const p = this.pending ?? { waits: 0, t0: performance.now(), label, frames: 0 };
    p.label = label;
    this.pending = p;
    // A switch, a window or a filter is one new picture: drawn when complete (map/paint-hold.ts).
    // Live cases and playback keep drawing as they come.
    if (!p.held && this.visible && !this.playing && HELD_CHANGES.has(label)) {
      p.held = true;
      holdPaint(map, () => this.pending !== p || this.complete(p), HOLD_MAX_MS);
    }
    if (work) {
      p.waits++;
      void work.finally(() => {
        p.waits--;
        this.nudge(p);
      });
    } else this.nudge(p);
  }

  /**
   * Most changes make the map render by themselves (a filter, new tiles); a frame asked for on top
   * of that is one more to draw, which in software WebGL costs as much as the change. Only a change
   * that drew nothing within a few frames' time gets one.
   */
  private nudge(p: { frames: number }): void {
    const seen = p.frames;
    setTimeout(() => {
      if (this.pending === p && p.frames === seen) this.map?.triggerRepaint();
    }, 100);
  }

  /** For the test hook: what the next picture still waits for. */
  waiting(): { change: string | null; waits: number; loaded: Record<string, boolean> } {
    const map = this.map;
    const loaded: Record<string, boolean> = {};
    for (const id of HEAT_SOURCES) if (map?.getSource(id)) loaded[id] = map.isSourceLoaded(id);
    return { change: this.pending?.label ?? null, waits: this.pending?.waits ?? 0, loaded };
  }

  /** The change's work is done and every heat source's tiles are loaded. */
  private complete(p: { waits: number }): boolean {
    const map = this.map;
    if (!map || p.waits > 0) return false;
    if (!this.ready) return true;
    // A choropleth's first fill re-tiles its grid level: that source too, while one is shown.
    const sources = this.choro ? [...HEAT_SOURCES, sourceId(this.choro.level)] : HEAT_SOURCES;
    return sources.every((id) => !map.getSource(id) || map.isSourceLoaded(id));
  }

  private checkDrawn(idle: boolean): void {
    const map = this.map;
    const p = this.pending;
    if (!map || !p) return;
    p.frames++;
    if (!idle && !this.complete(p)) return;
    if (p.waits > 0) return;
    this.pending = null;
    // Work done while switched off (kept ready) is no picture anyone saw. For tests: the loads tiled.
    if (!this.visible) {
      mark('ready', { label: p.label });
      document.body.dataset.heatReadyLoads = String(this.fullLoads);
      return;
    }
    this.drawn++;
    mark('picture', { label: p.label, ms: performance.now() - p.t0 });
    const d = document.body.dataset;
    d.heatDrawnFrom = String(this.shown.from);
    d.heatDrawnTo = String(this.shown.to);
    d.heatDrawnSeq = String(this.maxSeq);
    d.heatDrawnLoads = String(this.fullLoads);
    d.heatDrawnChoro = this.choro?.level ?? '';
    d.heatDrawn = String(this.drawn);
    this.report();
    this.listeners.forEach((fn) => fn());
  }

  /** What the map's sources hold now (heatMaxSeq: the newest case in them; heatFullLoads: setData calls). */
  private report(): void {
    const d = document.body.dataset;
    const c = this.countVisible();
    d.heatMode = this.mode;
    d.heatPoints = String(c.count);
    d.heatOverdue = String(c.overdue);
    d.heatMaxSeq = String(this.maxSeq);
    d.heatFullLoads = String(this.fullLoads);
    d.heatDiffs = String(this.diffs);
  }

  private applyVisibility(): void {
    const map = this.map;
    if (!map || !this.ready) return;
    const show = (id: string, on: boolean): void => {
      if (!map.getLayer(id)) return;
      const want = on ? 'visible' : 'none';
      if (map.getLayoutProperty(id, 'visibility') !== want) map.setLayoutProperty(id, 'visibility', want);
    };
    const points = this.visible && this.mode === 'points';
    // The dispatch queue's markers (500 open cases, clustered) would bury the heat; the heat's own
    // dots show every case when zoomed in, so they step aside while the heatmap is on.
    for (const id of map.getLayersOrder()) if (id.startsWith('cases-')) show(id, !this.visible);
    const density = (this.visible || this.prepared) && this.mode === 'points';
    show(DENSITY, density);
    show(RECENT_DENSITY, density && this.inRecent.size > 0);
    const recent = points && this.inRecent.size > 0;
    // While playing the window moves every frame: unclustered dots follow it by filter alone.
    show(DOTS, points && this.playing);
    show(RECENT_DOTS, recent && this.playing);
    for (const id of [NEAR_DOTS, NEAR_CLUSTER, NEAR_COUNT]) show(id, points && !this.playing);
    show(BIN_DENSITY, this.visible && this.mode === 'bins');
  }

  /** Rebuilds the clustered source from the points passing the filter, only when zoomed in. */
  private syncNear(): void {
    const map = this.map;
    if (!map || !this.ready || !this.nearDirty || this.playing || !this.visible) return;
    if (map.getZoom() < DOTS_FROM_ZOOM - FADE) return;
    this.nearDirty = false;
    const features = [...this.features.values()].filter((p) => this.passes(p));
    const sent = map.getSource<GeoJSONSource>(NEAR)?.setData({ type: 'FeatureCollection', features });
    this.changed('near', sent);
  }

  private addLayers(): void {
    const map = this.map;
    if (!map || map.getSource(POINTS)) return;
    const s = this.scale;
    map.addSource(POINTS, { type: 'geojson', data: empty() });
    map.addSource(RECENT, { type: 'geojson', data: empty() });
    map.addSource(BINS, { type: 'geojson', data: empty() });
    map.addSource(NEAR, {
      type: 'geojson',
      data: empty(),
      cluster: true,
      clusterRadius: 36,
      clusterMaxZoom: 16,
      clusterProperties: { overdue: ['+', ['case', ['>=', ['get', 's'], OVERDUE_FLAG], 1, 0]] },
    });
    // Under the labels, so names stay readable through the heat.
    const firstLabel = map.getLayersOrder().find((id) => id.startsWith('label-'));
    // No transitions: a window switch changes the intensity, and a 300 ms fade would be that many
    // more frames to draw before the new picture settles (each costly in software WebGL).
    const density: NonNullable<HeatmapLayerSpecification['paint']> = {
      'heatmap-intensity-transition': { duration: 0 },
      'heatmap-opacity-transition': { duration: 0 },
      'heatmap-color': HEAT_RAMP,
      'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 8, 10 * s, 11, 18 * s, 14, 30 * s],
      'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 8, 0.6, 12, 1.2, 15, 2],
      'heatmap-opacity': [
        'interpolate',
        ['linear'],
        ['zoom'],
        DOTS_FROM_ZOOM - FADE,
        0.85,
        DOTS_FROM_ZOOM + 0.5,
        0,
      ],
    };
    map.addLayer(
      {
        id: DENSITY,
        type: 'heatmap',
        source: POINTS,
        maxzoom: DOTS_FROM_ZOOM + 0.5,
        filter: pointFilter(this.filter),
        layout: { visibility: 'none' },
        paint: { ...density, 'heatmap-weight': pointWeight(this.byLevel) },
      },
      firstLabel,
    );
    // New cases since the load: the same density drawn from the small source (see updatePoints).
    map.addLayer(
      {
        id: RECENT_DENSITY,
        type: 'heatmap',
        source: RECENT,
        maxzoom: DOTS_FROM_ZOOM + 0.5,
        filter: pointFilter(this.filter),
        layout: { visibility: 'none' },
        paint: { ...density, 'heatmap-weight': pointWeight(this.byLevel) },
      },
      firstLabel,
    );
    map.addLayer(
      {
        id: BIN_DENSITY,
        type: 'heatmap',
        source: BINS,
        layout: { visibility: 'none' },
        // Normalised in the data: a weight changed per load would re-tile the bins a second time.
        paint: { ...density, 'heatmap-opacity': 0.85, 'heatmap-weight': ['get', 'v'] },
      },
      firstLabel,
    );
    const dot: NonNullable<CircleLayerSpecification['paint']> = {
      'circle-color': stateColor(),
      // Readable from across the room once zoomed in.
      'circle-radius': [
        'interpolate',
        ['linear'],
        ['zoom'],
        DOTS_FROM_ZOOM - FADE,
        3 * s,
        16,
        7 * s,
        18,
        9 * s,
      ],
      'circle-stroke-color': '#030812',
      'circle-stroke-width': 1 * s,
      'circle-opacity': ['interpolate', ['linear'], ['zoom'], DOTS_FROM_ZOOM - FADE, 0, DOTS_FROM_ZOOM, 1],
      'circle-stroke-opacity': [
        'interpolate',
        ['linear'],
        ['zoom'],
        DOTS_FROM_ZOOM - FADE,
        0,
        DOTS_FROM_ZOOM,
        1,
      ],
    };
    map.addLayer(
      {
        id: DOTS,
        type: 'circle',
        source: POINTS,
        minzoom: DOTS_FROM_ZOOM - FADE,
        filter: pointFilter(this.filter),
        layout: { visibility: 'none' },
        paint: dot,
      },
      firstLabel,
    );
    map.addLayer(
      {
        id: RECENT_DOTS,
        type: 'circle',
        source: RECENT,
        minzoom: DOTS_FROM_ZOOM - FADE,
        filter: pointFilter(this.filter),
        layout: { visibility: 'none' },
        paint: dot,
      },
      firstLabel,
    );
    map.addLayer(
      {
        id: NEAR_DOTS,
        type: 'circle',
        source: NEAR,
        minzoom: DOTS_FROM_ZOOM - FADE,
        filter: ['!', ['has', 'point_count']],
        layout: { visibility: 'none' },
        paint: dot,
      },
      firstLabel,
    );
    map.addLayer(
      {
        id: NEAR_CLUSTER,
        type: 'circle',
        source: NEAR,
        minzoom: DOTS_FROM_ZOOM - FADE,
        filter: ['has', 'point_count'],
        layout: { visibility: 'none' },
        paint: {
          'circle-color': ['case', ['>', ['get', 'overdue'], 0], '#7f1d1d', '#0e3a5a'],
          'circle-stroke-color': ['case', ['>', ['get', 'overdue'], 0], '#f87171', '#38bdf8'],
          'circle-stroke-width': 1.5 * s,
          'circle-radius': ['interpolate', ['linear'], ['get', 'point_count'], 2, 12 * s, 200, 26 * s],
          'circle-opacity': [
            'interpolate',
            ['linear'],
            ['zoom'],
            DOTS_FROM_ZOOM - FADE,
            0,
            DOTS_FROM_ZOOM,
            0.9,
          ],
          'circle-stroke-opacity': [
            'interpolate',
            ['linear'],
            ['zoom'],
            DOTS_FROM_ZOOM - FADE,
            0,
            DOTS_FROM_ZOOM,
            1,
          ],
        },
      },
      firstLabel,
    );
    map.addLayer({
      id: NEAR_COUNT,
      type: 'symbol',
      source: NEAR,
      minzoom: DOTS_FROM_ZOOM,
      filter: ['has', 'point_count'],
      layout: {
        visibility: 'none',
        'text-field': ['to-string', ['get', 'point_count']],
        'text-font': [MAP_FONT_BOLD],
        'text-size': 13 * s,
        'text-allow-overlap': true,
      },
      paint: { 'text-color': '#f4fbff' },
    });
    this.ready = true;
    this.applyIntensity();
    // Points that came before the layers; the sources start empty, so nothing to send otherwise.
    if (!this.pendingPoints && this.features.size) this.pendingPoints = [...this.features.values()];
    this.flush();
  }
}
