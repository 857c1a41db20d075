/**
 * Where a measured interval's time went in Chromium, from its own trace rather than wall time: on
 * this shared 2-core machine a wall-clock figure mixes our work with everyone else's, while the
 * busy time per thread (page main thread, map workers, GPU process with SwiftShader) says what our
 * work cost and which part to cut. Frames are the page's animation frames (MapLibre draws in them).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

export interface TraceSummary {
  /** Busy ms per thread kind, summed over threads of that kind. */
  mainMs: number;
  workerMs: number;
  gpuMs: number;
  /** Animation frames fired on the page's main thread. */
  frames: number;
  /** Longest single main-thread task, ms. */
  longestTaskMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'gpu',
  ...(process.env.GEZHI_TRACE_JS ? ['disabled-by-default-v8.cpu_profiler'] : []),
];

/** Runs `fn` under Chromium tracing; GEZHI_TRACE_DIR keeps the raw trace as `<label>.json`. */
export async function traced<T>(
  browser: Browser,
  page: Page,
  label: string,
  fn: () => Promise<T>,
): Promise<{ value: T; trace: TraceSummary }> {
  await browser.startTracing(page, { categories: CATEGORIES });
  let value: T;
  try {
    value = await fn();
  } catch (e) {
    await browser.stopTracing();
    throw e;
  }
  const buffer = await browser.stopTracing();
  const dir = process.env.GEZHI_TRACE_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${label.replace(/[^\w.-]+/g, '_')}.json`), buffer);
  }
  return { value, trace: summarise(JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }) };
}

export function summarise(trace: { traceEvents: TraceEvent[] }): TraceSummary {
  const names = new Map<string, string>();
  const processes = new Map<number, string>();
  for (const e of trace.traceEvents) {
    if (e.ph !== 'M') continue;
    if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
    if (e.name === 'process_name') processes.set(e.pid, e.args?.name ?? '');
  }
  const kind = (e: TraceEvent): 'main' | 'worker' | 'gpu' | null => {
    const thread = names.get(`${e.pid}:${e.tid}`) ?? '';
    if (thread === 'CrRendererMain') return 'main';
    if (thread.startsWith('DedicatedWorker')) return 'worker';
    if (processes.get(e.pid) === 'GPU Process' || thread === 'CrGpuMain' || thread.startsWith('Viz'))
      return 'gpu';
    return null;
  };
  const out: TraceSummary = { mainMs: 0, workerMs: 0, gpuMs: 0, frames: 0, longestTaskMs: 0 };
  for (const e of trace.traceEvents) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const k = kind(e);
    if (!k) continue;
    // Top-level tasks only, so nested slices are not counted twice.
    if (e.name === 'RunTask') {
      const ms = e.dur / 1000;
      if (k === 'main') {
        out.mainMs += ms;
        out.longestTaskMs = Math.max(out.longestTaskMs, ms);
      } else if (k === 'worker') out.workerMs += ms;
      else out.gpuMs += ms;
    }
    if (k === 'main' && e.name === 'FireAnimationFrame') out.frames++;
  }
  return out;
}

export const traceText = (t: TraceSummary): string =>
  `main ${Math.round(t.mainMs)} ms (longest task ${Math.round(t.longestTaskMs)}), workers ${Math.round(
    t.workerMs,
  )} ms, GPU ${Math.round(t.gpuMs)} ms, ${t.frames} frames`;
