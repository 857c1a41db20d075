/**
 * Case markers on the grid map: one clustered GeoJSON source added beside the grid's sources and
 * updated by diff (updateData), never by rebuilding the style. Selection is feature-state, so the
 * panel and the map highlight the same case without touching the data.
 */
import type {
  ExpressionSpecification,
  GeoJSONSource,
  GeoJSONSourceDiff,
  Map as MapLibreMap,
  MapMouseEvent,
} from 'maplibre-gl';
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { CaseSummary } from '../../../shared/api/cases-contract.ts';
import { CASE_STATUSES } from '../../../shared/cases/types.ts';
import { MAP_FONT_BOLD } from '../map/fonts.ts';
import { OVERDUE_COLOR, STATUS_COLOR } from './case-colors.ts';

const SOURCE = 'cases';
const CLUSTER = 'cases-cluster';
const CLUSTER_COUNT = 'cases-cluster-count';
const POINT = 'cases-point';
const HALO = 'cases-halo';

interface CaseProps {
  caseId: string;
  status: string;
  overdue: boolean;
}

/** Feature ids must be numbers for feature-state: "20250603-000123" → 20250603000123 (unique, < 2^53). */
export function featureId(caseId: string): number {
  return Number(caseId.replace('-', ''));
}

function toFeature(c: CaseSummary): Feature<Point, CaseProps> {
  return {
    type: 'Feature',
    id: featureId(c.id),
    geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
    properties: { caseId: c.id, status: c.status, overdue: c.clock?.overdue ?? false },
  };
}

function sameMarker(a: CaseSummary, b: CaseSummary): boolean {
  return a.lon === b.lon && a.lat === b.lat && a.status === b.status && a.clock?.overdue === b.clock?.overdue;
}

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];

function statusColor(): ExpressionSpecification {
  const pairs = CASE_STATUSES.flatMap((s) => [s, STATUS_COLOR[s]]);
  return [
    'case',
    ['get', 'overdue'],
    OVERDUE_COLOR,
    ['match', ['get', 'status'], ...pairs, '#94a3b8'],
    // A spread of pairs is a valid `match`, but its tuple type is too loose for the spec's typing.
  ] as unknown as ExpressionSpecification;
}

export interface CaseLayerEvents {
  onPickCase(id: string): void;
  onPickPoint(lon: number, lat: number): void;
}

export class CaseLayer {
  private map: MapLibreMap | null = null;
  private ready = false;
  private shown = new Map<string, CaseSummary>();
  private wanted: CaseSummary[] = [];
  private selectedId: string | null = null;
  private picking = false;
  private scale = 1;
  private events: CaseLayerEvents | null = null;

  /** The panel listens while it is mounted. */
  listen(events: CaseLayerEvents | null): void {
    this.events = events;
  }

  attach(map: MapLibreMap, scale: number): void {
    // A new map (the workspace remounted it) starts with none of our sources.
    this.map = map;
    this.ready = false;
    this.shown.clear();
    this.scale = scale;
    const add = (): void => this.addLayers();
    // As soon as the style is parsed, not at 'load' (after the grid's data): added later, the
    // markers' layers cost the first picture one more full redraw.
    if (map.getLayer('background')) add();
    else map.once('style.load', add);
  }

  /** "New case" mode: the next click on the map is the case's place, not a selection. */
  setPicking(on: boolean): void {
    this.picking = on;
    if (this.map) this.map.getCanvas().style.cursor = on ? 'crosshair' : '';
    document.body.dataset.casePicking = on ? 'on' : 'off';
  }

  setCases(cases: readonly CaseSummary[]): void {
    this.wanted = [...cases];
    if (this.ready) void this.sync();
  }

  select(id: string | null): void {
    const map = this.map;
    if (map && this.ready && this.selectedId)
      map.removeFeatureState({ source: SOURCE, id: featureId(this.selectedId) }, 'selected');
    this.selectedId = id;
    if (map && this.ready && id)
      map.setFeatureState({ source: SOURCE, id: featureId(id) }, { selected: true });
    if (id) document.body.dataset.markerSelected = id;
    else delete document.body.dataset.markerSelected;
  }

  flyTo(lon: number, lat: number): void {
    this.map?.flyTo({ center: [lon, lat], zoom: Math.max(this.map.getZoom(), 15), duration: 900 });
  }

  /** Called by the map before its own grid picking; true when the click was ours. */
  handleClick(e: MapMouseEvent): boolean {
    const map = this.map;
    if (!map) return false;
    if (this.picking) {
      this.events?.onPickPoint(e.lngLat.lng, e.lngLat.lat);
      return true;
    }
    if (!this.ready) return false;
    const hits = map.queryRenderedFeatures(e.point, { layers: [POINT, CLUSTER] });
    const hit = hits[0];
    if (!hit) return false;
    if (hit.layer.id === CLUSTER) {
      const clusterId = hit.properties.cluster_id as number;
      const center = (hit.geometry as Point).coordinates as [number, number];
      void map
        .getSource<GeoJSONSource>(SOURCE)
        ?.getClusterExpansionZoom(clusterId)
        .then((zoom) => map.easeTo({ center, zoom: zoom + 0.2 }));
      return true;
    }
    const id = hit.properties.caseId as unknown;
    if (typeof id === 'string') this.events?.onPickCase(id);
    return true;
  }

  private addLayers(): void {
    const map = this.map;
    if (!map || map.getSource(SOURCE)) return;
    const s = this.scale;
    map.addSource(SOURCE, {
      type: 'geojson',
      data: { type: 'FeatureCollection', features: [] } satisfies FeatureCollection,
      cluster: true,
      clusterRadius: 40,
      clusterMaxZoom: 14,
      clusterProperties: { overdue: ['+', ['case', ['get', 'overdue'], 1, 0]] },
    });
    map.addLayer({
      id: CLUSTER,
      type: 'circle',
      source: SOURCE,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': ['case', ['>', ['get', 'overdue'], 0], '#7f1d1d', '#0e3a5a'],
        'circle-stroke-color': ['case', ['>', ['get', 'overdue'], 0], OVERDUE_COLOR, '#22d3ee'],
        'circle-stroke-width': 2 * s,
        'circle-radius': ['interpolate', ['linear'], ['get', 'point_count'], 2, 13 * s, 100, 24 * s],
        'circle-opacity': 0.9,
      },
    });
    map.addLayer({
      id: CLUSTER_COUNT,
      type: 'symbol',
      source: SOURCE,
      filter: ['has', 'point_count'],
      layout: {
        'text-field': ['to-string', ['get', 'point_count']],
        'text-font': [MAP_FONT_BOLD],
        'text-size': 12 * s,
        'text-allow-overlap': true,
      },
      paint: { 'text-color': '#f4fbff' },
    });
    map.addLayer({
      id: HALO,
      type: 'circle',
      source: SOURCE,
      filter: ['!', ['has', 'point_count']],
      paint: {
        'circle-radius': ['case', selected, 16 * s, 0],
        'circle-color': 'rgba(250, 204, 21, 0.25)',
        'circle-stroke-color': '#facc15',
        'circle-stroke-width': ['case', selected, 2.5 * s, 0],
      },
    });
    map.addLayer({
      id: POINT,
      type: 'circle',
      source: SOURCE,
      filter: ['!', ['has', 'point_count']],
      paint: {
        'circle-color': statusColor(),
        'circle-radius': ['case', selected, 8 * s, 6 * s],
        'circle-stroke-color': ['case', selected, '#facc15', '#030812'],
        'circle-stroke-width': ['case', selected, 2.5 * s, 1.5 * s],
      },
    });
    this.ready = true;
    void this.sync();
  }

  /** Sends only what changed to the map's worker: a new case is one feature, not the whole queue. */
  private async sync(): Promise<void> {
    const source = this.map?.getSource<GeoJSONSource>(SOURCE);
    if (!source) return;
    const next = new Map(this.wanted.map((c) => [c.id, c]));
    const diff: Required<Pick<GeoJSONSourceDiff, 'add' | 'remove' | 'update'>> = {
      add: [],
      remove: [],
      update: [],
    };
    for (const [id, c] of next) {
      const before = this.shown.get(id);
      if (!before) diff.add.push(toFeature(c));
      else if (!sameMarker(before, c)) {
        const f = toFeature(c);
        diff.update.push({
          id: featureId(id),
          newGeometry: f.geometry,
          addOrUpdateProperties: Object.entries(f.properties).map(([key, value]) => ({ key, value })),
        });
      }
    }
    for (const id of this.shown.keys()) if (!next.has(id)) diff.remove.push(featureId(id));
    this.shown = next;
    if (diff.add.length + diff.remove.length + diff.update.length === 0) return;
    await source.updateData(diff);
    if (!performance.getEntriesByName('gezhi:case-markers').length) performance.mark('gezhi:case-markers');
    if (this.selectedId) this.select(this.selectedId);
    document.body.dataset.caseMarkers = String(next.size);
  }
}
