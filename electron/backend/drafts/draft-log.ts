/**
 * The draft's durable edit log: one row per edit with the planner's op, the exact patches both ways,
 * who and when, and whether it is undone. The rows in effect are replayed (forward patches, oldest
 * first) on the published grid's topology to bring a draft back after a restart or a crash.
 *
 * A `patch` op (an import) is its own forward patch, which for thousands of polygons runs to
 * megabytes: its row keeps only `{"op":"patch"}` and the patch is read back from forward_json.
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

/** What op_json holds for an edit: a patch op only names itself (see the module note). */
export function storedOp(op: EditOp): string {
  return JSON.stringify(op.op === 'patch' ? { op: 'patch' } : op);
}

/** The op back from op_json; a patch op takes the row's forward patch (older rows carry it whole). */
function restoredOp(json: string, forward: TopologyPatch): EditOp {
  const op = JSON.parse(json) as EditOp | { op: 'patch'; patch?: undefined };
  return op.op === 'patch' ? { op: 'patch', patch: op.patch ?? forward } : op;
}

export function readEntries(store: Store): LogEntry[] {
  return store.all<EditRow>('SELECT * FROM draft_edit ORDER BY seq').map((r) => {
    const forward = JSON.parse(r.forward_json) as TopologyPatch;
    return {
      seq: r.seq,
      op: restoredOp(r.op_json, forward),
      forward,
      inverse: JSON.parse(r.inverse_json) as TopologyPatch,
      by: { id: r.actor_id, name: r.actor_name },
      at: r.at,
      undone: r.undone === 1,
    };
  });
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
      storedOp(e.op),
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
