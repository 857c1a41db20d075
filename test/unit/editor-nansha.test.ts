import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { area } from '@turf/area';
import { CoverageChecker, checkCoverage } from '../../shared/coverage/index.ts';
import { generateNansha } from '../../shared/demo/index.ts';
import type { GridUnit } from '../../shared/grid/types.ts';
import {
  EditHistory,
  arcIndex,
  buildTopology,
  type EditResult,
  type EditSuccess,
  type LonLat,
  type Topology,
} from '../../shared/editor/index.ts';

const csv = readFileSync(new URL('../../data/divisions-guangzhou.csv', import.meta.url), 'utf8');
const ds = generateNansha(csv);

function ok(r: EditResult | null): EditSuccess {
  assert.ok(r, 'no result');
  assert.ok(r.ok, r.ok ? '' : `refused: ${r.error.key} ${JSON.stringify(r.error.params)}`);
  return r;
}

const snapshot = (t: Topology): string =>
  JSON.stringify(t.toUnits().sort((a, b) => a.code.localeCompare(b.code)));

/** A node whose arcs are walked by a cell, a community and a town (a town-boundary corner). */
function threeLevelVertex(t: Topology): number {
  for (const [v] of t.nodeArcs) {
    const levels = new Set([...t.unitsAtVertex(v)].map((c) => t.unit(c)?.attrs.level));
    if (levels.has('cell') && levels.has('community') && levels.has('town') && !levels.has('district'))
      return v;
  }
  throw new Error('no three-level vertex');
}

/** Two sibling cells that share an arc, and a cell bordering another community. */
function pickCells(t: Topology): { a: string; b: string; border: string; other: string } {
  let pair: [string, string] | null = null;
  let border: [string, string] | null = null;
  for (const [arc, users] of t.arcUsers) {
    const us = [...users].map((c) => t.unit(c)?.attrs).filter((u) => u !== undefined);
    const cells = us.filter((u) => u.level === 'cell');
    const comms = us.filter((u) => u.level === 'community');
    if (!pair && cells.length === 2 && cells[0]?.parentCode === cells[1]?.parentCode)
      pair = [cells[0]?.code as string, cells[1]?.code as string];
    if (!border && cells.length === 2 && comms.length === 2 && us.every((u) => u.level !== 'town')) {
      const [c0, c1] = cells as [(typeof cells)[0], (typeof cells)[0]];
      if ((t.childrenOf.get(c0.parentCode as string)?.size ?? 0) > 1)
        border = [c0.code, c1.parentCode as string];
    }
    if (pair && border) break;
    void arc;
  }
  assert.ok(pair && border);
  return { a: pair[0], b: pair[1], border: border[0], other: border[1] };
}

/** A straight line through a cell's centre, long enough to cross it, along the x axis. */
function lineThrough(u: GridUnit): LonLat[] {
  const ring =
    (u.geometry.type === 'Polygon' ? u.geometry.coordinates[0] : u.geometry.coordinates[0]?.[0]) ?? [];
  const xs = ring.map((p) => p[0] as number);
  const ys = ring.map((p) => p[1] as number);
  const y = (Math.min(...ys) + Math.max(...ys)) / 2 + 1.234e-6;
  return [
    [Math.min(...xs) - 1e-3, y],
    [Math.max(...xs) + 1e-3, y],
  ];
}

/** Planar shoelace about a local origin: free of the cancellation that absolute coordinates bring. */
function localArea(u: GridUnit, o: number[]): number {
  const polys = u.geometry.type === 'Polygon' ? [u.geometry.coordinates] : u.geometry.coordinates;
  let s = 0;
  for (const rings of polys)
    for (const r of rings)
      for (let i = 0; i + 1 < r.length; i++) {
        const [p, q] = [r[i] as number[], r[i + 1] as number[]];
        s +=
          ((p[0] as number) - (o[0] as number)) * ((q[1] as number) - (o[1] as number)) -
          ((q[0] as number) - (o[0] as number)) * ((p[1] as number) - (o[1] as number));
      }
  return s / 2;
}

test('Nansha: the topology rebuilds every unit with zero coverage errors', () => {
  const t = buildTopology(ds.units);
  assert.equal(t.units.size, ds.units.length);
  assert.equal(checkCoverage(t.toUnits()).counts.errors, 0);
  // Shared arcs really are shared: most arcs have two or more users.
  let shared = 0;
  for (const users of t.arcUsers.values()) if (users.size >= 2) shared++;
  assert.ok(shared / t.arcs.size > 0.9);
});

test('Nansha: drag, split, merge, reparent, delete keep coverage exact; undo all restores', () => {
  const t = buildTopology(ds.units);
  const start = snapshot(t);
  const checker = new CoverageChecker(t.toUnits());
  assert.equal(checker.checkAll().counts.errors, 0);
  const h = new EditHistory(t);
  const step = (r: EditResult | null): EditSuccess => {
    const s = ok(r);
    const res = checker.update({ upsert: s.changed, remove: s.removed });
    assert.equal(res.counts.errors, 0, `${s.op.op}: ${JSON.stringify(res.defects.slice(0, 2))}`);
    return s;
  };

  const v = threeLevelVertex(t);
  const [x, y] = t.pos(v);
  const moved = step(h.apply({ op: 'moveVertex', vertex: v, to: [x + 2e-5, y + 1e-5] }));
  const levels = new Set(moved.changed.map((u) => u.level));
  for (const l of ['cell', 'community', 'town']) assert.ok(levels.has(l as 'cell'), l);
  for (const u of moved.changed) assert.ok(JSON.stringify(u.geometry).includes(`[${x + 2e-5},${y + 1e-5}]`));

  const { a, b, border, other } = pickCells(t);
  const target = t.gridUnit(a);
  const before = area(target.geometry);
  const split = step(h.apply({ op: 'splitUnit', code: a, line: lineThrough(target) }));
  const created = split.createdCodes[0] as string;
  assert.match(created, new RegExp(`^${target.parentCode}\\d{3}$`));
  const parts = [t.gridUnit(a), t.gridUnit(created)];
  const o = (target.geometry.type === 'Polygon' ? target.geometry.coordinates[0]?.[0] : [0, 0]) as number[];
  const exact = parts.reduce((s, u) => s + localArea(u, o), 0);
  assert.ok(Math.abs(exact - localArea(target, o)) / localArea(target, o) < 1e-9);
  // turf.area multiplies absolute longitudes (~1.98 rad) before differencing, so on a 0.2 km² cell its
  // own rounding is ~1e-6 relative: a 1e-9 bound cannot hold for it here; the exact check is above.
  const after = parts.reduce((s, u) => s + area(u.geometry), 0);
  assert.ok(Math.abs(after - before) / before < 1e-5, `${after} vs ${before}`);

  const beforeMerge = snapshot(t);
  const merged = step(h.apply({ op: 'mergeUnits', codes: [a, created], keep: a }));
  assert.deepEqual(merged.removed, [created]);
  step(h.undo());
  assert.equal(snapshot(t), beforeMerge);
  step(h.redo());

  if (t.unit(b)) step(h.apply({ op: 'deleteCell', code: b, giveTo: a }));
  if (t.unit(border)) {
    const r = step(h.apply({ op: 'reparentCell', code: border, parent: other }));
    assert.ok((r.createdCodes[0] as string).startsWith(other));
  }
  assert.equal(checkCoverage(t.toUnits()).counts.errors, 0);
  while (h.canUndo) step(h.undo());
  assert.equal(snapshot(t), start);
});

test('Nansha: a drag that would cross a neighbouring boundary is refused and nothing changes', () => {
  const t = buildTopology(ds.units);
  const before = snapshot(t);
  const v = threeLevelVertex(t);
  const [x, y] = t.pos(v);
  // Throw the vertex 5 km away: some ring around it must cross.
  const h = new EditHistory(t);
  const r = h.apply({ op: 'moveVertex', vertex: v, to: [x + 0.05, y + 0.05] });
  assert.equal(r.ok, false);
  assert.equal(h.canUndo, false);
  assert.equal(snapshot(t), before);
  assert.ok([...t.arcsAt(v)].every((id) => t.arcs.has(arcIndex(id))));
});
