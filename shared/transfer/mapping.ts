/** Which source field is which grid attribute, guessed from common field names and chosen by the planner. */
import type { FieldValue } from './source.ts';

export interface FieldMapping {
  name: string | null;
  code: string | null;
  parentCode: string | null;
  kind: string | null;
  population: string | null;
}
export const MAPPED_ATTRIBUTES = ['name', 'code', 'parentCode', 'kind', 'population'] as const;

const PATTERNS: Record<keyof FieldMapping, RegExp> = {
  parentCode: /^(parent_?code|parent|pcode|p_code|sjdm|sjbm|上级代码|上级编码|所属.*代码)$/i,
  code: /^(code|grid_?code|dm|bm|wgbm|wgdm|id_?code|编码|代码|网格编码|网格代码|区划代码)$/i,
  name: /^(name|grid_?name|mc|wgmc|名称|网格名称|name_?zh|title)$/i,
  kind: /^(kind|type|lx|wglx|类型|网格类型)$/i,
  population: /^(population|pop|rk|rks|人口|人口数|户籍人口)$/i,
};

export function guessMapping(fields: readonly string[]): FieldMapping {
  const used = new Set<string>();
  const out: FieldMapping = { name: null, code: null, parentCode: null, kind: null, population: null };
  for (const key of ['parentCode', 'code', 'name', 'kind', 'population'] as const) {
    const f = fields.find((x) => !used.has(x) && PATTERNS[key].test(x.trim()));
    if (f) {
      out[key] = f;
      used.add(f);
    }
  }
  if (!out.name) out.name = fields.find((x) => !used.has(x) && /name|名/i.test(x)) ?? null;
  return out;
}

export const textOf = (v: FieldValue | undefined): string | null =>
  v === null || v === undefined ? null : typeof v === 'number' ? String(v) : String(v).trim() || null;

/** Codes often arrive as numbers (a numeric DBF field); large ones come back without exponent. */
export function codeOf(v: FieldValue | undefined): string | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? BigInt(v).toString() : null;
  const s = textOf(v);
  return s && /^\d{6,15}$/.test(s) ? s : null;
}

export function kindOf(v: FieldValue | undefined): 'comprehensive' | 'dedicated' | null {
  const s = textOf(v)?.toLowerCase();
  if (!s) return null;
  if (/^(comprehensive|综合|综合网格|1)$/.test(s)) return 'comprehensive';
  if (/^(dedicated|专属|专属网格|2)$/.test(s)) return 'dedicated';
  return null;
}

export function populationOf(v: FieldValue | undefined): number {
  const n = typeof v === 'number' ? v : Number(textOf(v) ?? 0);
  return Number.isFinite(n) && n >= 0 ? Math.min(1_000_000, Math.round(n)) : 0;
}
