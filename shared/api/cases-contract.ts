/**
 * The cases part of the API contract: intake, the dispatch queue, case detail and lifecycle actions,
 * item search, routing suggestions and API keys. Kept beside contract.ts, which merges these
 * schemas into its method table, so the case API can grow without crowding the grid API.
 */
import { z } from 'zod';
import type { TimeLimit } from '../calendar/clock.ts';
import type { Urgency } from '../calendar/clock.ts';
import type { CaseActionType, CaseState, CaseStatus, HistoryAction, ItemLevel } from '../cases/types.ts';
import { CASE_STATUSES } from '../cases/types.ts';
import type { RoutingBasis, Suggestion } from '../cases/routing.ts';

/** Reference data an administrator edits: the item catalogue, department templates, the working calendar. */
export const REF_DATA_KINDS = ['catalogue', 'departments', 'calendar'] as const;
export type RefDataKind = (typeof REF_DATA_KINDS)[number];

export const CASE_CHANNELS = [
  'operator',
  'gridWorker',
  'hotline12345',
  'api',
  'open311',
  'simulator',
] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];

const gridCode = z.string().regex(/^\d{6,15}$/, 'code must be 6 to 15 digits');
const text = (max: number) => z.string().trim().min(1).max(max);
export const itemCodeField = z.string().trim().min(1, 'itemCode is required').max(16);
export const lonField = z
  .number()
  .finite()
  .min(-180, 'lon must be -180 to 180')
  .max(180, 'lon must be -180 to 180');
export const latField = z
  .number()
  .finite()
  .min(-90, 'lat must be -90 to 90')
  .max(90, 'lat must be -90 to 90');
const caseId = z.string().regex(/^\d{8}-\d{6,}$/, 'a case id looks like 20250603-000001');

/** Who acts. The hosts have no sign-in yet, so the renderer names its operator; defaults apply. */
export const actorSchema = z
  .object({ id: text(64), name: text(64), role: z.string().trim().max(32).optional() })
  .strict();
export type ActorInput = z.output<typeof actorSchema>;

const note = z.string().trim().max(2000).optional();
const attachmentIds = z
  .array(z.string().regex(/^[0-9a-f]{16,32}$/))
  .max(20)
  .optional();
const base = { note, attachments: attachmentIds };
const reason = text(1000);
const department = text(64);

/** A lifecycle action as a request carries it: item types by code, attachments by id. */
export const caseActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('register'), itemCode: itemCodeField.optional(), ...base }).strict(),
  z.object({ type: z.literal('void'), reason, ...base }).strict(),
  z.object({ type: z.literal('dispatch'), department: department.optional(), ...base }).strict(),
  z.object({ type: z.literal('startHandling'), ...base }).strict(),
  z.object({ type: z.literal('feedback'), result: text(2000), ...base }).strict(),
  z.object({ type: z.literal('startVerification'), ...base }).strict(),
  z.object({ type: z.literal('close'), ...base }).strict(),
  z
    .object({
      type: z.literal('sendBack'),
      reason,
      to: z.enum(['handling', 'dispatched']).optional(),
      ...base,
    })
    .strict(),
  z.object({ type: z.literal('transfer'), department, reason, ...base }).strict(),
  z
    .object({
      type: z.literal('whistle'),
      departments: z.array(department).min(1).max(20).optional(),
      reason,
      ...base,
    })
    .strict(),
  z.object({ type: z.literal('reportIn'), department, ...base }).strict(),
  z.object({ type: z.literal('supervise'), reason, department: department.optional(), ...base }).strict(),
  z.object({ type: z.literal('archive'), ...base }).strict(),
  z.object({ type: z.literal('merge'), into: caseId, ...base }).strict(),
]);
export type CaseActionInput = z.output<typeof caseActionSchema>;

export const caseCreateSchema = z
  .object({
    itemCode: itemCodeField,
    lon: lonField,
    lat: latField,
    description: text(2000),
    channel: z.enum(CASE_CHANNELS).default('operator'),
    reporter: z.string().trim().max(128).optional(),
    externalId: z.string().trim().max(64).optional(),
    simulated: z.boolean().default(false),
    actor: actorSchema.optional(),
  })
  .strict();
export type CaseCreateInput = z.output<typeof caseCreateSchema>;

export const casesRequestSchemas = {
  'cases.create': caseCreateSchema,
  'cases.list': z
    .object({
      town: gridCode.optional(),
      status: z.array(z.enum(CASE_STATUSES)).min(1).optional(),
      level: z.enum(['A', 'B', 'C']).optional(),
      category: z
        .string()
        .regex(/^[CE]\d{2}$/)
        .optional(),
      channel: z.enum(CASE_CHANNELS).optional(),
      simulated: z.boolean().optional(),
      /** Open cases waiting for the operator: outside the district (to locate) or flagged duplicates. */
      flag: z.enum(['toLocate', 'duplicate']).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
      offset: z.number().int().min(0).default(0),
    })
    .strict(),
  'cases.get': z.object({ id: caseId }).strict(),
  'cases.act': z.object({ id: caseId, action: caseActionSchema, actor: actorSchema.optional() }).strict(),
  'cases.attach': z
    .object({
      id: caseId,
      name: text(128),
      mediaType: z.enum(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']),
      /** At most 512 KiB decoded: the request itself is limited to 1 MiB. */
      dataBase64: z
        .string()
        .max(700_000, 'attachment over 512 KiB')
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
      actor: actorSchema.optional(),
    })
    .strict(),
  /** An attachment's bytes, for thumbnails and the viewer. */
  'cases.attachment': z.object({ id: caseId, attachmentId: z.string().regex(/^[0-9a-f]{16,32}$/) }).strict(),
  /** Places a case by hand: a point on the map or typed, or a cell (its label point is used). */
  'cases.locate': z
    .object({
      id: caseId,
      lon: lonField.optional(),
      lat: latField.optional(),
      cellCode: gridCode.optional(),
      actor: actorSchema.optional(),
    })
    .strict()
    .refine((p) => (p.lon === undefined) === (p.lat === undefined), {
      message: 'give both lon and lat, or neither',
      path: ['lat'],
    })
    .refine((p) => p.cellCode !== undefined || p.lon !== undefined, {
      message: 'give a point (lon and lat) or a cell code',
      path: ['cellCode'],
    }),
  /** The operator decides a flagged case is not a duplicate after all. */
  'cases.dismissDuplicate': z.object({ id: caseId, actor: actorSchema.optional() }).strict(),
  'catalogue.search': z
    .object({ query: z.string().trim().min(1).max(64), limit: z.number().int().min(1).max(200).default(20) })
    .strict(),
  'departments.suggest': z
    .object({ itemCode: itemCodeField, townCode: gridCode.nullable().optional() })
    .strict(),
  'apiKeys.create': z.object({ name: text(64), actor: actorSchema.optional() }).strict(),
  'apiKeys.revoke': z
    .object({ id: z.string().regex(/^[0-9a-f]{16}$/), actor: actorSchema.optional() })
    .strict(),
  'apiKeys.list': z.object({}).strict(),
  'refData.history': z.object({ kind: z.enum(REF_DATA_KINDS) }).strict(),
  /** A stored version's content; omitted version, the current one. */
  'refData.get': z
    .object({ kind: z.enum(REF_DATA_KINDS), version: z.number().int().min(1).optional() })
    .strict(),
  /**
   * An administrator's edit, stored as the next version after `baseVersion` (refused when someone
   * saved in between). The content is validated as the data file would be; cases already reported
   * keep the item level and time limit they were reported with.
   */
  'refData.save': z
    .object({
      kind: z.enum(REF_DATA_KINDS),
      baseVersion: z.number().int().min(1),
      content: z.record(z.string(), z.json()),
      note: z.string().trim().max(200).optional(),
      actor: actorSchema.optional(),
    })
    .strict(),
} as const;

export interface RefVersionInfo {
  kind: RefDataKind;
  version: number;
  /** The content's own version label (its "version" field), if any. */
  label: string | null;
  sha256: string;
  savedAt: number;
  /** The data folder file it was loaded from, or "admin" for an edit in the app. */
  source: string;
  savedBy: string | null;
  note: string | null;
  current: boolean;
}

/** A grid unit a case was located in. */
export interface PlaceRef {
  code: string;
  name: string;
}

export interface ClockView {
  dueAt: number;
  usedMs: number;
  leftMs: number;
  fraction: number;
  overdue: boolean;
  urgency: Urgency;
  paused: boolean;
}

/** One row of the dispatch queue. */
export interface CaseSummary {
  id: string;
  itemCode: string | null;
  itemName: string | null;
  categoryCode: string | null;
  level: ItemLevel | null;
  status: CaseStatus;
  channel: CaseChannel;
  lon: number;
  lat: number;
  town: PlaceRef | null;
  community: PlaceRef | null;
  cell: PlaceRef | null;
  /** Outside every published cell: kept, and waiting for the operator to place it by hand. */
  outsideDistrict: boolean;
  possibleDuplicateOf: string | null;
  simulated: boolean;
  department: string | null;
  departmentName: string | null;
  reportedAt: number;
  updatedAt: number;
  clock: ClockView | null;
}

export interface CaseHistoryRow {
  action: HistoryAction;
  actor: { id: string; name: string; role: string | null };
  at: number;
  reason: string | null;
  note: string | null;
  attachments: string[];
  before: Partial<CaseState>;
  after: Partial<CaseState>;
}

export interface AttachmentInfo {
  id: string;
  name: string;
  mediaType: string;
  sizeBytes: number;
  addedAt: number;
  /** The adder's id, and name as they were when the file was added (as the timeline keeps it). */
  addedBy: string;
  addedByName: string;
}

export interface CaseDetail extends CaseSummary {
  description: string;
  reporter: string | null;
  externalId: string | null;
  gridVersion: number;
  /** The item catalogue version the case was reported under (its level and time limit come from it). */
  catalogueVersion: number | null;
  state: CaseState;
  history: CaseHistoryRow[];
  allowedActions: CaseActionType[];
  /** Whether the state still allows merging it into another case as a duplicate. */
  canMerge: boolean;
  attachments: AttachmentInfo[];
  suggestion: Suggestion | null;
}

export interface CaseList {
  cases: CaseSummary[];
  /** Matching cases in all, before limit/offset. */
  total: number;
  /** Per status under every filter except status, for the queue's tabs. */
  countsByStatus: Record<CaseStatus, number>;
  /** The backend's clock when it read the clocks: live countdowns run from it, not the PC's. */
  now: number;
}

export interface ItemTypeInfo {
  code: string;
  name: string;
  nameEn: string | null;
  category: string;
  categoryName: string;
  kind: 'component' | 'event';
  level: ItemLevel;
  timeLimit: TimeLimit;
  defaultRole: string;
  acceptWhen: string;
  closeWhen: string;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  /** The first characters of the key, to tell keys apart; the key itself is never stored. */
  prefix: string;
  createdAt: number;
  createdBy: string;
  revokedAt: number | null;
}

export interface CasesResponses {
  'cases.create': CaseDetail;
  'cases.list': CaseList;
  'cases.get': CaseDetail;
  'cases.act': CaseDetail;
  'cases.attach': AttachmentInfo;
  'cases.attachment': AttachmentInfo & { dataBase64: string };
  'cases.locate': CaseDetail;
  'cases.dismissDuplicate': CaseDetail;
  'catalogue.search': ItemTypeInfo[];
  'departments.suggest': Suggestion | null;
  /** `key` is shown once, here, and never again. */
  'apiKeys.create': ApiKeyInfo & { key: string };
  'apiKeys.revoke': ApiKeyInfo;
  'apiKeys.list': ApiKeyInfo[];
  'refData.history': RefVersionInfo[];
  'refData.get': RefVersionInfo & { content: Record<string, unknown> };
  'refData.save': RefVersionInfo;
}

export type CasePushEvent =
  | { type: 'case.created'; id: string; status: CaseStatus }
  | { type: 'case.changed'; id: string; status: CaseStatus }
  /** An administrator saved a new version of reference data. */
  | { type: 'refData.changed'; kind: RefDataKind; version: number };

export type { RoutingBasis };
