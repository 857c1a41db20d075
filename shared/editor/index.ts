export { buildTopology } from './build.ts';
export { Topology, arcIndex } from './topology.ts';
export { applyEdit } from './apply.ts';
export { EditHistory, type HistoryEntry } from './history.ts';
export { allocateCode } from './codes.ts';
export {
  EDITOR_MESSAGES,
  formatEditorMessage,
  type EditorLocale,
  type EditorMessageKey,
} from './messages.ts';
export * from './types.ts';
export {
  attributeProblem,
  codeProblem,
  ATTRIBUTE_LIMITS,
  CODE_LENGTH,
  type AttributePatch,
} from './attributes.ts';
export { cleanRing } from './draw.ts';
export { RESHAPE_END_DEG } from './reshape.ts';
export {
  snapPoint,
  parseSnapTolerance,
  SNAP_TOLERANCE_RANGE,
  type Snap,
  type SnapSegment,
  type SnapVertex,
  type ScreenPoint,
} from './snap.ts';
export { fixCoverage, type FixCoverageOp } from './coverage-fix.ts';
