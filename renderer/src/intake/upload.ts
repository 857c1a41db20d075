/**
 * Sends a chosen file to the backend in chunks: the serve host limits a request to 1 MiB, so a
 * 10 MB export goes as 512 KiB pieces, in order, and the backend hands back an upload id.
 */
import { UPLOAD_CHUNK_BYTES } from '../../../shared/api/intake-contract.ts';
import type { ApiClient } from '../client/api-client.ts';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // String.fromCharCode takes arguments; feed it slices so the call stack stays small.
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function uploadFile(
  api: ApiClient,
  file: Blob,
  onProgress: (fraction: number) => void,
): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let uploadId: string | undefined;
  for (let offset = 0; offset < bytes.length; offset += UPLOAD_CHUNK_BYTES) {
    const r = await api.invoke('intake.upload', {
      ...(uploadId ? { uploadId } : {}),
      totalBytes: bytes.length,
      offset,
      chunkBase64: toBase64(bytes.subarray(offset, offset + UPLOAD_CHUNK_BYTES)),
    });
    uploadId = r.uploadId;
    onProgress(r.receivedBytes / r.totalBytes);
  }
  if (!uploadId) throw new Error('empty file');
  return uploadId;
}
