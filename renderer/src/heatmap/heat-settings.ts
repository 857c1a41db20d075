/**
 * The heatmap's settings as the operator left them (switched on, window, filters, choropleth),
 * remembered in the data file's settings so the video wall comes back as it was after a restart.
 * A stored value is untrusted JSON: each field is taken only when it is sane, otherwise its default.
 * Playback is not remembered: it is a moment's look back, not a state of the wall.
 */
import { GRID_LEVELS_FOR_CHOROPLETH, type ChoroplethLevel } from '../../../shared/api/analytics-contract.ts';
import { CASE_CHANNELS, type CaseChannel } from '../../../shared/api/cases-contract.ts';
import { CASE_STATUSES, type CaseStatus, type ItemLevel } from '../../../shared/cases/types.ts';
import { CHOROPLETH_METRICS, type ChoroplethMetric } from '../../../shared/metrics/ranking.ts';
import {
  WINDOW_PRESETS,
  type ResolvedWindow,
  type WindowPreset,
} from '../../../shared/metrics/time-window.ts';
import type { JsonValue } from '../app/json.ts';

export interface HeatSettings {
  on: boolean;
  preset: WindowPreset | 'custom';
  custom: ResolvedWindow;
  statuses: CaseStatus[] | null;
  levels: ItemLevel[] | null;
  channels: CaseChannel[] | null;
  towns: string[] | null;
  /** Category (E01) or item type (E0101) codes, as typed. */
  codes: string;
  byLevel: boolean;
  choroLevel: ChoroplethLevel | null;
  metric: ChoroplethMetric;
  method: 'quantile' | 'jenks';
}

export const HEAT_DEFAULTS: HeatSettings = {
  on: false,
  preset: '24h',
  custom: { from: 0, to: 0 },
  statuses: null,
  levels: null,
  channels: null,
  towns: null,
  codes: '',
  byLevel: false,
  choroLevel: null,
  metric: 'count',
  method: 'quantile',
};

const ITEM_LEVELS: readonly ItemLevel[] = ['A', 'B', 'C'];
/** As long as the code field takes (see HeatmapPanel). */
export const MAX_CODES_TEXT = 200;

const oneOf = <T extends string>(list: readonly T[], v: unknown): T | undefined =>
  typeof v === 'string' && (list as readonly string[]).includes(v) ? (v as T) : undefined;

/** null (every value), or a list of known values; anything else is not taken. */
function listOf<T extends string>(list: readonly T[], v: unknown): T[] | null | undefined {
  if (v === null) return null;
  if (!Array.isArray(v) || v.length === 0 || v.length > list.length) return undefined;
  const out = v.map((x) => oneOf(list, x));
  return out.every((x) => x !== undefined) ? [...new Set(out as T[])] : undefined;
}

function towns(v: unknown): string[] | null | undefined {
  if (v === null) return null;
  if (!Array.isArray(v) || v.length === 0 || v.length > 500) return undefined;
  return v.every((x) => typeof x === 'string' && /^\d{6,15}$/.test(x)) ? (v as string[]) : undefined;
}

function window(v: unknown): ResolvedWindow | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { from, to } = v as { from?: unknown; to?: unknown };
  const ok = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  return ok(from) && ok(to) && from <= to ? { from, to } : undefined;
}

/** The remembered settings, every field checked; missing or bad ones are the defaults. */
export function parseHeatSettings(v: unknown): HeatSettings {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return HEAT_DEFAULTS;
  const s = v as Record<string, unknown>;
  const custom = window(s.custom) ?? HEAT_DEFAULTS.custom;
  const preset = s.preset === 'custom' ? 'custom' : oneOf(WINDOW_PRESETS, s.preset);
  const choroLevel = s.choroLevel === null ? null : oneOf(GRID_LEVELS_FOR_CHOROPLETH, s.choroLevel);
  return {
    on: typeof s.on === 'boolean' ? s.on : HEAT_DEFAULTS.on,
    // A custom window with no range to show falls back to the default preset.
    preset:
      preset === 'custom' && custom.to <= custom.from
        ? HEAT_DEFAULTS.preset
        : (preset ?? HEAT_DEFAULTS.preset),
    custom,
    statuses: listOf(CASE_STATUSES, s.statuses) ?? HEAT_DEFAULTS.statuses,
    levels: listOf(ITEM_LEVELS, s.levels) ?? HEAT_DEFAULTS.levels,
    channels: listOf(CASE_CHANNELS, s.channels) ?? HEAT_DEFAULTS.channels,
    towns: towns(s.towns) ?? HEAT_DEFAULTS.towns,
    codes: typeof s.codes === 'string' && s.codes.length <= MAX_CODES_TEXT ? s.codes : HEAT_DEFAULTS.codes,
    byLevel: typeof s.byLevel === 'boolean' ? s.byLevel : HEAT_DEFAULTS.byLevel,
    choroLevel: choroLevel === undefined ? HEAT_DEFAULTS.choroLevel : choroLevel,
    metric: oneOf(CHOROPLETH_METRICS, s.metric) ?? HEAT_DEFAULTS.metric,
    method: oneOf(['quantile', 'jenks'] as const, s.method) ?? HEAT_DEFAULTS.method,
  };
}

/** What is stored: the settings as plain JSON. */
export function heatSettingsValue(s: HeatSettings): JsonValue {
  return {
    on: s.on,
    preset: s.preset,
    custom: { from: s.custom.from, to: s.custom.to },
    statuses: s.statuses,
    levels: s.levels,
    channels: s.channels,
    towns: s.towns,
    codes: s.codes,
    byLevel: s.byLevel,
    choroLevel: s.choroLevel,
    metric: s.metric,
    method: s.method,
  };
}
