export { CoverageChecker, checkCoverage, countDefects, type CoverageEdit } from './engine.ts';
export { publishGate } from './gate.ts';
export { COVERAGE_MESSAGES, formatMessage, type Locale, type MessageKey } from './messages.ts';
export * from './types.ts';
export {
  applyFixToUnits,
  fixKinds,
  planFix,
  SNAP_FIX_MAX_M,
  type FixKind,
  type FixOption,
  type FixOutcome,
  type FixPlan,
  type FixRefusal,
} from './fixes.ts';
export {
  ACCEPTED_AREA_CHANGE,
  ACCEPTED_MOVE_M,
  matchAcceptances,
  warningKey,
  type Acceptance,
  type AcceptanceChange,
  type AcceptedWarning,
} from './acceptance.ts';
export {
  DEFAULT_TOLERANCES,
  sameTolerances,
  storedTolerances,
  TOLERANCE_KEYS,
  TOLERANCE_RANGES,
  TOLERANCE_SETTING,
  validateTolerances,
  type CoverageTolerances,
  type ToleranceKey,
  type ToleranceProblem,
} from './tolerances.ts';
