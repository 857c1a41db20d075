import type { LineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { GridUnit } from '../grid/types.ts';
import type { MessageKey } from './messages.ts';

/** The subset of a grid unit the coverage check reads; the editor and the CLI both supply it. */
export type CoverageUnit = Pick<GridUnit, 'code' | 'parentCode' | 'level' | 'geometry'>;

export type RuleId = 'containment' | 'overlap' | 'gap' | 'validity' | 'sliver' | 'codes' | 'orphans';
export const RULE_IDS: readonly RuleId[] = [
  'containment',
  'overlap',
  'gap',
  'validity',
  'sliver',
  'codes',
  'orphans',
];
export type Severity = 'error' | 'warning';

export interface CoverageOptions {
  /** Gaps, overlaps and parts outside the parent smaller than this are listed as below tolerance. */
  minAreaM2: number;
  /** A polygon (or part) whose mean width 2·area/perimeter is under this is a sliver. */
  minWidthM: number;
  /**
   * Coordinates closer than this (degrees) are one vertex. 1e-7° is about 1 cm: far above float noise,
   * far below anything a surveyor draws.
   */
  snapDeg: number;
  /**
   * How far apart (metres) the vertices either side of a thin gap or overlap may be for the snap fix
   * to call them near-coincident and move one onto the other. Further apart, snapping would move a
   * boundary the planner drew, so the fix is refused.
   */
  snapFixM: number;
}

export const DEFAULT_OPTIONS: CoverageOptions = { minAreaM2: 1, minWidthM: 0.5, snapDeg: 1e-7, snapFixM: 1 };

export type DefectGeometry = Polygon | MultiPolygon | Point | LineString;

export interface Defect {
  /** Stable across re-checks of the same data: rule, kind, codes and a rounded location. */
  id: string;
  rule: RuleId;
  severity: Severity;
  messageKey: MessageKey;
  messageParams: Record<string, string | number>;
  /** The units involved; for gap/overlap/containment the parent comes first when there is one. */
  codes: string[];
  parentCode: string | null;
  geometry: DefectGeometry | null;
  /** Square metres on the sphere; 0 for point and attribute defects. */
  areaM2: number;
  /** Mean width 2·area/perimeter in metres, for area defects. */
  widthM?: number;
  /** A point on or in the defect, for fly-to. */
  location: [number, number] | null;
  /** True when the defect is under the configured tolerance: listed and counted, never gating. */
  belowTolerance: boolean;
}

export interface RuleCount {
  error: number;
  warning: number;
  belowTolerance: number;
}

export interface CoverageStats {
  units: number;
  groups: number;
  edges: number;
  /** Sibling groups whose edges did not cancel exactly and needed local clipping. */
  dirtyGroups: number;
  /** Sibling groups this check looked at: all of them in a full check, those an edit touched after it. */
  checkedGroups: number;
  windows: number;
  /** Unmatched edges whose local clipping found nothing measurable (under snap resolution). */
  subResolutionSpots: number;
  ms: number;
}

export interface CoverageResult {
  defects: Defect[];
  counts: { errors: number; warnings: number; belowTolerance: number; byRule: Record<RuleId, RuleCount> };
  options: CoverageOptions;
  stats: CoverageStats;
}
