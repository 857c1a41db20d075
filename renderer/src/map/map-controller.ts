/**
 * The imperative side of the map: one MapLibre instance, driven by the React component through a
 * few calls (visibility, selection, fly-to, data). Highlighting uses feature-state on the sources
 * that are already there; nothing is re-added.
 */
import {
  Map as MapLibreMap,
  type AllLayoutProperties,
  type AllPaintProperties,
  type GeoJSONSource,
  type MapMouseEvent,
  type PointLike,
} from 'maplibre-gl';
import { GRID_LEVELS, type GridLevel } from '../../../shared/grid/types.ts';
import type { LayerVisibility, MapView } from '../settings/settings.ts';
import type { Bounds } from './bounds.ts';
import { holdPaint } from './paint-hold.ts';
import { mapFontFaces, UI_FONT_FAMILY } from './fonts.ts';
import { LEVEL_LOOK } from './levels.ts';
import {
  buildLayers,
  buildStyle,
  fillLayerId,
  labelSourceId,
  screenScale,
  SELECTION_SOURCE,
  sourceId,
  toggledLayerIds,
  type MapData,
} from './map-style.ts';
import { rendererOf, setRenderKind } from './render-kind.ts';
import { configureMapWorker } from './worker.ts';

export type MapState = 'loading' | 'idle' | 'error';

export interface MapControllerOptions {
  container: HTMLElement;
  /** Null when the map starts before the grid has arrived; setData brings it. */
  data: MapData | null;
  visibility: LayerVisibility;
  initialView: MapView | null;
  home: Bounds | null;
  onPick(code: string): void;
  /** Only moves a person made (drag, wheel, the zoom buttons): those are the view worth restoring. */
  onUserView(view: MapView): void;
  onFlown(code: string): void;
  onState(state: MapState, message?: string): void;
  /** The levels whose geometry the map has drawn so far (their data was given and the map went idle). */
  onDrawn?(levels: GridLevel[]): void;
  /** Overlays (case markers) that add their own sources once the map exists. */
  onMap?(map: MapLibreMap, scale: number): void;
  /** Asked first on every click; true means an overlay took it and the grid is not picked. */
  interceptClick?(e: MapMouseEvent): boolean;
}

/** Screen space overlays cover along the map's edges (px): views are framed in what is left. */
export interface MapInsets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}
export const NO_INSETS: MapInsets = { top: 0, right: 0, bottom: 0, left: 0 };

export interface UnitRef {
  code: string;
  level: GridLevel;
}

const FLY_MS = 1200;
/** Longest the first picture waits for all its tiles before painting what it has. */
const FIRST_PICTURE_HOLD_MS = 8000;
/** See StyleOptions.simplify: 1 px keeps every outline within a pixel of where it is. */
const OPERATOR_SIMPLIFY_PX = 1;
const NO_DATA: MapData = { levels: [], layers: {}, labels: {} };

export class MapController {
  private readonly map: MapLibreMap;
  private data: MapData;
  /** What the map's sources hold now (data can arrive before the style has loaded). */
  private sent: MapData;
  private pushPending = false;
  private readonly drawn = new Set<GridLevel>();
  private homeBounds: Bounds | null;
  /** The first picture needs the grid: 'idle' is only reported once data is there and drawn. */
  private waitingForData: boolean;
  private visibility: LayerVisibility;
  private scale: number;
  private selected: UnitRef | null = null;
  private hovered: UnitRef | null = null;
  private pendingFly: string | null = null;
  private state: MapState = 'loading';
  private hoverFrame = 0;
  private insets: MapInsets = NO_INSETS;
  /** The view is the home view, untouched since: new insets frame home again instead of panning. */
  private atHome: boolean;
  private homing = false;
  private readonly onResize = (): void => this.rescale();

  constructor(private readonly opts: MapControllerOptions) {
    performance.mark('gezhi:map-create');
    configureMapWorker();
    this.data = opts.data ?? NO_DATA;
    this.sent = this.data;
    this.homeBounds = opts.home;
    this.waitingForData = opts.data === null;
    this.atHome = !opts.initialView && opts.home !== null;
    this.visibility = opts.visibility;
    this.scale = screenScale(window.innerWidth, window.innerHeight);
    const view = opts.initialView
      ? { center: opts.initialView.center, zoom: opts.initialView.zoom }
      : opts.home
        ? { bounds: opts.home, fitBoundsOptions: { padding: this.padding() } }
        : { center: [113.5, 22.75] as [number, number], zoom: 9 };
    this.map = new MapLibreMap({
      container: opts.container,
      style: buildStyle(this.data, mapFontFaces(), this.scale, {
        visible: (l) => opts.visibility[l],
        selection: 'source',
        simplify: OPERATOR_SIMPLIFY_PX,
      }),
      ...view,
      attributionControl: false,
      // Fallback only: every codepoint the style's font-faces cover is drawn from the shipped files.
      localIdeographFontFamily: `"${UI_FONT_FAMILY}", sans-serif`,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      maxZoom: 19,
      fadeDuration: 0,
    });
    this.map.touchZoomRotate.disableRotation();
    holdPaint(this.map, () => !this.waitingForData && this.map.loaded(), FIRST_PICTURE_HOLD_MS);
    setRenderKind(rendererOf(this.map.getCanvas()));
    this.map.once('load', () => performance.mark('gezhi:map-load'));
    this.map.once('render', () => performance.mark('gezhi:map-first-render'));
    if (!this.waitingForData) this.reportFirstIdle();
    this.map.on('error', (e) => {
      const message = e.error instanceof Error ? e.error.message : String(e.error);
      if (this.state === 'loading') this.setState('error', message);
      else console.error('[map]', message);
    });
    this.map.on('click', (e) => this.handleClick(e));
    this.map.on('mousemove', (e) => this.handleHover(e.point));
    this.map.on('mouseout', () => this.setHover(null));
    this.map.on('moveend', (e) => {
      this.atHome = this.homing;
      this.homing = false;
      if (this.pendingFly) {
        const code = this.pendingFly;
        this.pendingFly = null;
        this.opts.onFlown(code);
      }
      if ('originalEvent' in e || (e as { userMove?: boolean }).userMove) this.opts.onUserView(this.view());
    });
    window.addEventListener('resize', this.onResize);
    opts.onMap?.(this.map, this.scale);
  }

  destroy(): void {
    window.removeEventListener('resize', this.onResize);
    cancelAnimationFrame(this.hoverFrame);
    this.map.remove();
  }

  setVisibility(v: LayerVisibility): void {
    this.visibility = v;
    this.applyVisibility();
  }

  /** `home` is where the map opens when no view was remembered; it comes with the first data. */
  setData(data: MapData, home: Bounds | null = this.homeBounds): void {
    this.data = data;
    this.homeBounds = home;
    if (this.waitingForData) {
      performance.mark('gezhi:map-data');
      this.waitingForData = false;
      if (home && !this.opts.initialView) this.fitHome(0, false);
    }
    this.pushData();
    // Registered after the sources were given their data, so this idle is the grid's, not the empty map's.
    if (this.state === 'loading' && !this.firstIdlePending) this.reportFirstIdle();
  }

  /** Gives the sources what changed since they were last given data; waits for the style if needed. */
  private pushData(): void {
    if (!this.map.getSource(sourceId(GRID_LEVELS[0]!))) {
      if (this.pushPending) return;
      this.pushPending = true;
      this.map.once('style.load', () => {
        this.pushPending = false;
        this.pushData();
      });
      return;
    }
    const before = this.sent;
    const data = this.data;
    this.sent = data;
    const pushed: GridLevel[] = [];
    for (const l of data.levels) {
      const grid = this.map.getSource<GeoJSONSource>(sourceId(l));
      const labels = this.map.getSource<GeoJSONSource>(labelSourceId(l));
      const layer = data.layers[l];
      const label = data.labels[l];
      // Only what changed goes to the map worker: re-tiling 30,000 unchanged cells costs seconds.
      if (grid && layer && layer !== before.layers[l]) {
        grid.setData(layer);
        pushed.push(l);
      }
      if (labels && label && label !== before.labels[l]) labels.setData(label);
    }
    if (pushed.length)
      this.map.once('idle', () => {
        for (const l of pushed) this.drawn.add(l);
        this.opts.onDrawn?.([...this.drawn]);
      });
    if (this.selected) this.select(this.selected);
  }

  private firstIdlePending = false;
  private reportFirstIdle(): void {
    this.firstIdlePending = true;
    this.map.once('idle', () => {
      performance.mark('gezhi:map-idle');
      if (this.state === 'loading') this.setState('idle');
    });
  }

  select(unit: UnitRef | null): void {
    if (this.selected && this.map.getSource(sourceId(this.selected.level)))
      this.map.removeFeatureState(
        { source: sourceId(this.selected.level), id: this.selected.code },
        'selected',
      );
    this.selected = unit;
    if (unit && this.map.getSource(sourceId(unit.level)))
      this.map.setFeatureState({ source: sourceId(unit.level), id: unit.code }, { selected: true });
    // The outline comes from a source holding only the selected unit (see SelectionDrawing).
    const outline = this.map.getSource<GeoJSONSource>(SELECTION_SOURCE);
    if (!outline) return;
    const feature = unit
      ? this.sent.layers[unit.level]?.features.find((f) => f.properties.code === unit.code)
      : undefined;
    outline.setData({ type: 'FeatureCollection', features: feature ? [feature] : [] });
  }

  flyTo(code: string, bbox: Bounds): void {
    // Cancelled first: the moveend of an interrupted flight must not claim this one has arrived.
    this.pendingFly = null;
    this.map.fitBounds(bbox, { padding: this.padding(), maxZoom: 16.5, duration: FLY_MS, essential: true });
    if (this.map.isMoving()) this.pendingFly = code;
    else this.opts.onFlown(code);
  }

  zoomBy(delta: number): void {
    this.map.zoomTo(this.map.getZoom() + delta, { duration: 300 }, { userMove: true });
  }

  home(): void {
    this.fitHome(800, true);
  }

  /** `user`: the home button, a view worth remembering (not the first fit, nor a re-fit for panels). */
  private fitHome(duration: number, user: boolean): void {
    if (!this.homeBounds) return;
    this.homing = true;
    this.map.fitBounds(this.homeBounds, { padding: this.padding(), duration }, { userMove: user });
    // A fit that did not move (already there) fires no moveend.
    if (!this.map.isMoving()) {
      this.homing = false;
      this.atHome = true;
    }
  }

  /**
   * Panels over the map (the heatmap's) cover its edges: the map's padding keeps its centre, fits
   * and fly-tos in the open part, and a view still at home is framed again so the whole district
   * shows beside the panels.
   */
  setInsets(insets: MapInsets): void {
    const i = this.insets;
    if (
      i.top === insets.top &&
      i.right === insets.right &&
      i.bottom === insets.bottom &&
      i.left === insets.left
    )
      return;
    this.insets = insets;
    // At once: an animation is a run of frames to draw, each as costly as the panel's own picture
    // in software WebGL, and the panel itself appears at once too.
    if (this.atHome && this.homeBounds) {
      this.map.setPadding(insets);
      this.fitHome(0, false);
    } else this.map.setPadding(insets);
  }

  private view(): MapView {
    const c = this.map.getCenter();
    return { center: [round(c.lng, 6), round(c.lat, 6)], zoom: round(this.map.getZoom(), 2) };
  }

  private padding(): number {
    return Math.round(48 * this.scale);
  }

  private setState(s: MapState, message?: string): void {
    this.state = s;
    this.opts.onState(s, message);
  }

  private applyVisibility(): void {
    for (const l of GRID_LEVELS) {
      for (const id of toggledLayerIds(l)) {
        if (this.map.getLayer(id))
          this.map.setLayoutProperty(id, 'visibility', this.visibility[l] ? 'visible' : 'none');
      }
    }
  }

  /** The finest visible level whose features are big enough at this zoom to be what the person meant. */
  private pick(point: PointLike): UnitRef | null {
    const zoom = this.map.getZoom();
    const levels = this.data.levels.filter(
      (l) => this.visibility[l] && zoom >= LEVEL_LOOK[l].pickFromZoom && zoom >= LEVEL_LOOK[l].minZoom,
    );
    if (levels.length === 0) return null;
    const features = this.map.queryRenderedFeatures(point, { layers: levels.map(fillLayerId) });
    let best: UnitRef | null = null;
    for (const f of features) {
      const code = f.properties.code as unknown;
      const level = f.properties.level as unknown;
      if (typeof code !== 'string' || !GRID_LEVELS.includes(level as GridLevel)) continue;
      const l = level as GridLevel;
      if (!best || GRID_LEVELS.indexOf(l) > GRID_LEVELS.indexOf(best.level)) best = { code, level: l };
    }
    return best;
  }

  private handleClick(e: MapMouseEvent): void {
    if (this.opts.interceptClick?.(e)) return;
    const unit = this.pick(e.point);
    if (unit) this.opts.onPick(unit.code);
  }

  private handleHover(point: PointLike): void {
    cancelAnimationFrame(this.hoverFrame);
    this.hoverFrame = requestAnimationFrame(() => this.setHover(this.pick(point)));
  }

  private setHover(unit: UnitRef | null): void {
    if (this.hovered?.code === unit?.code) return;
    if (this.hovered)
      this.map.removeFeatureState({ source: sourceId(this.hovered.level), id: this.hovered.code }, 'hover');
    this.hovered = unit;
    if (unit) this.map.setFeatureState({ source: sourceId(unit.level), id: unit.code }, { hover: true });
    this.map.getCanvas().style.cursor = unit ? 'pointer' : '';
  }

  private rescale(): void {
    const s = screenScale(window.innerWidth, window.innerHeight);
    if (s === this.scale) return;
    this.scale = s;
    for (const layer of buildLayers(GRID_LEVELS, s, undefined, 'source')) {
      if (!this.map.getLayer(layer.id)) continue;
      // Entries of a spec object are its own property names, which the setters' key types cannot see.
      for (const [k, v] of Object.entries(layer.paint ?? {}))
        this.map.setPaintProperty(layer.id, k as keyof AllPaintProperties, v);
      if ('layout' in layer)
        for (const [k, v] of Object.entries(layer.layout ?? {}))
          if (k !== 'visibility') this.map.setLayoutProperty(layer.id, k as keyof AllLayoutProperties, v);
    }
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
