import { lazy, Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';
import { useApi } from '../client/ClientProvider.tsx';
import { ModeSwitch } from '../editor/ModeSwitch.tsx';
import { DEFAULT_LOCALE, isLocale, nextLocale, type Locale } from '../i18n/i18n.ts';
import { I18nProvider } from '../i18n/I18nProvider.tsx';
import { SETTING_LOCALE } from '../settings/settings.ts';
import { FailedState } from './FailedState.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { LoadingScreen } from './LoadingScreen.tsx';
import { StatusBar } from './StatusBar.tsx';
import { TopBar } from './TopBar.tsx';
import { useBoot } from './use-boot.ts';
import { useWorkMode } from './use-work-mode.ts';
import { Workspace } from './Workspace.tsx';

// The planner's editor loads only when a window opens in (or switches to) planning: the operations
// screen, which a video wall starts into, does not parse and run its code first.
const EditorWorkspace = lazy(() =>
  import('../editor/EditorWorkspace.tsx').then((m) => ({ default: m.EditorWorkspace })),
);

export function App(): ReactNode {
  const api = useApi();
  const [mode, setMode] = useWorkMode();
  // The mode the window opened in; switching later does not restart the boot.
  const [openedAs] = useState(mode);
  const { boot, retry } = useBoot(openedAs === 'operator');
  const [locale, setLocale] = useState<Locale>(DEFAULT_LOCALE);
  const [connected, setConnected] = useState(true);

  const bootLocale = boot.phase === 'ready' ? boot.locale : null;
  useEffect(() => {
    if (bootLocale) setLocale(bootLocale);
  }, [bootLocale]);

  useEffect(() => api.onConnection?.(setConnected), [api]);
  // A first screen answered before the data file was open asks, once it is, whether that held.
  const answeredEarly = boot.phase === 'ready' && boot.info.answeredEarly === true;
  useEffect(() => {
    if (!answeredEarly) return;
    api
      .invoke('app.opened', {})
      .then((r) => {
        if (r.reopen) window.location.reload();
      })
      .catch(() => undefined);
  }, [api, answeredEarly]);
  // Another window switching the language switches this one too.
  useEffect(
    () =>
      api.onEvent((e) => {
        if (e.type !== 'settings.changed' || e.key !== SETTING_LOCALE) return;
        api
          .invoke('settings.get', { key: SETTING_LOCALE })
          .then((r) => {
            if (isLocale(r.value)) setLocale(r.value);
          })
          .catch(() => undefined);
      }),
    [api],
  );

  const toggleLocale = useCallback(() => {
    const next = nextLocale(locale);
    // Saved before switching, so a reload right after the switch already finds it.
    api
      .invoke('settings.set', { key: SETTING_LOCALE, value: next })
      .catch(() => undefined)
      .finally(() => setLocale(next));
  }, [api, locale]);

  return (
    <I18nProvider locale={locale}>
      {boot.phase === 'ready' && mode === 'planner' ? (
        <Suspense fallback={<LoadingScreen />}>
          <EditorWorkspace
            info={boot.info}
            connected={connected}
            modeSwitch={<ModeSwitch mode={mode} onChange={setMode} />}
            onToggleLocale={toggleLocale}
          />
        </Suspense>
      ) : boot.phase === 'ready' ? (
        <Workspace
          info={boot.info}
          initialView={boot.view}
          initialVisibility={boot.visibility}
          initialHeat={boot.heat}
          connected={connected}
          onToggleLocale={toggleLocale}
          modeSwitch={<ModeSwitch mode={mode} onChange={setMode} />}
        />
      ) : (
        <div className="app-shell">
          <TopBar>
            <LanguageSwitch onToggle={() => setLocale(nextLocale(locale))} />
          </TopBar>
          {boot.phase === 'loading' && <LoadingScreen />}
          {boot.phase === 'unreachable' && <FailedState kind="load" error={boot.error} onRetry={retry} />}
          {boot.phase === 'store-failed' && (
            <FailedState kind="store" dataFile={boot.dataFile} error={boot.error} onRetry={retry} />
          )}
          {boot.phase === 'store-failed' && (
            <StatusBar
              info={boot.info}
              levels={['district', 'town', 'community', 'cell']}
              connected={connected}
            />
          )}
        </div>
      )}
    </I18nProvider>
  );
}
