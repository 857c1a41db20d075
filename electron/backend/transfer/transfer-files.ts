/**
 * Import uploads and export downloads held in memory between the raw-bytes route (or the Electron
 * bridge) and the API calls that name them. Bounded in count and idle time, like intake's uploads.
 */
import { randomBytes } from 'node:crypto';
import { MAX_IMPORT_BYTES } from '../../../shared/api/transfer-contract.ts';
import { TransferError } from '../../../shared/transfer/errors.ts';
import type { SourceLayer } from '../../../shared/transfer/source.ts';

const IDLE_MS = 30 * 60_000;
const MAX_HELD = 4;

export interface HeldUpload {
  name: string;
  bytes: Uint8Array;
  touchedAt: number;
  /** Parsed layers by read options, so the import does not parse again what the preview read. */
  parsed: Map<string, SourceLayer>;
}

export interface HeldDownload {
  fileName: string;
  mime: string;
  bytes: Uint8Array;
  touchedAt: number;
}

export function tooLarge(size: number): TransferError {
  return new TransferError(
    'tooLarge',
    `The file is ${(size / 1048576).toFixed(0)} MB; import files may be at most ${MAX_IMPORT_BYTES / 1048576} MB`,
    { sizeMb: Math.round(size / 1048576), limitMb: MAX_IMPORT_BYTES / 1048576 },
  );
}

class Held<T extends { touchedAt: number }> {
  private readonly items = new Map<string, T>();
  constructor(private readonly clock: () => number) {}
  put(item: T): string {
    this.sweep();
    while (this.items.size >= MAX_HELD) {
      const oldest = [...this.items].sort((a, b) => a[1].touchedAt - b[1].touchedAt)[0];
      if (!oldest) break;
      this.items.delete(oldest[0]);
    }
    const id = randomBytes(8).toString('hex');
    this.items.set(id, item);
    return id;
  }
  get(id: string): T | undefined {
    const it = this.items.get(id);
    if (it) it.touchedAt = this.clock();
    return it;
  }
  delete(id: string): boolean {
    return this.items.delete(id);
  }
  private sweep(): void {
    const now = this.clock();
    for (const [id, it] of this.items) if (now - it.touchedAt > IDLE_MS) this.items.delete(id);
  }
}

export class TransferFiles {
  readonly uploads: Held<HeldUpload>;
  readonly downloads: Held<HeldDownload>;
  constructor(private readonly clock: () => number) {
    this.uploads = new Held(clock);
    this.downloads = new Held(clock);
  }

  putUpload(name: string, bytes: Uint8Array): string {
    if (bytes.length > MAX_IMPORT_BYTES) throw tooLarge(bytes.length);
    return this.uploads.put({ name, bytes, touchedAt: this.clock(), parsed: new Map() });
  }

  upload(id: string): HeldUpload {
    const u = this.uploads.get(id);
    if (!u)
      throw new TransferError('uploadMissing', `No uploaded file ${id} (expired or never sent)`, {
        uploadId: id,
      });
    return u;
  }

  putDownload(fileName: string, mime: string, bytes: Uint8Array): string {
    return this.downloads.put({ fileName, mime, bytes, touchedAt: this.clock() });
  }
}
