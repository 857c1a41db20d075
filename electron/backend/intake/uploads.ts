/**
 * Files uploaded in chunks, held in memory until imported or abandoned. The serve host limits a
 * request to 1 MiB, so a 10 MB export arrives as 20 chunks; chunks must come in order, which keeps
 * the assembly a plain append and makes a lost chunk a clear error instead of a hole.
 */
import { randomBytes } from 'node:crypto';
import { ApiError } from '../api-error.ts';

interface Upload {
  bytes: Uint8Array;
  received: number;
  touchedAt: number;
}

/** Abandoned uploads are dropped after this long without a chunk. */
const IDLE_MS = 15 * 60_000;
/** Bounds memory: a handful of windows importing at once is plenty. */
const MAX_UPLOADS = 4;

export class UploadStore {
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly clock: () => number = Date.now) {}

  append(
    id: string | undefined,
    totalBytes: number,
    offset: number,
    chunk: Uint8Array,
  ): { uploadId: string; receivedBytes: number; totalBytes: number; complete: boolean } {
    this.sweep();
    let uploadId = id;
    let upload = id ? this.uploads.get(id) : undefined;
    if (id && !upload)
      throw new ApiError('not_found', `No upload ${id} (expired or never started)`, { uploadId: id });
    if (!upload) {
      if (offset !== 0)
        throw new ApiError('bad_request', 'The first chunk must start at offset 0', { offset }, [
          { path: 'offset', message: 'the first chunk must start at offset 0' },
        ]);
      if (this.uploads.size >= MAX_UPLOADS) this.dropOldest();
      upload = { bytes: new Uint8Array(totalBytes), received: 0, touchedAt: this.clock() };
      uploadId = randomBytes(8).toString('hex');
      this.uploads.set(uploadId, upload);
    }
    if (totalBytes !== upload.bytes.length || offset !== upload.received)
      throw new ApiError('bad_request', `Chunk out of order: expected offset ${upload.received}`, {
        expected: upload.received,
        offset,
      });
    if (offset + chunk.length > totalBytes)
      throw new ApiError('bad_request', 'Chunk runs past the declared file size', { totalBytes }, [
        { path: 'chunkBase64', message: 'chunk runs past totalBytes' },
      ]);
    upload.bytes.set(chunk, offset);
    upload.received += chunk.length;
    upload.touchedAt = this.clock();
    return {
      uploadId: uploadId!,
      receivedBytes: upload.received,
      totalBytes,
      complete: upload.received === totalBytes,
    };
  }

  /** The whole file; refused while chunks are missing. */
  bytes(id: string): Uint8Array {
    const upload = this.uploads.get(id);
    if (!upload)
      throw new ApiError('not_found', `No upload ${id} (expired or never started)`, { uploadId: id });
    if (upload.received !== upload.bytes.length)
      throw new ApiError('bad_request', `Upload ${id} is incomplete`, {
        uploadId: id,
        receivedBytes: upload.received,
        totalBytes: upload.bytes.length,
      });
    upload.touchedAt = this.clock();
    return upload.bytes;
  }

  discard(id: string): void {
    this.uploads.delete(id);
  }

  private sweep(): void {
    const now = this.clock();
    for (const [id, u] of this.uploads) if (now - u.touchedAt > IDLE_MS) this.uploads.delete(id);
  }

  private dropOldest(): void {
    let oldest: [string, number] | null = null;
    for (const [id, u] of this.uploads) if (!oldest || u.touchedAt < oldest[1]) oldest = [id, u.touchedAt];
    if (oldest) this.uploads.delete(oldest[0]);
  }
}
