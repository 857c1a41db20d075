/**
 * A data file with many cases written straight into the new file's tables (not through the case
 * service, which would take hours for a million): a year of cases spread over the grid's cells with
 * hot spots, in plausible states for their age (old cases mostly closed, an overdue backlog left).
 * For the analytics bench; the case service remains the only writer in the app.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import type { GridDataset, GridUnit } from '../../shared/grid/types.ts';
import { generateNansha } from '../../shared/demo/index.ts';
import { writeGridUnits } from '../../electron/backend/store/grid-tables.ts';
import { openStore } from '../../electron/backend/store/open-store.ts';
import { REPO_ROOT, tempDir } from './serve-process.ts';

export interface CasesFileOptions {
  path: string;
  dataset: GridDataset;
  cases: number;
  from: number;
  to: number;
  seed?: number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const CHANNELS = ['operator', 'gridWorker', 'hotline12345', 'api', 'open311'];

interface CatalogueItem {
  code: string;
  category: string;
  level: string;
}

function cellPoints(
  units: readonly GridUnit[],
): { cell: GridUnit; ring: number[][]; cx: number; cy: number }[] {
  return units
    .filter((u) => u.level === 'cell')
    .map((cell) => {
      const ring = (
        cell.geometry.type === 'Polygon' ? cell.geometry.coordinates[0] : cell.geometry.coordinates[0]![0]
      )!;
      let cx = 0;
      let cy = 0;
      for (let i = 0; i < ring.length - 1; i++) {
        cx += ring[i]![0]!;
        cy += ring[i]![1]!;
      }
      return { cell, ring, cx: cx / (ring.length - 1), cy: cy / (ring.length - 1) };
    });
}

/** Creates the file (grid + cases) and closes it; returns the number of cases written. */
export async function writeCasesFile(o: CasesFileOptions): Promise<number> {
  const items = (
    JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'data', 'catalogue', 'items.json'), 'utf8'),
    ) as {
      items: CatalogueItem[];
    }
  ).items;
  const cells = cellPoints(o.dataset.units);
  const parent = new Map(o.dataset.units.map((u) => [u.code, u.parentCode]));
  let seed = o.seed ?? 1;
  const rand = (): number => {
    // mulberry32: fast and reproducible.
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const populate = (db: Database): void => {
    writeGridUnits(db, o.dataset.units);
    db.run('BEGIN');
    const stmt = db.prepare(`INSERT INTO cases (id, seq, item_code, category_code, level, status, lon, lat,
      cell_code, community_code, town_code, grid_version, simulated, channel, description, department,
      due_at, clock_json, reported_at, dispatched_at, closed_at, updated_at, catalogue_version, state_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 'bench case', ?, ?, ?, ?, ?, ?, ?, 1, ?)`);
    const span = o.to - o.from;
    for (let i = 0; i < o.cases; i++) {
      const seq = i + 1;
      const at = Math.floor(o.from + ((i + rand()) / o.cases) * span);
      // Squaring skews toward low indices: some cells are hot spots, most are quiet.
      const c = cells[Math.floor(rand() * rand() * cells.length)]!;
      const v = c.ring[Math.floor(rand() * (c.ring.length - 1))]!;
      const t = rand() * 0.8;
      const lon = c.cx + (v[0]! - c.cx) * t;
      const lat = c.cy + (v[1]! - c.cy) * t;
      const item = items[Math.floor(rand() * items.length)]!;
      const age = o.to - at;
      const r = rand();
      let status: string;
      if (r < 0.03) status = 'voided';
      else if (age > 30 * DAY) status = r < 0.95 ? (r < 0.6 ? 'archived' : 'closed') : 'handling';
      else if (age > 2 * DAY) status = r < 0.75 ? 'closed' : r < 0.85 ? 'verifying' : 'handling';
      else status = r < 0.2 ? 'reported' : r < 0.4 ? 'registered' : r < 0.7 ? 'handling' : 'closed';
      const dispatched = !['reported', 'registered', 'voided'].includes(status);
      const dispatchedAt = dispatched ? at + Math.floor(rand() * HOUR) : null;
      const dueAt = dispatchedAt !== null ? dispatchedAt + (1 + Math.floor(rand() * 72)) * HOUR : null;
      const done = status === 'closed' || status === 'archived' || status === 'verifying';
      const pausedAt =
        done && dueAt !== null ? dispatchedAt! + Math.floor(rand() * (dueAt - dispatchedAt!) * 1.2) : null;
      const closedAt =
        status === 'closed' || status === 'archived' ? pausedAt! + Math.floor(rand() * DAY) : null;
      const rework = done && rand() < 0.08 ? 1 : 0;
      const clock =
        dueAt !== null
          ? JSON.stringify({
              limit: { value: 3, unit: 'workingDays' },
              startedAt: dispatchedAt,
              runsFrom: dispatchedAt,
              dueAt,
              budgetMs: dueAt - dispatchedAt!,
              pausedMs: 0,
              pausedAt,
              department: 'dept',
            })
          : null;
      const id = `${new Date(at + 8 * HOUR).toISOString().slice(0, 10).replace(/-/g, '')}-${String(seq).padStart(6, '0')}`;
      const state = JSON.stringify({
        id,
        status,
        item: { code: item.code, level: item.level },
        department: dispatched ? 'dept' : null,
        clock: clock ? (JSON.parse(clock) as unknown) : null,
        previousClocks: [],
        reportedAt: at,
        dispatchedAt,
        closedAt,
        voidReason: null,
        reworkCount: rework,
        transferCount: 0,
        whistles: [],
        supervisions: [],
        updatedAt: closedAt ?? at,
      });
      const cellCode = c.cell.code;
      const community = c.cell.parentCode;
      const town = community ? (parent.get(community) ?? null) : null;
      stmt.run([
        id,
        seq,
        item.code,
        item.category,
        item.level,
        status,
        lon,
        lat,
        cellCode,
        community,
        town,
        rand() < 0.01 ? 1 : 0,
        CHANNELS[Math.floor(rand() * CHANNELS.length)]!,
        dispatched ? 'dept' : null,
        dueAt,
        clock,
        at,
        dispatchedAt,
        closedAt,
        closedAt ?? at,
        state,
      ]);
    }
    stmt.free();
    db.run('COMMIT');
  };
  const store = await openStore({ path: o.path, populate });
  await store.close();
  return o.cases;
}

/**
 * The heatmap's end-to-end data file, in a new temporary folder (`prefix`): the Nansha grid and
 * `cases` cases over the 30 days up to a minute ago. Returns the file's path.
 */
export async function writeRecentCasesFile(prefix: string, cases: number, seed: number): Promise<string> {
  const path = join(tempDir(prefix), 'gezhi.gpkg');
  const csv = readFileSync(join(REPO_ROOT, 'data', 'divisions-guangzhou.csv'), 'utf8');
  const now = Date.now();
  await writeCasesFile({
    path,
    dataset: generateNansha(csv, { seed: 1 }),
    cases,
    from: now - 30 * DAY,
    to: now - 60_000,
    seed,
  });
  return path;
}
