import { area } from '@turf/turf';
import type { Polygon, Position } from 'geojson';
import { checkCoverage } from '../shared/coverage/index.ts';
import type { GridLevel, GridUnit } from '../shared/grid/types.ts';
import { applyEdit, buildTopology, type LonLat, type Topology } from '../shared/editor/index.ts';
const X0 = 113.5;
const Y0 = 22.7;
const D = 0.001;
const P = (i: number, j: number): LonLat => [X0 + i * D, Y0 + j * D];

function rect(i0: number, j0: number, i1: number, j1: number): Position[] {
  const r: Position[] = [];
  for (let i = i0; i < i1; i++) r.push(P(i, j0));
  for (let j = j0; j < j1; j++) r.push(P(i1, j));
  for (let i = i1; i > i0; i--) r.push(P(i, j1));
  for (let j = j1; j > j0; j--) r.push(P(i0, j));
  r.push(P(i0, j0));
  return r;
}

function unit(code: string, level: GridLevel, parentCode: string | null, rings: Position[][]): GridUnit {
  return {
    code,
    name: code,
    level,
    parentCode,
    kind: level === 'cell' ? 'comprehensive' : null,
    subtype: null,
    population: 100,
    chief: null,
    staffFullTime: 1,
    staffPartTime: 0,
    staffVolunteer: 0,
    geometry: { type: 'Polygon', coordinates: rings },
  };
}

const C1 = '440115001001';
const C2 = '440115001002';
const cell = (c: string, n: number): string => `${c}${String(n).padStart(3, '0')}`;

function lattice(): GridUnit[] {
  const units = [
    unit('440115', 'district', null, [rect(0, 0, 4, 2)]),
    unit('440115001', 'town', '440115', [rect(0, 0, 4, 2)]),
    unit(C1, 'community', '440115001', [rect(0, 0, 2, 2)]),
    unit(C2, 'community', '440115001', [rect(2, 0, 4, 2)]),
  ];
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 2; j++) {
      const c = i < 2 ? C1 : C2;
      units.push(unit(cell(c, (i % 2) * 2 + j + 1), 'cell', c, [rect(i, j, i + 1, j + 1)]));
    }
  return units;
}

const errors = (t: Topology): number => checkCoverage(t.toUnits()).counts.errors;
const snapshot = (t: Topology): string =>
  JSON.stringify(t.toUnits().sort((a, b) => a.code.localeCompare(b.code)));
/** Area in lattice squares (1 = one 0.001° square). */
const squares = (t: Topology, code: string): number => {
  const one = area({ type: 'Polygon', coordinates: [rect(0, 0, 1, 1)] } as Polygon);
  return area(t.gridUnit(code).geometry) / one;
};
const positions = (u: GridUnit): Position[] =>
  (u.geometry.type === 'Polygon' ? [u.geometry.coordinates] : u.geometry.coordinates).flat(2);
const has = (u: GridUnit, p: Position): boolean =>
  positions(u).some((q) => Math.abs(q[0]! - p[0]!) < 1e-12 && Math.abs(q[1]! - p[1]!) < 1e-12);
const show = (t: Topology, r: any) => { console.log(r.ok ? 'ok '+JSON.stringify(r.createdCodes)+' removed '+r.removed : 'refused '+JSON.stringify(r.error)); const c = checkCoverage(t.toUnits()); console.log('errors', c.counts.errors, c.defects.filter(d=>d.severity==='error').map(d=>d.rule+':'+d.codes.join('/'))); };
const which = process.argv[2];
if (which === 'reparent') { const t = buildTopology(lattice()); const r = applyEdit(t, { op: 'reparentCell', code: cell(C1, 4), parent: C2 }); show(t, r); console.log(squares(t,C1), squares(t,C2)); const b = applyEdit(t, { op: 'reparentCell', code: (r as any).createdCodes[0], parent: C1 }); show(t,b); }
if (which === 'sq') { const t = buildTopology(lattice()); const ring: LonLat[] = [[X0 + 0.5 * D, Y0 + 0.5 * D],[X0 + 1.5 * D, Y0 + 0.5 * D],[X0 + 1.5 * D, Y0 + 1.5 * D],[X0 + 0.5 * D, Y0 + 1.5 * D]]; const r = applyEdit(t, { op: 'drawCell', parent: C1, ring, mode: 'take' }); show(t, r); for (const n of [1,2,3,4,5]) console.log(n, squares(t, cell(C1,n))); }
if (which === 'edge') { const t = buildTopology(lattice()); const ring: LonLat[] = [P(0, 0), [X0 + 1.2 * D, Y0], [X0 + 1.2 * D, Y0 + 1.2 * D], [X0, Y0 + 1.2 * D]]; const r = applyEdit(t, { op: 'drawCell', parent: C1, ring, mode: 'take' }); show(t, r); for (const c of [...t.childrenOf.get(C1)!]) console.log(c, squares(t, c)); }
if (which === 'reshape2') { const t = buildTopology(lattice()); const line: LonLat[] = [[X0 + 2 * D, Y0 + 0.2 * D],[X0 + 1.8 * D, Y0 + 0.5 * D],[X0 + 2 * D, Y0 + 0.8 * D]]; const r = applyEdit(t, { op: 'reshapeBoundary', code: cell(C2, 1), line }); show(t, r); console.log((r as any).changed?.map((u: any) => u.code), squares(t, C2)); }
if (which === 'unc') { const t = buildTopology(lattice()); show(t, applyEdit(t, { op: 'deleteCell', code: cell(C2, 1) }));
  const ring: LonLat[] = [[X0 + 2.2 * D, Y0 + 0.2 * D],[X0 + 3.5 * D, Y0 + 0.2 * D],[X0 + 3.5 * D, Y0 + 1.5 * D],[X0 + 2.2 * D, Y0 + 1.5 * D]];
  console.log('drawing'); const r = applyEdit(t, { op: 'drawCell', parent: C2, ring, mode: 'uncovered' }); show(t, r); }
if (which === 'unc2') { const t = buildTopology(lattice()); show(t, applyEdit(t, { op: 'deleteCell', code: cell(C2, 1) }));
  const covered: LonLat[] = [[X0 + 3.2 * D, Y0 + 1.2 * D],[X0 + 3.8 * D, Y0 + 1.2 * D],[X0 + 3.8 * D, Y0 + 1.8 * D]];
  console.log('covered'); show(t, applyEdit(t, { op: 'drawCell', parent: C2, ring: covered, mode: 'uncovered' }));
  const outside: LonLat[] = [[X0 + 1.5 * D, Y0 + 1.2 * D],[X0 + 2.5 * D, Y0 + 1.2 * D],[X0 + 2.5 * D, Y0 + 1.8 * D]];
  console.log('outside'); show(t, applyEdit(t, { op: 'drawCell', parent: C2, ring: outside, mode: 'take' }));
  console.log('parent'); show(t, applyEdit(t, { op: 'drawCell', parent: cell(C2, 2), ring: covered, mode: 'take' }));
  const bow: LonLat[] = [P(2.2, 0.2), P(2.8, 0.8), P(2.8, 0.2), P(2.2, 0.8)];
  console.log('bow'); show(t, applyEdit(t, { op: 'drawCell', parent: C2, ring: bow, mode: 'take' }));
}
