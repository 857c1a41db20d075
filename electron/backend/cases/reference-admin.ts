/**
 * Reference data edited by an administrator in the app: each save is validated exactly as the data
 * folder's files are (zod schemas plus the catalogue ↔ departments cross-checks), stored as the next
 * numbered version with who and when (ref_data row + audit row, one durable write), and then used
 * for new cases. Versions are never changed or deleted; restoring an old one saves it again as new.
 */
import { createHash } from 'node:crypto';
import type { RefDataKind, RefVersionInfo } from '../../../shared/api/cases-contract.ts';
import type { Actor } from '../../../shared/cases/types.ts';
import { ApiError } from '../api-error.ts';
import type { Store } from '../store/store.ts';
import { auditOp } from './audit.ts';
import {
  ADMIN_SOURCE,
  buildReferenceSet,
  latest,
  REF_KINDS,
  type RefKind,
  type ReferenceSet,
} from './reference-data.ts';

/** Roles allowed to change reference data. The actor is named by the seat (no sign-in server yet). */
const ADMIN_ROLES = new Set(['admin']);

interface VersionRow {
  [k: string]: string | number | null;
  kind: string;
  version: number;
  sha256: string;
  label: string | null;
  loaded_at: number;
  source: string;
  saved_by: string | null;
  note: string | null;
}

const VERSION_SELECT = `SELECT r.kind, r.version, r.sha256, r.label, r.loaded_at, r.source,
    (SELECT a.actor_name FROM audit_log a WHERE a.entity = 'ref_data' AND a.entity_id = r.kind || '@' || r.version
       ORDER BY a.id LIMIT 1) AS saved_by,
    (SELECT json_extract(a.after_json, '$.note') FROM audit_log a WHERE a.entity = 'ref_data'
       AND a.entity_id = r.kind || '@' || r.version ORDER BY a.id LIMIT 1) AS note
  FROM ref_data r`;

export class ReferenceAdmin {
  constructor(
    private readonly store: Store,
    private readonly current: () => ReferenceSet | null,
    private readonly use: (set: ReferenceSet) => void,
  ) {}

  private info(r: VersionRow, currentVersion: number): RefVersionInfo {
    return {
      kind: r.kind as RefDataKind,
      version: r.version,
      label: r.label,
      sha256: r.sha256,
      savedAt: r.loaded_at,
      source: r.source,
      savedBy: r.saved_by,
      note: r.note,
      current: r.version === currentVersion,
    };
  }

  private currentVersion(kind: RefKind): number {
    return this.current()?.versions[kind] ?? latest(this.store, kind)?.version ?? 0;
  }

  history(kind: RefKind): RefVersionInfo[] {
    const cur = this.currentVersion(kind);
    return this.store
      .all<VersionRow>(`${VERSION_SELECT} WHERE r.kind = ? ORDER BY r.version DESC`, [kind])
      .map((r) => this.info(r, cur));
  }

  get(kind: RefKind, version?: number): RefVersionInfo & { content: Record<string, unknown> } {
    const v = version ?? this.currentVersion(kind);
    const row = this.store.get<VersionRow & { content: string }>(
      `${VERSION_SELECT.replace('SELECT r.kind,', 'SELECT r.content, r.kind,')} WHERE r.kind = ? AND r.version = ?`,
      [kind, v],
    );
    if (!row) throw new ApiError('not_found', `No ${kind} version ${v}`, { kind, version: v });
    return {
      ...this.info(row, this.currentVersion(kind)),
      content: JSON.parse(row.content) as Record<string, unknown>,
    };
  }

  async save(
    p: { kind: RefKind; baseVersion: number; content: Record<string, unknown>; note?: string | undefined },
    actor: Actor,
    now: number,
  ): Promise<RefVersionInfo> {
    if (!actor.role || !ADMIN_ROLES.has(actor.role))
      throw new ApiError('unauthorized', 'Only an administrator may change reference data', {
        role: actor.role ?? '',
      });
    const set = this.current();
    const head = latest(this.store, p.kind);
    if (!set || !head) throw new ApiError('store_unavailable', 'Reference data is not loaded');
    if (p.baseVersion !== head.version)
      throw new ApiError(
        'conflict',
        `${p.kind} was saved as version ${head.version} since you opened version ${p.baseVersion}; reload and edit again`,
        { kind: p.kind, baseVersion: p.baseVersion, currentVersion: head.version },
      );
    const text = `${JSON.stringify(p.content, null, 2)}\n`;
    const sha256 = createHash('sha256').update(text).digest('hex');
    if (sha256 === head.sha256)
      throw new ApiError('bad_request', 'Nothing changed: the content is the same as the current version', {
        kind: p.kind,
      });
    const contents = Object.fromEntries(
      REF_KINDS.map((k) => [k, k === p.kind ? text : latest(this.store, k)!.content]),
    ) as Record<RefKind, string>;
    const version = head.version + 1;
    const built = buildReferenceSet(contents, { ...set.versions, [p.kind]: version });
    if (!built.ok)
      throw new ApiError(
        'bad_request',
        `The ${p.kind} does not validate (${built.errors.length} problem${built.errors.length === 1 ? '' : 's'})`,
        { kind: p.kind },
        built.errors.slice(0, 50).map((e) => {
          const at = /^([\w.[\]]+): /.exec(e);
          return { path: at?.[1] ?? p.kind, message: at ? e.slice(at[0].length) : e };
        }),
      );
    const label = typeof p.content.version === 'string' ? p.content.version : null;
    await this.store.write([
      {
        sql: 'INSERT INTO ref_data (kind, version, sha256, label, content, loaded_at, source) VALUES (?, ?, ?, ?, ?, ?, ?)',
        params: [p.kind, version, sha256, label, text, now, ADMIN_SOURCE],
      },
      auditOp(
        actor,
        now,
        'refData.save',
        'ref_data',
        `${p.kind}@${version}`,
        { version: head.version },
        { version, note: p.note ?? null, role: actor.role },
      ),
    ]);
    this.use(built.value);
    return this.history(p.kind)[0]!;
  }
}
