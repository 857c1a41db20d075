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
export { fixCoverage, type FixCoverageOp } from './coverage-fix.ts';
