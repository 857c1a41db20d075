/**
 * The drafts part of the API contract: the planner's draft (open, edit, undo/redo, publish,
 * discard), its layers and topology for the editor, and the published grid versions (list, diff,
 * layers of any version). Merged into contract.ts like the cases contract.
 */
import { z } from 'zod';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { CoverageTolerances } from '../coverage/tolerances.ts';
import type { CoverageResult, Defect } from '../coverage/types.ts';
import type { EditOp, GapFlag } from '../editor/types.ts';
import { DEDICATED_SUBTYPES, type GridLevel, type GridUnitAttributes } from '../grid/types.ts';
import { actorSchema, latField, lonField } from './cases-contract.ts';
import {
  coverageRequestSchemas,
  type CoverageException,
  type CoverageResponses,
} from './coverage-contract.ts';

const level = z.enum(['city', 'district', 'town', 'community', 'cell']);
const gridCode = z.string().regex(/^\d{6,15}$/, 'code must be 6 to 15 digits');
const id = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31);
const lonLat = z.tuple([lonField, latField]);
const count = z.number().int().min(0).max(1_000_000);
const versionNumber = z.number().int().min(1).max(1_000_000);

const workerName = z.string().trim().min(1, 'a worker name must not be empty').max(32);

/** Attribute edits a planner may make; code, level and parent change only through their own tools. */
const attrsSchema = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(64),
    kind: z.enum(['comprehensive', 'dedicated']).nullable(),
    subtype: z.enum(DEDICATED_SUBTYPES).nullable(),
    population: count,
    chief: z.string().trim().max(32).nullable(),
    staffFullTime: count,
    staffPartTime: count,
    staffVolunteer: count,
    workerNames: z
      .object({
        fullTime: z.array(workerName).max(1000),
        partTime: z.array(workerName).max(1000),
        volunteer: z.array(workerName).max(1000),
      })
      .strict(),
    notes: z.string().max(2000),
  })
  .partial()
  .strict()
  .refine((a) => Object.keys(a).length > 0, { message: 'no attribute to change' });

/**
 * Every planner edit of shared/editor except the raw `patch`: a patch names arcs and vertices
 * wholesale and could leave the topology inconsistent, so it is only ever replayed from the log.
 */
export const editOpSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('moveVertex'), vertex: id, to: lonLat }).strict(),
  z.object({ op: z.literal('insertVertex'), arc: id, index: id, at: lonLat }).strict(),
  z.object({ op: z.literal('deleteVertex'), vertex: id }).strict(),
  z.object({ op: z.literal('splitUnit'), code: gridCode, line: z.array(lonLat).min(2).max(10_000) }).strict(),
  z
    .object({ op: z.literal('mergeUnits'), codes: z.array(gridCode).min(2).max(200), keep: gridCode })
    .strict(),
  z.object({ op: z.literal('reparentCell'), code: gridCode, parent: gridCode }).strict(),
  z.object({ op: z.literal('deleteCell'), code: gridCode, giveTo: gridCode.optional() }).strict(),
  z.object({ op: z.literal('setAttributes'), code: gridCode, attrs: attrsSchema }).strict(),
  z.object({ op: z.literal('setCode'), code: gridCode, to: z.string().max(32) }).strict(),
  z
    .object({
      op: z.literal('drawCell'),
      parent: gridCode,
      ring: z.array(lonLat).min(3).max(10_000),
      mode: z.enum(['take', 'uncovered']),
    })
    .strict(),
  z
    .object({ op: z.literal('reshapeBoundary'), code: gridCode, line: z.array(lonLat).min(2).max(10_000) })
    .strict(),
]);

const bboxSchema = z
  .tuple([lonField, latField, lonField, latField])
  .refine(([w, s, e, n]) => w <= e && s <= n, { message: 'bbox is [west, south, east, north]' });

export const draftsRequestSchemas = {
  'draft.open': z.object({ actor: actorSchema.optional() }).strict(),
  'draft.get': z.object({}).strict(),
  'draft.edit': z.object({ op: editOpSchema, actor: actorSchema.optional() }).strict(),
  'draft.undo': z.object({ actor: actorSchema.optional() }).strict(),
  'draft.redo': z.object({ actor: actorSchema.optional() }).strict(),
  'draft.layer': z.object({ level }).strict(),
  /** All attributes of one unit of the draft (the layers carry only what the map needs). */
  'draft.unit': z.object({ code: gridCode }).strict(),
  'draft.topology': z
    .object({ bbox: bboxSchema, limit: z.number().int().min(1).max(20_000).default(5000) })
    .strict(),
  'draft.publish': z
    .object({
      reason: z.string().trim().min(2, 'a reason of at least 2 characters is required').max(1000),
      actor: actorSchema.optional(),
    })
    .strict(),
  'draft.discard': z
    .object({
      confirm: z.literal(true, { message: 'discarding a draft needs confirm: true' }),
      actor: actorSchema.optional(),
    })
    .strict(),
  'versions.list': z.object({}).strict(),
  'versions.diff': z.object({ a: versionNumber, b: versionNumber }).strict(),
  'versions.layer': z.object({ version: versionNumber, level }).strict(),
  ...coverageRequestSchemas,
} as const;

export interface ActorRef {
  id: string;
  name: string;
}

/** The coverage check of the draft as the editor shows it: counts, and the defects (errors first). */
export interface DraftCoverage {
  counts: CoverageResult['counts'];
  /** At most DRAFT_DEFECT_LIMIT defects; errors above tolerance first. */
  defects: Defect[];
  defectsTotal: number;
  /** True when the publish gate would let the draft through. */
  publishable: boolean;
  /** Time the last check took (incremental after an edit, full on open). */
  ms: number;
  /** Warnings accepted as exceptions (all recorded, whether or not the defect is still there). */
  exceptions: CoverageException[];
  /** The tolerances this check ran under (the data file's, or the defaults). */
  tolerances: CoverageTolerances;
}
export const DRAFT_DEFECT_LIMIT = 500;

/** One row of the draft's edit log as the history panel lists it. */
export interface DraftLogEntry {
  seq: number;
  op: EditOp['op'];
  at: number;
  by: ActorRef;
  undone: boolean;
}

export type DraftState =
  | { open: false }
  | {
      open: true;
      /** The published version the draft started from. */
      baseVersion: number;
      openedAt: number;
      openedBy: ActorRef;
      /** Edits in effect (done, not undone). */
      edits: number;
      canUndo: boolean;
      canRedo: boolean;
      /** The newest entries of the edit log, newest first (at most 200). */
      log: DraftLogEntry[];
      coverage: DraftCoverage;
    };
export type OpenDraftState = Extract<DraftState, { open: true }>;

export interface DraftUnitProperties {
  code: string;
  name: string;
  level: GridLevel;
  parentCode: string | null;
  kind: 'comprehensive' | 'dedicated' | null;
}
export type DraftUnitFeature = Feature<Polygon | MultiPolygon, DraftUnitProperties>;

/** What an edit, undo or redo did, for the editor to patch its layers without reloading them. */
export interface DraftEditResponse {
  state: OpenDraftState;
  seq: number;
  changed: DraftUnitFeature[];
  removed: string[];
  gaps: GapFlag[];
  createdVertices: number[];
  createdCodes: string[];
}

export interface TopologyArc {
  id: number;
  vertices: number[];
  /** Codes of the units whose rings walk this arc (at every level). */
  users: string[];
}
export interface DraftTopology {
  arcs: TopologyArc[];
  /** [id, lon, lat] of every vertex of the listed arcs. */
  vertices: [number, number, number][];
  truncated: boolean;
}

export interface VersionInfo {
  version: number;
  publishedAt: number;
  publishedBy: ActorRef;
  reason: string;
  counts: Record<GridLevel, number>;
  basedOn: number | null;
  current: boolean;
}

export interface DiffUnit {
  code: string;
  name: string;
  level: GridLevel;
  geometry: Polygon | MultiPolygon;
}
export interface DiffReshaped {
  code: string;
  name: string;
  level: GridLevel;
  before: Polygon | MultiPolygon;
  after: Polygon | MultiPolygon;
  areaBeforeM2: number;
  areaAfterM2: number;
  areaChangeM2: number;
}
export interface DiffRecoded {
  from: string;
  to: string;
  name: string;
  level: GridLevel;
  geometry: Polygon | MultiPolygon;
}
export interface DiffAttributes {
  code: string;
  name: string;
  level: GridLevel;
  fields: string[];
}
export interface VersionDiff {
  a: number;
  b: number;
  added: DiffUnit[];
  removed: DiffUnit[];
  reshaped: DiffReshaped[];
  recoded: DiffRecoded[];
  /** Same code and shape, other attributes changed (name, kind, staff …). */
  attributes: DiffAttributes[];
}

export interface DraftsResponses extends CoverageResponses {
  'draft.open': OpenDraftState;
  'draft.get': DraftState;
  'draft.edit': DraftEditResponse;
  'draft.undo': DraftEditResponse;
  'draft.redo': DraftEditResponse;
  'draft.layer': FeatureCollection<Polygon | MultiPolygon, DraftUnitProperties>;
  /** null when the draft has no such unit (any more). */
  'draft.unit': GridUnitAttributes | null;
  'draft.topology': DraftTopology;
  'draft.publish': VersionInfo;
  'draft.discard': { discarded: boolean; edits: number };
  'versions.list': VersionInfo[];
  'versions.diff': VersionDiff;
  'versions.layer': FeatureCollection<Polygon | MultiPolygon, DraftUnitProperties>;
}
