/**
 * The audit log: every action of any kind, who/what/when/before/after. It is only ever appended to,
 * inside the same store write as the change it records, so the two cannot disagree after a crash;
 * triggers in the file refuse UPDATE and DELETE.
 */
import type { WriteOp } from '../store/store.ts';

export interface AuditActor {
  id: string;
  name: string;
}

/** Actions the app takes by itself (loading reference data on start). */
export const SYSTEM_ACTOR: AuditActor = { id: 'system', name: '系统' };

export function auditOp(
  actor: AuditActor,
  at: number,
  action: string,
  entity: string,
  entityId: string | null,
  before: unknown,
  after: unknown,
): WriteOp {
  return {
    sql: `INSERT INTO audit_log (at, actor_id, actor_name, action, entity, entity_id, before_json, after_json)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    params: [
      at,
      actor.id,
      actor.name,
      action,
      entity,
      entityId,
      before === null || before === undefined ? null : JSON.stringify(before),
      after === null || after === undefined ? null : JSON.stringify(after),
    ],
  };
}
