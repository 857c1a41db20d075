/**
 * Phase timings for start-up work (reading the data file, migrations, the first queries), printed
 * to stderr as `[timing] NAME=MS ms (at MS)` only when GEZHI_TIMINGS=1. Wall time on a busy machine
 * says little; per-phase figures say where a slow open spends its time (see cases-scale.bench.ts).
 */
const enabled = process.env.GEZHI_TIMINGS === '1';

export function timingEnabled(): boolean {
  return enabled;
}

/** Reports `name` as taking `ms`, ending now (performance.now is ms since the process started). */
export function reportTiming(name: string, ms: number): void {
  if (enabled) console.error(`[timing] ${name}=${ms.toFixed(1)} ms (at ${performance.now().toFixed(0)})`);
}

/** Runs `fn` and reports how long it took. */
export function timed<T>(name: string, fn: () => T): T {
  if (!enabled) return fn();
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    reportTiming(name, performance.now() - t0);
  }
}

export async function timedAsync<T>(name: string, fn: () => Promise<T>): Promise<T> {
  if (!enabled) return fn();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    reportTiming(name, performance.now() - t0);
  }
}
