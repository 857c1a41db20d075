/**
 * The draft's durable edit log: one row per edit with the planner's op, the exact patches both ways,
 * who and when, and whether it is undone. The rows in effect are replayed (forward patches, oldest
 * first) on the published grid's topology to bring a draft back after a restart or a crash.
 */
import type { ActorRef, DraftLogEntry } from '../../../shared/api/drafts-contract.ts';
import type { EditOp, TopologyPatch } from '../../../shared/editor/index.ts';
import type { Store, WriteOp } from '../store/store.ts';

export interface LogEntry {
  seq: number;
  op: EditOp;
  forward: TopologyPatch;
  inverse: TopologyPatch;
  by: ActorRef;
  at: number;
  undone: boolean;
}

export interface DraftHeader {
  baseVersion: number;
  openedAt: number;
  openedBy: ActorRef;
}

interface EditRow {
  [k: string]: string | number | null;
  seq: number;
  op_json: string;
  forward_json: string;
  inverse_json: string;
  actor_id: string;
  actor_name: string;
  at: number;
  undone: number;
}

export function readHeader(store: Store): DraftHeader | null {
  const r = store.get<{
    base_version: number;
    opened_at: number;
    opened_by_id: string;
    opened_by_name: string;
  }>('SELECT base_version, opened_at, opened_by_id, opened_by_name FROM draft_info WHERE id = 1');
  return r
    ? {
        baseVersion: r.base_version,
        openedAt: r.opened_at,
        openedBy: { id: r.opened_by_id, name: r.opened_by_name },
      }
    : null;
}

export function readEntries(store: Store): LogEntry[] {
  return store.all<EditRow>('SELECT * FROM draft_edit ORDER BY seq').map((r) => ({
    seq: r.seq,
    op: JSON.parse(r.op_json) as EditOp,
    forward: JSON.parse(r.forward_json) as TopologyPatch,
    inverse: JSON.parse(r.inverse_json) as TopologyPatch,
    by: { id: r.actor_id, name: r.actor_name },
    at: r.at,
    undone: r.undone === 1,
  }));
}

export const openDraftOps = (h: DraftHeader): WriteOp[] => [
  {
    sql: 'INSERT INTO draft_info (id, base_version, opened_at, opened_by_id, opened_by_name) VALUES (1, ?, ?, ?, ?)',
    params: [h.baseVersion, h.openedAt, h.openedBy.id, h.openedBy.name],
  },
];

export const closeDraftOps = (): WriteOp[] => [
  { sql: 'DELETE FROM draft_edit' },
  { sql: 'DELETE FROM draft_info' },
];

/** A new edit makes the undone ones unreachable (as in any editor), so they go. */
export const appendEditOps = (e: LogEntry): WriteOp[] => [
  { sql: 'DELETE FROM draft_edit WHERE undone = 1' },
  {
    sql: `INSERT INTO draft_edit (seq, op_json, forward_json, inverse_json, actor_id, actor_name, at, undone)
          VALUES (?, ?, ?, ?, ?, ?, ?, 0)`,
    params: [
      e.seq,
      JSON.stringify(e.op),
      JSON.stringify(e.forward),
      JSON.stringify(e.inverse),
      e.by.id,
      e.by.name,
      e.at,
    ],
  },
];

export const markUndoneOps = (seq: number, undone: boolean): WriteOp[] => [
  { sql: 'UPDATE draft_edit SET undone = ? WHERE seq = ?', params: [undone ? 1 : 0, seq] },
];

export function logView(e: LogEntry): DraftLogEntry {
  return { seq: e.seq, op: e.op.op, at: e.at, by: e.by, undone: e.undone };
}
