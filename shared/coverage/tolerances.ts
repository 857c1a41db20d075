/**
 * The coverage tolerances a planner sets for a data file, in metres and square metres: what counts as
 * too small to gate publishing (gaps, overlaps, parts outside), how thin a polygon must be to be a
 * sliver, and how far apart vertices may be for the snap fix to merge them. The check's own snap
 * distance (1e-7°, about 1 cm) is not among them: it must equal the editor topology's, or a fix
 * computed at one resolution would be applied at another.
 */
import type { MessageKey } from './messages.ts';
import { DEFAULT_OPTIONS, type CoverageOptions } from './types.ts';

export type CoverageTolerances = Pick<CoverageOptions, 'minAreaM2' | 'minWidthM' | 'snapFixM'>;
export type ToleranceKey = keyof CoverageTolerances;
export const TOLERANCE_KEYS: readonly ToleranceKey[] = ['minAreaM2', 'minWidthM', 'snapFixM'];

export const DEFAULT_TOLERANCES: CoverageTolerances = {
  minAreaM2: DEFAULT_OPTIONS.minAreaM2,
  minWidthM: DEFAULT_OPTIONS.minWidthM,
  snapFixM: DEFAULT_OPTIONS.snapFixM,
};

/**
 * Sane ranges. The floors sit at the check's resolution (about a centimetre); the ceilings keep a
 * tolerance from hiding what a planner must see: a gap of a tenth of a hectare, a 50 m wide strip, a
 * snap that would move a boundary by more than a few metres.
 */
export const TOLERANCE_RANGES: Record<ToleranceKey, { min: number; max: number; step: number }> = {
  minAreaM2: { min: 0.01, max: 1000, step: 0.1 },
  minWidthM: { min: 0.01, max: 50, step: 0.1 },
  snapFixM: { min: 0.01, max: 5, step: 0.1 },
};

/** The message of each tolerance when its value is refused (zh-CN and English in messages.ts). */
export const TOLERANCE_MESSAGES: Record<ToleranceKey, MessageKey> = {
  minAreaM2: 'tolerance.minAreaM2',
  minWidthM: 'tolerance.minWidthM',
  snapFixM: 'tolerance.snapFixM',
};

/** The setting the tolerances are kept under in the data file's app_setting table. */
export const TOLERANCE_SETTING = 'coverage.tolerances';

export interface ToleranceProblem {
  field: ToleranceKey;
  key: MessageKey;
  params: { min: number; max: number };
}

export type ToleranceCheck =
  { ok: true; tolerances: CoverageTolerances } | { ok: false; problems: ToleranceProblem[] };

/** Every field a finite number within its range; anything else is named field by field. */
export function validateTolerances(input: unknown): ToleranceCheck {
  const o = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const problems: ToleranceProblem[] = [];
  const out = { ...DEFAULT_TOLERANCES };
  for (const field of TOLERANCE_KEYS) {
    const v = o[field];
    const { min, max } = TOLERANCE_RANGES[field];
    if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) out[field] = v;
    else problems.push({ field, key: TOLERANCE_MESSAGES[field], params: { min, max } });
  }
  return problems.length ? { ok: false, problems } : { ok: true, tolerances: out };
}

/**
 * The stored tolerances, or the defaults when none were saved. A stored value that no longer
 * validates (written by hand, or by an older build with other ranges) falls back field by field.
 */
export function storedTolerances(stored: unknown): CoverageTolerances {
  const o = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  const out = { ...DEFAULT_TOLERANCES };
  for (const field of TOLERANCE_KEYS) {
    const one = validateTolerances({ ...DEFAULT_TOLERANCES, [field]: o[field] });
    if (one.ok) out[field] = one.tolerances[field];
  }
  return out;
}

export const sameTolerances = (a: CoverageTolerances, b: CoverageTolerances): boolean =>
  TOLERANCE_KEYS.every((k) => a[k] === b[k]);
