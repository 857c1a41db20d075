import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { AppInfo, TreeNode } from '../../../shared/api/contract.ts';
import type { GridLevel } from '../../../shared/grid/types.ts';
import { AttributesPanel } from '../attributes/AttributesPanel.tsx';
import { SidePanels } from '../dispatch/SidePanels.tsx';
import { useCaseLayer } from '../dispatch/use-case-layer.ts';
import { IntakeTools } from '../intake/IntakeTools.tsx';
import { HeatmapOverlay } from '../heatmap/HeatmapOverlay.tsx';
import { HeatToggle } from '../heatmap/HeatToggle.tsx';
import { useHeatmap } from '../heatmap/use-heatmap.ts';
import type { HeatSettings } from '../heatmap/heat-settings.ts';
import { GridMap } from '../map/GridMap.tsx';
import { NO_INSETS, type MapInsets } from '../map/map-controller.ts';
import {
  SETTING_MAP_LAYERS,
  SETTING_MAP_VIEW,
  type LayerVisibility,
  type MapView,
} from '../settings/settings.ts';
import { TreeLoading } from '../tree/TreeLoading.tsx';
import { TreePanel } from '../tree/TreePanel.tsx';
import { FailedState } from './FailedState.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { LayerToggles } from './LayerToggles.tsx';
import { RecoveryBanner } from './RecoveryBanner.tsx';
import { StatusBar } from './StatusBar.tsx';
import { TopBar } from './TopBar.tsx';
import { useGridData } from './use-grid-data.ts';
import { useSelection } from './use-selection.ts';
import { useDebouncedSetting } from './use-setting-writer.ts';

const NO_NODES: readonly TreeNode[] = [];

interface Props {
  info: AppInfo;
  initialView: MapView | null;
  initialVisibility: LayerVisibility;
  initialHeat: HeatSettings;
  connected: boolean;
  onToggleLocale(): void;
  /** Operations ↔ planning, shown in the top bar. */
  modeSwitch?: ReactNode;
}

/** The first screen once the data file is open: tree | map | attributes, with top and status bars. */
export function Workspace({
  info,
  initialView,
  initialVisibility,
  initialHeat,
  connected,
  onToggleLocale,
  modeSwitch,
}: Props): ReactNode {
  const { data, reload, loadDeferred } = useGridData();
  const selection = useSelection();
  const cases = useCaseLayer();
  const heat = useHeatmap(initialHeat);
  // The case markers and the heatmap share the map: both get it, markers answer clicks first.
  const casesOverlay = cases.overlay;
  const heatOverlay = heat.overlay;
  const overlay = useMemo(
    () => ({
      onMap: (map: Parameters<NonNullable<typeof casesOverlay.onMap>>[0], scale: number) => {
        // Markers first: a heatmap already on (remembered) hides their layers when it adds its own.
        casesOverlay.onMap?.(map, scale);
        heatOverlay.onMap?.(map, scale);
      },
      interceptClick: (e: Parameters<NonNullable<typeof casesOverlay.interceptClick>>[0]) =>
        (casesOverlay.interceptClick?.(e) ?? false) || (heatOverlay.interceptClick?.(e) ?? false),
      onIdle: () => heatOverlay.onIdle?.(),
    }),
    [casesOverlay, heatOverlay],
  );
  const [visibility, setVisibility] = useState(initialVisibility);
  const [insets, setInsets] = useState<MapInsets>(NO_INSETS);
  const saveView = useDebouncedSetting(SETTING_MAP_VIEW, 1000);
  const saveLayers = useDebouncedSetting(SETTING_MAP_LAYERS, 300);

  const toggleLevel = useCallback(
    (l: GridLevel) => {
      setVisibility((prev) => {
        const next = { ...prev, [l]: !prev[l] };
        saveLayers(next);
        return next;
      });
    },
    [saveLayers],
  );
  const onUserView = useCallback((v: MapView) => saveView({ center: v.center, zoom: v.zoom }), [saveView]);

  const tree = data.state === 'ready' ? data.tree : null;
  const selectedRef = useMemo(() => {
    const node = selection.code && tree ? tree.byCode.get(selection.code) : undefined;
    return node ? { code: node.code, level: node.level } : null;
  }, [selection.code, tree]);
  const levels = useMemo(() => (data.state === 'ready' ? data.map.levels : []), [data]);
  const [drawnLevels, setDrawnLevels] = useState<readonly GridLevel[]>([]);
  // A level is loading until the map has drawn it, not merely until its data has arrived.
  const loadingLevels = useMemo(() => levels.filter((l) => !drawnLevels.includes(l)), [levels, drawnLevels]);
  const towns = useMemo(
    () => (data.state === 'ready' ? data.nodes.filter((n) => n.level === 'town') : NO_NODES),
    [data],
  );
  const store = info.store;

  return (
    <div className="app-shell">
      <TopBar datasetName={info.datasetName}>
        {levels.length > 0 && (
          <LayerToggles
            levels={levels}
            visibility={visibility}
            loading={loadingLevels}
            onToggle={toggleLevel}
          />
        )}
        {store.state === 'ready' && (
          <HeatToggle on={heat.settings.on} onToggle={() => heat.update({ on: !heat.settings.on })} />
        )}
        {store.state === 'ready' && <IntakeTools />}
        {modeSwitch}
        <LanguageSwitch onToggle={onToggleLocale} />
      </TopBar>
      {store.state === 'ready' && <RecoveryBanner report={store.report} />}
      {data.state === 'error' ? (
        <FailedState kind="load" error={data.error} onRetry={reload} />
      ) : (
        // The map is created before the grid arrives, so its worker, style and fonts start loading
        // while the data is on its way; the tree fills in when the data is there.
        <main className="workspace">
          {data.state === 'ready' ? (
            <TreePanel
              nodes={data.nodes}
              tree={data.tree}
              selectedCode={selection.code}
              onSelect={selection.select}
            />
          ) : (
            <TreeLoading stage={data.early ? 'tree' : 'grid'} />
          )}
          <div className="heat-stack">
            <GridMap
              data={data.state === 'ready' ? data.map : (data.early?.map ?? null)}
              visibility={visibility}
              initialView={initialView}
              home={data.state === 'ready' ? data.home : (data.early?.home ?? null)}
              selected={selectedRef}
              fly={selection.fly}
              onPick={selection.select}
              onUserView={onUserView}
              onIdle={loadDeferred}
              onDrawn={setDrawnLevels}
              overlay={overlay}
              insets={insets}
            />
            <HeatmapOverlay heat={heat} towns={towns} onSelectUnit={selection.select} onInsets={setInsets} />
          </div>
          <SidePanels
            layer={cases.layer}
            nodes={data.state === 'ready' ? data.nodes : NO_NODES}
            attributes={
              <AttributesPanel
                load={selection.load}
                onSelect={selection.select}
                onFlyAgain={selection.flyAgain}
                onClear={() => selection.select(null)}
              />
            }
          />
        </main>
      )}
      <StatusBar
        info={info}
        levels={levels.length ? levels : (['district', 'town', 'community', 'cell'] as const)}
        connected={connected}
      />
    </div>
  );
}
