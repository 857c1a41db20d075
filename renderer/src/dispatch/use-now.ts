import { useEffect, useState } from 'react';

/**
 * The PC's clock, re-read every `everyMs` while `running`: drives the countdowns without
 * refetching. A hidden panel stops it, so its rows are not drawn again every second for nobody.
 */
export function useNow(everyMs = 1000, running = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs, running]);
  return now;
}
