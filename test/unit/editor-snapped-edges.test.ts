/**
 * Drawn lines that join an existing edge at a point snapped onto its middle (not at a vertex): the point
 * must become a vertex of that edge in every unit sharing it, at every level, so the new shapes share
 * the boundary exactly. The lattice is sheared, so snapped points lie off their segment by float noise
 * as on real data. After each edit the coverage check reports nothing at all, and undo restores.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EditHistory, buildTopology, type LonLat } from '../../shared/editor/index.ts';
import {
  C1,
  DISTRICT,
  P,
  TOWN,
  cell,
  defects,
  hasVertex,
  lattice,
  near,
  ok,
  snapped,
  snapshot,
  squares,
} from '../helpers/editor-lattice.ts';

const triangle = (a: LonLat, b: LonLat, c: LonLat): number => {
  const o = P(0, 0);
  const one = P(1, 0);
  const up = P(0, 1);
  const unit = (one[0] - o[0]) * (up[1] - o[1]) - (one[1] - o[1]) * (up[0] - o[0]);
  return Math.abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])) / 2 / unit;
};

test('draw: a corner snapped onto the middle of the edge between two cells becomes a vertex of both', () => {
  const t = buildTopology(lattice());
  const h = new EditHistory(t);
  const before = snapshot(t);
  const m = snapped(t, 1, 0.37);
  assert.ok(!hasVertex(t, cell(C1, 1), m), 'the snapped point is not a vertex yet');
  const ring = [P(0.2, 0.2), m, P(0.2, 0.8)];
  const r = ok(h.apply({ op: 'drawCell', parent: C1, ring, mode: 'take' }));
  const code = r.createdCodes[0] as string;
  for (const c of [cell(C1, 1), cell(C1, 3), code]) assert.ok(hasVertex(t, c, m), `${c} holds the point`);
  assert.deepEqual(defects(t), []);
  const area = triangle(ring[0]!, ring[1]!, ring[2]!);
  assert.ok(near(squares(t, code), area));
  assert.ok(near(squares(t, cell(C1, 1)), 1 - area));
  assert.ok(near(squares(t, cell(C1, 3)), 1));
  const after = snapshot(t);
  ok(h.undo());
  assert.equal(snapshot(t), before);
  ok(h.redo());
  assert.equal(snapshot(t), after);
});

test('draw: a point snapped onto the community edge is inserted into the cell, community, town and district on it', () => {
  const t = buildTopology(lattice());
  const h = new EditHistory(t);
  const before = snapshot(t);
  const m = snapped(t, 0, 0.37);
  const r = ok(h.apply({ op: 'drawCell', parent: C1, ring: [m, P(0.8, 0.2), P(0.8, 0.8)], mode: 'take' }));
  const code = r.createdCodes[0] as string;
  for (const c of [cell(C1, 1), C1, TOWN, DISTRICT, code])
    assert.ok(hasVertex(t, c, m), `${c} holds the point`);
  assert.deepEqual(defects(t), []);
  ok(h.undo());
  assert.equal(snapshot(t), before);
});

test('draw: an outline along the community edge between two snapped points shares that stretch as one arc', () => {
  const t = buildTopology(lattice());
  const q1 = snapped(t, 0, 0.2);
  const q2 = snapped(t, 0, 0.7);
  const r = ok(
    new EditHistory(t).apply({ op: 'drawCell', parent: C1, ring: [q1, P(0.6, 0.3), q2], mode: 'take' }),
  );
  const code = r.createdCodes[0] as string;
  const same = (v: number, p: LonLat): boolean => t.pos(v)[0] === p[0] && t.pos(v)[1] === p[1];
  const stretch = [...t.arcs].find(
    ([, vs]) =>
      vs.length === 2 && ((same(vs[0]!, q1) && same(vs[1]!, q2)) || (same(vs[0]!, q2) && same(vs[1]!, q1))),
  );
  assert.ok(stretch, 'one arc from q1 to q2');
  assert.deepEqual([...(t.arcUsers.get(stretch[0]) ?? [])].sort(), [code, C1, TOWN, DISTRICT].sort());
  assert.deepEqual(defects(t), []);
});

test('split: a line between points snapped onto two edges splits the cell wherever they fall', () => {
  for (let k = 1; k < 13; k++) {
    const t = buildTopology(lattice());
    const hist = new EditHistory(t);
    const before = snapshot(t);
    const a = snapped(t, k / 13, 0);
    const b = snapped(t, ((k * 5) % 13) / 13 || 0.5, 1);
    const r = ok(hist.apply({ op: 'splitUnit', code: cell(C1, 1), line: [a, b] }));
    const created = r.createdCodes[0] as string;
    for (const c of [cell(C1, 1), created, C1, TOWN, DISTRICT]) assert.ok(hasVertex(t, c, a), `${c} at ${k}`);
    for (const c of [cell(C1, 1), created, cell(C1, 2)]) assert.ok(hasVertex(t, c, b), `${c} at ${k}`);
    assert.ok(near(squares(t, cell(C1, 1)) + squares(t, created), 1));
    assert.deepEqual(defects(t), [], `split ${k}`);
    ok(hist.undo());
    assert.equal(snapshot(t), before);
  }
});

test('split: a line passing exactly through a vertex of the boundary counts it once', () => {
  const t = buildTopology(lattice());
  // From the community's corner vertex straight across cell 1 to its opposite edge.
  const r = ok(
    new EditHistory(t).apply({ op: 'splitUnit', code: cell(C1, 1), line: [P(0, 0), snapped(t, 1, 0.6)] }),
  );
  assert.equal(r.createdCodes.length, 1);
  assert.deepEqual(defects(t), []);
});

test('reshape: a line running along a neighbour edge from a snapped point shares it with the cell beyond', () => {
  const t = buildTopology(lattice());
  const hist = new EditHistory(t);
  const before = snapshot(t);
  const along = snapped(t, 1.3, 1);
  const line = [snapped(t, 1, 0.5), P(1.3, 0.5), along, snapped(t, 1, 1)];
  ok(hist.apply({ op: 'reshapeBoundary', code: cell(C1, 1), line }));
  assert.ok(near(squares(t, cell(C1, 1)), 1.15));
  assert.ok(near(squares(t, cell(C1, 3)), 0.85));
  assert.ok(near(squares(t, cell(C1, 4)), 1));
  for (const c of [cell(C1, 1), cell(C1, 3), cell(C1, 4)]) assert.ok(hasVertex(t, c, along), c);
  // The stretch of the old 3|4 edge the line ran along now lies between cells 1 and 4, one arc.
  const shared = [...t.arcs.entries()].filter(([id]) => {
    const users = t.arcUsers.get(id) ?? new Set<string>();
    return users.size === 2 && users.has(cell(C1, 1)) && users.has(cell(C1, 4));
  });
  assert.equal(shared.length, 1);
  assert.deepEqual(defects(t), []);
  ok(hist.undo());
  assert.equal(snapshot(t), before);
});
