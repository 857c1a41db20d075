import { toolsEn } from '../editor/tools/tools.en.ts';
import { adminEn } from '../admin/admin.en.ts';
import { dispatchEn } from '../dispatch/dispatch.en.ts';
import { intakeEn } from './intake.en.ts';
import { coverageEn } from './coverage.en.ts';
import { editorEn } from './editor.en.ts';
import { heatmapEn } from '../heatmap/heatmap.en.ts';
import { exportEn } from '../editor/export/export.en.ts';
import { transferEn } from '../editor/import/transfer.en.ts';
import type { Messages } from './zh-CN.ts';

/** English, the second locale. Typed as `Messages`: a missing or extra key does not compile. */
export const en: Messages = {
  'app.name': 'GeZhi',
  'app.subtitle': 'Grid management',
  'app.title': 'GeZhi · Grid management',
  'app.loading': 'Opening the data file…',
  'app.loadingRead': 'Reading the data file… {percent}% ({read} / {total} MB)',

  'lang.switch': '中文',
  'lang.switchTitle': 'Switch the interface to Chinese',

  'level.city': 'City',
  'level.district': 'District',
  'level.town': 'Towns',
  'level.community': 'Communities',
  'level.cell': 'Cells',
  'levelLong.city': 'City',
  'levelLong.district': 'District (large grid)',
  'levelLong.town': 'Town / street (medium grid)',
  'levelLong.community': 'Community / village (small grid)',
  'levelLong.cell': 'Cell (base grid)',

  'layers.title': 'Layers',
  'layers.toggleTitle': 'Show or hide the {level} layer',
  'layers.loading': 'loading',

  'loading.grid': 'Loading the grid…',
  'loading.tree': 'Grid loaded; building the hierarchy…',

  'tree.title': 'Grid hierarchy',
  'tree.expand': 'Expand',
  'tree.collapse': 'Collapse',
  'tree.childCount': '{count} below',
  'tree.empty': 'The data file holds no grid yet.',

  'search.placeholder': 'Name, code or pinyin initials',
  'search.label': 'Search the grid',
  'search.noResults': 'Nothing matches “{query}”.',
  'search.results': 'Results: {count}',
  'search.more': 'Showing the first {count} results; type more to narrow down.',
  'search.clear': 'Clear search',

  'attr.title': 'Attributes',
  'attr.code': 'Code',
  'attr.name': 'Name',
  'attr.level': 'Level',
  'attr.parent': 'Parent',
  'attr.area': 'Area',
  'attr.areaValue': '{value} km²',
  'attr.children': 'Children',
  'attr.childrenValue': '{count} {level}',
  'attr.childrenNone': '0 (a cell is the smallest unit)',
  'attr.population': 'Population',
  'attr.populationValue': '{value}',
  'attr.chief': 'Grid chief',
  'attr.staffFullTime': 'Full-time',
  'attr.staffPartTime': 'Part-time',
  'attr.staffVolunteer': 'Volunteer',
  'attr.workers': 'Grid workers',
  'attr.workersUnnamed': '{count} more, names not recorded',
  'attr.workersTotalNote': 'Totals of the cells within',
  'attr.notes': 'Notes',
  'attr.kind': 'Kind',
  'attr.kind.comprehensive': 'Comprehensive cell',
  'attr.kind.dedicated': 'Dedicated cell',
  'attr.subtype.office_tower': 'Office tower',
  'attr.subtype.park': 'Park',
  'attr.subtype.school': 'School',
  'attr.subtype.hospital': 'Hospital',
  'attr.subtype.market': 'Market',
  'attr.subtype.construction_site': 'Construction site',
  'attr.subtype.other': 'Other',
  'attr.none': '—',
  'attr.emptyTitle': 'Nothing selected',
  'attr.emptyHint':
    'Click a grid on the map or pick one in the hierarchy on the left to see its code, area, population and staff.',
  'attr.emptySearchHint': 'Or search by name, code or pinyin initials (e.g. “nsj”) at the top left.',
  'attr.loading': 'Reading attributes…',
  'attr.error': 'Could not read this unit: {message}',
  'attr.flyTo': 'Show on map',
  'attr.clear': 'Clear selection',

  'status.dataFile': 'Data file',
  'status.schema': 'Schema version',
  'status.schemaValue': 'v{version}',
  'status.counts': 'Counts',
  'status.host.electron': 'Desktop',
  'status.host.serve': 'Browser',
  'status.connection.lost': 'Lost the connection to the backend; reconnecting…',
  'status.render.software': 'Software rendering',
  'status.render.softwareTitle':
    'The map is drawn by the processor, not a graphics card ({renderer}): zooming and the heatmap are slower, and interface animations are off. Check the graphics driver, or whether the remote desktop allows GPU acceleration.',

  'map.loading': 'Drawing the map…',
  'map.errorTitle': 'The map cannot be shown',
  'map.errorHint':
    'This computer’s graphics or browser provides no WebGL. Update the graphics driver or turn on hardware acceleration, then reopen GeZhi.',
  'map.zoomIn': 'Zoom in',
  'map.zoomOut': 'Zoom out',
  'map.resetView': 'Whole district',

  'failed.title': 'The data file could not be opened',
  'failed.file': 'File',
  'failed.why': 'Why',
  'failed.todo': 'What to do',
  'failed.technical': 'Technical details',
  'failed.retry': 'Reconnect',
  'failed.loadTitle': 'Cannot reach the GeZhi backend',
  'failed.loadWhy': 'The interface could not read from the backend: {message}',
  'failed.loadTodo':
    'Check that GeZhi is still running, then click “Reconnect”. If it keeps failing, restart GeZhi.',

  'storeError.newer_schema.why':
    'This data file was made by a newer version of GeZhi; this version cannot read its schema.',
  'storeError.newer_schema.todo':
    'Upgrade GeZhi to the latest version, then open the file again. The file was not changed.',
  'storeError.unreadable.why':
    'This file is not a database GeZhi can read. It may be damaged, or it is not a GeZhi data file.',
  'storeError.unreadable.todo':
    'The file was left as it was, not overwritten. Restore the data file from a backup or point --data at another file; if needed, hand the file to support for a check.',
  'storeError.locked.why': 'Another GeZhi window or process is using this data file.',
  'storeError.locked.todo':
    'Close the other GeZhi that uses this file and start again. If you are sure nothing else uses it, delete the lock file beside it and retry.',
  'storeError.io.why': 'Reading or writing the file failed (no permission, a full disk or a missing folder).',
  'storeError.io.todo':
    'Check that the folder exists, that you may read and write it and that the disk has space, then restart GeZhi.',

  'error.bad_request': 'The request was not valid.',
  'error.unknown_method':
    'The backend does not know this operation ({method}); the interface and the backend may be different versions.',
  'error.not_found': 'No grid unit has the code {code}.',
  'error.store_unavailable': 'The data file is not open.',
  'error.internal': 'The backend had an internal error.',
  'error.unauthorized': 'The access token or key is missing or no longer valid.',
  'error.conflict': 'This action conflicts with the current state of the data; refresh and try again.',
  'error.rate_limited': 'Too many requests; try again shortly.',
  'error.network': 'Cannot reach the backend.',

  'banner.recovered': 'Problems were found when the data file was opened, and repaired:',
  'banner.migrated': 'The data file was upgraded to a newer schema:',
  'banner.dismiss': 'Got it',
  'finding.snapshot_corrupt': 'The data file’s snapshot was damaged.',
  'finding.snapshot_truncated':
    'The data file’s snapshot was incomplete (perhaps a power cut during a write).',
  'finding.restored_previous_snapshot': 'The previous good snapshot was used instead.',
  'finding.log_tail_torn':
    'The change log ended in a half-written record (the program was probably killed); it was never confirmed and was dropped. Every confirmed change is there.',
  'finding.log_replayed': 'Changes not yet in the snapshot were restored from the change log.',
  'finding.migrated': 'The schema was upgraded.',
  'finding.backup_written': 'A backup was saved before the upgrade.',
  'finding.corrupt_file_kept': 'The damaged file was kept as it was, for inspection.',
  'finding.details': 'Details',

  'date.updated': 'Updated {time}',
  ...dispatchEn,
  ...adminEn,
  ...intakeEn,
  ...editorEn,
  ...toolsEn,
  ...coverageEn,
  ...heatmapEn,
  ...transferEn,
  ...exportEn,
};
