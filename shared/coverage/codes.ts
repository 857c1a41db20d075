import { GRID_LEVELS } from '../grid/types.ts';
import type { CoverageUnit, Defect } from './types.ts';
import { makeDefect } from './defect.ts';

/**
 * The codes and orphans rules, kept per code so an edit re-judges only the codes it could change: the
 * units' own codes, their parents (which may gain or lose their last child) and their children (whose
 * parent may appear or vanish). Only when the set's top or bottom level changes is every code judged
 * again. At Guangzhou scale a pass over all 34,000 units costs tens of milliseconds, most of the
 * incremental budget; a split touches four codes.
 */
export class CodeCheck {
  private byCode = new Map<string, CoverageUnit[]>();
  /** parent code → codes of its units, with how many units each. */
  private kids = new Map<string, Map<string, number>>();
  private levels: number[] = GRID_LEVELS.map(() => 0);
  private found = new Map<string, Defect[]>();

  constructor(units: Iterable<CoverageUnit> = []) {
    for (const u of units) this.put(u);
    this.judgeAll();
  }

  /** Units `removed` (as they were) and `added`; re-judges what they could have changed. */
  update(removed: readonly CoverageUnit[], added: readonly CoverageUnit[]): void {
    const [top, bottom] = this.span();
    const dirty = new Set<string>();
    const touch = (u: CoverageUnit): void => {
      dirty.add(u.code);
      if (u.parentCode) dirty.add(u.parentCode);
      for (const k of this.kids.get(u.code)?.keys() ?? []) dirty.add(k);
    };
    for (const u of removed) {
      touch(u);
      this.take(u);
    }
    for (const u of added) {
      this.put(u);
      touch(u);
    }
    const [top2, bottom2] = this.span();
    if (top !== top2 || bottom !== bottom2) return this.judgeAll();
    for (const code of dirty) this.judge(code, top2, bottom2);
  }

  defects(): Defect[] {
    const out: Defect[] = [];
    for (const ds of this.found.values()) out.push(...ds);
    return out;
  }

  private put(u: CoverageUnit): void {
    const list = this.byCode.get(u.code);
    if (list) list.push(u);
    else this.byCode.set(u.code, [u]);
    if (u.parentCode) {
      let m = this.kids.get(u.parentCode);
      if (!m) this.kids.set(u.parentCode, (m = new Map()));
      m.set(u.code, (m.get(u.code) ?? 0) + 1);
    }
    this.count(u, 1);
  }

  private take(u: CoverageUnit): void {
    const list = this.byCode.get(u.code);
    const i = list ? list.indexOf(u) : -1;
    if (!list || i < 0) return;
    list.splice(i, 1);
    if (!list.length) this.byCode.delete(u.code);
    const m = u.parentCode ? this.kids.get(u.parentCode) : undefined;
    if (m && u.parentCode) {
      const n = (m.get(u.code) ?? 1) - 1;
      if (n > 0) m.set(u.code, n);
      else m.delete(u.code);
      if (!m.size) this.kids.delete(u.parentCode);
    }
    this.count(u, -1);
  }

  private count(u: CoverageUnit, by: number): void {
    const l = GRID_LEVELS.indexOf(u.level);
    if (l >= 0) this.levels[l] = (this.levels[l] ?? 0) + by;
  }

  /** The highest and lowest level present (indices into GRID_LEVELS). */
  private span(): [number, number] {
    let top = Infinity;
    let bottom = -Infinity;
    this.levels.forEach((n, l) => {
      if (n <= 0) return;
      top = Math.min(top, l);
      bottom = Math.max(bottom, l);
    });
    return [top, bottom];
  }

  private judgeAll(): void {
    this.found.clear();
    const [top, bottom] = this.span();
    for (const code of this.byCode.keys()) this.judge(code, top, bottom);
  }

  private judge(code: string, top: number, bottom: number): void {
    const list = this.byCode.get(code);
    if (!list) {
      this.found.delete(code);
      return;
    }
    const out: Defect[] = [];
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
      } else if (!this.byCode.has(v.parentCode)) {
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
      if (level < bottom && !this.kids.has(code)) {
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
    if (out.length) this.found.set(code, out);
    else this.found.delete(code);
  }
}

/** codes and orphans rules over the whole set. */
export function checkCodes(units: Iterable<CoverageUnit>): Defect[] {
  return new CodeCheck(units).defects();
}
