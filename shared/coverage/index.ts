export { CoverageChecker, checkCoverage, countDefects, type CoverageEdit } from './engine.ts';
export { publishGate } from './gate.ts';
export { COVERAGE_MESSAGES, formatMessage, type Locale, type MessageKey } from './messages.ts';
export * from './types.ts';
