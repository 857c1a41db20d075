/**
 * Attachments (photos, documents) of a case: the file goes in `<data file>.files/<case id>/`,
 * fsynced before the metadata row is written, so a row never points at a missing file. The type is
 * checked from the bytes, not only the declared name, and the size is limited.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AttachmentInfo } from '../../../shared/api/cases-contract.ts';
import type { ParsedRequestOf } from '../../../shared/api/contract.ts';
import type { Actor, AttachmentRef } from '../../../shared/cases/types.ts';
import { ApiError } from '../api-error.ts';
import { fsyncDir, writeFileDurable } from '../store/fs-durable.ts';
import type { Store } from '../store/store.ts';
import { auditOp } from './audit.ts';

export const MAX_ATTACHMENT_BYTES = 512 * 1024;

const SIGNATURES: Record<string, { ext: string; matches: (b: Buffer) => boolean }> = {
  'image/jpeg': { ext: '.jpg', matches: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  'image/png': {
    ext: '.png',
    matches: (b) => b.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex')),
  },
  'image/webp': {
    ext: '.webp',
    matches: (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
  },
  'application/pdf': { ext: '.pdf', matches: (b) => b.toString('latin1', 0, 5) === '%PDF-' },
};

interface AttachmentRow {
  [k: string]: string | number | null;
  id: string;
  name: string;
  media_type: string;
  size_bytes: number;
  added_at: number;
  added_by: string;
  /** From the audit row of the addition; null when that row cannot be found. */
  added_by_name: string | null;
}

const infoOf = (r: AttachmentRow): AttachmentInfo => ({
  id: r.id,
  name: r.name,
  mediaType: r.media_type,
  sizeBytes: r.size_bytes,
  addedAt: r.added_at,
  addedBy: r.added_by,
  addedByName: r.added_by_name ?? r.added_by,
});

/**
 * The attachments table keeps the adder's id only; the name, as it was then, is in the audit row
 * written with it (found through audit_log's (entity, entity_id) index), so files from before this
 * need no migration.
 */
const WITH_NAME = `SELECT a.*, (SELECT l.actor_name FROM audit_log l
    WHERE l.entity = 'case' AND l.entity_id = a.case_id AND l.action = 'attachment.add'
      AND json_extract(l.after_json, '$.id') = a.id LIMIT 1) AS added_by_name
  FROM attachments a`;

export class AttachmentStore {
  constructor(private readonly store: Store) {}

  get folder(): string {
    return `${this.store.path}.files`;
  }

  list(caseId: string): AttachmentInfo[] {
    return this.store
      .all<AttachmentRow>(`${WITH_NAME} WHERE a.case_id = ? ORDER BY a.added_at, a.id`, [caseId])
      .map(infoOf);
  }

  /** The case's own attachments by id, for an action to reference; unknown ids are refused. */
  refs(caseId: string, ids: readonly string[]): AttachmentRef[] {
    return ids.map((id, i) => {
      const r = this.store.get<AttachmentRow>('SELECT * FROM attachments WHERE id = ? AND case_id = ?', [
        id,
        caseId,
      ]);
      if (!r)
        throw new ApiError('bad_request', `No attachment ${id} on case ${caseId}`, { attachment: id }, [
          { path: `action.attachments.${i}`, message: `no attachment ${id} on this case` },
        ]);
      return { id: r.id, name: r.name, mediaType: r.media_type };
    });
  }

  /** The stored bytes (for the case detail's thumbnails and viewer), checked against their hash. */
  async read(caseId: string, id: string): Promise<{ info: AttachmentInfo; dataBase64: string }> {
    const r = this.store.get<AttachmentRow & { stored_name: string; sha256: string }>(
      `${WITH_NAME} WHERE a.id = ? AND a.case_id = ?`,
      [id, caseId],
    );
    if (!r) throw new ApiError('not_found', `No attachment ${id} on case ${caseId}`, { attachment: id });
    const bytes = await readFile(join(this.folder, r.stored_name)).catch(() => null);
    if (!bytes || createHash('sha256').update(bytes).digest('hex') !== r.sha256)
      throw new ApiError('not_found', `The file of attachment ${id} is missing or damaged`, {
        attachment: id,
        file: r.stored_name,
      });
    return { info: infoOf(r), dataBase64: bytes.toString('base64') };
  }

  async add(p: ParsedRequestOf<'cases.attach'>, actor: Actor, now: number): Promise<AttachmentInfo> {
    const bytes = Buffer.from(p.dataBase64, 'base64');
    if (bytes.length === 0 || bytes.length > MAX_ATTACHMENT_BYTES)
      throw new ApiError('bad_request', `Attachment must be 1 byte to ${MAX_ATTACHMENT_BYTES} bytes`, {
        sizeBytes: bytes.length,
      });
    const sig = SIGNATURES[p.mediaType];
    if (!sig || !sig.matches(bytes))
      throw new ApiError('bad_request', `The file is not ${p.mediaType}`, { mediaType: p.mediaType }, [
        { path: 'dataBase64', message: `content is not ${p.mediaType}` },
      ]);
    const id = randomBytes(8).toString('hex');
    const storedName = join(p.id, `${id}${sig.ext}`);
    const file = join(this.folder, storedName);
    await mkdir(dirname(file), { recursive: true });
    await writeFileDurable(file, bytes);
    await fsyncDir(dirname(file));
    const row: AttachmentRow = {
      id,
      name: p.name,
      media_type: p.mediaType,
      size_bytes: bytes.length,
      added_at: now,
      added_by: actor.id,
      added_by_name: actor.name,
    };
    await this.store.write([
      {
        sql: `INSERT INTO attachments (id, case_id, name, media_type, size_bytes, sha256, stored_name, added_at, added_by)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        params: [
          id,
          p.id,
          p.name,
          p.mediaType,
          bytes.length,
          createHash('sha256').update(bytes).digest('hex'),
          storedName,
          now,
          actor.id,
        ],
      },
      auditOp(actor, now, 'attachment.add', 'case', p.id, null, infoOf(row)),
    ]);
    return infoOf(row);
  }
}
