import { useEffect, useRef, useState, type ReactNode } from 'react';
import { setFlown, setMapState } from '../app/page-state.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { GridLevel } from '../../../shared/grid/types.ts';
import type { LayerVisibility, MapView } from '../settings/settings.ts';
import type { Bounds } from './bounds.ts';
import { MapButtons } from './MapButtons.tsx';
import {
  MapController,
  NO_INSETS,
  type MapControllerOptions,
  type MapInsets,
  type MapState,
  type UnitRef,
} from './map-controller.ts';
import type { MapData } from './map-style.ts';

/** What draws on the grid map besides the grid: the case markers, the heatmap. */
export type MapOverlay = Pick<MapControllerOptions, 'onMap' | 'interceptClick'> & {
  /** The map drew its first screen (the grid loaded): work that must not compete with it may start. */
  onIdle?: () => void;
};

export interface FlyRequest {
  code: string;
  bbox: Bounds;
}

interface Props {
  /** Null while the grid is still loading: the map starts anyway and draws the grid when it comes. */
  data: MapData | null;
  visibility: LayerVisibility;
  initialView: MapView | null;
  home: Bounds | null;
  selected: UnitRef | null;
  fly: FlyRequest | null;
  onPick(code: string): void;
  onUserView(view: MapView): void;
  /** The first picture is complete: a good moment for work that would have delayed it. */
  onIdle?(): void;
  /** The levels the map has drawn so far; a level given later (a city's cells) joins when drawn. */
  onDrawn?(levels: GridLevel[]): void;
  /** Overlays drawn on the same map (case markers): given the map once, and each click first. */
  overlay?: MapOverlay;
  /** Map edges covered by panels drawn over it (the heatmap's). */
  insets?: MapInsets;
}

export function GridMap(props: Props): ReactNode {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const controller = useRef<MapController | null>(null);
  const [state, setState] = useState<{ state: MapState; message?: string }>({ state: 'loading' });
  // The controller is created once; its callbacks read the latest props through this ref.
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });

  useEffect(() => {
    if (!container.current) return;
    const p = latest.current;
    setMapState('loading');
    let c: MapController;
    try {
      c = new MapController({
        container: container.current,
        data: p.data,
        visibility: p.visibility,
        initialView: p.initialView,
        home: p.home,
        onPick: (code) => latest.current.onPick(code),
        onUserView: (v) => latest.current.onUserView(v),
        onFlown: setFlown,
        onDrawn: (levels) => latest.current.onDrawn?.(levels),
        onMap: (map, scale) => latest.current.overlay?.onMap?.(map, scale),
        interceptClick: (e) => latest.current.overlay?.interceptClick?.(e) ?? false,
        onState: (s, message) => {
          setMapState(s);
          setState({ state: s, ...(message ? { message } : {}) });
          if (s === 'idle') {
            latest.current.onIdle?.();
            latest.current.overlay?.onIdle?.();
          }
        },
      });
    } catch (e) {
      setMapState('error');
      setState({ state: 'error', message: e instanceof Error ? e.message : String(e) });
      return;
    }
    controller.current = c;
    return () => {
      controller.current = null;
      c.destroy();
    };
  }, []);

  useEffect(() => controller.current?.setVisibility(props.visibility), [props.visibility]);
  useEffect(() => {
    if (props.data) controller.current?.setData(props.data, props.home);
  }, [props.data, props.home]);
  useEffect(() => controller.current?.select(props.selected), [props.selected]);
  useEffect(() => controller.current?.setInsets(props.insets ?? NO_INSETS), [props.insets]);
  useEffect(() => {
    if (props.fly) controller.current?.flyTo(props.fly.code, props.fly.bbox);
  }, [props.fly]);

  return (
    <div className="map-wrap">
      <div className="map" data-testid="map" ref={container} />
      {state.state === 'idle' && (
        <MapButtons
          onZoomIn={() => controller.current?.zoomBy(1)}
          onZoomOut={() => controller.current?.zoomBy(-1)}
          onHome={() => controller.current?.home()}
        />
      )}
      {state.state === 'loading' && <div className="map-overlay map-loading">{t('map.loading')}</div>}
      {state.state === 'error' && (
        <div className="map-overlay map-error" role="alert">
          <h2>{t('map.errorTitle')}</h2>
          <p>{t('map.errorHint')}</p>
          {state.message && <code>{state.message}</code>}
        </div>
      )}
    </div>
  );
}
