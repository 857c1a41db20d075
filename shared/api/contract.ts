/**
 * The API contract between the renderer and the backend, shared by both hosts (Electron IPC and
 * the serve host's HTTP/WebSocket). Every request is validated against its schema here before the
 * backend sees it; responses are typed by `ResponseOf`.
 */
import { z } from 'zod';
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { CellKind, DedicatedSubtype, GridLevel, WorkerNames } from '../grid/types.ts';
import { analyticsRequestSchemas, type AnalyticsResponses } from './analytics-contract.ts';
import { casesRequestSchemas, type CasePushEvent, type CasesResponses } from './cases-contract.ts';
import { draftsRequestSchemas, type DraftsResponses } from './drafts-contract.ts';
import { intakeRequestSchemas, type IntakePushEvent, type IntakeResponses } from './intake-contract.ts';
import {
  transferRequestSchemas,
  type TransferPushEvent,
  type TransferResponses,
} from './transfer-contract.ts';

const level = z.enum(['city', 'district', 'town', 'community', 'cell']);
const code = z.string().regex(/^\d{6,15}$/, 'code must be 6 to 15 digits');

export const requestSchemas = {
  'app.info': z.object({}).strict(),
  'app.opened': z.object({}).strict(),
  'app.opening': z.object({}).strict(),
  'grid.tree': z.object({}).strict(),
  'grid.layer': z.object({ level }).strict(),
  'grid.labels': z.object({ level }).strict(),
  'grid.unit': z.object({ code }).strict(),
  'grid.search': z
    .object({ query: z.string().trim().min(1).max(64), limit: z.number().int().min(1).max(200).default(30) })
    .strict(),
  'settings.get': z.object({ key: z.string().min(1).max(64) }).strict(),
  'settings.set': z
    .object({ key: z.string().min(1).max(64), value: z.json() })
    .strict()
    .refine((v) => JSON.stringify(v.value).length <= 16_384, {
      message: 'setting value too large (max 16 KiB)',
    }),
  ...casesRequestSchemas,
  ...draftsRequestSchemas,
  ...intakeRequestSchemas,
  ...analyticsRequestSchemas,
  ...transferRequestSchemas,
} as const;

export type MethodName = keyof typeof requestSchemas;
export const METHOD_NAMES = Object.keys(requestSchemas) as MethodName[];
export type RequestOf<M extends MethodName> = z.input<(typeof requestSchemas)[M]>;
export type ParsedRequestOf<M extends MethodName> = z.output<(typeof requestSchemas)[M]>;

/** What the store found and did when it opened the data file; shown to the user when not clean. */
export interface OpenReport {
  /** 'created' (new file with demo data), 'opened' (clean), 'recovered' (something was repaired). */
  outcome: 'created' | 'opened' | 'migrated' | 'recovered';
  /** Plain findings, each with a stable code the UI translates, and values for its message. */
  findings: Finding[];
}
export interface Finding {
  code:
    | 'snapshot_corrupt'
    | 'snapshot_truncated'
    | 'restored_previous_snapshot'
    | 'log_tail_torn'
    | 'log_replayed'
    | 'migrated'
    | 'backup_written'
    | 'corrupt_file_kept';
  /** Values for the message: file paths, counts, versions. */
  values: Record<string, string | number>;
}

export type StoreStatus =
  | { state: 'ready'; dataFile: string; schemaVersion: number; report: OpenReport }
  | { state: 'failed'; dataFile: string; error: ApiErrorBody };

export interface AppInfo {
  version: string;
  host: 'electron' | 'serve';
  store: StoreStatus;
  counts: Record<GridLevel, number>;
  datasetName: string | null;
  /**
   * Answered while the data file was still being read, from what its last clean close kept
   * (electron/backend/boot-answers.ts); the window then asks app.opened whether that still holds.
   */
  answeredEarly?: true;
}

/** One node of the hierarchy tree, without geometry. */
export interface TreeNode {
  code: string;
  name: string;
  level: GridLevel;
  parentCode: string | null;
  childCount: number;
  /** Lowercase pinyin initials of the name, for search as you type. */
  initials: string;
}

export interface UnitDetail {
  code: string;
  name: string;
  level: GridLevel;
  parentCode: string | null;
  parentName: string | null;
  kind: CellKind | null;
  subtype: DedicatedSubtype | null;
  areaKm2: number;
  childCount: number;
  population: number;
  chief: string | null;
  staffFullTime: number;
  staffPartTime: number;
  staffVolunteer: number;
  /** The unit's own grid workers by name (cells carry them), null where only counts are known. */
  workerNames: WorkerNames | null;
  /** The planner's notes on the unit; null when there are none. */
  notes: string | null;
  /** [west, south, east, north] */
  bbox: [number, number, number, number];
}

export interface SearchHit {
  code: string;
  name: string;
  level: GridLevel;
  parentName: string | null;
}

export interface LayerProperties {
  code: string;
  name: string;
  level: GridLevel;
  parentCode: string | null;
  kind: CellKind | null;
}

export interface Responses
  extends CasesResponses, DraftsResponses, IntakeResponses, AnalyticsResponses, TransferResponses {
  'app.info': AppInfo;
  /**
   * Answered once the data file is open. `reopen`: what this window was answered before then (see
   * AppInfo.answeredEarly) is not what the file holds, so the window must start again.
   */
  'app.opened': { reopen: boolean };
  /** Answered at once: how far the data file's open has got (for the loading screen). */
  'app.opening': { open: boolean; bytesRead: number; bytesTotal: number };
  'grid.tree': TreeNode[];
  'grid.layer': FeatureCollection<Polygon | MultiPolygon, LayerProperties>;
  'grid.labels': FeatureCollection<Point, { code: string; name: string; level: GridLevel }>;
  'grid.unit': UnitDetail;
  'grid.search': SearchHit[];
  'settings.get': { key: string; value: unknown };
  'settings.set': { key: string };
}
export type ResponseOf<M extends MethodName> = Responses[M];

/** Push events from the backend to every connected renderer. */
export type PushEvent =
  | { type: 'settings.changed'; key: string }
  | { type: 'grid.changed'; level: GridLevel | 'all' }
  | CasePushEvent
  | IntakePushEvent
  | TransferPushEvent;

/** conflict: the request is well formed but the case's state does not allow it (409). */
export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'conflict',
  'rate_limited',
  'unknown_method',
  'not_found',
  'store_unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export interface ApiErrorBody {
  code: ErrorCode;
  /** English fallback; the renderer shows the translated message for `code` with `details`. */
  message: string;
  details?: Record<string, string | number>;
  /** Field-level problems for bad_request. */
  issues?: { path: string; message: string }[];
}
export type ApiResult<M extends MethodName> =
  { ok: true; value: ResponseOf<M> } | { ok: false; error: ApiErrorBody };

export type ValidationResult<M extends MethodName> =
  { ok: true; method: M; params: ParsedRequestOf<M> } | { ok: false; error: ApiErrorBody };

/** Validate an untrusted (method, params) pair as it arrives from IPC or HTTP. */
export function validateRequest(method: unknown, params: unknown): ValidationResult<MethodName> {
  if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(requestSchemas, method)) {
    return {
      ok: false,
      error: {
        code: 'unknown_method',
        message: `Unknown method: ${String(method).slice(0, 64)}`,
        details: { method: String(method).slice(0, 64) },
      },
    };
  }
  const m = method as MethodName;
  const parsed = requestSchemas[m].safeParse(params ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'bad_request',
        message: `Invalid request for ${m}`,
        details: { method: m },
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    };
  }
  return { ok: true, method: m, params: parsed.data };
}
