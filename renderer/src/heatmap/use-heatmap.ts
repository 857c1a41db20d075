/**
 * The heatmap's state for the workspace: window (preset or custom), filters, weighting, playback
 * and the choropleth, and the feed that turns them into map updates. The playback clock runs on
 * animation frames; the map is told at most every PLAY_STEP_MS, which is all a filter change needs.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MapMouseEvent } from 'maplibre-gl';
import type {
  AnalyticsFilters,
  ChoroplethLevel,
  ChoroplethResult,
} from '../../../shared/api/analytics-contract.ts';
import type { ApiErrorBody, RequestOf } from '../../../shared/api/contract.ts';
import {
  advancePlayback,
  PLAYBACK_LENGTHS,
  PLAYBACK_SPEEDS,
  playbackRange,
  playbackStart,
  playbackWindow,
  type PlaybackSpan,
} from '../../../shared/metrics/playback.ts';
import { HIGHER_IS_WORSE } from '../../../shared/metrics/ranking.ts';
import { PRESET_MS, type ResolvedWindow, type WindowPreset } from '../../../shared/metrics/time-window.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { useApi } from '../client/ClientProvider.tsx';
import type { MapOverlay } from '../map/GridMap.tsx';
import { HeatFeed, type FeedStatus, type HeatRequestView } from './heat-feed.ts';
import { HeatLayer } from './heat-layer.ts';
import { parseCodes } from './codes.ts';
import { heatSettingsValue, type HeatSettings } from './heat-settings.ts';
import { useDebouncedSetting } from '../app/use-setting-writer.ts';
import { SETTING_HEATMAP } from '../settings/settings.ts';
import { classColors } from './heat-style.ts';

const HOUR = 3_600_000;
const PLAY_STEP_MS = 100;
const CHORO_LIVE_MS = 2000;

export interface Playback {
  span: PlaybackSpan;
  /** Any instant in the day/week/month to play. */
  at: number;
  range: ResolvedWindow;
  length: number;
  speed: number;
  end: number;
  playing: boolean;
}

export type ChoroplethLoad =
  | { state: 'off' }
  | { state: 'loading' }
  | { state: 'error'; error: ApiErrorBody }
  | { state: 'ready'; result: ChoroplethResult; colors: string[] };

/** Category, item, channel and town: filters on the map over points, on the backend for bins. */
function codeFilters(s: HeatSettings): AnalyticsFilters {
  const { categories, items } = parseCodes(s.codes);
  return {
    ...(categories.length ? { categories } : {}),
    ...(items.length ? { items } : {}),
    ...(s.channels?.length ? { channels: s.channels } : {}),
    ...(s.towns?.length ? { towns: s.towns } : {}),
  };
}

export function useHeatmap(initial: HeatSettings): {
  layer: HeatLayer;
  overlay: MapOverlay;
  settings: HeatSettings;
  update(patch: Partial<HeatSettings>): void;
  status: FeedStatus;
  clock: number;
  shown: ResolvedWindow;
  playback: Playback | null;
  startPlayback(span: PlaybackSpan, at?: number): void;
  setPlayback(patch: Partial<Pick<Playback, 'length' | 'speed' | 'end' | 'playing'>>): void;
  stopPlayback(): void;
  choropleth: ChoroplethLoad;
  hover: { code: string; x: number; y: number } | null;
} {
  const api = useApi();
  const [layer] = useState(() => new HeatLayer());
  const [settings, setSettings] = useState<HeatSettings>(initial);
  // Remembered as the operator leaves it (see heat-settings.ts); the first value is what was read.
  const saveSettings = useDebouncedSetting(SETTING_HEATMAP, 500);
  const firstSettings = useRef(settings);
  useEffect(() => {
    if (settings !== firstSettings.current) saveSettings(heatSettingsValue(settings));
  }, [settings, saveSettings]);
  const [status, setStatus] = useState<FeedStatus>({
    state: 'idle',
    mode: 'points',
    count: 0,
    overdue: null,
  });
  const [feed] = useState(() => new HeatFeed(api, layer, setStatus));
  const [now, setNow] = useState(() => feed.now());
  const [playback, setPlaybackState] = useState<Playback | null>(null);
  const [choropleth, setChoropleth] = useState<ChoroplethLoad>({ state: 'off' });
  const [hover, setHover] = useState<{ code: string; x: number; y: number } | null>(null);

  useEffect(() => () => feed.destroy(), [feed]);

  const overlay = useMemo(
    () => ({
      onMap: (map: Parameters<HeatLayer['attach']>[0], scale: number) => {
        layer.attach(map, scale);
        map.on('moveend', () => feed.viewChanged());
      },
      onIdle: () => feed.prepare(),
      interceptClick: (_e: MapMouseEvent) => false,
    }),
    [layer, feed],
  );

  useEffect(() => {
    layer.hoverListener = (code, x, y) => setHover(code ? { code, x, y } : null);
    return () => {
      layer.hoverListener = null;
    };
  }, [layer]);

  // The live clock: the backend's now, a second at a time.
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(feed.now());
      feed.tick();
    }, 1000);
    return () => clearInterval(timer);
  }, [feed]);

  // Playback: advance on animation frames, tell the map every PLAY_STEP_MS.
  const playing = playback?.playing ?? false;
  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    let last = performance.now();
    let told = 0;
    const loop = (t: number): void => {
      const dt = t - last;
      last = t;
      setPlaybackState((p) => {
        if (!p?.playing) return p;
        const step = advancePlayback(p.end, dt, p.speed, p.range);
        if (t - told < PLAY_STEP_MS && !step.done) return p;
        told = t;
        return { ...p, end: step.end, playing: !step.done };
      });
      frame = requestAnimationFrame(loop);
    };
    frame = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(frame);
  }, [playing]);

  const live = playback === null && settings.preset !== 'custom';
  // A live window's start moves only when a minute turns over: the map is not refiltered every second.
  const minute = Math.floor(now / 60_000) * 60_000;
  const view: HeatRequestView = useMemo(() => {
    const base = {
      on: settings.on,
      codes: codeFilters(settings),
      statuses: settings.statuses,
      levels: settings.levels,
      byLevel: settings.byLevel,
    };
    if (playback) {
      return {
        ...base,
        live: false,
        playback: true,
        widerMs: null,
        need: playback.range,
        show: playbackWindow(playback.end, playback.length, playback.range),
      };
    }
    if (settings.preset === 'custom') {
      return {
        ...base,
        live: false,
        playback: false,
        widerMs: null,
        need: settings.custom,
        show: settings.custom,
      };
    }
    const w = { from: minute + 60_000 - PRESET_MS[settings.preset], to: minute + 60_000 };
    // Once the window's own points are drawn, the longest preset's are loaded behind it.
    return { ...base, live: true, playback: false, widerMs: PRESET_MS['30d'], need: w, show: w };
  }, [settings, playback, minute]);

  useEffect(() => {
    layer.setPlaying(playing);
  }, [layer, playing]);
  useEffect(() => feed.set(view), [feed, view]);

  // The choropleth: same window and filters, re-read after changes and (live) after new cases or
  // cases turning overdue, at most every CHORO_LIVE_MS (a drill sends 200 a second).
  const [caseEvents, setCaseEvents] = useState(0);
  useEffect(() => {
    let last = 0;
    let trailing: ReturnType<typeof setTimeout> | null = null;
    const bump = (): void => {
      last = Date.now();
      trailing = null;
      setCaseEvents((n) => n + 1);
    };
    const schedule = (): void => {
      if (trailing) return;
      const wait = CHORO_LIVE_MS - (Date.now() - last);
      if (wait <= 0) bump();
      else trailing = setTimeout(bump, wait);
    };
    const off = api.onEvent((e) => {
      const type: string = e.type;
      if (type === 'case.created' || type === 'case.changed' || type === 'drill.purged') schedule();
    });
    // A due time passing changes overdue counts and on-time rates with no event at all.
    const offOverdue = layer.onOverdue(schedule);
    return () => {
      off();
      offOverdue();
      if (trailing) clearTimeout(trailing);
    };
  }, [api, layer]);
  const liveTick = live ? caseEvents : 0;
  const choroKey = JSON.stringify([
    settings.choroLevel,
    settings.metric,
    settings.method,
    view.codes,
    view.statuses,
    view.levels,
    view.show.from,
    live ? 'live' : view.show.to,
  ]);
  const choroRequest = useRef(0);
  // Throttled, not debounced: while playing the inputs change every step, and the choropleth must
  // still follow. `pending` holds the latest request until its timer fires.
  const choroPending = useRef<{ level: ChoroplethLevel; params: RequestOf<'choropleth.get'> } | null>(null);
  const choroTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    const level = settings.choroLevel;
    if (!level || !settings.on) {
      choroPending.current = null;
      setChoropleth({ state: 'off' });
      layer.setChoropleth(null, []);
      return;
    }
    choroPending.current = {
      level,
      params: {
        window: live
          ? { from: view.show.from, to: Math.max(feed.now(), view.show.from + 1) }
          : { from: view.show.from, to: Math.max(view.show.to, view.show.from + 1) },
        filters: {
          ...view.codes,
          ...(view.statuses ? { statuses: view.statuses } : {}),
          ...(view.levels ? { levels: view.levels } : {}),
        },
        level,
        metric: settings.metric,
        method: settings.method,
        classes: 5,
        top: 10,
      },
    };
    if (choroTimer.current) return;
    choroTimer.current = setTimeout(
      () => {
        choroTimer.current = null;
        const next = choroPending.current;
        if (!next) return;
        const mine = ++choroRequest.current;
        setChoropleth((c) => (c.state === 'ready' ? c : { state: 'loading' }));
        api.invoke('choropleth.get', next.params).then(
          (result) => {
            if (mine !== choroRequest.current || !choroPending.current) return;
            const colors = classColors(result.breaks.breaks.length + 1, HIGHER_IS_WORSE[result.metric]);
            layer.setChoropleth({ level: next.level, classes: result.classes, codes: result.codes }, colors);
            setChoropleth({ state: 'ready', result, colors });
          },
          (e: unknown) => {
            if (mine === choroRequest.current) setChoropleth({ state: 'error', error: errorBodyOf(e) });
          },
        );
      },
      playing ? 400 : 150,
    );
    // choroKey stands for the request's inputs; liveTick re-reads after new cases.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [choroKey, liveTick, settings.on]);
  useEffect(
    () => () => {
      if (choroTimer.current) clearTimeout(choroTimer.current);
    },
    [],
  );

  const update = useCallback((patch: Partial<HeatSettings>) => setSettings((s) => ({ ...s, ...patch })), []);

  const startPlayback = useCallback(
    (span: PlaybackSpan, at?: number) => {
      const when = at ?? feed.now();
      const range = playbackRange(when, span);
      setPlaybackState((p) => {
        const length = p?.length ?? (span === 'day' ? HOUR : span === 'week' ? 6 * HOUR : 24 * HOUR);
        const speed =
          p?.speed ??
          (span === 'day' ? PLAYBACK_SPEEDS[0] : span === 'week' ? PLAYBACK_SPEEDS[2] : PLAYBACK_SPEEDS[4]);
        return { span, at: when, range, length, speed, end: playbackStart(length, range), playing: false };
      });
    },
    [feed],
  );
  const setPlayback = useCallback(
    (patch: Partial<Pick<Playback, 'length' | 'speed' | 'end' | 'playing'>>) =>
      setPlaybackState((p) => {
        if (!p) return p;
        const next = { ...p, ...patch };
        // Play at the end starts over.
        if (patch.playing && next.end >= next.range.to) next.end = playbackStart(next.length, next.range);
        return next;
      }),
    [],
  );
  const stopPlayback = useCallback(() => setPlaybackState(null), []);

  return {
    layer,
    overlay,
    settings,
    update,
    status,
    clock: playback ? playback.end : now,
    shown: live ? { from: now - PRESET_MS[settings.preset as WindowPreset], to: now } : view.show,
    playback,
    startPlayback,
    setPlayback,
    stopPlayback,
    choropleth,
    hover,
  };
}

export { PLAYBACK_LENGTHS, PLAYBACK_SPEEDS };
