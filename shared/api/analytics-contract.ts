/**
 * The analytics part of the API contract: the live heatmap (points or binned counts for a time
 * window and filters) and the choropleth by grid level. Merged into contract.ts's method table.
 * Metric definitions live in shared/metrics, the single source for every screen.
 */
import { z } from 'zod';
import { CASE_STATUSES } from '../cases/types.ts';
import type { ClassBreaks } from '../metrics/breaks.ts';
import type { PackedRecords } from '../metrics/point-codec.ts';
import type { MetricCounts, Rates } from '../metrics/rates.ts';
import { CHOROPLETH_METRICS, type ChoroplethMetric } from '../metrics/ranking.ts';
import { WINDOW_PRESETS, type ResolvedWindow, type TimeWindow } from '../metrics/time-window.ts';
import { CASE_CHANNELS, itemCodeField } from './cases-contract.ts';

const gridCode = z.string().regex(/^\d{6,15}$/, 'code must be 6 to 15 digits');
/** Epoch ms between 2000 and 2100: anything else is a unit mistake (seconds, microseconds). */
const epochMs = z
  .number()
  .int()
  .min(946_684_800_000, 'time must be epoch milliseconds after 2000')
  .max(4_102_444_800_000, 'time must be epoch milliseconds before 2100');
/** Ten years: a longer custom range is a typo, and would only be a slower year view. */
const MAX_RANGE_MS = 10 * 366 * 86_400_000;

export const windowSchema = z
  .object({
    preset: z.enum(WINDOW_PRESETS).optional(),
    /** End of a preset window (playback); now when omitted. */
    end: epochMs.optional(),
    from: epochMs.optional(),
    to: epochMs.optional(),
  })
  .strict()
  .superRefine((w, ctx) => {
    const custom = w.from !== undefined || w.to !== undefined;
    if (w.preset && custom)
      ctx.addIssue({
        code: 'custom',
        message: 'give either a preset or from/to, not both',
        path: ['preset'],
      });
    else if (!w.preset && (w.from === undefined || w.to === undefined))
      ctx.addIssue({ code: 'custom', message: 'give a preset (1h … 30d) or both from and to', path: [] });
    else if (!w.preset && w.from !== undefined && w.to !== undefined) {
      if (w.from >= w.to)
        ctx.addIssue({ code: 'custom', message: 'window.from must be before window.to', path: ['from'] });
      else if (w.to - w.from > MAX_RANGE_MS)
        ctx.addIssue({ code: 'custom', message: 'window longer than ten years', path: ['to'] });
    }
    if (w.end !== undefined && !w.preset)
      ctx.addIssue({ code: 'custom', message: 'end goes with a preset; use from/to', path: ['end'] });
  })
  .transform((w): TimeWindow =>
    w.preset
      ? { preset: w.preset, ...(w.end !== undefined ? { end: w.end } : {}) }
      : { from: w.from!, to: w.to! },
  );

const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).min(1).max(max).optional();

export const filtersSchema = z
  .object({
    categories: list(z.string().regex(/^[CE]\d{2}$/, 'a category code looks like E01'), 64),
    items: list(itemCodeField, 500),
    levels: list(z.enum(['A', 'B', 'C']), 3),
    statuses: list(z.enum(CASE_STATUSES), CASE_STATUSES.length),
    channels: list(z.enum(CASE_CHANNELS), CASE_CHANNELS.length),
    towns: list(gridCode, 1000),
    /** true: drill cases only; false: real cases only; omitted: both. */
    simulated: z.boolean().optional(),
  })
  .strict();
export type AnalyticsFilters = z.output<typeof filtersSchema>;

const lon = z.number().finite().min(-180).max(180);
const lat = z.number().finite().min(-90).max(90);
/** [west, south, east, north] of the view. */
const bboxSchema = z
  .tuple([lon, lat, lon, lat])
  .refine(([w, s, e, n]) => w < e && s < n, { message: 'bbox must be [west, south, east, north]' });

const heatmapRequest = z
  .object({
    window: windowSchema,
    filters: filtersSchema.default({}),
    /** Weight A 3, B 2, C 1 instead of 1 per case. */
    weightByLevel: z.boolean().default(false),
    zoom: z.number().min(0).max(24),
    bbox: bboxSchema.optional(),
    /** Lower the backend's points/bins threshold for this request (never raise it). */
    maxPoints: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();
export type HeatmapRequest = z.output<typeof heatmapRequest>;

/**
 * The live map's read: like heatmap.get, with each point's report time, level and case number, so
 * the map can move the window, filter status/level and weight by level with expressions instead of
 * a reload, and with a cursor so a new or changed case travels alone.
 */
const pointsRequest = z
  .object({
    ...heatmapRequest.shape,
    /** The cursor of an earlier answer: only cases created or changed after it come back. */
    since: z
      .string()
      .regex(/^\d{1,10}\.\d{1,10}$/, 'since is a cursor from an earlier heatmap.points answer')
      .optional(),
    /**
     * Over the points threshold: 'bins' (the default) bins the window; 'report' only says so
     * (mode 'over'), for a client that asks again with the view and filters it wants binned.
     */
    overflow: z.enum(['bins', 'report']).default('bins'),
    /**
     * A read made ahead of need (the map preparing the heatmap before it is switched on): answered
     * only when the case columns are at hand, built or kept in the cache file. Otherwise the answer
     * is mode 'unready' and nothing is built: a build from SQL takes seconds of a core at a million
     * cases, which nobody should pay for a heatmap they may not switch on.
     */
    ifReady: z.boolean().default(false),
  })
  .strict();
export type HeatmapPointsRequest = z.output<typeof pointsRequest>;

export const GRID_LEVELS_FOR_CHOROPLETH = ['town', 'community', 'cell'] as const;
export type ChoroplethLevel = (typeof GRID_LEVELS_FOR_CHOROPLETH)[number];

const choroplethRequest = z
  .object({
    window: windowSchema,
    filters: filtersSchema.default({}),
    level: z.enum(GRID_LEVELS_FOR_CHOROPLETH),
    metric: z.enum(CHOROPLETH_METRICS as [ChoroplethMetric, ...ChoroplethMetric[]]).default('count'),
    method: z.enum(['quantile', 'jenks']).default('quantile'),
    classes: z.number().int().min(2).max(9).default(5),
    top: z.number().int().min(0).max(50).default(10),
  })
  .strict();
export type ChoroplethRequest = z.output<typeof choroplethRequest>;

export const analyticsRequestSchemas = {
  /** Points when the window holds few enough cases (in the view), binned counts otherwise. */
  'heatmap.get': heatmapRequest,
  /** Always binned counts, at a resolution fitting the zoom. */
  'heatmap.bins': heatmapRequest,
  'choropleth.get': choroplethRequest,
  'heatmap.points': pointsRequest,
  /** Answered at once: how far the build of the case columns has got (the heatmap's first use). */
  'heatmap.preparing': z.object({}).strict(),
} as const;

export interface HeatmapBins {
  /** Bin size in degrees; bins are aligned to multiples of it, so panning never shifts them. */
  stepLon: number;
  stepLat: number;
  /** Per non-empty bin: centre lon, centre lat, case count, summed weight. */
  records: PackedRecords;
  maxCount: number;
  maxWeight: number;
}

interface HeatmapBase {
  window: ResolvedWindow;
  /** The backend's clock when it read the cases (overdue is as of this instant). */
  now: number;
  /** Cases in the window under the filters, anywhere. */
  total: number;
  /** Of those, in the requested bbox (total when no bbox). */
  inView: number;
  /** The threshold that chose points or bins. */
  maxPoints: number;
}

export type HeatmapResult =
  | (HeatmapBase & {
      mode: 'points';
      /** Per case: lon, lat, weight, state (status index in CASE_STATUSES, +16 when overdue). */
      points: PackedRecords;
    })
  | (HeatmapBase & { mode: 'bins'; bins: HeatmapBins });

/**
 * Fields of a heatmap.points record, in order. category, item, channel and town are indexes into
 * the answer's `codes` (0: none), so the map can filter on them; due is the second (after `base`)
 * at which an open case with a running clock turns overdue, -1 when its state cannot change that way.
 */
export const LIVE_POINT_FIELDS = [
  'lon',
  'lat',
  'level',
  'state',
  'seconds',
  'seq',
  'category',
  'item',
  'channel',
  'town',
  'due',
] as const;

/** The codes behind a points record's indexes; index 0 is null (none). Stable for one cursor generation. */
export interface PointCodes {
  categories: (string | null)[];
  items: (string | null)[];
  channels: (string | null)[];
  towns: (string | null)[];
}

export type HeatmapPointsResult =
  | (HeatmapBase & {
      mode: 'points';
      /**
       * Per case, LIVE_POINT_FIELDS: lon, lat, level (0 none, 1 A, 2 B, 3 C), state (as in
       * heatmap.get), seconds after `base`, case number (seq, the feature id), category, item,
       * channel and town (indexes into `codes`), due (seconds after `base`, or -1).
       */
      points: PackedRecords;
      codes: PointCodes;
      /** The window's start; record times count from it. */
      base: number;
      /** Give it back as `since` to get only what changes after this answer. */
      cursor: string;
      /** True when `points` holds only the cases created or changed after `since`. */
      delta: boolean;
      /** Case numbers changed after `since` that no longer pass the filters (delta only). */
      removed: number[];
    })
  | (HeatmapBase & { mode: 'bins'; bins: HeatmapBins; cursor: string })
  /** Only with overflow 'report': too many cases in the window (in the bbox) for points. */
  | (HeatmapBase & { mode: 'over'; cursor: string })
  /** Only with ifReady: the case columns are not built yet (nothing was read). */
  | { mode: 'unready'; now: number };
/** An answer that read the cases (every request made without ifReady gets one). */
export type HeatmapPointsData = Exclude<HeatmapPointsResult, { mode: 'unready' }>;

export interface ChoroplethTopEntry {
  code: string;
  name: string;
  value: number;
  count: number;
}

/** One entry per unit of the level, in parallel arrays (30,000 cells stay small). */
export interface ChoroplethResult {
  window: ResolvedWindow;
  now: number;
  level: ChoroplethLevel;
  metric: ChoroplethMetric;
  codes: string[];
  names: string[];
  population: number[];
  count: number[];
  perThousand: (number | null)[];
  closureRate: (number | null)[];
  onTimeRate: (number | null)[];
  overdue: number[];
  /** Class of each unit under `metric` and `breaks`; null where the unit has no value. */
  classes: (number | null)[];
  breaks: ClassBreaks;
  top: ChoroplethTopEntry[];
  /** All matching cases in the window, including those outside every cell. */
  totals: MetricCounts & Rates;
}

export interface AnalyticsResponses {
  'heatmap.get': HeatmapResult;
  'heatmap.bins': HeatmapResult;
  'choropleth.get': ChoroplethResult;
  'heatmap.points': HeatmapPointsResult;
  'heatmap.preparing': HeatmapPreparing;
}

/**
 * The case columns' build from SQL (seconds at a million cases, once per data file: later starts
 * load the cache): rows read so far of about `total`. Not building: zeros.
 */
export interface HeatmapPreparing {
  building: boolean;
  read: number;
  total: number;
}
