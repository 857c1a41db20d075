import { useEffect, useRef, type ReactNode } from 'react';
import type { TreeNode } from '../../../shared/api/contract.ts';
import { metricText } from '../../../shared/metrics/legend.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { NO_INSETS, type MapInsets } from '../map/map-controller.ts';
import { HeatmapPanel } from './HeatmapPanel.tsx';
import { PlaybackBar } from './PlaybackBar.tsx';
import type { useHeatmap } from './use-heatmap.ts';
import './heatmap.css';

interface Props {
  heat: ReturnType<typeof useHeatmap>;
  towns: readonly TreeNode[];
  onSelectUnit(code: string): void;
  /** The map area the panel and the time bar cover, so the map frames its views beside them. */
  onInsets(insets: MapInsets): void;
}

/** What the heatmap draws over the map area: the control panel, the time bar and the hover value. */
export function HeatmapOverlay({ heat, towns, onSelectUnit, onInsets }: Props): ReactNode {
  const { t, formatInteger } = useI18n();
  const panel = useRef<HTMLElement>(null);
  const bar = useRef<HTMLDivElement>(null);
  const on = heat.settings.on;
  useEffect(() => {
    const p = panel.current;
    const b = bar.current;
    const stack = p?.parentElement;
    if (!on || !p || !b || !stack) return;
    let last = '';
    const measure = (): void => {
      const s = stack.getBoundingClientRect();
      const insets = {
        top: 0,
        right: 0,
        left: Math.max(0, Math.round(p.getBoundingClientRect().right - s.left)),
        bottom: Math.max(0, Math.round(s.bottom - b.getBoundingClientRect().top)),
      };
      // The panel grows and shrinks with the choropleth's list; only its width and the bar matter.
      const key = JSON.stringify(insets);
      if (key !== last) onInsets(insets);
      last = key;
    };
    const observer = new ResizeObserver(measure);
    for (const el of [p, b, stack]) observer.observe(el);
    measure();
    return () => {
      observer.disconnect();
      onInsets(NO_INSETS);
    };
  }, [on, onInsets]);
  if (!on) return null;
  const c = heat.choropleth;
  const hovered = heat.hover && c.state === 'ready' ? c.result.codes.indexOf(heat.hover.code) : -1;
  const r = c.state === 'ready' ? c.result : null;
  return (
    <>
      <HeatmapPanel
        settings={heat.settings}
        update={heat.update}
        status={heat.status}
        choropleth={heat.choropleth}
        towns={towns}
        now={heat.clock}
        onSelectUnit={onSelectUnit}
        ref={panel}
      />
      <PlaybackBar
        clock={heat.clock}
        shown={heat.shown}
        playback={heat.playback}
        onStart={heat.startPlayback}
        onChange={heat.setPlayback}
        onStop={heat.stopPlayback}
        ref={bar}
      />
      {r && hovered >= 0 && heat.hover && (
        <div
          className="choro-hover"
          data-testid="choro-hover"
          style={{ left: heat.hover.x + 14, top: heat.hover.y + 14 }}
        >
          <strong>{r.names[hovered]}</strong>
          <span>
            {t(`choro.metric.${r.metric}`)}:{' '}
            {metricText(
              r.metric,
              [r.count, r.perThousand, r.closureRate, r.onTimeRate, r.overdue][
                ['count', 'perThousand', 'closureRate', 'onTimeRate', 'overdue'].indexOf(r.metric)
              ]![hovered] ?? null,
            )}
          </span>
          <span>{t('choro.hoverCases', { count: formatInteger(r.count[hovered]!) })}</span>
        </div>
      )}
    </>
  );
}
