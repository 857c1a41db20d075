/**
 * The open draft in memory: the topology of every level, the incremental coverage checker and the
 * undo/redo stacks mirrored from the edit log. It changes nothing on disk; the module writes the
 * log first-hand and calls `revert` when a write fails, so memory never runs ahead of the file.
 */
import type { CoverageException } from '../../../shared/api/coverage-contract.ts';
import { DRAFT_DEFECT_LIMIT, type DraftCoverage } from '../../../shared/api/drafts-contract.ts';
import {
  CoverageChecker,
  DEFAULT_TOLERANCES,
  publishGate,
  type CoverageResult,
  type CoverageTolerances,
  type Defect,
} from '../../../shared/coverage/index.ts';
import {
  applyEdit,
  buildTopology,
  type EditOp,
  type EditFailure,
  type EditSuccess,
  type Topology,
} from '../../../shared/editor/index.ts';
import type { GridUnit } from '../../../shared/grid/types.ts';
import type { DraftHeader, LogEntry } from './draft-log.ts';

const rank = (d: Defect): number => (d.belowTolerance ? 2 : d.severity === 'error' ? 0 : 1);

export function coverageView(r: CoverageResult, exceptions: CoverageException[] = []): DraftCoverage {
  const sorted = [...r.defects].sort((a, b) => rank(a) - rank(b));
  return {
    counts: r.counts,
    defects: sorted.slice(0, DRAFT_DEFECT_LIMIT),
    defectsTotal: r.defects.length,
    publishable: publishGate(r).allowed,
    ms: r.stats.ms,
    exceptions,
    tolerances: {
      minAreaM2: r.options.minAreaM2,
      minWidthM: r.options.minWidthM,
      snapFixM: r.options.snapFixM,
    },
  };
}

export class DraftSession {
  readonly topology: Topology;
  private readonly checker: CoverageChecker;
  coverage: CoverageResult;
  /** Edits in effect, oldest first. */
  readonly done: LogEntry[];
  /** Undone edits; the last one is redone first. */
  readonly undone: LogEntry[];
  private lastSeq: number;

  /**
   * Builds the topology of the published units and replays the log's edits in effect; the check runs
   * under the data file's tolerances.
   */
  constructor(
    readonly header: DraftHeader,
    published: readonly GridUnit[],
    log: readonly LogEntry[],
    tolerances: CoverageTolerances = DEFAULT_TOLERANCES,
  ) {
    this.topology = buildTopology(published);
    this.done = log.filter((e) => !e.undone);
    this.undone = log.filter((e) => e.undone).reverse();
    for (const e of this.done) this.topology.applyPatch(e.forward);
    this.lastSeq = log.reduce((m, e) => Math.max(m, e.seq), 0);
    this.checker = new CoverageChecker(this.topology.toUnits(), tolerances);
    this.coverage = this.checker.checkAll();
  }

  /** The tolerances the check runs under (fixes plan with them too). */
  get tolerances(): CoverageTolerances {
    const o = this.checker.options;
    return { minAreaM2: o.minAreaM2, minWidthM: o.minWidthM, snapFixM: o.snapFixM };
  }

  /** New tolerances: everything is checked again under them, as the publish gate will. */
  retune(tolerances: CoverageTolerances): CoverageResult {
    this.checker.setOptions(tolerances);
    return this.checkAll();
  }

  nextSeq(): number {
    return this.lastSeq + 1;
  }

  /** Applies a planner's edit; on success the entry to log is returned with the result. */
  edit(
    op: EditOp,
    by: LogEntry['by'],
    at: number,
  ):
    | { ok: false; result: EditFailure }
    | { ok: true; result: EditSuccess; entry: LogEntry; clearedRedo: LogEntry[] } {
    const result = applyEdit(this.topology, op);
    if (!result.ok) return { ok: false, result };
    const entry: LogEntry = {
      seq: ++this.lastSeq,
      // A patch op is what its forward patch re-applies: one copy in memory, as in the log.
      op: op.op === 'patch' ? { op: 'patch', patch: result.forward } : op,
      forward: result.forward,
      inverse: result.inverse,
      by,
      at,
      undone: false,
    };
    this.done.push(entry);
    const clearedRedo = this.undone.splice(0);
    this.recheck(result);
    return { ok: true, result, entry, clearedRedo };
  }

  undo(): { result: EditSuccess; entry: LogEntry } | null {
    const entry = this.done.pop();
    if (!entry) return null;
    entry.undone = true;
    this.undone.push(entry);
    return { result: this.patch(entry.inverse), entry };
  }

  redo(): { result: EditSuccess; entry: LogEntry } | null {
    const entry = this.undone.pop();
    if (!entry) return null;
    entry.undone = false;
    this.done.push(entry);
    return { result: this.patch(entry.forward), entry };
  }

  /**
   * Takes back the last in-memory step after its log write failed: `kind` says which step. A failed
   * edit also restores the redo stack it cleared.
   */
  revert(kind: 'edit' | 'undo' | 'redo', step: LogEntry, clearedRedo: LogEntry[] = []): void {
    if (kind === 'edit') {
      this.done.pop();
      this.undone.push(...clearedRedo);
      this.lastSeq = step.seq - 1;
      this.patch(step.inverse);
    } else if (kind === 'undo') {
      this.undone.pop();
      step.undone = false;
      this.done.push(step);
      this.patch(step.forward);
    } else {
      this.done.pop();
      step.undone = true;
      this.undone.push(step);
      this.patch(step.inverse);
    }
  }

  /** Units of the draft as they stand (for publishing and layers). */
  units(): GridUnit[] {
    return this.topology.toUnits();
  }

  /** A full check from scratch, as before publishing. */
  checkAll(): CoverageResult {
    this.coverage = this.checker.checkAll();
    return this.coverage;
  }

  private patch(p: LogEntry['forward']): EditSuccess {
    const r = applyEdit(this.topology, { op: 'patch', patch: p });
    if (!r.ok) throw new Error(`a recorded patch did not apply: ${r.error.key}`);
    this.recheck(r);
    return r;
  }

  private recheck(r: EditSuccess): void {
    this.coverage = this.checker.update({ upsert: r.changed, remove: r.removed });
  }
}
