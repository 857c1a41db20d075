/**
 * A chosen file made ready for cases.attach: the types the backend accepts, at most 512 KiB. Photos
 * from phones are usually larger, so an image over the limit is scaled down (longest side 1600 px)
 * and re-encoded as JPEG before it is sent.
 */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
export const MAX_ATTACHMENT_BYTES = 512 * 1024;

export type PreparedFile =
  | { ok: true; name: string; mediaType: AttachmentType; dataBase64: string }
  | { ok: false; reason: 'type' | 'size' };

function base64Of(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

async function shrink(file: Blob): Promise<Blob | null> {
  const bitmap = await createImageBitmap(file);
  for (const side of [1600, 1200, 800]) {
    const k = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * k);
    canvas.height = Math.round(bitmap.height * k);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', 0.82));
    if (blob && blob.size <= MAX_ATTACHMENT_BYTES) return blob;
  }
  return null;
}

export async function prepareFile(file: File): Promise<PreparedFile> {
  const type = (ATTACHMENT_TYPES as readonly string[]).includes(file.type)
    ? (file.type as AttachmentType)
    : null;
  if (!type) return { ok: false, reason: 'type' };
  if (file.size <= MAX_ATTACHMENT_BYTES)
    return {
      ok: true,
      name: file.name,
      mediaType: type,
      dataBase64: base64Of(new Uint8Array(await file.arrayBuffer())),
    };
  if (type === 'application/pdf') return { ok: false, reason: 'size' };
  const small = await shrink(file);
  if (!small) return { ok: false, reason: 'size' };
  return {
    ok: true,
    name: file.name.replace(/\.\w+$/, '') + '.jpg',
    mediaType: 'image/jpeg',
    dataBase64: base64Of(new Uint8Array(await small.arrayBuffer())),
  };
}
