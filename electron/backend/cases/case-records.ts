/**
 * The case as stored: columns for what the queue filters and sorts on (status, level, due time …)
 * and, in state_json, only the rest of the lifecycle state (stateJsonOf). Every write of a case
 * rewrites those columns from the state, so they never drift from it, and stateOf puts the state
 * back together. Keeping each part once holds a case row near 0.4 KB instead of 1 KB: at a
 * million cases that is 0.5 GB less to read before the data file opens.
 */
import type {
  CaseChannel,
  CaseHistoryRow,
  CaseSummary,
  ClockView,
} from '../../../shared/api/cases-contract.ts';
import { readClock } from '../../../shared/calendar/clock.ts';
import type { WorkingCalendar } from '../../../shared/calendar/calendar.ts';
import type { Catalogue } from '../../../shared/cases/catalogue-schema.ts';
import type { CaseItem, CaseState, HistoryEntry, ItemLevel } from '../../../shared/cases/types.ts';
import type { WriteOp } from '../store/store.ts';

export interface CaseRow {
  [k: string]: string | number | null;
  id: string;
  seq: number;
  item_code: string | null;
  category_code: string | null;
  level: string | null;
  status: string;
  lon: number;
  lat: number;
  cell_code: string | null;
  community_code: string | null;
  town_code: string | null;
  grid_version: number;
  outside_district: number;
  possible_duplicate_of: string | null;
  simulated: number;
  channel: string;
  reporter: string | null;
  description: string;
  external_id: string | null;
  department: string | null;
  due_at: number | null;
  reported_at: number;
  updated_at: number;
  catalogue_version: number | null;
  clock_json: string | null;
  dispatched_at: number | null;
  closed_at: number | null;
  state_json: string;
}

/** The parts of a CaseState that no column holds; each is left out while it has its first value. */
interface StateRest {
  timeLimit?: CaseItem['timeLimit'];
  previousClocks?: CaseState['previousClocks'];
  voidReason?: string;
  reworkCount?: number;
  transferCount?: number;
  whistles?: CaseState['whistles'];
  supervisions?: CaseState['supervisions'];
  mergedInto?: string;
}

/** state_json: what the columns written with it (updateCaseOp, the insert) do not already hold. */
export function stateJsonOf(state: CaseState): string {
  const rest: StateRest = {};
  if (state.item) rest.timeLimit = state.item.timeLimit;
  if (state.previousClocks.length) rest.previousClocks = state.previousClocks;
  if (state.voidReason !== null) rest.voidReason = state.voidReason;
  if (state.reworkCount) rest.reworkCount = state.reworkCount;
  if (state.transferCount) rest.transferCount = state.transferCount;
  if (state.whistles.length) rest.whistles = state.whistles;
  if (state.supervisions.length) rest.supervisions = state.supervisions;
  if (state.mergedInto) rest.mergedInto = state.mergedInto;
  return JSON.stringify(rest);
}

/** The lifecycle state of a stored case (a whole `SELECT *` row). */
export function stateOf(row: CaseRow): CaseState {
  const json = JSON.parse(row.state_json) as StateRest | CaseState;
  // Rows written before schema 11 hold the whole state.
  if ('id' in json) return json;
  const rest = json;
  const state: CaseState = {
    id: row.id,
    status: row.status as CaseState['status'],
    item:
      row.item_code && rest.timeLimit
        ? { code: row.item_code, level: row.level as ItemLevel, timeLimit: rest.timeLimit }
        : null,
    department: row.department,
    clock: row.clock_json ? (JSON.parse(row.clock_json) as CaseState['clock']) : null,
    previousClocks: rest.previousClocks ?? [],
    reportedAt: row.reported_at,
    dispatchedAt: row.dispatched_at,
    closedAt: row.closed_at,
    voidReason: rest.voidReason ?? null,
    reworkCount: rest.reworkCount ?? 0,
    transferCount: rest.transferCount ?? 0,
    whistles: rest.whistles ?? [],
    supervisions: rest.supervisions ?? [],
    updatedAt: row.updated_at,
  };
  if (rest.mergedInto) state.mergedInto = rest.mergedInto;
  return state;
}

/** Columns the queue reads; state_json is left out of the list query on purpose (it is the large one). */
export const SUMMARY_COLUMNS =
  'id, item_code, category_code, level, status, lon, lat, cell_code, community_code, town_code, ' +
  'outside_district, possible_duplicate_of, simulated, channel, department, due_at, clock_json, reported_at, updated_at';

export interface Where {
  itemCode: string | null;
  categoryCode: string | null;
  level: ItemLevel | null;
}

export function itemColumns(state: CaseState, catalogue: Catalogue): Where {
  const code = state.item?.code ?? null;
  return {
    itemCode: code,
    categoryCode: code ? (catalogue.byCode.get(code)?.category ?? code.slice(0, 3)) : null,
    level: state.item?.level ?? null,
  };
}

/** Rewrites every column derived from the state. */
export function updateCaseOp(state: CaseState, catalogue: Catalogue): WriteOp {
  const item = itemColumns(state, catalogue);
  return {
    sql: `UPDATE cases SET status = ?, item_code = ?, category_code = ?, level = ?, department = ?, due_at = ?,
          clock_json = ?, dispatched_at = ?, closed_at = ?, updated_at = ?, state_json = ? WHERE id = ?`,
    params: [
      state.status,
      item.itemCode,
      item.categoryCode,
      item.level,
      state.department,
      state.clock?.dueAt ?? null,
      state.clock ? JSON.stringify(state.clock) : null,
      state.dispatchedAt,
      state.closedAt,
      state.updatedAt,
      stateJsonOf(state),
      state.id,
    ],
  };
}

export function historyOp(entry: HistoryEntry): WriteOp {
  return {
    sql: `INSERT INTO case_history (case_id, action, actor_id, actor_name, actor_role, at, reason, note,
          attachments_json, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    params: [
      entry.caseId,
      entry.action,
      entry.actor.id,
      entry.actor.name,
      entry.actor.role ?? null,
      entry.at,
      entry.reason,
      entry.note,
      JSON.stringify(entry.attachments.map((a) => a.id)),
      JSON.stringify(entry.before),
      JSON.stringify(entry.after),
    ],
  };
}

export function historyRow(r: Record<string, string | number | Uint8Array | null>): CaseHistoryRow {
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    action: String(r.action) as CaseHistoryRow['action'],
    actor: { id: String(r.actor_id), name: String(r.actor_name), role: str(r.actor_role) },
    at: Number(r.at),
    reason: str(r.reason),
    note: str(r.note),
    attachments: JSON.parse(String(r.attachments_json)) as string[],
    before: JSON.parse(String(r.before_json)) as CaseHistoryRow['before'],
    after: JSON.parse(String(r.after_json)) as CaseHistoryRow['after'],
  };
}

export interface SummaryContext {
  catalogue: Catalogue;
  calendar: WorkingCalendar;
  now: number;
  nameOf: (code: string | null) => string | null;
  departmentName: (id: string | null) => string | null;
}

const OPEN_CLOCK_STATUSES = new Set(['dispatched', 'handling', 'feedback', 'verifying']);

export function summaryOf(
  r: Record<string, string | number | Uint8Array | null>,
  ctx: SummaryContext,
): CaseSummary {
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const place = (code: unknown): { code: string; name: string } | null => {
    const c = str(code);
    const name = ctx.nameOf(c);
    return c && name ? { code: c, name } : null;
  };
  const itemCode = str(r.item_code);
  const status = String(r.status) as CaseSummary['status'];
  let clock: ClockView | null = null;
  const clockJson = str(r.clock_json);
  if (clockJson && OPEN_CLOCK_STATUSES.has(status)) {
    const c = JSON.parse(clockJson) as CaseState['clock'];
    if (c) clock = { dueAt: c.dueAt, ...readClock(ctx.calendar, c, ctx.now) };
  }
  return {
    id: String(r.id),
    itemCode,
    itemName: itemCode ? (ctx.catalogue.byCode.get(itemCode)?.name ?? null) : null,
    categoryCode: str(r.category_code),
    level: str(r.level) as ItemLevel | null,
    status,
    channel: String(r.channel) as CaseChannel,
    lon: Number(r.lon),
    lat: Number(r.lat),
    town: place(r.town_code),
    community: place(r.community_code),
    cell: place(r.cell_code),
    outsideDistrict: Number(r.outside_district) === 1,
    possibleDuplicateOf: str(r.possible_duplicate_of),
    simulated: Number(r.simulated) === 1,
    department: str(r.department),
    departmentName: ctx.departmentName(str(r.department)),
    reportedAt: Number(r.reported_at),
    updatedAt: Number(r.updated_at),
    clock,
  };
}
