import { CodeCheck } from './codes.ts';
import { checkGroup } from './group.ts';
import { VertexIndex } from './snap.ts';
import { prepareUnit, type PreparedUnit } from './topology.ts';
import { checkUnitShape } from './validity.ts';
import {
  DEFAULT_OPTIONS,
  RULE_IDS,
  type CoverageOptions,
  type CoverageResult,
  type CoverageUnit,
  type Defect,
  type RuleCount,
  type RuleId,
} from './types.ts';

export interface CoverageEdit {
  /** Units added or replaced (all units with the same code are replaced). */
  upsert?: readonly CoverageUnit[];
  /** Codes of units deleted. */
  remove?: readonly string[];
}

interface GroupState {
  defects: Defect[];
  edges: number;
  dirty: boolean;
  windows: number;
  subResolution: number;
}

const now = (): number => globalThis.performance.now();

/**
 * Holds the snapped vertex index, each unit's prepared rings and each sibling group's findings, so
 * that after an edit only the groups the edited units belong to or parent are checked again.
 */
export class CoverageChecker {
  options: CoverageOptions;
  private vi: VertexIndex;
  private prepared = new Map<number, PreparedUnit>();
  private uidsByCode = new Map<string, number[]>();
  private members = new Map<string, Set<number>>();
  private shape = new Map<number, Defect[]>();
  private groups = new Map<string, GroupState>();
  private nextUid = 0;
  /** codes/orphans findings, re-judged per code as edits touch them. */
  private codes = new CodeCheck();

  constructor(
    private initial: readonly CoverageUnit[],
    options: Partial<CoverageOptions> = {},
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    this.vi = new VertexIndex(this.options.snapDeg);
  }

  /**
   * Everything from scratch: snapping, every unit's shape, every group, codes. `onProgress` hears
   * (done, total) as sibling groups are checked, for a progress bar in the editor's worker.
   */
  checkAll(onProgress?: (done: number, total: number) => void): CoverageResult {
    const t0 = now();
    if (this.prepared.size) this.initial = this.units();
    this.vi = new VertexIndex(this.options.snapDeg, this.initial.length * 16);
    this.prepared.clear();
    this.uidsByCode.clear();
    this.members.clear();
    this.shape.clear();
    this.groups.clear();
    for (const u of this.initial) this.add(u);
    this.codes = new CodeCheck(this.initial);
    const total = this.members.size;
    let done = 0;
    for (const key of this.members.keys()) {
      this.recheckGroup(key);
      if (onProgress && ++done % 16 === 0) onProgress(done, total);
    }
    onProgress?.(total, total);
    return this.result(t0, total);
  }

  /**
   * New tolerances. They take effect at the next checkAll(), which judges everything again under
   * them (the snap distance changes which coordinates are one vertex, so nothing can be kept).
   */
  setOptions(options: Partial<CoverageOptions>): void {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  /** Re-checks only what the edit touched; call checkAll() once first. */
  update(edit: CoverageEdit): CoverageResult {
    const t0 = now();
    const touched = new Set<string>();
    const gone: CoverageUnit[] = [];
    const drop = (code: string): void => {
      for (const uid of this.uidsByCode.get(code) ?? []) {
        const p = this.prepared.get(uid);
        if (!p) continue;
        gone.push(p.unit);
        touched.add(p.unit.parentCode ?? '');
        this.members.get(p.unit.parentCode ?? '')?.delete(uid);
        this.prepared.delete(uid);
        this.shape.delete(uid);
      }
      this.uidsByCode.delete(code);
      touched.add(code);
    };
    const upserts = edit.upsert ?? [];
    for (const code of edit.remove ?? []) drop(code);
    for (const u of upserts) drop(u.code);
    for (const u of upserts) {
      this.add(u);
      touched.add(u.parentCode ?? '');
    }
    this.codes.update(gone, upserts);
    let checked = 0;
    for (const key of touched) if (this.recheckGroup(key)) checked++;
    return this.result(t0, checked);
  }

  units(): CoverageUnit[] {
    return [...this.prepared.values()].map((p) => p.unit);
  }

  private add(u: CoverageUnit): void {
    const uid = this.nextUid++;
    const p = prepareUnit(uid, u, this.vi);
    this.prepared.set(uid, p);
    const list = this.uidsByCode.get(u.code);
    if (list) list.push(uid);
    else this.uidsByCode.set(u.code, [uid]);
    const key = u.parentCode ?? '';
    let m = this.members.get(key);
    if (!m) this.members.set(key, (m = new Set()));
    m.add(uid);
    this.shape.set(uid, checkUnitShape(u, this.options));
  }

  /** False when the group has no members (any more): nothing to check. */
  private recheckGroup(key: string): boolean {
    const uids = this.members.get(key);
    if (!uids || !uids.size) {
      this.groups.delete(key);
      return false;
    }
    const children = [...uids].map((id) => this.prepared.get(id) as PreparedUnit);
    const parentUid = key ? this.uidsByCode.get(key)?.[0] : undefined;
    const parent = parentUid === undefined ? null : (this.prepared.get(parentUid) ?? null);
    this.groups.set(key, checkGroup(children, parent, this.vi, this.options));
    return true;
  }

  private result(t0: number, checkedGroups: number): CoverageResult {
    const defects: Defect[] = [];
    for (const d of this.shape.values()) defects.push(...d);
    let edges = 0;
    let dirtyGroups = 0;
    let windows = 0;
    let subResolutionSpots = 0;
    for (const g of this.groups.values()) {
      defects.push(...g.defects);
      edges += g.edges;
      if (g.dirty) dirtyGroups++;
      windows += g.windows;
      subResolutionSpots += g.subResolution;
    }
    defects.push(...this.codes.defects());
    return {
      defects,
      counts: countDefects(defects),
      options: this.options,
      stats: {
        units: this.prepared.size,
        groups: this.groups.size,
        edges,
        dirtyGroups,
        checkedGroups,
        windows,
        subResolutionSpots,
        ms: now() - t0,
      },
    };
  }
}

export function countDefects(defects: readonly Defect[]): CoverageResult['counts'] {
  const byRule = Object.fromEntries(
    RULE_IDS.map((r) => [r, { error: 0, warning: 0, belowTolerance: 0 }]),
  ) as Record<RuleId, RuleCount>;
  let errors = 0;
  let warnings = 0;
  let belowTolerance = 0;
  for (const d of defects) {
    const c = byRule[d.rule];
    if (d.belowTolerance) {
      belowTolerance++;
      c.belowTolerance++;
    } else if (d.severity === 'error') {
      errors++;
      c.error++;
    } else {
      warnings++;
      c.warning++;
    }
  }
  return { errors, warnings, belowTolerance, byRule };
}

/** One-shot full check. */
export function checkCoverage(
  units: readonly CoverageUnit[],
  options: Partial<CoverageOptions> = {},
): CoverageResult {
  return new CoverageChecker(units, options).checkAll();
}
