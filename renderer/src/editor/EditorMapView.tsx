import { useEffect, useRef, type ReactNode } from 'react';
import type { Feature } from 'geojson';
import type { DraftTopology } from '../../../shared/api/drafts-contract.ts';
import type { GridLevel } from '../../../shared/grid/types.ts';
import { setMapState } from '../app/page-state.ts';
import type { DraftLayers, LonLat } from './draft-model.ts';
import { EditorMap, type EditorMapOptions, type EditorTool } from './editor-map.ts';

type Callbacks = Pick<
  EditorMapOptions,
  'onPick' | 'onMoveVertex' | 'onDeleteVertex' | 'onDrawPoint' | 'onInsertAt' | 'onSnap'
>;

interface Props extends Callbacks {
  layers: DraftLayers;
  revision: { n: number; levels: GridLevel[] };
  bounds: [number, number, number, number] | null;
  selection: string[];
  topology: DraftTopology | null;
  tool: EditorTool;
  drawing: LonLat[];
  defects: Feature[];
  focus: Feature[];
  diff: Feature[];
  /** Snapping tolerance in CSS pixels. */
  snapTolerance: number;
  onController(c: EditorMap | null): void;
}

declare global {
  interface Window {
    /**
     * For end-to-end tests only (the page is opened with `?e2e` in its address): where a coordinate
     * is on the editor's map, in CSS pixels.
     */
    gezhiEditorProject?: (at: LonLat) => { x: number; y: number };
    /** For end-to-end tests only: the editor map's zoom, and whether it has stopped and drawn. */
    gezhiEditorView?: () => { zoom: number; settled: boolean };
  }
}

/** Test hooks are installed only for a page the tests open with `?e2e` in its address. */
function testHooksWanted(): boolean {
  return new URLSearchParams(window.location.search).has('e2e');
}

/** Hosts the editor's MapLibre map and keeps it in step with the editor's React state. */
export function EditorMapView(props: Props): ReactNode {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<EditorMap | null>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });

  useEffect(() => {
    if (!container.current) return;
    const p = latest.current;
    setMapState('loading');
    const m = new EditorMap({
      container: container.current,
      layers: p.layers,
      bounds: p.bounds,
      onReady: () => setMapState('idle'),
      onPick: (code, add) => latest.current.onPick(code, add),
      onMoveVertex: (v, to) => latest.current.onMoveVertex(v, to),
      onDeleteVertex: (v) => latest.current.onDeleteVertex(v),
      onDrawPoint: (at) => latest.current.onDrawPoint(at),
      onInsertAt: (arc, i, at) => latest.current.onInsertAt(arc, i, at),
      onSnap: (snap) => latest.current.onSnap?.(snap),
    });
    map.current = m;
    p.onController(m);
    if (testHooksWanted())
      window.gezhiEditorProject = (at) => {
        const q = m.project(at);
        const r = container.current?.getBoundingClientRect();
        return { x: q.x + (r?.left ?? 0), y: q.y + (r?.top ?? 0) };
      };
    if (testHooksWanted())
      window.gezhiEditorView = () => ({
        zoom: m.map.getZoom(),
        settled: m.map.loaded() && !m.map.isMoving() && m.map.areTilesLoaded(),
      });
    return () => {
      delete window.gezhiEditorProject;
      delete window.gezhiEditorView;
      latest.current.onController(null);
      map.current = null;
      m.destroy();
    };
  }, []);

  const { layers, revision, selection, topology, tool, drawing, defects, focus, diff, snapTolerance } = props;
  useEffect(() => map.current?.setSnapTolerance(snapTolerance), [snapTolerance]);
  useEffect(() => map.current?.setLayers(layers), [layers]);
  useEffect(() => {
    map.current?.refresh(revision.levels);
    document.body.dataset.editorRevision = String(revision.n);
  }, [revision]);
  useEffect(() => map.current?.setSelection(selection), [selection]);
  useEffect(() => map.current?.setTopology(topology), [topology]);
  useEffect(() => map.current?.setTool(tool), [tool]);
  useEffect(() => map.current?.setDrawing(drawing), [drawing]);
  useEffect(() => map.current?.setOverlay('defects', defects), [defects]);
  useEffect(() => map.current?.setOverlay('focus', focus), [focus]);
  useEffect(() => map.current?.setOverlay('diff', diff), [diff]);

  return (
    <div className="map-wrap">
      <div ref={container} className="map" data-testid="editor-map" />
    </div>
  );
}
