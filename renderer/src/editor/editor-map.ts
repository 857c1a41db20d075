/**
 * The planner's map: its own MapLibre instance with the same grid style as the operator's map, fed
 * from the draft, plus the editor's overlays. It handles the pointer work that must not wait for
 * React (vertex drags, drawing); React tells it what to show and hears what the planner did.
 */
import {
  Map as MapLibreMap,
  type GeoJSONSource,
  type MapMouseEvent,
  type PointLike,
  type StyleSpecification,
} from 'maplibre-gl';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import type { DraftTopology } from '../../../shared/api/drafts-contract.ts';
import { GRID_LEVELS, type GridLevel } from '../../../shared/grid/types.ts';
import { mapFontFaces, UI_FONT_FAMILY } from '../map/fonts.ts';
import { LEVEL_LOOK } from '../map/levels.ts';
import {
  buildStyle,
  fillLayerId,
  labelSourceId,
  screenScale,
  sourceId,
  type MapData,
} from '../map/map-style.ts';
import { rendererOf, setRenderKind } from '../map/render-kind.ts';
import { configureMapWorker } from '../map/worker.ts';
import { collectionOf, labelPoint, moveVertexIn, type DraftLayers, type LonLat } from './draft-model.ts';
import { overlayLayers, overlaySources, SRC, VERTEX_LAYER } from './editor-layers.ts';
import { snapPoint, type Snap, type SnapSegment, type SnapVertex } from '../../../shared/editor/snap.ts';

export type EditorTool = 'select' | 'split' | 'insert' | 'draw' | 'reshape';
/** Tools that collect a line of clicked points (finished with Enter). */
const LINE_TOOLS: readonly EditorTool[] = ['split', 'draw', 'reshape'];
const LEVELS: readonly GridLevel[] = ['district', 'town', 'community', 'cell'];
/** How close (screen pixels) the pointer must come to a vertex to grab it or snap to it. */
export const SNAP_PX = 10;

export interface EditorMapOptions {
  container: HTMLElement;
  layers: DraftLayers;
  bounds: [number, number, number, number] | null;
  onReady(): void;
  onPick(code: string | null, additive: boolean): void;
  onMoveVertex(vertex: number, to: LonLat): void;
  onDeleteVertex(vertex: number): void;
  onDrawPoint(at: LonLat): void;
  onInsertAt(arc: number, index: number, at: LonLat): void;
  /** The snap target under the pointer changed (null: none). */
  onSnap?(snap: Snap | null): void;
}

interface Drag {
  vertex: number;
  from: LonLat;
  /** Where on the screen the vertex was picked up. */
  start: { x: number; y: number };
  users: string[];
  /** Where it would be dropped; null while it is back where it started (nothing to record). */
  last: LonLat | null;
}

export class EditorMap {
  readonly map: MapLibreMap;
  private layers: DraftLayers;
  private tool: EditorTool = 'select';
  private selected: string[] = [];
  private topology: DraftTopology | null = null;
  private vertexUsers = new Map<number, Set<string>>();
  private vertexAt = new Map<number, LonLat>();
  private drag: Drag | null = null;
  private readonly scale: number;
  private snapPx = SNAP_PX;
  private drawn: LonLat[] = [];

  constructor(private readonly opts: EditorMapOptions) {
    configureMapWorker();
    this.layers = opts.layers;
    this.scale = screenScale(window.innerWidth, window.innerHeight);
    const style = buildStyle(this.mapData(), mapFontFaces(), this.scale);
    const full: StyleSpecification = {
      ...style,
      sources: { ...style.sources, ...overlaySources() },
      layers: [...style.layers, ...overlayLayers(this.scale)],
    };
    this.map = new MapLibreMap({
      container: opts.container,
      style: full,
      ...(opts.bounds
        ? { bounds: opts.bounds, fitBoundsOptions: { padding: 48 } }
        : { center: [113.5, 22.75], zoom: 9 }),
      attributionControl: false,
      localIdeographFontFamily: `"${UI_FONT_FAMILY}", sans-serif`,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      doubleClickZoom: false,
      // Shift+click adds to the selection; MapLibre's box zoom takes Shift+drag and swallows the click.
      boxZoom: false,
      maxZoom: 20,
      fadeDuration: 0,
    });
    this.map.touchZoomRotate.disableRotation();
    setRenderKind(rendererOf(this.map.getCanvas()));
    this.map.once('idle', () => opts.onReady());
    this.map.on('click', (e) => this.handleClick(e));
    this.map.on('mousedown', (e) => this.startDrag(e));
    this.map.on('mousemove', (e) => this.handleMove(e));
    this.map.on('mouseup', () => this.endDrag());
  }

  destroy(): void {
    this.map.remove();
  }

  setTool(tool: EditorTool): void {
    this.tool = tool;
    if (!LINE_TOOLS.includes(tool)) this.showSnap(null);
    this.map.getCanvas().style.cursor = tool === 'select' ? '' : 'crosshair';
  }

  /** The model changed (edit response, undo): refresh only the named levels' sources. */
  refresh(levels: Iterable<GridLevel>): void {
    for (const l of levels) {
      if (!LEVELS.includes(l)) continue;
      this.map.getSource<GeoJSONSource>(sourceId(l))?.setData(collectionOf(this.layers, l));
      this.map.getSource<GeoJSONSource>(labelSourceId(l))?.setData(labelsOf(this.layers, l));
    }
    this.applySelection(this.selected);
  }

  setLayers(layers: DraftLayers): void {
    this.layers = layers;
    this.refresh(LEVELS);
  }

  setSelection(codes: string[]): void {
    this.applySelection(codes);
    this.showVertices();
  }

  setTopology(topology: DraftTopology | null): void {
    this.topology = topology;
    this.vertexUsers.clear();
    this.vertexAt.clear();
    for (const [id, lon, lat] of topology?.vertices ?? []) this.vertexAt.set(id, [lon, lat]);
    for (const arc of topology?.arcs ?? [])
      for (const v of arc.vertices) {
        const set = this.vertexUsers.get(v) ?? new Set<string>();
        for (const u of arc.users) set.add(u);
        this.vertexUsers.set(v, set);
      }
    this.showVertices();
  }

  setOverlay(source: keyof typeof SRC, features: Feature[]): void {
    const fc: FeatureCollection = { type: 'FeatureCollection', features };
    this.map.getSource<GeoJSONSource>(SRC[source])?.setData(fc);
  }

  /** Snapping tolerance in CSS pixels (0 turns snapping off). */
  setSnapTolerance(px: number): void {
    this.snapPx = px;
  }

  setDrawing(points: LonLat[], cursor?: LonLat): void {
    this.drawn = points;
    if (cursor && points.length) points = [...points, cursor];
    // A new cell's outline closes back to its first point.
    if (this.tool === 'draw' && points.length > 2) points = [...points, points[0]!];
    const features: Feature[] = points.map((p) => point(p, {}));
    if (points.length > 1)
      features.push({
        type: 'Feature',
        properties: {},
        geometry: { type: 'LineString', coordinates: points },
      });
    this.setOverlay('draw', features);
  }

  fitTo(bbox: [number, number, number, number], maxZoom = 17): void {
    this.map.fitBounds(bbox, { padding: 80 * this.scale, maxZoom, duration: 600 });
  }

  project(at: LonLat): { x: number; y: number } {
    const p = this.map.project(at);
    return { x: p.x, y: p.y };
  }

  private mapData(): MapData {
    const data: MapData = { levels: LEVELS, layers: {}, labels: {} };
    for (const l of LEVELS) {
      data.layers[l] = collectionOf(this.layers, l);
      data.labels[l] = labelsOf(this.layers, l);
    }
    return data;
  }

  private applySelection(codes: string[]): void {
    for (const code of this.selected) {
      const level = this.levelOf(code);
      if (level) this.map.removeFeatureState({ source: sourceId(level), id: code }, 'selected');
    }
    this.selected = codes;
    for (const code of codes) {
      const level = this.levelOf(code);
      if (level) this.map.setFeatureState({ source: sourceId(level), id: code }, { selected: true });
    }
  }

  private levelOf(code: string): GridLevel | null {
    for (const l of LEVELS) if (this.layers[l].has(code)) return l;
    return null;
  }

  /** The vertices of the selected units' arcs, each marked with how many units share it. */
  private showVertices(): void {
    const sel = new Set(this.selected);
    const features: Feature[] = [];
    for (const [id, users] of this.vertexUsers) {
      if (![...users].some((u) => sel.has(u))) continue;
      const at = this.vertexAt.get(id);
      if (at) features.push(point(at, { id, shared: users.size }));
    }
    this.setOverlay('vertices', features);
  }

  /** The finest level with a unit under the point, among levels drawn at this zoom. */
  private pick(p: PointLike): string | null {
    const zoom = this.map.getZoom();
    const levels = LEVELS.filter((l) => zoom >= LEVEL_LOOK[l].pickFromZoom && zoom >= LEVEL_LOOK[l].minZoom);
    const found = this.map.queryRenderedFeatures(p, { layers: levels.map(fillLayerId) });
    let best: { code: string; rank: number } | null = null;
    for (const f of found) {
      const code = f.properties.code as unknown;
      const rank = GRID_LEVELS.indexOf(f.properties.level as GridLevel);
      if (typeof code === 'string' && (!best || rank > best.rank)) best = { code, rank };
    }
    return best?.code ?? null;
  }

  /**
   * Where the pointer snaps among the vertices and edges of the arcs around the selection (its
   * neighbours, its parent and their ancestors), with the tolerance in CSS pixels scaled like the map.
   */
  private snapAt(p: { x: number; y: number }, skip?: number): Snap | null {
    if (!this.topology || this.snapPx <= 0) return null;
    const box = this.map.getContainer().getBoundingClientRect();
    const vertices = new Map<number, SnapVertex>();
    for (const [id, at] of this.vertexAt) {
      const q = this.map.project(at);
      if (q.x < -50 || q.y < -50 || q.x > box.width + 50 || q.y > box.height + 50) continue;
      vertices.set(id, { id, at, screen: { x: q.x, y: q.y } });
    }
    const segments: SnapSegment[] = [];
    for (const arc of this.topology.arcs)
      for (let i = 0; i + 1 < arc.vertices.length; i++) {
        const a = vertices.get(arc.vertices[i]!);
        const b = vertices.get(arc.vertices[i + 1]!);
        if (a && b) segments.push({ a, b });
      }
    return snapPoint(p, vertices.values(), segments, this.snapPx * this.scale, skip);
  }

  /** The snap ring on the map, and on the page body for tests and screen readers of state. */
  private showSnap(snap: Snap | null): void {
    this.setOverlay('snap', snap ? [point(snap.at, { kind: snap.kind })] : []);
    if (snap) document.body.dataset.editorSnap = snap.kind;
    else delete document.body.dataset.editorSnap;
    this.opts.onSnap?.(snap);
  }

  private handleClick(e: MapMouseEvent): void {
    const at: LonLat = [e.lngLat.lng, e.lngLat.lat];
    if (LINE_TOOLS.includes(this.tool)) return this.opts.onDrawPoint(this.snapAt(e.point)?.at ?? at);
    if (this.tool === 'insert') return this.insertAt(e);
    if (e.originalEvent.altKey) {
      const v = this.grabbable(e.point);
      if (v !== null) return this.opts.onDeleteVertex(v);
    }
    this.opts.onPick(this.pick(e.point), e.originalEvent.shiftKey);
  }

  /**
   * Inserts on the nearest segment of an arc of the selection, within the snap distance. The new
   * vertex lies on the segment, not under the pointer, so inserting never changes a shape by itself.
   */
  private insertAt(e: MapMouseEvent): void {
    const sel = new Set(this.selected);
    let best: { arc: number; index: number; d: number; at: LonLat } | null = null;
    for (const arc of this.topology?.arcs ?? []) {
      if (!arc.users.some((u) => sel.has(u))) continue;
      for (let i = 0; i + 1 < arc.vertices.length; i++) {
        const a = this.vertexAt.get(arc.vertices[i]!);
        const b = this.vertexAt.get(arc.vertices[i + 1]!);
        if (!a || !b) continue;
        const { d, t } = segmentDistance(e.point, this.map.project(a), this.map.project(b));
        if (d <= SNAP_PX * this.scale && (!best || d < best.d))
          best = { arc: arc.id, index: i, d, at: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])] };
      }
    }
    if (best) this.opts.onInsertAt(best.arc, best.index, best.at);
  }

  private grabbable(p: PointLike): number | null {
    const hit = this.map.queryRenderedFeatures(p, { layers: [VERTEX_LAYER] })[0];
    const id = hit?.properties.id as unknown;
    return typeof id === 'number' ? id : null;
  }

  private startDrag(e: MapMouseEvent): void {
    if (this.tool !== 'select' || e.originalEvent.button !== 0 || e.originalEvent.altKey) return;
    const id = this.grabbable(e.point);
    const from = id === null ? undefined : this.vertexAt.get(id);
    if (id === null || !from) return;
    e.preventDefault();
    this.map.dragPan.disable();
    this.drag = {
      vertex: id,
      from,
      start: { x: e.point.x, y: e.point.y },
      users: [...(this.vertexUsers.get(id) ?? [])],
      last: null,
    };
    document.body.dataset.editorDragging = 'true';
  }

  private handleMove(e: MapMouseEvent): void {
    if (!this.drag) {
      if (this.tool === 'select')
        this.map.getCanvas().style.cursor = this.grabbable(e.point) !== null ? 'move' : '';
      if (LINE_TOOLS.includes(this.tool)) {
        const snap = this.snapAt(e.point);
        this.showSnap(snap);
        this.setDrawing(this.drawn, snap?.at ?? [e.lngLat.lng, e.lngLat.lat]);
      }
      return;
    }
    const snap = this.snapAt(e.point, this.drag.vertex);
    // Brought back to where it was picked up: dropping it there is no edit (no empty undo step).
    const back = !snap && Math.hypot(e.point.x - this.drag.start.x, e.point.y - this.drag.start.y) < 1;
    const to: LonLat = snap?.at ?? (back ? this.drag.from : [e.lngLat.lng, e.lngLat.lat]);
    this.showSnap(snap);
    this.drag.last = back ? null : to;
    this.moveLive(this.drag, to);
  }

  /** Every unit using the vertex follows the pointer now; the backend hears of it on drop. */
  private moveLive(drag: Drag, to: LonLat): void {
    const updates = new Map<GridLevel, { id: string; newGeometry: Geometry }[]>();
    for (const code of drag.users) {
      const level = this.levelOf(code);
      const f = level ? this.layers[level].get(code) : undefined;
      if (!level || !f) continue;
      const g = moveVertexIn(f.geometry, drag.from, to);
      if (!g) continue;
      const list = updates.get(level) ?? [];
      list.push({ id: code, newGeometry: g });
      updates.set(level, list);
    }
    for (const [level, update] of updates)
      void this.map.getSource<GeoJSONSource>(sourceId(level))?.updateData({ update });
    const features: Feature[] = [];
    for (const [id, at] of this.vertexAt) {
      const users = this.vertexUsers.get(id);
      if (!users || !drag.users.some((u) => users.has(u) && this.selected.includes(u))) continue;
      features.push(point(id === drag.vertex ? to : at, { id, shared: users.size }));
    }
    this.setOverlay('vertices', features);
  }

  private endDrag(): void {
    const drag = this.drag;
    if (!drag) return;
    this.drag = null;
    this.map.dragPan.enable();
    this.showSnap(null);
    delete document.body.dataset.editorDragging;
    if (drag.last) this.opts.onMoveVertex(drag.vertex, drag.last);
  }
}

function point(at: LonLat, properties: Record<string, number | string>): Feature {
  return { type: 'Feature', properties, geometry: { type: 'Point', coordinates: at } };
}

type LabelCollection = FeatureCollection<Point, { code: string; name: string; level: GridLevel }>;

function labelsOf(layers: DraftLayers, level: GridLevel): LabelCollection {
  return {
    type: 'FeatureCollection',
    features: [...layers[level].values()].map((f) => ({
      type: 'Feature',
      properties: { code: f.properties.code, name: f.properties.name, level },
      geometry: { type: 'Point', coordinates: labelPoint(f.geometry) },
    })),
  };
}

/** Distance from p to segment ab, and where along it (0 at a, 1 at b) the nearest point lies. */
function segmentDistance(
  p: { x: number; y: number },
  a: { x: number; y: number },
  b: { x: number; y: number },
): { d: number; t: number } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len));
  return { d: Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy)), t };
}
