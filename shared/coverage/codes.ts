import { GRID_LEVELS } from '../grid/types.ts';
import type { CoverageUnit, Defect } from './types.ts';
import { makeDefect } from './defect.ts';

/** codes and orphans rules over the whole set; linear, so cheap enough to rerun after every edit. */
export function checkCodes(units: Iterable<CoverageUnit>): Defect[] {
  const out: Defect[] = [];
  const byCode = new Map<string, CoverageUnit[]>();
  const hasChild = new Set<string>();
  let top = Infinity;
  let bottom = -Infinity;
  for (const u of units) {
    const list = byCode.get(u.code);
    if (list) list.push(u);
    else byCode.set(u.code, [u]);
    if (u.parentCode) hasChild.add(u.parentCode);
    const l = GRID_LEVELS.indexOf(u.level);
    top = Math.min(top, l);
    bottom = Math.max(bottom, l);
  }
  for (const [code, list] of byCode) {
    const u = list[0] as CoverageUnit;
    if (list.length > 1) {
      out.push(
        makeDefect({
          rule: 'codes',
          key: 'codes.duplicate',
          params: { code, count: list.length },
          codes: [code],
          parentCode: u.parentCode,
          geometry: null,
        }),
      );
    }
    for (const v of list) {
      const level = GRID_LEVELS.indexOf(v.level);
      if (v.parentCode === null || v.parentCode === '') {
        // Only the top level of the set may stand alone.
        if (level > top) {
          out.push(
            makeDefect({
              rule: 'orphans',
              key: 'orphans.noParent',
              params: { code, parent: '—' },
              codes: [code],
              parentCode: null,
              geometry: null,
            }),
          );
        }
      } else if (!byCode.has(v.parentCode)) {
        out.push(
          makeDefect({
            rule: 'orphans',
            key: 'orphans.noParent',
            params: { code, parent: v.parentCode },
            codes: [code],
            parentCode: v.parentCode,
            geometry: null,
          }),
        );
      } else if (!code.startsWith(v.parentCode)) {
        out.push(
          makeDefect({
            rule: 'codes',
            key: 'codes.prefix',
            params: { code, parent: v.parentCode },
            codes: [code],
            parentCode: v.parentCode,
            geometry: null,
          }),
        );
      }
      if (level < bottom && !hasChild.has(code)) {
        out.push(
          makeDefect({
            rule: 'orphans',
            key: 'orphans.noChildren',
            params: { code },
            codes: [code],
            parentCode: v.parentCode,
            geometry: null,
          }),
        );
      }
    }
  }
  return out;
}
