/**
 * The import preview over the current grid: its own small MapLibre map (no labels, no basemap)
 * with the draft's units in grey and the file's converted outlines in orange, fitted to both, so a
 * GCJ-02 / BD-09 offset or a wrong zone is visible before anything is committed.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { Map as MapLibreMap, type GeoJSONSource } from 'maplibre-gl';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { MAP_BACKGROUND } from '../../map/levels.ts';
import { configureMapWorker } from '../../map/worker.ts';

type Polys = FeatureCollection<Polygon | MultiPolygon>;

export function ImportPreviewMap({
  current,
  incoming,
  bbox,
}: {
  current: Polys;
  incoming: Polys;
  bbox: [number, number, number, number];
}): ReactNode {
  const box = useRef<HTMLDivElement | null>(null);
  const map = useRef<MapLibreMap | null>(null);

  useEffect(() => {
    if (!box.current) return;
    configureMapWorker();
    const m = new MapLibreMap({
      container: box.current,
      style: {
        version: 8,
        sources: {
          current: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
          incoming: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
        },
        layers: [
          { id: 'bg', type: 'background', paint: { 'background-color': MAP_BACKGROUND } },
          {
            id: 'current-fill',
            type: 'fill',
            source: 'current',
            paint: { 'fill-color': '#64748b', 'fill-opacity': 0.18 },
          },
          {
            id: 'current-line',
            type: 'line',
            source: 'current',
            paint: { 'line-color': '#94a3b8', 'line-width': 1 },
          },
          {
            id: 'incoming-fill',
            type: 'fill',
            source: 'incoming',
            paint: { 'fill-color': '#f97316', 'fill-opacity': 0.25 },
          },
          {
            id: 'incoming-line',
            type: 'line',
            source: 'incoming',
            paint: { 'line-color': '#fb923c', 'line-width': 2 },
          },
        ],
      },
      center: [113.5, 22.75],
      zoom: 9,
      attributionControl: false,
      dragRotate: false,
      fadeDuration: 0,
    });
    map.current = m;
    return () => {
      map.current = null;
      m.remove();
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const show = (): void => {
      (m.getSource('current') as GeoJSONSource).setData(current);
      (m.getSource('incoming') as GeoJSONSource).setData(incoming);
      m.fitBounds(bbox, { padding: 24, animate: false, maxZoom: 18 });
      m.once('idle', () => box.current?.setAttribute('data-ready', 'true'));
    };
    box.current?.removeAttribute('data-ready');
    if (m.isStyleLoaded()) show();
    else m.once('load', show);
  }, [current, incoming, bbox]);

  return <div ref={box} className="tr-preview-map" data-testid="import-preview-map" />;
}
