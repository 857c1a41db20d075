import type { exportZhCN } from './export.zh-CN.ts';

/** Grid export texts in English: exactly the keys of the zh-CN module. */
export const exportEn: Record<keyof typeof exportZhCN, string> = {
  'transfer.export.title': 'Export grid',
  'transfer.export.format': 'Format',
  'transfer.export.format.geojson': 'GeoJSON',
  'transfer.export.format.shapefile': 'Shapefile (.zip)',
  'transfer.export.format.gpkg': 'GeoPackage',
  'transfer.export.format.csv': 'CSV attribute table',
  'transfer.export.format.xlsx': 'Excel attribute table (.xlsx)',
  'transfer.export.level': 'Level',
  'transfer.export.level.all': 'All levels',
  'transfer.export.encoding': 'Shapefile encoding',
  'transfer.export.source': 'Data',
  'transfer.export.source.draft': 'Current draft',
  'transfer.export.source.published': 'Published version',
  'transfer.export.run': 'Export',
  'transfer.export.running': 'Making the file…',
  'transfer.export.done': 'Exported {fileName} ({features} units)',
  'transfer.export.saved': 'Saved to {path}',
};
