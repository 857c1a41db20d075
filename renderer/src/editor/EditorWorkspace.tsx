import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Geometry } from 'geojson';
import type { DraftUnitFeature, VersionDiff } from '../../../shared/api/drafts-contract.ts';
import type { Defect } from '../../../shared/coverage/types.ts';
import type { AppInfo } from '../../../shared/api/contract.ts';
import { FailedState } from '../app/FailedState.tsx';
import { LanguageSwitch } from '../app/LanguageSwitch.tsx';
import { LoadingScreen } from '../app/LoadingScreen.tsx';
import { StatusBar } from '../app/StatusBar.tsx';
import { TopBar } from '../app/TopBar.tsx';
import { errorBodyOf } from '../client/api-client.ts';
import type { MessageKey } from '../i18n/i18n.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { CoveragePanel, shownDefects, shownResult } from './CoveragePanel.tsx';
import { PublishCheck } from './PublishCheck.tsx';
import { useCoverage } from './use-coverage.ts';
import { DeleteCellDialog } from './DeleteCellDialog.tsx';
import { defectFeatures, diffFeatures, diffFocus, focusFeatures } from './defect-features.ts';
import { DiscardDialog } from './DiscardDialog.tsx';
import { bboxOf, findUnit, type LonLat } from './draft-model.ts';
import { describeEditorError } from './editor-errors.ts';
import type { EditorMap, EditorTool } from './editor-map.ts';
import { EditorMapView } from './EditorMapView.tsx';
import { EditorToolbar, type ToolbarAction } from './EditorToolbar.tsx';
import { ExportDialog } from './export/ExportDialog.tsx';
import { ImportDialog } from './import/ImportDialog.tsx';
import { GotoCode } from './GotoCode.tsx';
import { HelpOverlay } from './HelpOverlay.tsx';
import { MergeDialog } from './MergeDialog.tsx';
import { PublishDialog } from './PublishDialog.tsx';
import { SelectionPanel } from './SelectionPanel.tsx';
import { useDraft } from './use-draft.ts';
import { useEditorKeys } from './use-editor-keys.ts';
import { useTopology } from './use-topology.ts';
import { VersionsPanel } from './VersionsPanel.tsx';
import { AttributesPanel } from './attributes/AttributesPanel.tsx';
import { DrawModeChoice } from './tools/DrawModeChoice.tsx';
import { ReparentDialog } from './tools/ReparentDialog.tsx';
import { SnapSetting } from './tools/SnapSetting.tsx';
import { useSnapTolerance } from './tools/use-snap-tolerance.ts';
import type { DrawMode } from '../../../shared/editor/types.ts';
import type { Snap } from '../../../shared/editor/snap.ts';
import './editor.css';

type DialogKind = 'publish' | 'discard' | 'merge' | 'delete' | 'help' | 'reparent' | 'import' | 'export';
const LEVELS = ['district', 'town', 'community', 'cell'] as const;

interface Props {
  info: AppInfo;
  connected: boolean;
  modeSwitch: ReactNode;
  onToggleLocale(): void;
}

/** Planner mode: the draft on its own map, the tools, the coverage check and the version history. */
export function EditorWorkspace({ info, connected, modeSwitch, onToggleLocale }: Props): ReactNode {
  const { t, locale } = useI18n();
  const draft = useDraft();
  const [selection, setSelection] = useState<string[]>([]);
  const [tool, setTool] = useState<EditorTool>('select');
  const [drawing, setDrawing] = useState<LonLat[]>([]);
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [focused, setFocused] = useState<Defect | null>(null);
  const [diff, setDiff] = useState<VersionDiff | null>(null);
  const [side, setSide] = useState<'coverage' | 'versions'>('coverage');
  const [versionsKey, setVersionsKey] = useState(0);
  const [toast, setToast] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const mapRef = useRef<EditorMap | null>(null);
  const [drawMode, setDrawMode] = useState<DrawMode>('take');
  const [snap, setSnap] = useState<Snap | null>(null);
  const [snapPx, setSnapPx] = useSnapTolerance();
  const topology = useTopology(draft.layers, selection, draft.revision.n);
  const check = useCoverage(draft);

  useEffect(() => {
    document.body.dataset.editor = draft.status.phase;
    return () => {
      delete document.body.dataset.editor;
      delete document.body.dataset.editorRevision;
      delete document.body.dataset.editorTopology;
    };
  }, [draft.status.phase]);
  useEffect(() => {
    if (!toast) return;
    const id = window.setTimeout(() => setToast(null), 5000);
    return () => window.clearTimeout(id);
  }, [toast]);

  const layers = draft.layers;
  const state = draft.state;
  const bounds = useMemo(() => {
    const d = layers ? [...layers.district.values()][0] : undefined;
    return d ? bboxOf(d.geometry) : null;
  }, [layers]);
  // Recomputed every render: edits patch `layers` in place.
  const selectedUnits = layers ? selection.flatMap((c) => findUnit(layers, c) ?? []) : [];

  const fail = useCallback(
    (e: unknown) => {
      setProblem(describeEditorError(e, locale).message);
      // A drag the backend refused must snap back to what the draft holds.
      mapRef.current?.refresh(LEVELS);
    },
    [locale],
  );
  const run = useCallback(
    (call: () => Promise<{ createdCodes: string[] }>, after?: (created: string[]) => void) => {
      setProblem(null);
      call()
        .then((r) => after?.(r.createdCodes))
        .catch(fail);
    },
    [fail],
  );
  const say = (key: MessageKey): void => setProblem(t(key));

  // The community a new cell is drawn in: the selected community, or the selected cell's.
  const drawParent = ((): DraftUnitFeature | undefined => {
    const u = selectedUnits.length === 1 ? selectedUnits[0] : undefined;
    if (!u || !layers) return undefined;
    if (u.properties.level === 'community') return u;
    const p = u.properties.level === 'cell' && u.properties.parentCode;
    return p ? layers.community.get(p) : undefined;
  })();
  const finishLine = (): void => {
    const code = selection[0];
    if (!code) return;
    const line = drawing;
    if (tool === 'draw') {
      if (!drawParent) return say('editor.draw.needCommunity');
      if (line.length < 3) return say('editor.draw.tooFew');
      const parent = drawParent.properties.code;
      setDrawing([]);
      setTool('select');
      return run(
        () => draft.edit({ op: 'drawCell', parent, ring: line, mode: drawMode }),
        (created) => setSelection(created.slice(0, 1)),
      );
    }
    if ((tool !== 'split' && tool !== 'reshape') || line.length < 2) return;
    setDrawing([]);
    setTool('select');
    if (tool === 'reshape') return run(() => draft.edit({ op: 'reshapeBoundary', code, line }));
    run(
      () => draft.edit({ op: 'splitUnit', code, line }),
      (created) => setSelection([code, ...created]),
    );
  };
  const chooseTool = (next: EditorTool): void => {
    if (next !== 'select' && selection.length !== 1) return say('editor.needOne');
    if (next === 'draw' && !drawParent) return say('editor.draw.needCommunity');
    setDrawing([]);
    setTool(next);
  };
  const act = (a: ToolbarAction): void => {
    if (a === 'undo') return run(() => draft.undo());
    if (a === 'redo') return run(() => draft.redo());
    if (a === 'versions') return setSide((s) => (s === 'versions' ? 'coverage' : 'versions'));
    if (a === 'merge' && selectedUnits.length < 2) return say('editor.needSiblings');
    if (
      (a === 'delete' || a === 'reparent') &&
      (selectedUnits.length !== 1 || selectedUnits[0]!.properties.level !== 'cell')
    )
      return say('editor.needCell');
    setDialog(a);
  };
  const neighbours = ((): DraftUnitFeature[] => {
    const cell = selectedUnits[0];
    if (!layers || !cell || !topology) return [];
    const codes = new Set<string>();
    for (const arc of topology.arcs)
      if (arc.users.includes(cell.properties.code)) for (const u of arc.users) codes.add(u);
    return [...codes].flatMap((c) => {
      const f = layers.cell.get(c);
      return f && c !== cell.properties.code && f.properties.parentCode === cell.properties.parentCode
        ? [f]
        : [];
    });
  })();

  // Communities other than its own that share a boundary with the selected cell.
  const bordering = ((): DraftUnitFeature[] => {
    const cell = selectedUnits[0];
    if (!layers || !cell || !topology || cell.properties.level !== 'cell') return [];
    const codes = new Set<string>();
    for (const arc of topology.arcs)
      if (arc.users.includes(cell.properties.code)) for (const u of arc.users) codes.add(u);
    return [...codes].flatMap((c) => {
      const f = layers.community.get(c);
      return f && c !== cell.properties.parentCode ? [f] : [];
    });
  })();

  useEditorKeys({
    enabled: draft.status.phase === 'ready' && dialog === null,
    onTool: chooseTool,
    onMerge: () => act('merge'),
    onDelete: () => act('delete'),
    onUndo: () => act('undo'),
    onRedo: () => act('redo'),
    onFinish: finishLine,
    onReparent: () => act('reparent'),
    onCancel: () => {
      setDrawing([]);
      setTool('select');
      setProblem(null);
    },
    onHelp: () => setDialog('help'),
  });

  const goto = (code: string): boolean => {
    const unit = layers ? findUnit(layers, code) : undefined;
    if (!unit) return false;
    setSelection([code]);
    setTool('select');
    mapRef.current?.fitTo(pad(bboxOf(unit.geometry)), 18);
    return true;
  };
  const focusDefect = (d: Defect): void => {
    setFocused(d);
    const g = d.geometry ?? (d.location ? { type: 'Point' as const, coordinates: d.location } : null);
    if (g) mapRef.current?.fitTo(pad(bboxOf(g)), 17);
    document.body.dataset.editorFocus = d.id;
  };
  const showDiff = (d: VersionDiff | null): void => {
    setDiff(d);
    const around = diffFocus(diffFeatures(d));
    const boxes = around.flatMap((f) => ('coordinates' in f.geometry ? [bboxOf(f.geometry)] : []));
    if (boxes.length === 0) return;
    const box: [number, number, number, number] = [
      Math.min(...boxes.map((b) => b[0])),
      Math.min(...boxes.map((b) => b[1])),
      Math.max(...boxes.map((b) => b[2])),
      Math.max(...boxes.map((b) => b[3])),
    ];
    mapRef.current?.fitTo(pad(box), 17);
  };
  const focusGeometry = (g: Geometry): void => {
    if (g.type !== 'GeometryCollection') mapRef.current?.fitTo(pad(bboxOf(g)), 17);
  };
  const checked = shownResult(check);
  const listed = useMemo(() => (state ? shownDefects(checked, state.coverage) : []), [checked, state]);
  const exceptions = state?.coverage.exceptions;
  const defects = useMemo(() => defectFeatures(listed, exceptions), [listed, exceptions]);
  // A fixed or undone defect is no longer highlighted.
  const live = focused && listed.some((d) => d.id === focused.id) ? focused : null;
  const focus = useMemo(() => focusFeatures(live), [live]);
  const diffShown = useMemo(() => diffFeatures(diff), [diff]);

  const restart = (message: string): void => {
    setDialog(null);
    setSelection([]);
    setToast(message);
    setVersionsKey((k) => k + 1);
    void draft.reopen();
  };

  return (
    <div className="app-shell">
      <TopBar datasetName={info.datasetName}>
        {modeSwitch}
        <LanguageSwitch onToggle={onToggleLocale} />
      </TopBar>
      <div />
      {draft.status.phase === 'opening' && !layers && <LoadingScreen />}
      {draft.status.phase === 'error' && (
        <FailedState
          kind="load"
          error={errorBodyOf(draft.status.error)}
          onRetry={() => void draft.reopen()}
        />
      )}
      {layers && state && (
        <main className="ed-workspace" data-testid="editor">
          <div className="ed-map-col">
            <EditorToolbar
              tool={tool}
              canUndo={state.canUndo}
              canRedo={state.canRedo}
              busy={draft.busy}
              onTool={chooseTool}
              onAction={act}
            >
              <GotoCode onGo={goto} />
              <SnapSetting value={snapPx} onChange={setSnapPx} />
            </EditorToolbar>
            <EditorMapView
              layers={layers}
              revision={draft.revision}
              bounds={bounds}
              selection={selection}
              topology={topology}
              tool={tool}
              drawing={drawing}
              defects={defects}
              focus={focus}
              diff={diffShown}
              snapTolerance={snapPx}
              onSnap={setSnap}
              onController={(c) => (mapRef.current = c)}
              onPick={(code, add) => {
                if (!code) return setSelection(add ? selection : []);
                if (!add) return setSelection([code]);
                setSelection(
                  selection.includes(code) ? selection.filter((c) => c !== code) : [...selection, code],
                );
              }}
              onMoveVertex={(vertex, to) => run(() => draft.edit({ op: 'moveVertex', vertex, to }))}
              onDeleteVertex={(vertex) => run(() => draft.edit({ op: 'deleteVertex', vertex }))}
              onInsertAt={(arc, index, at) => run(() => draft.edit({ op: 'insertVertex', arc, index, at }))}
              onDrawPoint={(at) => setDrawing((d) => [...d, at])}
            />
            {tool === 'draw' && <DrawModeChoice mode={drawMode} onChange={setDrawMode} />}
            <div className="ed-hint" data-testid="editor-hint">
              {tool === 'split'
                ? t('editor.hint.split', { count: drawing.length })
                : tool === 'draw'
                  ? t('editor.hint.draw', {
                      parent: drawParent?.properties.name ?? '',
                      count: drawing.length,
                    })
                  : tool === 'reshape'
                    ? t('editor.hint.reshape', {
                        name: selectedUnits[0]?.properties.name ?? '',
                        count: drawing.length,
                      })
                    : t(tool === 'insert' ? 'editor.hint.insert' : 'editor.hint.select')}
              {snap && (
                <span className="ed-snapped" data-testid="editor-snapped">
                  {t('editor.hint.snapped', { target: t(`editor.snapTarget.${snap.kind}`) })}
                </span>
              )}
              <span className="ed-draft-info" data-testid="editor-draft-info">
                {t('editor.draftInfo', { version: state.baseVersion, edits: state.edits })}
              </span>
            </div>
            {problem && (
              <div className="ed-problem-bar" role="alert" data-testid="editor-problem">
                {problem}
                <button type="button" className="link" onClick={() => setProblem(null)}>
                  {t('editor.close')}
                </button>
              </div>
            )}
            {toast && (
              <div className="ed-toast" role="status" data-testid="editor-toast">
                {toast}
              </div>
            )}
          </div>
          <aside className="ed-side">
            <div className="ed-side-top">
              <SelectionPanel layers={layers} selection={selection} />
              {selectedUnits.length === 1 && (
                <AttributesPanel
                  code={selectedUnits[0]!.properties.code}
                  revision={draft.revision.n}
                  busy={draft.busy}
                  taken={(c) => !!findUnit(layers, c)}
                  onEdit={async (op) => (await draft.edit(op)).createdCodes}
                  onRecoded={(c) => setSelection([c])}
                />
              )}
            </div>
            {side === 'coverage' ? (
              <CoveragePanel
                coverage={state.coverage}
                check={check}
                draft={draft}
                layers={layers}
                focused={live}
                onFocus={focusDefect}
                onFixed={setToast}
              />
            ) : (
              <VersionsPanel reloadKey={versionsKey} diff={diff} onDiff={showDiff} onFocus={focusGeometry} />
            )}
          </aside>
        </main>
      )}
      <StatusBar info={info} levels={LEVELS} connected={connected} />
      {dialog === 'help' && <HelpOverlay onClose={() => setDialog(null)} />}
      {dialog === 'import' && layers && (
        <ImportDialog
          layers={layers}
          onClose={() => setDialog(null)}
          onImported={(r) => {
            setDialog(null);
            setSelection([]);
            setToast(t('transfer.import.done', { added: r.added, replaced: r.replaced, removed: r.removed }));
            void draft.reopen();
          }}
        />
      )}
      {dialog === 'export' && (
        <ExportDialog
          onClose={() => setDialog(null)}
          onDone={(message) => {
            setDialog(null);
            setToast(message);
          }}
        />
      )}
      {dialog === 'publish' && (
        <PublishDialog
          check={<PublishCheck check={check} />}
          onClose={() => setDialog(null)}
          onPublished={(v) => restart(t('editor.publish.done', { version: v.version }))}
        />
      )}
      {dialog === 'discard' && state && (
        <DiscardDialog
          edits={state.edits}
          onClose={() => setDialog(null)}
          onDiscarded={() => restart(t('editor.discard.done'))}
        />
      )}
      {dialog === 'merge' && (
        <MergeDialog
          units={selectedUnits}
          onClose={() => setDialog(null)}
          onMerge={(keep) => {
            setDialog(null);
            run(
              () =>
                draft.edit({ op: 'mergeUnits', codes: selectedUnits.map((u) => u.properties.code), keep }),
              () => setSelection([keep]),
            );
          }}
        />
      )}
      {dialog === 'reparent' && selectedUnits[0] && (
        <ReparentDialog
          cell={selectedUnits[0]}
          communities={bordering}
          onClose={() => setDialog(null)}
          onMove={(parent) => {
            const code = selectedUnits[0]!.properties.code;
            setDialog(null);
            run(
              () => draft.edit({ op: 'reparentCell', code, parent }),
              (created) => setSelection(created.slice(0, 1)),
            );
          }}
        />
      )}
      {dialog === 'delete' && selectedUnits[0] && (
        <DeleteCellDialog
          cell={selectedUnits[0]}
          neighbours={neighbours}
          onClose={() => setDialog(null)}
          onDelete={(giveTo) => {
            const code = selectedUnits[0]!.properties.code;
            setDialog(null);
            setSelection(giveTo ? [giveTo] : []);
            run(() => draft.edit({ op: 'deleteCell', code, ...(giveTo ? { giveTo } : {}) }));
          }}
        />
      )}
    </div>
  );
}

/** A little room around a defect so its surroundings show; points get a fixed neighbourhood. */
function pad([w, s, e, n]: [number, number, number, number]): [number, number, number, number] {
  const m = Math.max(e - w, n - s, 0.002) * 0.5;
  return [w - m, s - m, e + m, n + m];
}
