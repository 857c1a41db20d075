import { useCallback, useEffect, useRef } from 'react';
import type { JsonValue } from './json.ts';
import { useApi } from '../client/ClientProvider.tsx';

/**
 * Writes a setting at most once per `delayMs` (the last value wins), so a map being dragged does not
 * write on every frame. A pending write is flushed when the page goes away.
 */
export function useDebouncedSetting(key: string, delayMs: number): (value: JsonValue) => void {
  const api = useApi();
  const pending = useRef<{ value: JsonValue } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const p = pending.current;
    pending.current = null;
    // Losing a remembered view or toggle costs the user nothing they typed, so a failed write is not shown.
    if (p) api.invoke('settings.set', { key, value: p.value }).catch(() => undefined);
  }, [api, key]);

  useEffect(() => {
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [flush]);

  return useCallback(
    (value: JsonValue) => {
      pending.current = { value };
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(flush, delayMs);
    },
    [flush, delayMs],
  );
}
