/**
 * The import / export part of the API contract. The file itself does not travel through
 * /api/invoke (1 MiB body limit): it is uploaded first (HTTP POST /api/transfer/upload, or the
 * Electron bridge) and named here by its upload id; an export is fetched by its download id the same way.
 */
import { z } from 'zod';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { FieldMapping } from '../transfer/mapping.ts';
import type { EncodingInfo, FieldValue, SourceFormat } from '../transfer/source.ts';
import type { OpenDraftState } from './drafts-contract.ts';
import { actorSchema } from './cases-contract.ts';

/** An import file may be this large; the planning bureau's city-wide shapefiles stay well under. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
export const IMPORT_PREVIEW_FEATURES = 4000;

const uploadId = z.string().regex(/^[0-9a-f]{16}$/, 'not an upload id');
const jobId = z.string().regex(/^[A-Za-z0-9_-]{4,40}$/, 'job id: 4 to 40 letters, digits, - or _');
const encoding = z.enum(['utf-8', 'gbk']);
/** EPSG:4326 / 4490, CGCS2000 Gauss-Krüger 4491–4554, WGS 84 / UTM 326xx, GCJ-02, BD-09; absent: as the file declares. */
const crs = z.string().regex(/^(EPSG:\d{4,5}|GCJ-02|BD-09)$/, 'unknown coordinate system');
const importLevel = z.enum(['district', 'town', 'community', 'cell']);
const field = z.string().max(128).nullable();
const mapping = z
  .object({ name: field, code: field, parentCode: field, kind: field, population: field })
  .strict();
const readOptions = {
  uploadId,
  encoding: encoding.optional(),
  crs: crs.optional(),
  layer: z.string().max(128).optional(),
};

export const transferRequestSchemas = {
  'transfer.inspect': z.object(readOptions).strict(),
  'transfer.import': z
    .object({
      ...readOptions,
      jobId,
      mapping,
      level: importLevel,
      mode: z.enum(['replace', 'upsert']).default('replace'),
      actor: actorSchema.optional(),
    })
    .strict(),
  'transfer.cancel': z.object({ jobId }).strict(),
  'transfer.discardUpload': z.object({ uploadId }).strict(),
  'transfer.export': z
    .object({
      format: z.enum(['geojson', 'shapefile', 'gpkg', 'csv', 'xlsx']),
      level: z.enum(['district', 'town', 'community', 'cell', 'all']),
      encoding: encoding.default('gbk'),
      /** The open draft (default when one is open) or the published grid. */
      source: z.enum(['draft', 'published']).optional(),
    })
    .strict(),
} as const;

export interface CrsView {
  id: string;
  label: string;
  kind: 'geographic' | 'projected' | 'gcj02' | 'bd09';
}

export interface ImportInspection {
  format: SourceFormat;
  layerName: string;
  otherLayers: string[];
  fields: string[];
  featureCount: number;
  skipped: { nonPolygon: number; empty: number };
  declaredCrs: CrsView | null;
  /** The system used for this preview (the request's, else the declared one, else EPSG:4326). */
  crs: CrsView;
  encoding: EncodingInfo | null;
  /** [west, south, east, north] in lon/lat after conversion. */
  bbox: [number, number, number, number];
  /** The first rows' attributes, for the mapping step. */
  sampleRows: Record<string, FieldValue>[];
  mappingGuess: FieldMapping;
  /** Converted outlines to draw over the current grid (at most IMPORT_PREVIEW_FEATURES). */
  preview: FeatureCollection<Polygon | MultiPolygon, { name: string }>;
}

/** A cancelled import is an answer, not an error: the planner asked for it and nothing changed. */
export type ImportResult = ImportDone | { cancelled: true };
export interface ImportDone {
  cancelled: false;
  state: OpenDraftState;
  seq: number;
  added: number;
  replaced: number;
  removed: number;
  ms: number;
}

export interface ExportResult {
  downloadId: string;
  fileName: string;
  bytes: number;
  features: number;
}

export type TransferPushEvent = {
  type: 'transfer.progress';
  jobId: string;
  /** 'apply': matching the draft's boundaries; 'commit': the patch is built and goes into the draft. */
  phase: 'read' | 'convert' | 'units' | 'apply' | 'commit';
  done: number;
  total: number;
};

export interface TransferResponses {
  'transfer.inspect': ImportInspection;
  'transfer.import': ImportResult;
  'transfer.cancel': { cancelled: boolean };
  'transfer.discardUpload': { discarded: boolean };
  'transfer.export': ExportResult;
}
