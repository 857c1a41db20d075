/**
 * Cases: intake (located and checked for duplicates), the dispatch queue, case detail and the
 * lifecycle actions. Each change is one store write holding the case row, its history entry and
 * its audit row, acknowledged only once durable; then the change is pushed to every window.
 */
import type {
  ActorInput,
  AttachmentInfo,
  CaseActionInput,
  CaseCreateInput,
  CaseDetail,
  CaseList,
  CaseSummary,
  ItemTypeInfo,
} from '../../../shared/api/cases-contract.ts';
import type { ParsedRequestOf, PushEvent } from '../../../shared/api/contract.ts';
import { dateKeyOf, localDayOf } from '../../../shared/calendar/local-time.ts';
import type { ItemType } from '../../../shared/cases/catalogue-schema.ts';
import {
  allowedActions,
  applyAction,
  canMerge,
  openCase,
  type CaseError,
} from '../../../shared/cases/lifecycle.ts';
import { searchItems } from '../../../shared/cases/item-search.ts';
import {
  suggestDepartment,
  townDepartments,
  whistleTargets,
  type Suggestion,
  type TownDepartment,
} from '../../../shared/cases/routing.ts';
import {
  CASE_STATUSES,
  type Actor,
  type CaseAction,
  type CaseItem,
  type CaseState,
} from '../../../shared/cases/types.ts';
import { ApiError } from '../api-error.ts';
import type { SqlValue, Store, WriteOp } from '../store/store.ts';
import { AttachmentStore } from './attachments.ts';
import { auditOp } from './audit.ts';
import {
  historyOp,
  historyRow,
  itemColumns,
  stateJsonOf,
  stateOf,
  summaryOf,
  SUMMARY_COLUMNS,
  updateCaseOp,
  type CaseRow,
  type SummaryContext,
} from './case-records.ts';
import { countByStatus } from './case-counts.ts';
import { findDuplicate } from './duplicates.ts';
import type { CellLocator } from './locator.ts';
import type { ReferenceSet } from './reference-data.ts';

export const DEFAULT_OPERATOR: Actor = { id: 'operator', name: '值班员', role: 'operator' };

/** Refusals that mean "not in this state" rather than "badly formed". */
const CONFLICT_KEYS = new Set([
  'case.illegalTransition',
  'case.timeWentBack',
  'case.alreadyCalled',
  'case.alreadyReported',
  'case.notWhistled',
  'case.sameDepartment',
]);

function caseApiError(e: CaseError): ApiError {
  return new ApiError(CONFLICT_KEYS.has(e.key) ? 'conflict' : 'bad_request', e.message.en, {
    key: e.key,
    ...e.params,
    'message.zh-CN': e.message['zh-CN'],
    'message.en': e.message.en,
  });
}

function unknownItem(code: string, path = 'itemCode'): ApiError {
  return new ApiError('bad_request', `Unknown item code ${code}`, { itemCode: code }, [
    { path, message: `unknown item code ${code}` },
  ]);
}

export function itemInfo(it: ItemType, categoryName: string): ItemTypeInfo {
  return {
    code: it.code,
    name: it.name,
    nameEn: it.nameEn ?? null,
    category: it.category,
    categoryName,
    kind: it.kind,
    level: it.level,
    timeLimit: { value: it.timeLimit.value, unit: it.timeLimit.unit },
    defaultRole: it.defaultRole,
    acceptWhen: it.acceptWhen,
    closeWhen: it.closeWhen,
  };
}

const caseItemOf = (it: ItemType): CaseItem => ({
  code: it.code,
  level: it.level,
  timeLimit: { value: it.timeLimit.value, unit: it.timeLimit.unit },
});

export interface CaseServiceDeps {
  store: Store;
  ref: ReferenceSet;
  locator: CellLocator;
  gridVersion: number;
  now: () => number;
  emit: (e: PushEvent) => void;
}

export class CaseService {
  private seq: number;
  private readonly departmentsByTown = new Map<string, TownDepartment[]>();
  private readonly departmentNames = new Map<string, string>();
  private readonly attachments: AttachmentStore;

  constructor(private readonly deps: CaseServiceDeps) {
    const { store, ref } = deps;
    // A drill purge deletes case rows but their history stays; the floor it records keeps their ids
    // from being handed out again to new cases after a restart.
    this.seq = Number(
      store.get(
        `SELECT max(coalesce((SELECT max(seq) FROM cases), 0),
                coalesce((SELECT CAST(value AS INTEGER) FROM gezhi_meta WHERE key = 'case_seq_floor'), 0)) AS n`,
      )?.n ?? 0,
    );
    const template =
      ref.departments.templates.find((t) => t.id === ref.departments.defaultTemplate) ??
      ref.departments.templates[0]!;
    // A town uses the template the administrator chose for it, else the default one.
    const chosen = ref.departments.townTemplates ?? {};
    for (const t of store.all<{ code: string }>('SELECT code FROM grid_town')) {
      const own = ref.departments.templates.find((x) => x.id === chosen[t.code]);
      const list = townDepartments(own ?? template, t.code);
      this.departmentsByTown.set(t.code, list);
      for (const d of list) this.departmentNames.set(d.id, d.name);
    }
    for (const d of ref.departments.districtDepartments) this.departmentNames.set(d.id, d.name);
    this.attachments = new AttachmentStore(store);
  }

  private get ref(): ReferenceSet {
    return this.deps.ref;
  }

  private summaryContext(now: number): SummaryContext {
    return {
      catalogue: this.ref.catalogue,
      calendar: this.ref.calendar.calendar,
      now,
      nameOf: (code) => this.deps.locator.nameOf(code),
      departmentName: (id) => (id ? (this.departmentNames.get(id) ?? null) : null),
    };
  }

  private nextId(at: number): string {
    const day = dateKeyOf(localDayOf(at, this.ref.calendar.calendar.offsetMs)).replace(/-/g, '');
    return `${day}-${String(++this.seq).padStart(6, '0')}`;
  }

  searchItems(query: string, limit: number): ItemTypeInfo[] {
    const names = new Map(this.ref.catalogue.categories.map((c) => [c.code, c.name]));
    return searchItems(this.ref.itemIndex, query, limit).map((it) =>
      itemInfo(it, names.get(it.category) ?? ''),
    );
  }

  suggest(itemCode: string, townCode: string | null): Suggestion | null {
    const item = this.ref.catalogue.byCode.get(itemCode);
    if (!item) throw unknownItem(itemCode);
    return suggestDepartment(item, townCode ? (this.departmentsByTown.get(townCode) ?? []) : [], {
      districtDepartments: this.ref.departments.districtDepartments,
    });
  }

  async create(input: CaseCreateInput, actor: Actor): Promise<CaseDetail> {
    const made = this.createOps(input, actor, this.deps.now());
    await this.deps.store.write(made.ops);
    this.deps.emit({ type: 'case.created', id: made.id, status: made.status });
    return this.get(made.id);
  }

  /**
   * Many cases in one durable write (hotline import, drill): all or none are stored. `reportedAt`
   * keeps the time the source recorded (the hotline's call time) instead of now. Returns the ids.
   */
  async createMany(inputs: (CaseCreateInput & { reportedAt?: number })[], actor: Actor): Promise<string[]> {
    const now = this.deps.now();
    const made = inputs.map((input) => this.createOps(input, actor, input.reportedAt ?? now));
    if (!made.length) return [];
    await this.deps.store.write(made.flatMap((m) => m.ops));
    for (const m of made) this.deps.emit({ type: 'case.created', id: m.id, status: m.status });
    return made.map((m) => m.id);
  }

  private createOps(
    input: CaseCreateInput,
    actor: Actor,
    at: number,
  ): { id: string; status: CaseState['status']; ops: WriteOp[] } {
    const item = this.ref.catalogue.byCode.get(input.itemCode);
    if (!item) throw unknownItem(input.itemCode);
    const id = this.nextId(at);
    const placed = this.deps.locator.locate(input.lon, input.lat);
    // Drill cases are only matched with drill cases, so a purge never leaves a real case pointing at one.
    const duplicate = findDuplicate(this.deps.store, item.code, input.lon, input.lat, at, input.simulated);
    const { state, entry } = openCase({ id, item: caseItemOf(item), note: input.description }, actor, at);
    const cols = itemColumns(state, this.ref.catalogue);
    const record = {
      id,
      channel: input.channel,
      lon: input.lon,
      lat: input.lat,
      cell: placed?.cell.code ?? null,
      outsideDistrict: !placed,
      possibleDuplicateOf: duplicate,
      simulated: input.simulated,
    };
    const ops: WriteOp[] = [
      {
        sql: `INSERT INTO cases (id, seq, item_code, category_code, level, status, lon, lat, cell_code, community_code,
              town_code, grid_version, outside_district, possible_duplicate_of, simulated, channel, reporter,
              description, external_id, reported_at, updated_at, catalogue_version, state_json)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        params: [
          id,
          this.seq,
          cols.itemCode,
          cols.categoryCode,
          cols.level,
          state.status,
          input.lon,
          input.lat,
          placed?.cell.code ?? null,
          placed?.community?.code ?? null,
          placed?.town?.code ?? null,
          this.deps.gridVersion,
          placed ? 0 : 1,
          duplicate,
          input.simulated ? 1 : 0,
          input.channel,
          input.reporter ?? null,
          input.description,
          input.externalId ?? null,
          at,
          at,
          this.ref.versions.catalogue,
          stateJsonOf(state),
        ],
      },
      historyOp(entry),
      auditOp(actor, at, 'case.report', 'case', id, null, record),
    ];
    return { id, status: state.status, ops };
  }

  private row(id: string): CaseRow {
    const row = this.deps.store.get<CaseRow>('SELECT * FROM cases WHERE id = ?', [id]);
    if (!row) throw new ApiError('not_found', `No case ${id}`, { id });
    return row;
  }

  get(id: string): CaseDetail {
    const row = this.row(id);
    const state = stateOf(row);
    const history = this.deps.store
      .all('SELECT * FROM case_history WHERE case_id = ? ORDER BY id', [id])
      .map(historyRow);
    const item = state.item ? this.ref.catalogue.byCode.get(state.item.code) : undefined;
    const suggestion =
      item && (state.status === 'registered' || state.status === 'reported')
        ? suggestDepartment(item, row.town_code ? (this.departmentsByTown.get(row.town_code) ?? []) : [], {
            districtDepartments: this.ref.departments.districtDepartments,
          })
        : null;
    return {
      ...summaryOf(row, this.summaryContext(this.deps.now())),
      description: row.description,
      reporter: row.reporter,
      externalId: row.external_id,
      gridVersion: row.grid_version,
      catalogueVersion: row.catalogue_version,
      state,
      history,
      allowedActions: allowedActions(state.status),
      canMerge: canMerge(state.status),
      attachments: this.attachments.list(id),
      suggestion,
    };
  }

  list(f: ParsedRequestOf<'cases.list'>): CaseList {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const add = (sql: string, value: SqlValue): void => {
      where.push(sql);
      params.push(value);
    };
    if (f.town) add('town_code = ?', f.town);
    if (f.level) add('level = ?', f.level);
    if (f.category) add('category_code = ?', f.category);
    if (f.channel) add('channel = ?', f.channel);
    if (f.simulated !== undefined) add('simulated = ?', f.simulated ? 1 : 0);
    if (f.flag) {
      where.push(
        `${f.flag === 'toLocate' ? 'outside_district = 1' : 'possible_duplicate_of IS NOT NULL'}
         AND status NOT IN ('closed', 'archived', 'voided')`,
      );
    }
    const base = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // Counts and total from the counts the triggers keep (case-counts.ts), not a scan of every case.
    const counts = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as CaseList['countsByStatus'];
    for (const [status, n] of countByStatus(this.deps.store, f))
      if (status in counts) counts[status as keyof typeof counts] = n;
    const statusParams = f.status ?? [];
    const total = [...new Set(f.status ?? CASE_STATUSES)].reduce((sum, s) => sum + counts[s], 0);
    const filtered = f.status
      ? `${base ? `${base} AND` : 'WHERE'} status IN (${statusParams.map(() => '?').join(', ')})`
      : base;
    const all = [...params, ...statusParams];
    // Urgency: open cases first, then level A before B before C, then the least time left; cases
    // not yet dispatched have no clock and come first within their level (they wait for triage).
    // The cases_queue index (migration 5) holds exactly these expressions: change both together.
    // Many matches: walk the index in queue order and stop at the page, rather than let the planner
    // pick the status index and sort every match (0.6 s for the open tab at 50,000 open cases). Few
    // matches: sorting them is cheaper than walking past everything ahead of them in the index.
    const walk = total > 20 * (f.limit + f.offset) ? 'INDEXED BY cases_queue' : '';
    const rows = this.deps.store.all(
      `SELECT ${SUMMARY_COLUMNS} FROM cases ${walk} ${filtered}
       ORDER BY status IN ('closed', 'archived', 'voided'), level IS NULL, level, due_at IS NOT NULL, due_at,
                reported_at, seq LIMIT ? OFFSET ?`,
      [...all, f.limit, f.offset],
    );
    const now = this.deps.now();
    const ctx = this.summaryContext(now);
    return { cases: rows.map((r) => summaryOf(r, ctx)), total, countsByStatus: counts, now };
  }

  /**
   * Cases by item codes, open/closed and report time (Open311 GET requests): newest first, at most
   * `limit`. "closed" means closed, archived or voided, as Open311 has only the two.
   */
  query(q: { itemCodes?: string[]; open?: boolean; from: number; to: number; limit: number }): CaseSummary[] {
    const where = ['reported_at >= ?', 'reported_at <= ?'];
    const params: SqlValue[] = [q.from, q.to];
    if (q.itemCodes?.length) {
      where.push(`item_code IN (${q.itemCodes.map(() => '?').join(', ')})`);
      params.push(...q.itemCodes);
    }
    if (q.open !== undefined)
      where.push(`status ${q.open ? 'NOT IN' : 'IN'} ('closed', 'archived', 'voided')`);
    const rows = this.deps.store.all(
      `SELECT ${SUMMARY_COLUMNS} FROM cases WHERE ${where.join(' AND ')} ORDER BY reported_at DESC, seq DESC LIMIT ?`,
      [...params, q.limit],
    );
    const ctx = this.summaryContext(this.deps.now());
    return rows.map((r) => summaryOf(r, ctx));
  }

  private knownDepartment(id: string, path: string): string {
    if (!this.departmentNames.has(id))
      throw new ApiError('bad_request', `Unknown department ${id}`, { department: id }, [
        { path, message: `unknown department ${id}` },
      ]);
    return id;
  }

  /** Request form → the lifecycle's action: codes resolved, defaults from routing filled in. */
  private toAction(input: CaseActionInput, row: CaseRow, state: CaseState): CaseAction {
    const attachments = this.attachments.refs(row.id, input.attachments ?? []);
    const common = { ...(input.note ? { note: input.note } : {}), attachments };
    const itemType = state.item ? this.ref.catalogue.byCode.get(state.item.code) : undefined;
    switch (input.type) {
      case 'register': {
        if (!input.itemCode) return { type: 'register', ...common };
        const it = this.ref.catalogue.byCode.get(input.itemCode);
        if (!it) throw unknownItem(input.itemCode, 'action.itemCode');
        return { type: 'register', item: caseItemOf(it), ...common };
      }
      case 'dispatch': {
        let department = input.department;
        if (!department && itemType) department = this.suggest(itemType.code, row.town_code)?.departmentId;
        if (!department)
          throw new ApiError('bad_request', 'No department to dispatch to: choose one', {}, [
            { path: 'action.department', message: 'no suggested department; choose one' },
          ]);
        return {
          type: 'dispatch',
          department: this.knownDepartment(department, 'action.department'),
          ...common,
        };
      }
      case 'transfer':
        return {
          type: 'transfer',
          department: this.knownDepartment(input.department, 'action.department'),
          reason: input.reason,
          ...common,
        };
      case 'whistle': {
        const departments =
          input.departments ??
          (itemType
            ? whistleTargets(itemType, this.ref.departments.districtDepartments).map((d) => d.id)
            : []);
        departments.forEach((d, i) => this.knownDepartment(d, `action.departments.${i}`));
        return { type: 'whistle', departments, reason: input.reason, ...common };
      }
      case 'reportIn':
        return { type: 'reportIn', department: input.department, ...common };
      case 'supervise':
        return {
          type: 'supervise',
          reason: input.reason,
          ...(input.department ? { department: input.department } : {}),
          ...common,
        };
      case 'void':
        return { type: 'void', reason: input.reason, ...common };
      case 'merge':
        return { type: 'merge', into: input.into, ...common };
      case 'feedback':
        return { type: 'feedback', result: input.result, ...common };
      case 'sendBack':
        return { type: 'sendBack', reason: input.reason, ...(input.to ? { to: input.to } : {}), ...common };
      case 'startHandling':
      case 'startVerification':
      case 'close':
      case 'archive':
        return { type: input.type, ...common };
    }
  }

  async act(id: string, input: CaseActionInput, actor: Actor): Promise<CaseDetail> {
    const row = this.row(id);
    const state = stateOf(row);
    const action = this.toAction(input, row, state);
    const at = this.deps.now();
    const original = action.type === 'merge' ? this.mergeTarget(id, action.into) : null;
    const result = applyAction(state, action, actor, at, { calendar: this.ref.calendar.calendar });
    if (!result.ok) throw caseApiError(result.error);
    const ops: WriteOp[] = [
      updateCaseOp(result.state, this.ref.catalogue),
      historyOp(result.entry),
      auditOp(actor, at, `case.${action.type}`, 'case', id, result.entry.before, result.entry.after),
    ];
    // The original's timeline says which duplicates were merged into it.
    if (original)
      ops.push(
        historyOp({
          caseId: original,
          action: 'absorbDuplicate',
          actor,
          at,
          reason: id,
          note: null,
          attachments: [],
          before: {},
          after: {},
        }),
      );
    await this.deps.store.write(ops);
    this.deps.emit({ type: 'case.changed', id, status: result.state.status });
    if (original) this.deps.emit({ type: 'case.changed', id: original, status: this.statusOf(original) });
    return this.get(id);
  }

  private statusOf(id: string): CaseState['status'] {
    return String(this.row(id).status) as CaseState['status'];
  }

  /** The case a duplicate may be merged into: another, still standing, and not itself merged away. */
  private mergeTarget(id: string, into: string): string {
    const target = this.deps.store.get<CaseRow>('SELECT * FROM cases WHERE id = ?', [into]);
    if (!target)
      throw new ApiError('not_found', `No case ${into} to merge into`, { id: into }, [
        { path: 'action.into', message: `no case ${into}` },
      ]);
    if (into === id) return into; // the lifecycle refuses it in both languages
    const t = stateOf(target);
    if (t.status === 'voided' || t.mergedInto)
      throw new ApiError(
        'conflict',
        `Case ${into} is ${t.mergedInto ? `itself merged into ${t.mergedInto}` : 'voided'}; merge into the case that stands`,
        { id: into, status: t.status, ...(t.mergedInto ? { mergedInto: t.mergedInto } : {}) },
      );
    return into;
  }

  /**
   * Places a case by hand (a case outside the district, or one located wrongly): a point, or a
   * cell whose inner point is used. The new place must be inside a published cell. One durable
   * write holds the case columns, a timeline step and the audit row with before and after.
   */
  async locate(p: ParsedRequestOf<'cases.locate'>, actor: Actor): Promise<CaseDetail> {
    const row = this.row(p.id);
    let lon = p.lon;
    let lat = p.lat;
    if (lon === undefined || lat === undefined) {
      const code = p.cellCode ?? '';
      const point = this.deps.locator.pointIn(code);
      if (!point)
        throw new ApiError('bad_request', `No published cell ${code}`, { cellCode: code }, [
          { path: 'cellCode', message: `no published cell ${code}` },
        ]);
      [lon, lat] = point;
    }
    const placed = this.deps.locator.locate(lon, lat);
    if (!placed || (p.cellCode && placed.cell.code !== p.cellCode))
      throw new ApiError(
        'bad_request',
        p.cellCode
          ? `The point is not inside cell ${p.cellCode}`
          : 'The point is outside every published cell: pick a point inside the district',
        { lon, lat, ...(p.cellCode ? { cellCode: p.cellCode } : {}) },
        [{ path: p.cellCode ? 'cellCode' : 'lon', message: 'outside the district' }],
      );
    const at = this.deps.now();
    const before = {
      lon: row.lon,
      lat: row.lat,
      cell: row.cell_code,
      community: row.community_code,
      town: row.town_code,
      gridVersion: row.grid_version,
      outsideDistrict: row.outside_district === 1,
    };
    const after = {
      lon,
      lat,
      cell: placed.cell.code,
      community: placed.community?.code ?? null,
      town: placed.town?.code ?? null,
      gridVersion: this.deps.gridVersion,
      outsideDistrict: false,
    };
    const where = [placed.town?.name, placed.community?.name, placed.cell.name].filter(Boolean).join(' / ');
    await this.deps.store.write([
      {
        sql: `UPDATE cases SET lon = ?, lat = ?, cell_code = ?, community_code = ?, town_code = ?, grid_version = ?,
              outside_district = 0, updated_at = max(updated_at, ?) WHERE id = ?`,
        params: [lon, lat, after.cell, after.community, after.town, after.gridVersion, at, p.id],
      },
      historyOp({
        caseId: p.id,
        action: 'locate',
        actor,
        at,
        reason: `${where} (${placed.cell.code}) · ${lon.toFixed(6)}, ${lat.toFixed(6)}`,
        note: null,
        attachments: [],
        before: {},
        after: {},
      }),
      auditOp(actor, at, 'case.locate', 'case', p.id, before, after),
    ]);
    this.deps.emit({ type: 'case.changed', id: p.id, status: this.statusOf(p.id) });
    return this.get(p.id);
  }

  /** The operator judges a flagged case not a duplicate: the flag goes, the step is recorded. */
  async dismissDuplicate(id: string, actor: Actor): Promise<CaseDetail> {
    const row = this.row(id);
    if (!row.possible_duplicate_of)
      throw new ApiError('conflict', `Case ${id} is not flagged as a possible duplicate`, { id });
    const at = this.deps.now();
    await this.deps.store.write([
      { sql: 'UPDATE cases SET possible_duplicate_of = NULL WHERE id = ?', params: [id] },
      historyOp({
        caseId: id,
        action: 'dismissDuplicate',
        actor,
        at,
        reason: row.possible_duplicate_of,
        note: null,
        attachments: [],
        before: {},
        after: {},
      }),
      auditOp(
        actor,
        at,
        'case.dismissDuplicate',
        'case',
        id,
        { possibleDuplicateOf: row.possible_duplicate_of },
        { possibleDuplicateOf: null },
      ),
    ]);
    this.deps.emit({ type: 'case.changed', id, status: this.statusOf(id) });
    return this.get(id);
  }

  async attachment(caseId: string, id: string): Promise<AttachmentInfo & { dataBase64: string }> {
    this.row(caseId);
    const { info, dataBase64 } = await this.attachments.read(caseId, id);
    return { ...info, dataBase64 };
  }

  attach(p: ParsedRequestOf<'cases.attach'>, actor: Actor): ReturnType<AttachmentStore['add']> {
    this.row(p.id);
    return this.attachments.add(p, actor, this.deps.now()).then((info) => {
      this.deps.emit({ type: 'case.changed', id: p.id, status: this.get(p.id).status });
      return info;
    });
  }
}

export function actorOf(input: ActorInput | undefined, fallback: Actor = DEFAULT_OPERATOR): Actor {
  return input ? { id: input.id, name: input.name, ...(input.role ? { role: input.role } : {}) } : fallback;
}
