/**
 * Durable writes: single-row case-sized inserts from concurrent writers for ~3 s, each counted
 * only once write() resolved (fsynced). Default snapshot settings, so snapshots run mid-stream.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../electron/backend/store/open-store.ts';
import type { Benchmark, Figure } from './bench-types.ts';

const WRITERS = 16;
const SECONDS = 3;

function caseRow(i: number): (string | number)[] {
  return [
    `C${String(i).padStart(10, '0')}`,
    '440115001001001',
    '市容环境/暴露垃圾',
    `南沙街道金洲社区第${i % 40}网格 进港大道 ${i % 300} 号附近人行道上有生活垃圾堆放，影响通行，请尽快处理。`,
    113.5 + (i % 1000) / 1e4,
    22.7 + (i % 700) / 1e4,
    'reported',
    1_735_689_600_000 + i * 1000,
  ];
}

async function durableWrites(): Promise<Figure[]> {
  const concurrent = await measure(WRITERS, SECONDS);
  const serial = await measure(1, 1);
  return [
    { name: 'durable_writes_per_s', value: concurrent.perSecond, unit: 'writes/s' },
    { name: 'durable_write_latency_p50_ms', value: concurrent.p50, unit: 'ms' },
    { name: 'durable_write_latency_p99_ms', value: concurrent.p99, unit: 'ms' },
    // One writer awaiting each write: every write pays a whole fsync, no group commit.
    { name: 'durable_writes_serial_per_s', value: serial.perSecond, unit: 'writes/s' },
  ];
}

async function measure(
  writers: number,
  seconds: number,
): Promise<{ perSecond: number; p50: number; p99: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'gezhi-bench-store-'));
  try {
    const store = await openStore({
      path: join(dir, 'gezhi.gpkg'),
      populate: (db) =>
        db.run(`CREATE TABLE case_record (code TEXT PRIMARY KEY, cell_code TEXT, item TEXT, description TEXT,
                lon REAL, lat REAL, status TEXT, reported_at INTEGER)`),
    });
    const latencies: number[] = [];
    let n = 0;
    const end = performance.now() + seconds * 1000;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (performance.now() < end) {
          const t = performance.now();
          await store.write([
            { sql: 'INSERT INTO case_record VALUES (?, ?, ?, ?, ?, ?, ?, ?)', params: caseRow(n++) },
          ]);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    await store.close();
    latencies.sort((a, b) => a - b);
    const pct = (p: number): number =>
      latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
    return { perSecond: latencies.length / elapsed, p50: pct(0.5), p99: pct(0.99) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'durable_writes',
    figures: [
      'durable_writes_per_s',
      'durable_write_latency_p50_ms',
      'durable_write_latency_p99_ms',
      'durable_writes_serial_per_s',
    ],
    run: durableWrites,
  },
];
