import { useEffect, useState } from 'react';

/** The PC's clock, re-read every `everyMs`: drives the countdowns without refetching. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
