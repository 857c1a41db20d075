/**
 * The intake part of the API contract: import of 12345 hotline exports (upload in chunks, preview,
 * import) and the drill simulator. Merged into contract.ts like the cases part.
 *
 * A file travels as base64, either whole (`{ base64 }`, fine over IPC) or uploaded first in chunks
 * (`{ uploadId }`), because the serve host limits every request body to 1 MiB.
 */
import { z } from 'zod';
import { TEXT_ENCODINGS, type DetectedEncoding, type TextEncodingName } from '../intake/encoding.ts';
import { INTAKE_FIELDS, type ColumnMapping, type IntakeField } from '../intake/mapping.ts';
import type { RowProblem } from '../intake/rows.ts';
import { actorSchema, latField, lonField } from './cases-contract.ts';

/** Largest export accepted: a year of one district's hotline cases fits with room to spare. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;
/** A chunk's base64 stays well under the serve host's 1 MiB body limit. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;
const uploadId = z.string().regex(/^[0-9a-f]{16}$/, 'an upload id is 16 hex digits');
const tooLarge = `file over ${MAX_IMPORT_BYTES / 1024 / 1024} MB`;

export const fileSourceSchema = z.union([
  z
    .object({
      base64: z
        .string()
        .min(1, 'the file is empty')
        .max(Math.ceil(MAX_IMPORT_BYTES / 3) * 4, tooLarge)
        .regex(base64, 'not base64'),
    })
    .strict(),
  z.object({ uploadId }).strict(),
]);

const mappingSchema = z
  .object(
    Object.fromEntries(
      INTAKE_FIELDS.map((f) => [f, z.number().int().min(0).max(499).nullable().optional()]),
    ) as {
      [F in IntakeField]: z.ZodOptional<z.ZodNullable<z.ZodNumber>>;
    },
  )
  .strict();

const readOptions = {
  /** The file's name, to tell CSV from XLSX when the bytes cannot (and to show it back). */
  name: z.string().trim().min(1).max(255),
  source: fileSourceSchema,
  encoding: z.enum(['auto', ...TEXT_ENCODINGS]).default('auto'),
  /** XLSX only: which sheet, 0 = the first. */
  sheet: z.number().int().min(0).max(255).default(0),
};

export const DRILL_MAX_RATE_PER_MINUTE = 12_000;

export const drillHotspotSchema = z
  .object({
    lon: lonField,
    lat: latField,
    radiusM: z.number().min(10).max(50_000).default(500),
    weight: z.number().positive().max(1000).default(1),
  })
  .strict();

export const intakeRequestSchemas = {
  'intake.upload': z
    .object({
      /** Omitted on the first chunk; the reply names the upload for the next ones. */
      uploadId: uploadId.optional(),
      totalBytes: z.number().int().min(1, 'the file is empty').max(MAX_IMPORT_BYTES, tooLarge),
      offset: z.number().int().min(0),
      chunkBase64: z
        .string()
        .min(1)
        .max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4 + 4, 'chunk over 512 KiB')
        .regex(base64, 'not base64'),
    })
    .strict(),
  'intake.preview': z.object({ ...readOptions, rows: z.number().int().min(1).max(200).default(20) }).strict(),
  'intake.import': z
    .object({
      ...readOptions,
      mapping: mappingSchema,
      /** Echoed in the progress events, so a window knows its own import's. */
      progressId: z.string().trim().min(1).max(64).optional(),
      actor: actorSchema.optional(),
    })
    .strict(),
  'drill.start': z
    .object({
      ratePerMinute: z.number().positive().max(DRILL_MAX_RATE_PER_MINUTE).default(30),
      durationMinutes: z
        .number()
        .positive()
        .max(24 * 60)
        .default(10),
      /** Item or category codes with weights; omitted, every category alike. */
      mix: z
        .array(
          z
            .object({ code: z.string().trim().min(1).max(16), weight: z.number().positive().max(1000) })
            .strict(),
        )
        .min(1)
        .max(100)
        .optional(),
      /** Omitted, a few communities of the published grid are picked. */
      hotspots: z.array(drillHotspotSchema).min(1).max(50).optional(),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31)
        .optional(),
      actor: actorSchema.optional(),
    })
    .strict(),
  'drill.stop': z.object({ actor: actorSchema.optional() }).strict(),
  'drill.status': z.object({}).strict(),
  'drill.purge': z
    .object({
      /** Purging cannot be undone: the caller must say so. */
      confirm: z.literal(true, { message: 'confirm must be true: purging cannot be undone' }),
      actor: actorSchema.optional(),
    })
    .strict(),
} as const;

export interface UploadReceipt {
  uploadId: string;
  receivedBytes: number;
  totalBytes: number;
  complete: boolean;
}

export interface ImportPreview {
  format: 'csv' | 'xlsx';
  /** CSV only; null for XLSX (which is always Unicode). */
  encoding: TextEncodingName | null;
  detected: DetectedEncoding | null;
  delimiter: string | null;
  sheets: string[];
  headers: string[];
  rows: string[][];
  /** Data rows in the file (the header not counted). */
  totalRows: number;
  suggestedMapping: ColumnMapping;
}

export interface ImportResult {
  totalRows: number;
  imported: number;
  /** Rows located in a published cell; the rest were kept and flagged outside the district. */
  located: number;
  failedRows: number;
  /** Every problem of the failed rows, in row order; cut at MAX_LISTED_PROBLEMS. */
  problems: RowProblem[];
  problemsTruncated: boolean;
  caseIds: string[];
}
export const MAX_LISTED_PROBLEMS = 2000;

export interface DrillItemWeight {
  code: string;
  weight: number;
}
export interface DrillHotspot {
  lon: number;
  lat: number;
  radiusM: number;
  weight: number;
}

export interface DrillStatus {
  running: boolean;
  startedAt: number | null;
  endsAt: number | null;
  ratePerMinute: number;
  mix: DrillItemWeight[];
  hotspots: DrillHotspot[];
  /** Created by the current (or last) run. */
  created: number;
  /** Simulated cases in the data file now, from every run not yet purged. */
  simulatedInStore: number;
  /** Why the last run stopped early, if it did. */
  lastError: string | null;
}

export interface PurgeResult {
  purged: number;
}

export interface IntakeResponses {
  'intake.upload': UploadReceipt;
  'intake.preview': ImportPreview;
  'intake.import': ImportResult;
  'drill.start': DrillStatus;
  'drill.stop': DrillStatus;
  'drill.status': DrillStatus;
  'drill.purge': PurgeResult;
}

export type IntakePushEvent =
  | { type: 'intake.progress'; progressId: string; done: number; total: number }
  | { type: 'drill.status'; status: DrillStatus }
  /** Simulated cases were deleted: queues and maps reload. */
  | { type: 'drill.purged'; purged: number };
