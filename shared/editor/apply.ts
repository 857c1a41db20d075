import type { GridUnit } from '../grid/types.ts';
import { fixCoverage } from './coverage-fix.ts';
import { splitUnit } from './split.ts';
import type { Topology } from './topology.ts';
import { EditRefusal, type EditOp, type EditResult, type GapFlag } from './types.ts';
import { deleteCell, mergeUnits, reparentCell, setAttributes, setCode } from './unit-ops.ts';
import { drawCell } from './draw.ts';
import { reshapeBoundary } from './reshape.ts';
import { deleteVertex, insertVertex, moveVertex } from './vertex-ops.ts';

interface Outcome {
  gaps: GapFlag[];
  createdVertices: number[];
  createdCodes: string[];
}

function run(t: Topology, op: EditOp): Outcome {
  const none: Outcome = { gaps: [], createdVertices: [], createdCodes: [] };
  switch (op.op) {
    case 'moveVertex':
      moveVertex(t, op.vertex, op.to);
      return none;
    case 'insertVertex':
      return { ...none, createdVertices: [insertVertex(t, op.arc, op.index, op.at)] };
    case 'deleteVertex':
      deleteVertex(t, op.vertex);
      return none;
    case 'splitUnit': {
      const s = splitUnit(t, op.code, op.line);
      return { ...none, createdVertices: s.vertices, createdCodes: [s.created] };
    }
    case 'mergeUnits':
      mergeUnits(t, op.codes, op.keep);
      return none;
    case 'reparentCell':
      return { ...none, createdCodes: [reparentCell(t, op.code, op.parent)] };
    case 'deleteCell':
      return { ...none, gaps: deleteCell(t, op.code, op.giveTo) };
    case 'setAttributes':
      setAttributes(t, op.code, op.attrs);
      return none;
    case 'setCode':
      return { ...none, createdCodes: [setCode(t, op.code, op.to)] };
    case 'drawCell': {
      const d = drawCell(t, op.parent, op.ring, op.mode);
      return { ...none, createdVertices: d.vertices, createdCodes: [d.code] };
    }
    case 'reshapeBoundary':
      return { ...none, createdVertices: reshapeBoundary(t, op.code, op.line) };
    case 'patch':
      t.applyPatch(op.patch);
      return none;
    case 'fixCoverage':
      fixCoverage(t, op);
      return none;
  }
}

/**
 * Applies one edit as a transaction: either it all happens and the result carries the changed units
 * (geometry rebuilt from the arcs) and the patches to undo and redo it, or nothing changes and the
 * result says why.
 */
export function applyEdit(t: Topology, op: EditOp): EditResult {
  t.begin();
  let out: Outcome;
  try {
    out = run(t, op);
  } catch (e) {
    t.rollback();
    if (e instanceof EditRefusal) return { ok: false, op, error: e.error };
    throw e;
  }
  const { forward, inverse, touchedVertices, touchedArcs } = t.commit();
  const codes = new Set<string>();
  const removed: string[] = [];
  for (const [code, u] of forward.units) {
    if (u) codes.add(code);
    else removed.push(code);
  }
  for (const v of touchedVertices) for (const c of t.unitsAtVertex(v)) codes.add(c);
  for (const a of touchedArcs) for (const c of t.arcUsers.get(a) ?? []) codes.add(c);
  const changed: GridUnit[] = [...codes].filter((c) => t.units.has(c)).map((c) => t.gridUnit(c));
  return { ok: true, op, changed, removed, forward, inverse, ...out };
}
