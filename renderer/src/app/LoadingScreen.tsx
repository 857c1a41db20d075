import { useEffect, useState, type ReactNode } from 'react';
import type { ResponseOf } from '../../../shared/api/contract.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { StepProgress } from './StepProgress.tsx';

const POLL_MS = 300;

/**
 * Shown for the moment before the backend has answered. A large data file takes seconds to read,
 * so how much of it is in is shown, in steps (static: see render-kind.ts on animations).
 */
export function LoadingScreen(): ReactNode {
  const { t, formatInteger } = useI18n();
  const api = useApi();
  const [opening, setOpening] = useState<ResponseOf<'app.opening'> | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = (): void => {
      api
        .invoke('app.opening', {})
        .then((o) => {
          if (stopped) return;
          setOpening(o);
          if (!o.open) timer = setTimeout(poll, POLL_MS);
        })
        .catch(() => undefined);
    };
    // Not at once: a small file is open before the first poll would be answered.
    timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api]);

  const reading = opening && !opening.open && opening.bytesTotal > 0 ? opening : null;
  const fraction = reading ? reading.bytesRead / reading.bytesTotal : 0;
  const mb = (bytes: number): string => formatInteger(bytes / 1e6);
  return (
    <main className="loading-screen" role="status" data-testid="loading-screen">
      <StepProgress fraction={reading ? fraction : null} />
      <p>
        {reading
          ? t('app.loadingRead', {
              percent: Math.floor(fraction * 100),
              read: mb(reading.bytesRead),
              total: mb(reading.bytesTotal),
            })
          : t('app.loading')}
      </p>
    </main>
  );
}
