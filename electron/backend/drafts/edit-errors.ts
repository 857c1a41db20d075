/**
 * Editor refusals and publish-gate refusals as API errors. A reference to something that does not
 * exist or a malformed geometry is the request's fault (400); an edit that is well formed but would
 * break a boundary, or a publish while errors remain, is refused for the draft's state (409).
 */
import { formatMessage, type Defect } from '../../../shared/coverage/index.ts';
import { formatEditorMessage, type EditError } from '../../../shared/editor/index.ts';
import { ApiError } from '../api-error.ts';

const REQUEST_FAULTS = new Set<string>([
  'editor.unknownVertex',
  'editor.unknownArc',
  'editor.unknownUnit',
  'editor.segmentOutOfRange',
  'editor.badCoordinate',
  'editor.splitLine',
  'editor.mergeTooFew',
  'editor.mergeKeep',
  'editor.draw.ring',
]);
/** Attribute and code values the planner typed: the request's fault, except a code already taken. */
const isRequestFault = (key: string): boolean =>
  REQUEST_FAULTS.has(key) ||
  key.startsWith('editor.attr.') ||
  (key.startsWith('editor.code.') && key !== 'editor.code.taken');

export function editRefusal(e: EditError): ApiError {
  return new ApiError(
    isRequestFault(e.key) ? 'bad_request' : 'conflict',
    formatEditorMessage(e.key, e.params, 'en'),
    { key: e.key, messageZh: formatEditorMessage(e.key, e.params, 'zh-CN'), ...e.params },
  );
}

/** The gate's error list travels as issues: one per defect, its id as the path. */
export function publishRefusal(errors: readonly Defect[]): ApiError {
  return new ApiError(
    'conflict',
    `Publishing refused: the coverage check reports ${errors.length} error(s); fix them first`,
    { reason: 'coverage_errors', errors: errors.length },
    errors.map((d) => ({
      path: `${d.rule}:${d.id}`,
      message: `${formatMessage(d.messageKey, d.messageParams, 'en')} (${d.codes.join(', ')})`,
    })),
  );
}
