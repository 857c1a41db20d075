/**
 * The heatmap on the grid map: sources and layers added beside the grid's (never a style rebuild).
 *  - `heat-points`: the window's cases, one feature per case keyed by case number, with report time,
 *    level and state as properties. Drawn as a smooth density when zoomed out and as status-coloured
 *    dots when zoomed in; window, status and level changes are layer filters, new cases are diffs.
 *  - `heat-near`: the same cases clustered, for zoomed-in views where they pile up; filled lazily,
 *    only while the map is zoomed in and not playing.
 *  - `heat-bins`: the backend's binned counts when the window holds too many cases for points.
 *  - `choro-<level>`: a fill on the grid's own source, coloured by feature-state (class per unit).
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
import { MAP_FONT_BOLD } from '../map/fonts.ts';
import { sourceId } from '../map/map-style.ts';
import {
  choroplethColor,
  HEAT_RAMP,
  pointFilter,
  pointPasses,
  pointWeight,
  stateColor,
  type HeatPointProps,
  type PointFilter,
} from './heat-style.ts';

const POINTS = 'heat-points';
const NEAR = 'heat-near';
const BINS = 'heat-bins';
const DENSITY = 'heat-density';
const BIN_DENSITY = 'heat-bin-density';
const DOTS = 'heat-dots';
const NEAR_DOTS = 'heat-near-dots';
const NEAR_CLUSTER = 'heat-near-cluster';
const NEAR_COUNT = 'heat-near-count';
const choroLayer = (l: ChoroplethLevel): string => `choro-${l}`;

/** From this zoom cases are dots (and clusters) rather than a density. */
export const DOTS_FROM_ZOOM = 13.5;
const FADE = 1.2;
/** Cases in a window at which the density is drawn at intensity 1. */
const INTENSITY_REFERENCE = 400;

export type PointFeature = Feature<Point, HeatPointProps>;
export interface BinFeatureProps {
  c: number;
  w: number;
}

const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

export class HeatLayer {
  private map: MapLibreMap | null = null;
  private ready = false;
  private scale = 1;
  private visible = false;
  private playing = false;
  private filter: PointFilter = { fromSec: 0, toSec: 0, statuses: null, levels: null };
  private byLevel = false;
  private binMax = 1;
  private mode: 'points' | 'bins' = 'points';
  private choro: { level: ChoroplethLevel; classes: (number | null)[]; codes: string[] } | null = null;
  private choroColors: string[] = [];
  private pendingPoints: PointFeature[] | null = [];
  private pendingBins: Feature<Point, BinFeatureProps>[] | null = null;
  /** Every point feature by case number: the clustered source is rebuilt from it when needed. */
  private readonly features = new Map<number, PointFeature>();
  private nearDirty = true;
  private maxSeq = 0;
  private drawn = 0;
  private fullLoads = 0;
  private intensity = 1;
  private readonly listeners = new Set<() => void>();
  hoverListener: ((code: string | null, x: number, y: number) => void) | null = null;

  attach(map: MapLibreMap, scale: number): void {
    this.map = map;
    this.ready = false;
    this.scale = scale;
    // The layers come with the first time the heatmap is shown: the choropleth's fill layers sit on
    // the grid's own sources, and adding them makes the map re-tile those sources, a second or
    // more at city scale that the first picture should not wait for.
    if (map.getLayer('background')) this.addWhenShown();
    else map.once('style.load', () => this.addWhenShown());
    map.on('zoomend', () => this.syncNear());
    map.on('mousemove', (e) => this.hover(e));
    map.on('mouseout', () => this.hoverListener?.(null, 0, 0));
  }

  get attached(): MapLibreMap | null {
    return this.ready ? this.map : null;
  }

  /** Called once the map has drawn everything after a change (for tests and the benchmark). */
  onIdle(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  setVisible(on: boolean): void {
    this.visible = on;
    if (on && this.map?.getLayer('background')) this.addWhenShown();
    this.applyVisibility();
  }

  private addWhenShown(): void {
    if (this.visible || this.choro) this.addLayers();
  }

  setPlaying(on: boolean): void {
    this.playing = on;
    this.applyVisibility();
    if (!on) this.syncNear();
  }

  /** Replaces every point (a new window range or new backend filters). */
  setPoints(features: PointFeature[]): void {
    this.features.clear();
    this.maxSeq = 0;
    for (const f of features) {
      this.features.set(f.id as number, f);
      this.maxSeq = Math.max(this.maxSeq, f.id as number);
    }
    this.mode = 'points';
    this.nearDirty = true;
    this.pendingPoints = features;
    this.pendingBins = [];
    this.flush();
  }

  /** Adds or replaces some points and removes others: a live delta, sent as a diff. */
  updatePoints(upsert: PointFeature[], remove: number[]): void {
    if (upsert.length + remove.length === 0) return;
    for (const f of upsert) {
      this.features.set(f.id as number, f);
      this.maxSeq = Math.max(this.maxSeq, f.id as number);
    }
    for (const id of remove) this.features.delete(id);
    const source = this.ready ? this.map?.getSource<GeoJSONSource>(POINTS) : undefined;
    if (!source || this.pendingPoints) {
      this.nearDirty = true;
      this.pendingPoints = [...this.features.values()];
      this.flush();
      return;
    }
    // updateData's `add` replaces a feature with the same id, so a changed case is one entry.
    const diff: GeoJSONSourceDiff = { add: upsert, remove };
    void source.updateData(diff).then(() => this.report());
    const near = this.map?.getSource<GeoJSONSource>(NEAR);
    if (near && !this.nearDirty) {
      // The clustered copy takes the same diff, under the current filter.
      const shown = upsert.filter((p) => this.passes(p));
      const hidden = upsert.filter((p) => !this.passes(p)).map((p) => p.id as number);
      void near.updateData({ add: shown, remove: [...remove, ...hidden] });
    } else this.nearDirty = true;
    this.afterChange();
  }

  setBins(features: Feature<Point, BinFeatureProps>[], maxWeight: number): void {
    this.mode = 'bins';
    this.binMax = Math.max(1, maxWeight);
    this.pendingBins = features;
    this.flush();
  }

  setFilter(f: PointFilter, byLevel: boolean): void {
    this.filter = f;
    this.byLevel = byLevel;
    this.nearDirty = true;
    if (!this.map || !this.ready) return;
    const filter = pointFilter(f);
    for (const id of [DENSITY, DOTS]) this.map.setFilter(id, filter);
    this.map.setPaintProperty(DENSITY, 'heatmap-weight', pointWeight(byLevel));
    this.syncNear();
    this.afterChange();
  }

  /** Points that pass the current filter: what the map shows, counted without asking the map. */
  countVisible(): number {
    if (this.mode !== 'points') return 0;
    let n = 0;
    for (const p of this.features.values()) if (this.passes(p)) n++;
    return n;
  }

  private passes(p: PointFeature): boolean {
    return pointPasses(this.filter, p.properties);
  }

  /** Points loaded (the whole range, not only the shown window). */
  get size(): number {
    return this.features.size;
  }

  /**
   * Brightness for about `expected` cases in the window: a density summed over 30 days of cases
   * would burn the whole district white, one over an hour would barely show. The square root keeps
   * a busier window visibly busier. Paint only: nothing is re-tiled.
   */
  setExpected(expected: number): void {
    this.intensity = Math.min(1.6, Math.max(0.06, Math.sqrt(INTENSITY_REFERENCE / Math.max(1, expected))));
    this.applyIntensity();
  }

  private applyIntensity(): void {
    const map = this.map;
    if (!map || !this.ready) return;
    const k = this.intensity;
    map.setPaintProperty(DENSITY, 'heatmap-intensity', [
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
    // Under a choropleth the heat is a second reading, not a blanket over the colours.
    const dim = this.choro ? 0.5 : 1;
    map.setPaintProperty(DENSITY, 'heatmap-opacity', [
      'interpolate',
      ['linear'],
      ['zoom'],
      DOTS_FROM_ZOOM - FADE,
      0.85 * dim,
      DOTS_FROM_ZOOM + 0.5,
      0,
    ]);
    map.setPaintProperty(BIN_DENSITY, 'heatmap-opacity', 0.85 * dim);
  }

  hasFeature(id: number): boolean {
    return this.features.has(id);
  }

  setChoropleth(
    next: { level: ChoroplethLevel; classes: (number | null)[]; codes: string[] } | null,
    colors: string[],
  ): void {
    const map = this.map;
    const before = this.choro;
    this.choro = next;
    this.choroColors = colors;
    if (next && !this.ready && map?.getLayer('background')) this.addLayers(); // calls back here once ready
    if (!map || !this.ready) return;
    this.applyIntensity();
    if (before) {
      const src = sourceId(before.level);
      if (map.getSource(src)) map.removeFeatureState({ source: src });
    }
    for (const l of ['town', 'community', 'cell'] as const) {
      const id = choroLayer(l);
      if (!map.getLayer(id)) continue;
      map.setLayoutProperty(id, 'visibility', next?.level === l ? 'visible' : 'none');
      if (next?.level === l) map.setPaintProperty(id, 'fill-color', choroplethColor(colors));
    }
    if (!next) return;
    const src = sourceId(next.level);
    if (!map.getSource(src)) return;
    next.codes.forEach((code, i) => {
      const cls = next.classes[i];
      if (cls !== null && cls !== undefined) map.setFeatureState({ source: src, id: code }, { cls });
    });
  }

  private hover(e: MapMouseEvent): void {
    const map = this.map;
    if (!map || !this.ready || !this.choro || !this.hoverListener) return;
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
      void map
        .getSource<GeoJSONSource>(POINTS)
        ?.setData({ type: 'FeatureCollection', features: this.pendingPoints })
        .then(() => this.report());
      this.pendingPoints = null;
    }
    if (this.pendingBins) {
      void map
        .getSource<GeoJSONSource>(BINS)
        ?.setData({ type: 'FeatureCollection', features: this.pendingBins });
      this.pendingBins = null;
      map.setPaintProperty(BIN_DENSITY, 'heatmap-weight', [
        '/',
        ['get', this.byLevel ? 'w' : 'c'],
        this.binMax,
      ]);
    }
    this.applyVisibility();
    this.syncNear();
    this.afterChange();
  }

  /**
   * Once the map has drawn a change: counted on <body> (heatDrawn, heatPoints, heatMaxSeq) so tests
   * and the benchmark can wait for the new picture, the way the case markers report theirs.
   */
  private afterChange(): void {
    this.map?.once('idle', () => {
      this.drawn++;
      document.body.dataset.heatDrawn = String(this.drawn);
      this.report();
      this.listeners.forEach((fn) => fn());
    });
  }

  /** What the map's sources hold now (heatMaxSeq: the newest case in them; heatFullLoads: setData calls). */
  private report(): void {
    const d = document.body.dataset;
    d.heatMode = this.mode;
    d.heatPoints = String(this.countVisible());
    d.heatMaxSeq = String(this.maxSeq);
    d.heatFullLoads = String(this.fullLoads);
  }

  private applyVisibility(): void {
    const map = this.map;
    if (!map || !this.ready) return;
    const show = (id: string, on: boolean): void => {
      if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
    };
    const points = this.visible && this.mode === 'points';
    // The dispatch queue's markers (500 open cases, clustered) would bury the heat; the heat's own
    // dots show every case when zoomed in, so they step aside while the heatmap is on.
    for (const l of map.getStyle().layers) if (l.id.startsWith('cases-')) show(l.id, !this.visible);
    show(DENSITY, points);
    // While playing the window moves every frame: unclustered dots follow it by filter alone.
    show(DOTS, points && this.playing);
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
    void map.getSource<GeoJSONSource>(NEAR)?.setData({ type: 'FeatureCollection', features });
  }

  private addLayers(): void {
    const map = this.map;
    if (!map || map.getSource(POINTS)) return;
    const s = this.scale;
    map.addSource(POINTS, { type: 'geojson', data: empty() });
    map.addSource(BINS, { type: 'geojson', data: empty() });
    map.addSource(NEAR, {
      type: 'geojson',
      data: empty(),
      cluster: true,
      clusterRadius: 36,
      clusterMaxZoom: 16,
      clusterProperties: { overdue: ['+', ['case', ['>=', ['get', 's'], 16], 1, 0]] },
    });
    // Under the labels, so names stay readable through the heat.
    const firstLabel = map.getStyle().layers.find((l) => l.id.startsWith('label-'))?.id;
    const firstLine = map.getStyle().layers.find((l) => /^(glow|line)-/.test(l.id))?.id;
    for (const l of ['town', 'community', 'cell'] as const) {
      if (!map.getSource(sourceId(l))) continue;
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
    const density: NonNullable<HeatmapLayerSpecification['paint']> = {
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
    map.addLayer(
      {
        id: BIN_DENSITY,
        type: 'heatmap',
        source: BINS,
        layout: { visibility: 'none' },
        paint: { ...density, 'heatmap-opacity': 0.85, 'heatmap-weight': ['/', ['get', 'c'], 1] },
      },
      firstLabel,
    );
    const dot: NonNullable<CircleLayerSpecification['paint']> = {
      'circle-color': stateColor(),
      'circle-radius': ['interpolate', ['linear'], ['zoom'], DOTS_FROM_ZOOM - FADE, 2 * s, 17, 6 * s],
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
          'circle-radius': ['interpolate', ['linear'], ['get', 'point_count'], 2, 10 * s, 200, 22 * s],
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
        'text-size': 11 * s,
        'text-allow-overlap': true,
      },
      paint: { 'text-color': '#f4fbff' },
    });
    this.ready = true;
    this.applyIntensity();
    if (!this.pendingPoints) this.pendingPoints = [...this.features.values()];
    this.setFilter(this.filter, this.byLevel);
    if (this.choro) this.setChoropleth(this.choro, this.choroColors);
    this.flush();
    this.applyVisibility();
  }
}
