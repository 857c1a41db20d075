/**
 * API keys for the intake endpoints, created and revoked by an administrator. Only a SHA-256 of the
 * key is stored (the key is high-entropy, so no slow hash is needed); the key is shown once.
 * Verification is a map lookup, kept in memory, because intake checks a key on every request.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyInfo } from '../../../shared/api/cases-contract.ts';
import { ApiError } from '../api-error.ts';
import type { Store } from '../store/store.ts';
import { auditOp, type AuditActor } from './audit.ts';

interface KeyRow {
  [k: string]: string | number | null;
  id: string;
  name: string;
  key_hash: string;
  prefix: string;
  created_at: number;
  created_by: string;
  revoked_at: number | null;
}

const hashOf = (key: string): string => createHash('sha256').update(key).digest('hex');

const infoOf = (r: KeyRow): ApiKeyInfo => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.created_at,
  createdBy: r.created_by,
  revokedAt: r.revoked_at,
});

export class ApiKeyService {
  private readonly byHash = new Map<string, ApiKeyInfo>();

  constructor(private readonly store: Store) {
    for (const r of store.all<KeyRow>('SELECT * FROM api_keys')) this.byHash.set(r.key_hash, infoOf(r));
  }

  list(): ApiKeyInfo[] {
    return this.store.all<KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id').map(infoOf);
  }

  async create(name: string, actor: AuditActor, now: number): Promise<ApiKeyInfo & { key: string }> {
    const key = `gzk_${randomBytes(24).toString('base64url')}`;
    const id = randomBytes(8).toString('hex');
    const info: ApiKeyInfo = {
      id,
      name,
      prefix: key.slice(0, 10),
      createdAt: now,
      createdBy: actor.id,
      revokedAt: null,
    };
    await this.store.write([
      {
        sql: 'INSERT INTO api_keys (id, name, key_hash, prefix, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
        params: [id, name, hashOf(key), info.prefix, now, actor.id],
      },
      auditOp(actor, now, 'apiKey.create', 'api_key', id, null, info),
    ]);
    this.byHash.set(hashOf(key), info);
    return { ...info, key };
  }

  async revoke(id: string, actor: AuditActor, now: number): Promise<ApiKeyInfo> {
    const row = this.store.get<KeyRow>('SELECT * FROM api_keys WHERE id = ?', [id]);
    if (!row) throw new ApiError('not_found', `No API key ${id}`, { id });
    if (row.revoked_at !== null) return infoOf(row);
    await this.store.write([
      { sql: 'UPDATE api_keys SET revoked_at = ?, revoked_by = ? WHERE id = ?', params: [now, actor.id, id] },
      auditOp(actor, now, 'apiKey.revoke', 'api_key', id, infoOf(row), { ...infoOf(row), revokedAt: now }),
    ]);
    const info = { ...infoOf(row), revokedAt: now };
    this.byHash.set(row.key_hash, info);
    return info;
  }

  /** The key's record when it exists and is not revoked. */
  verify(key: string): ApiKeyInfo | null {
    const info = this.byHash.get(hashOf(key));
    return info && info.revokedAt === null ? info : null;
  }
}
