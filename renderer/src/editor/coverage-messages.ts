/** What the editor and its coverage worker say to each other. */
import type { CoverageTolerances } from '../../../shared/coverage/tolerances.ts';
import type { CoverageResult, CoverageUnit } from '../../../shared/coverage/types.ts';

export type CoverageRequest =
  /**
   * A full check; `units` replaces the worker's copy (absent: re-check the copy it has) and
   * `tolerances` the tolerances it checks under (absent: those it has).
   */
  | { type: 'full'; id: number; units?: CoverageUnit[]; tolerances?: CoverageTolerances }
  | { type: 'update'; id: number; upsert: CoverageUnit[]; remove: string[] };

export type CoverageReply =
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'result'; id: number; kind: 'full' | 'update'; result: CoverageResult }
  | { type: 'failed'; id: number; message: string };
