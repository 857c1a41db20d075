/**
 * A separate process that feeds the native intake endpoint like another system would: POST
 * /api/intake/cases with an API key, either at a fixed rate (requests go out on schedule whether
 * or not the host is up) or as fast as `concurrency` requests in flight allow. Every case the host
 * acknowledged with 201 is appended to `acksFile` as `id<TAB>externalId` before anything else
 * happens, so the test can hold the host to each one. SIGTERM stops sending; the in-flight
 * requests are awaited and a JSON summary is printed on stdout.
 *
 * Usage: node --import tsx test/helpers/intake-loader.ts '<LoaderOptions as JSON>'
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export interface LoaderOptions {
  url: string;
  key: string;
  points: [number, number][];
  itemCodes: string[];
  /** Requests per second; 0 sends as fast as `concurrency` allows. */
  rate: number;
  concurrency: number;
  durationMs: number;
  maxCount: number;
  acksFile: string;
  /** External ids are `${prefix}-${n}`, unique per run. */
  prefix: string;
  timeoutMs?: number;
}

export interface LoaderSummary {
  sent: number;
  acked: number;
  refused: Record<string, number>;
  failed: number;
  elapsedMs: number;
  /** Acknowledgements in the steady part of the run (after the first second), per second. */
  ackedPerSecond: number;
}

const opts = JSON.parse(process.argv[2] ?? '{}') as LoaderOptions;
const acks = openSync(opts.acksFile, 'a');
const summary: LoaderSummary = { sent: 0, acked: 0, refused: {}, failed: 0, elapsedMs: 0, ackedPerSecond: 0 };
let stopping = false;
let inFlight = 0;
const ackTimes: number[] = [];
const t0 = performance.now();

process.on('SIGTERM', () => {
  stopping = true;
});

async function post(n: number): Promise<void> {
  const [lon, lat] = opts.points[n % opts.points.length]!;
  const externalId = `${opts.prefix}-${n}`;
  inFlight++;
  try {
    const res = await fetch(opts.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${opts.key}` },
      body: JSON.stringify({
        itemCode: opts.itemCodes[n % opts.itemCodes.length],
        lon,
        lat,
        description: `压力测试 ${externalId}`,
        externalId,
      }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    const body = (await res.json()) as { value?: { id: string } };
    if (res.status === 201 && body.value?.id) {
      writeSync(acks, `${body.value.id}\t${externalId}\n`);
      summary.acked++;
      ackTimes.push(performance.now() - t0);
    } else summary.refused[res.status] = (summary.refused[res.status] ?? 0) + 1;
  } catch {
    // Connection refused or reset while the host is down: not acknowledged, so not owed.
    summary.failed++;
  } finally {
    inFlight--;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const running = new Set<Promise<void>>();
  while (!stopping && summary.sent < opts.maxCount && performance.now() - t0 < opts.durationMs) {
    if (opts.rate > 0) {
      const due = Math.floor(((performance.now() - t0) / 1000) * opts.rate);
      // The cap keeps a dead host from piling up sockets; at 200/s it is never reached while it is up.
      while (summary.sent < due && summary.sent < opts.maxCount && inFlight < opts.concurrency) {
        const p = post(summary.sent++);
        running.add(p);
        void p.finally(() => running.delete(p));
      }
      await sleep(2);
    } else {
      while (inFlight < opts.concurrency && summary.sent < opts.maxCount) {
        const p = post(summary.sent++);
        running.add(p);
        void p.finally(() => running.delete(p));
      }
      await Promise.race(running);
    }
  }
  await Promise.all(running);
  summary.elapsedMs = performance.now() - t0;
  const steady = ackTimes.filter((t) => t >= 1000);
  const span = (steady.at(-1) ?? 1000) - 1000;
  summary.ackedPerSecond = span > 0 ? (steady.length / span) * 1000 : 0;
  closeSync(acks);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

void main();
