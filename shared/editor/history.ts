import { applyEdit } from './apply.ts';
import type { Topology } from './topology.ts';
import type { EditOp, EditResult, TopologyPatch } from './types.ts';

/** One edit as the draft log keeps it: the planner's intent and the exact patches both ways (plain JSON). */
export interface HistoryEntry {
  op: EditOp;
  forward: TopologyPatch;
  inverse: TopologyPatch;
}

/**
 * Undo/redo over a topology. Undo and redo replay recorded patches rather than re-running the
 * operations, so ids the edit created (vertices, arcs, codes) come back exactly and later entries
 * that refer to them stay valid.
 */
export class EditHistory {
  private done: HistoryEntry[] = [];
  private undone: HistoryEntry[] = [];

  constructor(readonly topology: Topology) {}

  apply(op: EditOp): EditResult {
    const r = applyEdit(this.topology, op);
    if (r.ok) {
      this.done.push({ op, forward: r.forward, inverse: r.inverse });
      this.undone = [];
    }
    return r;
  }

  undo(): EditResult | null {
    const e = this.done.pop();
    if (!e) return null;
    this.undone.push(e);
    return applyEdit(this.topology, { op: 'patch', patch: e.inverse });
  }

  redo(): EditResult | null {
    const e = this.undone.pop();
    if (!e) return null;
    this.done.push(e);
    return applyEdit(this.topology, { op: 'patch', patch: e.forward });
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** The applied edits, oldest first, as plain JSON for the draft log. */
  entries(): HistoryEntry[] {
    return JSON.parse(JSON.stringify(this.done)) as HistoryEntry[];
  }
}
