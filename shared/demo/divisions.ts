/** Administrative divisions (统计用区划代码) read from the CSV the demo grids are named after. */
export type DivisionLevel = 'city' | 'district' | 'town' | 'community';

export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
  parentCode: string | null;
}

const HEADER = 'code,name,level,parent_code';
const CODE_LENGTH: Record<DivisionLevel, number> = { city: 4, district: 6, town: 9, community: 12 };
const PARENT_LEVEL: Record<DivisionLevel, DivisionLevel | null> = {
  city: null,
  district: 'city',
  town: 'district',
  community: 'town',
};

function isLevel(s: string): s is DivisionLevel {
  return s === 'city' || s === 'district' || s === 'town' || s === 'community';
}

/**
 * Parses `code,name,level,parent_code`. Throws an Error naming the line on anything malformed, since a
 * bad row would otherwise surface much later as a grid with a missing or misplaced unit.
 */
export function parseDivisions(csvText: string): Division[] {
  const lines = csvText.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length && lines[lines.length - 1]?.trim() === '') lines.pop();
  const header = lines[0]?.trim();
  if (header !== HEADER) {
    throw new Error(`divisions CSV line 1: expected header "${HEADER}", got "${header ?? ''}"`);
  }
  const out: Division[] = [];
  const lineOf = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i] ?? '';
    if (raw.trim() === '') throw new Error(`divisions CSV line ${lineNo}: empty line`);
    const fields = raw.split(',');
    if (fields.length !== 4) {
      throw new Error(`divisions CSV line ${lineNo}: expected 4 fields, got ${fields.length}`);
    }
    const [code = '', name = '', level = '', parent = ''] = fields.map((f) => f.trim());
    if (!isLevel(level)) throw new Error(`divisions CSV line ${lineNo}: unknown level "${level}"`);
    if (!/^\d+$/.test(code))
      throw new Error(`divisions CSV line ${lineNo}: code "${code}" is not all digits`);
    if (code.length !== CODE_LENGTH[level]) {
      throw new Error(
        `divisions CSV line ${lineNo}: a ${level} code has ${CODE_LENGTH[level]} digits, "${code}" has ${code.length}`,
      );
    }
    if (name === '') throw new Error(`divisions CSV line ${lineNo}: empty name`);
    if (lineOf.has(code)) {
      throw new Error(`divisions CSV line ${lineNo}: code ${code} already on line ${lineOf.get(code)}`);
    }
    const wantParent = PARENT_LEVEL[level];
    if (wantParent === null && parent !== '') {
      throw new Error(`divisions CSV line ${lineNo}: a city has no parent, got "${parent}"`);
    }
    lineOf.set(code, lineNo);
    out.push({ code, name, level, parentCode: wantParent === null ? null : parent });
  }
  // Parents are checked after the whole file is read so that row order does not matter.
  const byCode = new Map(out.map((d) => [d.code, d]));
  for (const d of out) {
    if (d.parentCode === null) continue;
    const lineNo = lineOf.get(d.code) ?? 0;
    const parent = byCode.get(d.parentCode);
    if (!parent)
      throw new Error(
        `divisions CSV line ${lineNo}: parent ${d.parentCode || '(empty)'} of ${d.code} not found`,
      );
    if (parent.level !== PARENT_LEVEL[d.level]) {
      throw new Error(
        `divisions CSV line ${lineNo}: parent ${parent.code} of ${d.level} ${d.code} is a ${parent.level}`,
      );
    }
    if (!d.code.startsWith(parent.code)) {
      throw new Error(
        `divisions CSV line ${lineNo}: code ${d.code} does not start with its parent's ${parent.code}`,
      );
    }
  }
  return out;
}

/** Children of `code` in file order. */
export function childrenOf(divisions: readonly Division[], code: string): Division[] {
  return divisions.filter((d) => d.parentCode === code);
}
