/**
 * Data files with many cases for the scale benchmarks, written directly through the store's
 * populate path in one transaction (1M cases through the API would take hours and measure nothing
 * of interest). Rows are made by the real lifecycle (openCase/applyAction, the working calendar)
 * and located by the real cell index, so columns, state JSON and clocks look like the app's own.
 * Each case carries its report entry in case_history; later steps' history is left out, which
 * keeps 1M cases near the ≈200 MB DESIGN.md measured.
 *
 * Built files are cached under os.tmpdir(), keyed by schema and generator version, and copied for
 * each run so a benchmark never changes the cache.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bbox } from '@turf/bbox';
import type { Database } from 'sql.js';
import type { CaseChannel } from '../../shared/api/cases-contract.ts';
import { CellLocator } from '../../electron/backend/cases/locator.ts';
import { historyOp, itemColumns, stateJsonOf } from '../../electron/backend/cases/case-records.ts';
import {
  buildReferenceSet,
  REF_FILES,
  REF_KINDS,
  type RefKind,
  type ReferenceSet,
} from '../../electron/backend/cases/reference-data.ts';
import { writeGridUnits } from '../../electron/backend/store/grid-tables.ts';
import { SCHEMA_VERSION } from '../../electron/backend/store/migrations.ts';
import { openStore } from '../../electron/backend/store/open-store.ts';
import { generateNansha } from '../../shared/demo/index.ts';
import { applyAction, openCase } from '../../shared/cases/lifecycle.ts';
import { suggestDepartment, townDepartments } from '../../shared/cases/routing.ts';
import type { Actor, CaseAction, CaseState } from '../../shared/cases/types.ts';
import type { GridUnit } from '../../shared/grid/types.ts';
import { REPO_ROOT, startServe, tempDir } from '../helpers/serve-process.ts';

/** Bump when the generated content changes, so stale caches are not reused. */
const GENERATOR_VERSION = 3;
const DAY = 86_400_000;

export interface CasesFileSpec {
  cases: number;
  /** How many of them are open (reported … verifying); the rest are closed, archived or voided. */
  open: number;
}

const OPEN_STEPS: CaseAction['type'][][] = [
  [],
  ['register'],
  ['register', 'dispatch'],
  ['register', 'dispatch', 'startHandling'],
  ['register', 'dispatch', 'startHandling', 'feedback'],
  ['register', 'dispatch', 'startHandling', 'feedback', 'startVerification'],
];
const CLOSED_STEPS: CaseAction['type'][][] = [
  ['register', 'dispatch', 'startHandling', 'feedback', 'startVerification', 'close'],
  ['register', 'dispatch', 'startHandling', 'feedback', 'startVerification', 'close', 'archive'],
  ['void'],
];

function loadReference(): ReferenceSet {
  const content = Object.fromEntries(
    REF_KINDS.map((k) => [k, readFileSync(join(REPO_ROOT, 'data', REF_FILES[k]), 'utf8')]),
  ) as Record<RefKind, string>;
  const versions = Object.fromEntries(REF_KINDS.map((k) => [k, 1])) as Record<RefKind, number>;
  const built = buildReferenceSet(content, versions);
  if (!built.ok) throw new Error(`reference data: ${built.errors.join('; ')}`);
  return built.value;
}

/** Inserts `spec.cases` cases in one transaction. */
export function insertCases(
  db: Database,
  units: readonly GridUnit[],
  spec: CasesFileSpec,
  now: number,
): void {
  const ref = loadReference();
  const cal = ref.calendar.calendar;
  const names = new Map(units.map((u) => [u.code, { name: u.name, parentCode: u.parentCode }]));
  const cellUnits = units.filter((u) => u.level === 'cell');
  const locator = new CellLocator(
    cellUnits.map((u) => ({
      code: u.code,
      name: u.name,
      parentCode: u.parentCode,
      geometry:
        u.geometry.type === 'Polygon'
          ? { type: 'MultiPolygon' as const, coordinates: [u.geometry.coordinates] }
          : u.geometry,
    })),
    names,
  );
  const boxes = cellUnits.map((u) => bbox(u.geometry));
  const template =
    ref.departments.templates.find((t) => t.id === ref.departments.defaultTemplate) ??
    ref.departments.templates[0]!;
  const items = ref.catalogue.items;
  let seed = 12345;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const actor: Actor = { id: 'gridworker', name: '网格员', role: 'gridWorker' };

  const insert = db.prepare(`INSERT INTO cases (id, seq, item_code, category_code, level, status, lon, lat,
    cell_code, community_code, town_code, grid_version, outside_district, possible_duplicate_of, simulated, channel,
    reporter, description, external_id, department, due_at, clock_json, reported_at, dispatched_at, closed_at,
    updated_at, catalogue_version, state_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, NULL, 0, ?, NULL, ?, NULL, ?, ?, ?, ?, ?, ?, ?, 1, ?)`);
  const sampleHistory = historyOp(openCase({ id: 'x' }, actor, 0).entry);
  const history = db.prepare(sampleHistory.sql);
  // Channels as the contract names them (CASE_CHANNELS), weighted as a district's intake might be.
  const channels: CaseChannel[] = [
    'gridWorker',
    'gridWorker',
    'gridWorker',
    'hotline12345',
    'api',
    'operator',
  ];
  db.run('BEGIN');
  try {
    for (let seq = 1; seq <= spec.cases; seq++) {
      const isOpen = seq > spec.cases - spec.open;
      // Closed cases spread over the past year, open ones over the past ten days, in seq order.
      const at = isOpen
        ? now - 10 * DAY + Math.floor(((seq - (spec.cases - spec.open)) / (spec.open + 1)) * 10 * DAY)
        : now - 375 * DAY + Math.floor((seq / (spec.cases + 1)) * 365 * DAY);
      const item = pick(items);
      let lon: number;
      let lat: number;
      let placed;
      if (rand() < 0.005) {
        lon = 113.2 + rand();
        lat = 21.5 + rand() * 0.2;
        placed = locator.locate(lon, lat);
      } else {
        do {
          const b = pick(boxes);
          lon = b[0] + rand() * (b[2] - b[0]);
          lat = b[1] + rand() * (b[3] - b[1]);
          placed = locator.locate(lon, lat);
        } while (!placed);
      }
      const day = new Date(at + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
      const id = `${day}-${String(seq).padStart(6, '0')}`;
      const caseItem = {
        code: item.code,
        level: item.level,
        timeLimit: { value: item.timeLimit.value, unit: item.timeLimit.unit },
      };
      const opened = openCase({ id, item: caseItem, note: `${item.name}，网格员巡查发现` }, actor, at);
      let state: CaseState = opened.state;
      const town = placed?.town?.code;
      const dept = town
        ? (suggestDepartment(item, townDepartments(template, town), {
            districtDepartments: ref.departments.districtDepartments,
          })?.departmentId ?? `${town}:general`)
        : 'district:urban';
      let t = at;
      for (const type of isOpen ? pick(OPEN_STEPS) : pick(CLOSED_STEPS)) {
        t += Math.floor(rand() * 3 * 3_600_000) + 60_000;
        const action: CaseAction =
          type === 'dispatch'
            ? { type, department: dept }
            : type === 'feedback'
              ? { type, result: '已处理完毕' }
              : type === 'void'
                ? { type, reason: '重复上报' }
                : ({ type } as CaseAction);
        const r = applyAction(state, action, actor, Math.min(t, now), { calendar: cal });
        if (!r.ok) throw new Error(`${id} ${type}: ${r.error.message.en}`);
        state = r.state;
      }
      const cols = itemColumns(state, ref.catalogue);
      insert.run([
        id,
        seq,
        cols.itemCode,
        cols.categoryCode,
        cols.level,
        state.status,
        lon,
        lat,
        placed?.cell.code ?? null,
        placed?.community?.code ?? null,
        town ?? null,
        placed ? 0 : 1,
        pick(channels),
        `${item.name}，网格员巡查发现`,
        state.department,
        state.clock?.dueAt ?? null,
        state.clock ? JSON.stringify(state.clock) : null,
        at,
        state.dispatchedAt,
        state.closedAt,
        state.updatedAt,
        stateJsonOf(state),
      ]);
      history.run(historyOp(opened.entry).params ?? []);
    }
    db.run('COMMIT');
  } catch (err) {
    db.run('ROLLBACK');
    throw err;
  } finally {
    insert.free();
    history.free();
  }
}

/**
 * A fresh copy of a data file holding the Nansha demo grid and `spec` cases; built once and cached.
 * Returns the copy's path (in its own temp folder).
 */
export async function casesFile(
  spec: CasesFileSpec,
): Promise<{ path: string; bytes: number; builtMs: number }> {
  const dir = join(
    tmpdir(),
    `gezhi-bench-cases-s${SCHEMA_VERSION}-g${GENERATOR_VERSION}-${spec.cases}-${spec.open}`,
  );
  const cached = join(dir, 'gezhi.gpkg');
  const ready = join(dir, 'ready');
  let builtMs = 0;
  if (!existsSync(ready)) {
    const t0 = performance.now();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const csv = readFileSync(join(REPO_ROOT, 'data', 'divisions-guangzhou.csv'), 'utf8');
    const dataset = generateNansha(csv);
    const store = await openStore({
      path: cached,
      populate: (db) => {
        writeGridUnits(db, dataset.units);
        db.run(`INSERT OR REPLACE INTO gezhi_meta(key, value) VALUES ('dataset_name', ?)`, [dataset.name]);
        insertCases(db, dataset.units, spec, Date.now());
      },
    });
    await store.close();
    // One start and stop of the real host loads the reference data and folds it in, as a user's
    // first start would; the benchmarks then time later starts.
    const serve = await startServe({ dataFile: cached, timeoutMs: 300_000 });
    const code = await serve.stop();
    // The copies carry no change log: the reference data must be folded into the file itself, or
    // every benchmark run would load it again and write a snapshot of the whole file on stop.
    const folded = existsSync(`${cached}.lock`) ? 'the lock was left behind' : '';
    if (code !== 0 || folded)
      throw new Error(
        `the host did not close the fixture cleanly (exit ${code}) ${folded}:\n${serve.output()}`,
      );
    rmSync(`${cached}.prev`, { force: true });
    writeFileSync(ready, new Date().toISOString());
    builtMs = performance.now() - t0;
  }
  const path = join(tempDir('gezhi-bench-copy-'), 'gezhi.gpkg');
  copyFileSync(cached, path);
  // The writer's checksum comes along, so the copy opens as the original would (see snapshot-writer.ts).
  if (existsSync(`${cached}.sum`)) copyFileSync(`${cached}.sum`, `${path}.sum`);
  return { path, bytes: statSync(path).size, builtMs };
}
