export { parseDivisions, childrenOf, type Division, type DivisionLevel } from './divisions.ts';
export { Rng } from './random.ts';
export {
  generateNansha,
  generateGuangzhou,
  type GenerateOptions,
  type GuangzhouOptions,
} from './generate-grid.ts';
export {
  generateNanshaWithDefects,
  DEFECT_WIDTHS_M,
  type InjectedDefect,
  type DefectFixture,
} from './defects.ts';
export { checkHierarchy, ringProblems, directedEdges, polygonsOf, type HierarchyCheck } from './verify.ts';
