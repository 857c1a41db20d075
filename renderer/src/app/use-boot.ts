import { useCallback, useEffect, useState } from 'react';
import type { ApiErrorBody, AppInfo } from '../../../shared/api/contract.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { prefetchGrid } from './grid-loading.ts';
import { parseHeatSettings, type HeatSettings } from '../heatmap/heat-settings.ts';
import type { Locale } from '../i18n/i18n.ts';
import {
  parseLayerVisibility,
  parseLocale,
  parseMapView,
  SETTING_HEATMAP,
  SETTING_LOCALE,
  SETTING_MAP_LAYERS,
  SETTING_MAP_VIEW,
  type LayerVisibility,
  type MapView,
} from '../settings/settings.ts';

export type Boot =
  | { phase: 'loading' }
  | { phase: 'unreachable'; error: ApiErrorBody }
  | { phase: 'store-failed'; info: AppInfo; dataFile: string; error: ApiErrorBody }
  | {
      phase: 'ready';
      info: AppInfo;
      locale: Locale | null;
      view: MapView | null;
      visibility: LayerVisibility;
      heat: HeatSettings;
    };

/**
 * What the app needs before its first real screen: the store's state and the remembered settings.
 * `prefetch`: start loading the operations map's grid at once (not when the window opens in the
 * planner, which reads the draft instead: the grid would only compete with it).
 */
export function useBoot(prefetch: boolean): { boot: Boot; retry(): void } {
  const api = useApi();
  const [boot, setBoot] = useState<Boot>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);

  useEffect(() => {
    let cancelled = false;
    const done = (b: Boot): void => {
      if (!cancelled) setBoot(b);
    };
    (async () => {
      const info = await api.invoke('app.info', {});
      if (info.store.state === 'failed') {
        done({ phase: 'store-failed', info, dataFile: info.store.dataFile, error: info.store.error });
        return;
      }
      const get = (key: string): Promise<unknown> => api.invoke('settings.get', { key }).then((r) => r.value);
      const settings = Promise.all([
        get(SETTING_LOCALE),
        get(SETTING_MAP_VIEW),
        get(SETTING_MAP_LAYERS),
        get(SETTING_HEATMAP),
      ]);
      // After the settings: a browser opens only a few connections to one host, and the small
      // requests the first screen waits on must not queue behind the grid's large ones.
      if (prefetch) prefetchGrid(api, info.counts);
      const [locale, view, layers, heat] = await settings;
      done({
        phase: 'ready',
        info,
        locale: parseLocale(locale),
        view: parseMapView(view),
        visibility: parseLayerVisibility(layers),
        heat: parseHeatSettings(heat),
      });
    })().catch((e: unknown) => done({ phase: 'unreachable', error: errorBodyOf(e) }));
    return () => {
      cancelled = true;
    };
  }, [api, attempt, prefetch]);

  return { boot, retry };
}
