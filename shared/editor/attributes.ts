import { DEDICATED_SUBTYPES, type GridLevel, type GridUnitAttributes } from '../grid/types.ts';
import type { EditorMessageKey } from './messages.ts';
import type { EditError } from './types.ts';

/** Attribute fields a planner edits directly; code, level and parent change only through their own tools. */
export type AttributePatch = Partial<Omit<GridUnitAttributes, 'code' | 'level' | 'parentCode'>>;

export const ATTRIBUTE_LIMITS = {
  name: 64,
  chief: 32,
  workerName: 32,
  notes: 2000,
  count: 1_000_000,
} as const;

/** Digits of a code at each level: 统计用区划代码 6/9/12, cell 15 (community code + 3-digit serial). */
export const CODE_LENGTH: Partial<Record<GridLevel, number>> = {
  district: 6,
  town: 9,
  community: 12,
  cell: 15,
};

const fail = (key: EditorMessageKey, params: Record<string, string | number> = {}): EditError => ({
  key,
  params,
});

const isCount = (n: unknown): boolean =>
  typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= ATTRIBUTE_LIMITS.count;

/**
 * The first problem with an attribute change applied to `current`, or null. Checked on the whole
 * result, so a patch that sets kind 'dedicated' is judged together with the subtype it leaves.
 */
export function attributeProblem(current: GridUnitAttributes, patch: AttributePatch): EditError | null {
  const next: GridUnitAttributes = { ...current, ...patch };
  if ('name' in patch) {
    const name = typeof next.name === 'string' ? next.name.trim() : '';
    if (!name) return fail('editor.attr.nameRequired');
    if (name.length > ATTRIBUTE_LIMITS.name) return fail('editor.attr.tooLong', { field: 'name', max: 64 });
  }
  if (next.kind !== null && next.kind !== 'comprehensive' && next.kind !== 'dedicated')
    return fail('editor.attr.kind');
  if (next.subtype !== null && !DEDICATED_SUBTYPES.includes(next.subtype)) return fail('editor.attr.subtype');
  if (next.kind === 'dedicated' && next.subtype === null) return fail('editor.attr.subtypeRequired');
  if (next.kind !== 'dedicated' && next.subtype !== null) return fail('editor.attr.subtypeOnlyDedicated');
  for (const f of ['population', 'staffFullTime', 'staffPartTime', 'staffVolunteer'] as const)
    if (f in patch && !isCount(next[f])) return fail('editor.attr.count', { field: f });
  if ('chief' in patch && next.chief !== null) {
    if (typeof next.chief !== 'string') return fail('editor.attr.tooLong', { field: 'chief', max: 32 });
    if (next.chief.length > ATTRIBUTE_LIMITS.chief)
      return fail('editor.attr.tooLong', { field: 'chief', max: ATTRIBUTE_LIMITS.chief });
  }
  if ('notes' in patch && next.notes !== undefined) {
    if (typeof next.notes !== 'string' || next.notes.length > ATTRIBUTE_LIMITS.notes)
      return fail('editor.attr.tooLong', { field: 'notes', max: ATTRIBUTE_LIMITS.notes });
  }
  if (next.workerNames) {
    const pairs = [
      ['fullTime', next.staffFullTime],
      ['partTime', next.staffPartTime],
      ['volunteer', next.staffVolunteer],
    ] as const;
    for (const [k, count] of pairs) {
      const names = next.workerNames[k];
      if (!Array.isArray(names)) return fail('editor.attr.workerNames', { field: k });
      for (const n of names)
        if (typeof n !== 'string' || !n.trim() || n.length > ATTRIBUTE_LIMITS.workerName)
          return fail('editor.attr.workerNames', { field: k });
      if (names.length > count) return fail('editor.attr.moreNamesThanWorkers', { field: k, count });
    }
  }
  return null;
}

/** Why `code` cannot be the code of a unit at `level` under `parentCode`, or null when it can. */
export function codeProblem(
  code: string,
  level: GridLevel,
  parentCode: string | null,
  taken: (code: string) => boolean,
): EditError | null {
  const length = CODE_LENGTH[level];
  if (!/^\d+$/.test(code) || (length !== undefined && code.length !== length))
    return fail('editor.code.format', { length: length ?? '6–15' });
  if (parentCode !== null && !code.startsWith(parentCode))
    return fail('editor.code.prefix', { parent: parentCode });
  if (parentCode !== null && /^0+$/.test(code.slice(parentCode.length)))
    return fail('editor.code.serialZero');
  if (taken(code)) return fail('editor.code.taken', { code });
  return null;
}
