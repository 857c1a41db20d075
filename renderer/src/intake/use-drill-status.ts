import { useEffect, useState } from 'react';
import type { DrillStatus } from '../../../shared/api/intake-contract.ts';
import { useApi } from '../client/ClientProvider.tsx';

/** The drill's status, read once and then kept current by the backend's pushes. */
export function useDrillStatus(): [DrillStatus | null, (s: DrillStatus) => void] {
  const api = useApi();
  const [status, setStatus] = useState<DrillStatus | null>(null);
  useEffect(() => {
    let live = true;
    api
      .invoke('drill.status', {})
      .then((s) => live && setStatus(s))
      .catch(() => undefined);
    const off = api.onEvent((e) => {
      if (e.type === 'drill.status') setStatus(e.status);
    });
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return [status, setStatus];
}
