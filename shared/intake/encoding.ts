/**
 * Text encoding of an uploaded export. 12345 platforms export UTF-8 (often with a BOM, for Excel)
 * or GBK; the bytes decide: a BOM wins, then strict UTF-8, then strict GB18030 (a superset of GBK,
 * so every GBK file decodes). When neither decodes cleanly the user chooses.
 */
export const TEXT_ENCODINGS = ['utf-8', 'gbk', 'utf-16le', 'utf-16be'] as const;
export type TextEncodingName = (typeof TEXT_ENCODINGS)[number];

export interface DetectedEncoding {
  /** null: neither UTF-8 nor GBK decodes these bytes; the user must choose. */
  encoding: TextEncodingName | null;
  /** How it was decided, shown beside the choice so the user can judge it. */
  basis: 'bom' | 'valid-utf8' | 'valid-gbk' | 'ascii' | 'undecided';
}

function decodes(bytes: Uint8Array, label: string): boolean {
  try {
    new TextDecoder(label, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function detectEncoding(bytes: Uint8Array): DetectedEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', basis: 'bom' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', basis: 'bom' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', basis: 'bom' };
  if (bytes.every((b) => b < 0x80)) return { encoding: 'utf-8', basis: 'ascii' };
  if (decodes(bytes, 'utf-8')) return { encoding: 'utf-8', basis: 'valid-utf8' };
  if (decodes(bytes, 'gb18030')) return { encoding: 'gbk', basis: 'valid-gbk' };
  return { encoding: null, basis: 'undecided' };
}

/**
 * Decodes with the chosen encoding. Bytes that do not fit it become U+FFFD rather than an error:
 * the user picked it after seeing the preview, and the rows with broken text still show.
 */
export function decodeText(bytes: Uint8Array, encoding: TextEncodingName): string {
  // GBK files are decoded as GB18030, which reads every GBK byte sequence and more.
  const label = encoding === 'gbk' ? 'gb18030' : encoding;
  // ignoreBOM false (the default) drops a leading BOM, so the first header reads clean.
  return new TextDecoder(label).decode(bytes);
}
