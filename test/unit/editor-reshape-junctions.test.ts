/**
 * Reshaping a boundary past a node where three or more units meet. The common case: the boundary
 * between two cells is dragged past the point where a third cell meets them, and each keeps its share
 * (the boundary ending at the junction is carried on to the new line). Where the line does not say
 * who gets an area, the edit is refused with a message naming both candidates. After every accepted
 * edit the coverage check reports nothing, at every level, and undo/redo restore exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EditHistory,
  applyEdit,
  buildTopology,
  formatEditorMessage,
  type LonLat,
  type Topology,
} from '../../shared/editor/index.ts';
import {
  C1,
  C2,
  P,
  cell,
  defects,
  hasVertex,
  lattice,
  near,
  ok,
  snapshot,
  squares,
  unitsAt,
} from '../helpers/editor-lattice.ts';

const line = (...pts: [number, number][]): LonLat[] => pts.map(([i, j]) => P(i, j));

/** Cells 3 and 4 of the first community merged into one cell B beside cells 1 and 2: a T junction at (1, 1). */
function tJunction(): { t: Topology; h: EditHistory; a: string; c: string; b: string } {
  const t = buildTopology(lattice());
  const h = new EditHistory(t);
  ok(h.apply({ op: 'mergeUnits', codes: [cell(C1, 3), cell(C1, 4)], keep: cell(C1, 3) }));
  return { t, h, a: cell(C1, 1), c: cell(C1, 2), b: cell(C1, 3) };
}

test('T junction: the boundary dragged into B past where a third cell meets; each neighbour gains its share', () => {
  const { t, h, a, b, c } = tJunction();
  const before = snapshot(t);
  ok(h.apply({ op: 'reshapeBoundary', code: b, line: line([1, 0.5], [1.3, 0.5], [1.3, 1.5], [1, 1.5]) }));
  assert.ok(near(squares(t, a), 1.15), String(squares(t, a)));
  assert.ok(near(squares(t, c), 1.15), String(squares(t, c)));
  assert.ok(near(squares(t, b), 1.7));
  // The boundary between cells 1 and 2 now runs on to the line: its end is a vertex of all three.
  assert.deepEqual(unitsAt(t, P(1.3, 1)), [a, c, b].sort());
  // The old junction is now a bend in the boundary between cells 1 and 2.
  assert.deepEqual(unitsAt(t, P(1, 1)), [a, c].sort());
  assert.deepEqual(defects(t), []);
  const after = snapshot(t);
  ok(h.undo());
  assert.equal(snapshot(t), before);
  ok(h.redo());
  assert.equal(snapshot(t), after);
});

test('T junction: the boundary dragged out of B past the junction; both neighbours give up their share', () => {
  const { t, h, a, b, c } = tJunction();
  ok(h.apply({ op: 'reshapeBoundary', code: b, line: line([1, 0.5], [0.7, 0.5], [0.7, 1.5], [1, 1.5]) }));
  assert.ok(near(squares(t, a), 0.85) && near(squares(t, c), 0.85) && near(squares(t, b), 2.3));
  // The old junction lies inside B now; the new one is where the line crosses the 1|2 boundary.
  assert.ok(!hasVertex(t, b, P(1, 1)) && !hasVertex(t, a, P(1, 1)));
  for (const u of [a, b, c]) assert.ok(hasVertex(t, u, P(0.7, 1)), u);
  assert.deepEqual(defects(t), []);
});

test('T junction: a line that ends at the junction, or passes through it, is accepted', () => {
  const { t, h, a, b, c } = tJunction();
  ok(h.apply({ op: 'reshapeBoundary', code: b, line: line([1, 0.5], [1.3, 0.7], [1, 1]) }));
  assert.ok(near(squares(t, a), 1.075) && near(squares(t, c), 1));
  assert.deepEqual(defects(t), []);
  ok(h.undo());
  ok(
    h.apply({
      op: 'reshapeBoundary',
      code: b,
      line: line([1, 0.5], [1.3, 0.7], [1, 1], [1.3, 1.3], [1, 1.5]),
    }),
  );
  assert.ok(near(squares(t, a), 1.075) && near(squares(t, c), 1.075));
  assert.deepEqual(defects(t), []);
  ok(h.undo());
  // Crossing the old boundary at the junction: B gives below it and takes above it.
  ok(h.apply({ op: 'reshapeBoundary', code: b, line: line([1, 0.5], [1.3, 0.7], [0.7, 1.3], [1, 1.5]) }));
  assert.ok(near(squares(t, a), 1.075) && near(squares(t, c), 0.925) && near(squares(t, b), 2));
  assert.deepEqual(defects(t), []);
});

test('corner: a line from the A|B boundary to the B|C boundary gives A the area; C keeps its own', () => {
  // Cells 2 and 4 merged into C across the top of cells 1 (A) and 3 (B).
  const t = buildTopology(lattice());
  const h = new EditHistory(t);
  ok(h.apply({ op: 'mergeUnits', codes: [cell(C1, 2), cell(C1, 4)], keep: cell(C1, 2) }));
  const [a, b, c] = [cell(C1, 1), cell(C1, 3), cell(C1, 2)];
  ok(h.apply({ op: 'reshapeBoundary', code: b, line: line([1, 0.5], [1.3, 0.5], [1.3, 1]) }));
  assert.ok(near(squares(t, a), 1.15) && near(squares(t, b), 0.85) && near(squares(t, c), 2));
  // A and C now share the stretch of the old B|C boundary up to where the line meets it.
  for (const u of [a, b, c]) assert.ok(hasVertex(t, u, P(1.3, 1)), u);
  assert.deepEqual(defects(t), []);
  ok(h.undo());
  // From A's side, out of A across B into C and back onto A|C: A takes from both.
  ok(
    h.apply({
      op: 'reshapeBoundary',
      code: a,
      line: line([1, 0.5], [1.3, 0.5], [1.3, 1.2], [0.8, 1.2], [0.8, 1]),
    }),
  );
  assert.ok(near(squares(t, a), 1.25) && near(squares(t, b), 0.85) && near(squares(t, c), 1.9));
  assert.deepEqual(defects(t), []);
});

test('across a community border: the cells on the far side take their shares and the communities follow', () => {
  const t = buildTopology(lattice());
  const h = new EditHistory(t);
  ok(h.apply({ op: 'mergeUnits', codes: [cell(C2, 1), cell(C2, 2)], keep: cell(C2, 1) }));
  const before = snapshot(t);
  const b = cell(C2, 1);
  ok(h.apply({ op: 'reshapeBoundary', code: b, line: line([2, 0.5], [2.3, 0.5], [2.3, 1.5], [2, 1.5]) }));
  assert.ok(near(squares(t, cell(C1, 3)), 1.15) && near(squares(t, cell(C1, 4)), 1.15));
  assert.ok(near(squares(t, C1), 4.3), String(squares(t, C1)));
  assert.ok(near(squares(t, C2), 3.7) && near(squares(t, b), 1.7));
  // The line is the communities' new border; the town and district hold both sides of it.
  assert.deepEqual(unitsAt(t, P(2.3, 0.5)), [C1, C2, cell(C1, 3), b].sort());
  assert.deepEqual(unitsAt(t, P(2.3, 1)), [C1, C2, cell(C1, 3), cell(C1, 4), b].sort());
  assert.deepEqual(defects(t), []);
  const after = snapshot(t);
  ok(h.undo());
  assert.equal(snapshot(t), before);
  ok(h.redo());
  assert.equal(snapshot(t), after);
});

test('four cells at a node: an area bordering two of them equally is refused with both named; nothing changes', () => {
  const t = buildTopology(lattice());
  const before = snapshot(t);
  const r = applyEdit(t, {
    op: 'reshapeBoundary',
    code: cell(C1, 1),
    line: line([1, 0.5], [0.8, 0.5], [0.8, 0.8], [0.5, 0.8], [0.5, 1]),
  });
  assert.ok(!r.ok);
  assert.equal(r.error.key, 'editor.reshape.ambiguous');
  assert.deepEqual([r.error.params.a, r.error.params.b].sort(), [cell(C1, 2), cell(C1, 3)].sort());
  const zh = formatEditorMessage(r.error.key, r.error.params);
  const en = formatEditorMessage(r.error.key, r.error.params, 'en');
  assert.match(zh, new RegExp(`${cell(C1, 2)}.*无法确定归谁`));
  assert.match(en, /not clear which should get it; end the line where/);
  assert.equal(snapshot(t), before);
  // Taking area past the same node is not ambiguous: cell 1 gains from 3, 4 and 2 alike.
  ok(
    applyEdit(t, {
      op: 'reshapeBoundary',
      code: cell(C1, 1),
      line: line([1, 0.5], [1.2, 0.5], [1.2, 1.2], [0.5, 1.2], [0.5, 1]),
    }),
  );
  assert.ok(near(squares(t, cell(C1, 1)), 1.24) && near(squares(t, cell(C1, 4)), 0.96));
  assert.deepEqual(defects(t), []);
});

test('refusals: a line that would swallow a whole cell, or touch the unit elsewhere, changes nothing', () => {
  const t = buildTopology(lattice());
  const before = snapshot(t);
  const swallow = applyEdit(t, {
    op: 'reshapeBoundary',
    code: cell(C2, 1),
    line: line([2, 1], [0.9, 1.05], [0.9, -0.05], [2, 0]),
  });
  assert.equal(swallow.ok ? 'accepted' : swallow.error.key, 'editor.reshape.swallows');
  const touch = applyEdit(t, {
    op: 'reshapeBoundary',
    code: cell(C1, 1),
    line: line([1, 0.8], [0.4, 0.6], [0.4, 0], [0.7, 0.3], [1, 0.2]),
  });
  assert.equal(touch.ok ? 'accepted' : touch.error.key, 'editor.reshape.touches');
  assert.equal(snapshot(t), before);
});
