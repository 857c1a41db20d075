/**
 * Why an import or export file was refused. Each key has a zh-CN and English message in the
 * renderer's transfer dictionaries; the backend sends it as `details.reason` with its values.
 */
export const TRANSFER_ERROR_KEYS = [
  'unknownFormat',
  'emptyZip',
  'missingShp',
  'missingDbf',
  'truncatedShp',
  'truncatedDbf',
  'countMismatch',
  'badGeoJson',
  'badGpkg',
  'badKml',
  'noFeatures',
  'noPolygons',
  'outOfRange',
  'unknownPrj',
  'tooLarge',
  'cancelled',
  'uploadMissing',
  'badCode',
  'duplicateCode',
  'nothingToExport',
] as const;
export type TransferErrorKey = (typeof TRANSFER_ERROR_KEYS)[number];

export class TransferError extends Error {
  constructor(
    readonly key: TransferErrorKey,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'TransferError';
  }
}
