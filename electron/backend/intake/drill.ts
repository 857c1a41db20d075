/**
 * The drill simulator, for training and demos: creates cases at a steady rate, with an item mix,
 * scattered around hotspots, for a set time. Every drill case has channel 'simulator' and
 * simulated = 1, so queues, maps and metrics can tell or hide them, and `purge` removes them all.
 *
 * Purge deletes the simulated case rows (and their attachment rows) so the queue and the file stay
 * lean after a day of demos, but it keeps every append-only row: their case_history and audit rows
 * stay (the triggers forbid deleting them, and they are the record that the drill happened), and
 * the purge itself is one more audit row listing the ids. Because history outlives the rows, the
 * purge records the highest sequence number handed out, and the case service never hands out an
 * id at or below it again, so no new case inherits a purged case's history.
 */
import type {
  DrillHotspot,
  DrillItemWeight,
  DrillStatus,
  PurgeResult,
} from '../../../shared/api/intake-contract.ts';
import type { CaseCreateInput } from '../../../shared/api/cases-contract.ts';
import type { ParsedRequestOf, PushEvent } from '../../../shared/api/contract.ts';
import type { Actor } from '../../../shared/cases/types.ts';
import { ApiError } from '../api-error.ts';
import { auditOp } from '../cases/audit.ts';
import { countCases } from '../cases/case-counts.ts';
import type { CaseService } from '../cases/case-service.ts';
import type { CellLocator } from '../cases/locator.ts';
import type { ReferenceSet } from '../cases/reference-data.ts';
import type { Store } from '../store/store.ts';

export const DRILL_ACTOR: Actor = { id: 'drill', name: '演练模拟器', role: 'simulator' };

const TICK_MS = 200;
/** Status pushes while running: often enough for a live counter, rare enough not to flood. */
const STATUS_EVERY_MS = 1000;
/** One tick never writes more than this, so a very high rate cannot build one giant write. */
const MAX_PER_TICK = 1000;
const M_PER_DEG = 111_320;

export interface DrillDeps {
  store: Store;
  services: () => { cases: CaseService; ref: ReferenceSet; locator: CellLocator };
  /** A few points inside the published grid, for a drill started without hotspots. */
  defaultHotspots: (random: () => number) => DrillHotspot[];
  emit: (e: PushEvent) => void;
  now: () => number;
  /** Monotonic ms for pacing; the case clock (`now`) may be a test's frozen clock. */
  monotonic?: () => number;
}

/** Small seeded generator (mulberry32): a drill with a seed repeats itself, for demos and tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted<T extends { weight: number }>(list: readonly T[], r: number): T {
  const total = list.reduce((s, x) => s + x.weight, 0);
  let x = r * total;
  for (const e of list) if ((x -= e.weight) < 0) return e;
  return list[list.length - 1]!;
}

interface Run {
  timer: ReturnType<typeof setInterval>;
  startedMono: number;
  durationMs: number;
  rate: number;
  created: number;
  total: number;
  busy: Promise<void> | null;
  lastPush: number;
  random: () => number;
  mix: { weight: number; items: string[] }[];
}

export class DrillService {
  private run: Run | null = null;
  private last: Omit<DrillStatus, 'simulatedInStore' | 'running'> = {
    startedAt: null,
    endsAt: null,
    ratePerMinute: 0,
    mix: [],
    hotspots: [],
    created: 0,
    lastError: null,
  };
  private readonly mono: () => number;

  constructor(private readonly deps: DrillDeps) {
    this.mono = deps.monotonic ?? (() => performance.now());
  }

  status(): DrillStatus {
    // From the kept counts: a count(*) here scanned every case (4 s at 1M cases) on every window's start.
    const n = countCases(this.deps.store, { simulated: true });
    return {
      ...this.last,
      running: this.run !== null,
      created: this.run?.created ?? this.last.created,
      simulatedInStore: n,
    };
  }

  private resolveMix(
    mix: DrillItemWeight[] | undefined,
    ref: ReferenceSet,
  ): { weight: number; items: string[] }[] {
    const byCategory = new Map<string, string[]>();
    for (const it of ref.catalogue.items)
      byCategory.set(it.category, [...(byCategory.get(it.category) ?? []), it.code]);
    if (!mix) return [...byCategory.values()].map((items) => ({ weight: 1, items }));
    return mix.map((m, i) => {
      const code = m.code.toUpperCase();
      const items = ref.catalogue.byCode.has(code) ? [code] : byCategory.get(code);
      if (!items)
        throw new ApiError(
          'bad_request',
          `Unknown item or category code ${m.code}`,
          { key: 'drill.unknownCode', code: m.code },
          [{ path: `mix.${i}.code`, message: `unknown item or category code ${m.code}` }],
        );
      return { weight: m.weight, items };
    });
  }

  async start(p: ParsedRequestOf<'drill.start'>, actor: Actor): Promise<DrillStatus> {
    if (this.run)
      throw new ApiError('conflict', 'A drill is already running: stop it first', { key: 'drill.running' });
    const { ref } = this.deps.services();
    const random = seededRandom(p.seed ?? Math.floor(Math.random() * 2 ** 31));
    const mix = this.resolveMix(p.mix, ref);
    const hotspots: DrillHotspot[] = p.hotspots ?? this.deps.defaultHotspots(random);
    if (!hotspots.length)
      throw new ApiError('bad_request', 'No published grid to place drill cases in: give hotspots', {
        key: 'drill.noHotspots',
      });
    const durationMs = p.durationMinutes * 60_000;
    const at = this.deps.now();
    this.last = {
      startedAt: at,
      endsAt: at + durationMs,
      ratePerMinute: p.ratePerMinute,
      mix:
        p.mix ??
        mix.map((m) => ({ code: ref.catalogue.byCode.get(m.items[0]!)?.category ?? '', weight: m.weight })),
      hotspots,
      created: 0,
      lastError: null,
    };
    await this.deps.store.write([auditOp(actor, at, 'drill.start', 'drill', null, null, this.last)]);
    const run: Run = {
      timer: setInterval(() => this.tick(run, hotspots), TICK_MS),
      startedMono: this.mono(),
      durationMs,
      rate: p.ratePerMinute,
      created: 0,
      total: Math.floor((p.ratePerMinute * durationMs) / 60_000),
      busy: null,
      lastPush: 0,
      random,
      mix,
    };
    this.run = run;
    const s = this.status();
    this.deps.emit({ type: 'drill.status', status: s });
    return s;
  }

  private point(run: Run, hotspots: DrillHotspot[], locator: CellLocator): { lon: number; lat: number } {
    let lon = 0;
    let lat = 0;
    // A few tries to land inside a cell; a point that never does is kept (and flagged, as a real one would be).
    for (let attempt = 0; attempt < 8; attempt++) {
      const h = pickWeighted(hotspots, run.random());
      // Gaussian scatter (Box–Muller), sigma half the radius, cut at the radius.
      const r = Math.min(h.radiusM, (h.radiusM / 2) * Math.sqrt(-2 * Math.log(1 - run.random())));
      const theta = 2 * Math.PI * run.random();
      lat = h.lat + (r * Math.sin(theta)) / M_PER_DEG;
      lon = h.lon + (r * Math.cos(theta)) / (M_PER_DEG * Math.cos((h.lat * Math.PI) / 180));
      if (locator.locateCell(lon, lat)) break;
    }
    return { lon, lat };
  }

  private tick(run: Run, hotspots: DrillHotspot[]): void {
    if (run.busy || this.run !== run) return;
    const elapsed = this.mono() - run.startedMono;
    const due = Math.min(run.total, Math.floor((elapsed * run.rate) / 60_000));
    const n = Math.min(MAX_PER_TICK, due - run.created);
    const finished = elapsed >= run.durationMs && due - run.created <= 0;
    if (finished) {
      void this.finish(run, DRILL_ACTOR, null);
      return;
    }
    if (n <= 0) return;
    let services: ReturnType<DrillDeps['services']>;
    try {
      services = this.deps.services();
    } catch (e) {
      // A timer callback must not throw: the data file went away under the drill, so it ends.
      void this.finish(run, DRILL_ACTOR, e instanceof Error ? e.message : String(e));
      return;
    }
    const { cases, ref, locator } = services;
    const inputs: CaseCreateInput[] = [];
    for (let i = 0; i < n; i++) {
      const group = pickWeighted(run.mix, run.random());
      const code = group.items[Math.floor(run.random() * group.items.length)]!;
      inputs.push({
        itemCode: code,
        ...this.point(run, hotspots, locator),
        description: `【演练】${ref.catalogue.byCode.get(code)?.name ?? code}（模拟案件）`,
        channel: 'simulator',
        reporter: DRILL_ACTOR.name,
        simulated: true,
      });
    }
    run.busy = cases
      .createMany(inputs, DRILL_ACTOR)
      .then(() => {
        run.created += n;
        const now = this.mono();
        if (now - run.lastPush >= STATUS_EVERY_MS) {
          run.lastPush = now;
          this.deps.emit({ type: 'drill.status', status: this.status() });
        }
      })
      .catch((e: unknown) => this.finish(run, DRILL_ACTOR, e instanceof Error ? e.message : String(e)))
      .finally(() => {
        run.busy = null;
      });
  }

  /** Ends a run: no more ticks, the pending write awaited, the end recorded in the audit log. */
  private async finish(run: Run, actor: Actor, error: string | null): Promise<void> {
    if (this.run !== run) return;
    this.run = null;
    clearInterval(run.timer);
    await run.busy?.catch(() => undefined);
    this.last = { ...this.last, created: run.created, lastError: error };
    try {
      await this.deps.store.write([
        auditOp(actor, this.deps.now(), 'drill.stop', 'drill', null, null, { created: run.created, error }),
      ]);
    } catch {
      // The store is closing or failing; the run is stopped either way.
    }
    this.deps.emit({ type: 'drill.status', status: this.status() });
  }

  async stop(actor: Actor): Promise<DrillStatus> {
    if (this.run) await this.finish(this.run, actor, null);
    return this.status();
  }

  async purge(actor: Actor): Promise<PurgeResult> {
    if (this.run) await this.finish(this.run, actor, null);
    const { store } = this.deps;
    const maxSim = store.get<{ m: number | null }>('SELECT max(seq) AS m FROM cases WHERE simulated = 1')?.m;
    if (maxSim === null || maxSim === undefined) return { purged: 0 };
    const ids = store
      .all<{ id: string }>('SELECT id FROM cases WHERE simulated = 1 AND seq <= ? ORDER BY seq', [maxSim])
      .map((r) => r.id);
    const floor = Math.max(
      Number(store.get<{ m: number }>('SELECT coalesce(max(seq), 0) AS m FROM cases')?.m ?? 0),
      Number(
        store.get<{ v: string }>(`SELECT value AS v FROM gezhi_meta WHERE key = 'case_seq_floor'`)?.v ?? 0,
      ),
    );
    const purged = `SELECT id FROM cases WHERE simulated = 1 AND seq <= ${Number(maxSim)}`;
    await store.write([
      {
        sql: `INSERT OR REPLACE INTO gezhi_meta (key, value) VALUES ('case_seq_floor', ?)`,
        params: [String(floor)],
      },
      // Only older files can hold a real case flagged as a duplicate of a drill case; clear the dangling flag.
      {
        sql: `UPDATE cases SET possible_duplicate_of = NULL WHERE simulated = 0 AND possible_duplicate_of IN (${purged})`,
      },
      { sql: `DELETE FROM attachments WHERE case_id IN (${purged})` },
      { sql: `DELETE FROM cases WHERE simulated = 1 AND seq <= ?`, params: [maxSim] },
      auditOp(actor, this.deps.now(), 'drill.purge', 'case', null, { count: ids.length, ids }, null),
    ]);
    this.deps.emit({ type: 'drill.purged', purged: ids.length });
    this.deps.emit({ type: 'drill.status', status: this.status() });
    return { purged: ids.length };
  }

  /** Stops a run without recording it (the backend is closing); the next start is a fresh run. */
  async close(): Promise<void> {
    const run = this.run;
    if (!run) return;
    this.run = null;
    clearInterval(run.timer);
    await run.busy?.catch(() => undefined);
  }
}
