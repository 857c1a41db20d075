import type { MultiPolygon, Polygon } from 'geojson';
import type { GridUnit, GridUnitAttributes } from '../grid/types.ts';
import type { FixCoverageOp } from './coverage-fix.ts';
import type { EditorMessageKey } from './messages.ts';

export type LonLat = [number, number];
export type DrawMode = 'take' | 'uncovered';

/**
 * An arc reference as in TopoJSON: `i` walks arc i forward, `~i` (= -i-1) walks it backward.
 * A ring is the concatenation of its arcs, each arc's first vertex dropped after the first.
 */
export type ArcRef = number;

/** A unit as the topology holds it: attributes plus polygons → rings → arc references. */
export interface TopoUnit {
  attrs: GridUnitAttributes;
  /** polygons[p][0] is the shell (counter-clockwise), the rest are holes (clockwise). */
  polygons: ArcRef[][][];
}

/**
 * A plain-JSON change set: each entry is the whole new value of one vertex, arc or unit (null = gone).
 * Applying a patch is exact and id-stable, so undo, redo and replay of a draft log all use patches.
 */
export interface TopologyPatch {
  vertices: [id: number, lon: number, lat: number][];
  arcs: [id: number, vertices: number[] | null][];
  units: [code: string, unit: TopoUnit | null][];
}

export type EditOp =
  | { op: 'moveVertex'; vertex: number; to: LonLat }
  /** Inserts a vertex into segment `index` (between arc vertices index and index+1) of `arc`. */
  | { op: 'insertVertex'; arc: number; index: number; at: LonLat }
  | { op: 'deleteVertex'; vertex: number }
  | { op: 'splitUnit'; code: string; line: LonLat[] }
  | { op: 'mergeUnits'; codes: string[]; keep: string }
  | { op: 'reparentCell'; code: string; parent: string }
  | { op: 'deleteCell'; code: string; giveTo?: string }
  | {
      op: 'setAttributes';
      code: string;
      attrs: Partial<Omit<GridUnitAttributes, 'code' | 'level' | 'parentCode'>>;
    }
  /** Gives a unit another code under the same parent; its children's codes follow. */
  | { op: 'setCode'; code: string; to: string }
  /**
   * A new cell inside a community, outlined by a closed ring: 'take' gives it all the ring encloses
   * (the cells it covers lose that area), 'uncovered' only the part no cell covers yet.
   */
  | { op: 'drawCell'; parent: string; ring: LonLat[]; mode: DrawMode }
  /** Replaces the boundary of `code` between the line's two end points (on that boundary) by the line. */
  | { op: 'reshapeBoundary'; code: string; line: LonLat[] }
  | { op: 'patch'; patch: TopologyPatch }
  | FixCoverageOp;

export interface EditError {
  key: EditorMessageKey;
  params: Record<string, string | number>;
}

/** Area a deleted cell left to no one: flagged for the planner, reported by the coverage check as a gap. */
export interface GapFlag {
  parentCode: string | null;
  formerCode: string;
  geometry: Polygon | MultiPolygon;
}

export interface EditSuccess {
  ok: true;
  op: EditOp;
  /** Units added or whose geometry/attributes changed, geometry rebuilt from the arcs. */
  changed: GridUnit[];
  /** Codes no longer present (merged away, recoded, deleted). */
  removed: string[];
  gaps: GapFlag[];
  /** Re-applies this edit exactly (redo, draft-log replay). */
  forward: TopologyPatch;
  /** Undoes this edit exactly. */
  inverse: TopologyPatch;
  /** Vertices the edit created (split end points, an inserted vertex), for the UI to select. */
  createdVertices: number[];
  /** Codes the edit created (split part, recoded cell). */
  createdCodes: string[];
}

export interface EditFailure {
  ok: false;
  op: EditOp;
  error: EditError;
}

export type EditResult = EditSuccess | EditFailure;

export class EditRefusal extends Error {
  constructor(readonly error: EditError) {
    super(error.key);
  }
}

export function refuse(key: EditorMessageKey, params: Record<string, string | number> = {}): never {
  throw new EditRefusal({ key, params });
}
