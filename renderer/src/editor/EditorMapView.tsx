import { useEffect, useRef, type ReactNode } from 'react';
import type { Feature } from 'geojson';
import type { DraftTopology } from '../../../shared/api/drafts-contract.ts';
import type { GridLevel } from '../../../shared/grid/types.ts';
import { setMapState } from '../app/page-state.ts';
import type { DraftLayers, LonLat } from './draft-model.ts';
import { EditorMap, type EditorMapOptions, type EditorTool } from './editor-map.ts';

type Callbacks = Pick<
  EditorMapOptions,
  'onPick' | 'onMoveVertex' | 'onDeleteVertex' | 'onDrawPoint' | 'onInsertAt'
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
  onController(c: EditorMap | null): void;
}

declare global {
  interface Window {
    /** For end-to-end tests: where a coordinate is on the editor's map, in CSS pixels. */
    gezhiEditorProject?: (at: LonLat) => { x: number; y: number };
  }
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
    });
    map.current = m;
    p.onController(m);
    window.gezhiEditorProject = (at) => {
      const q = m.project(at);
      const r = container.current?.getBoundingClientRect();
      return { x: q.x + (r?.left ?? 0), y: q.y + (r?.top ?? 0) };
    };
    return () => {
      delete window.gezhiEditorProject;
      latest.current.onController(null);
      map.current = null;
      m.destroy();
    };
  }, []);

  const { layers, revision, selection, topology, tool, drawing, defects, focus, diff } = props;
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
