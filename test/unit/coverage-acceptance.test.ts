/**
 * Accepted warnings matched to the check's findings by what they are about, not by the defect id:
 * an edit that moves or reshapes a sliver a little keeps it accepted, a material change (area by
 * more than a quarter, or moved more than 10 m) keeps it accepted but flagged, and of two slivers of
 * one cell the one accepted stays the accepted one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkCoverage,
  matchAcceptances,
  warningKey,
  type AcceptedWarning,
  type CoverageUnit,
  type Defect,
} from '../../shared/coverage/index.ts';
import { keyOfDefectId } from '../../shared/coverage/acceptance.ts';
import { community, multi, poly, rect } from '../helpers/coverage-shapes.ts';

/** Cells A below, a 100 m strip S of height h at y, B above: S is a sliver warning. */
function strip(y: number, h = 0.3): CoverageUnit[] {
  return community(
    ['001', poly(rect(0, 0, 100, y))],
    ['002', poly(rect(0, y, 100, y + h))],
    ['003', poly(rect(0, y + h, 100, 100))],
  );
}

function warnings(units: CoverageUnit[]): Defect[] {
  const ds = checkCoverage(units).defects;
  assert.ok(
    ds.every((d) => d.severity === 'warning'),
    JSON.stringify(ds.map((d) => d.id)),
  );
  return ds;
}

const accept = (d: Defect): AcceptedWarning => ({
  defectId: d.id,
  key: warningKey(d),
  areaM2: d.areaM2,
  location: d.location,
});

test('a sliver moved 2 m by an edit has a new id but stays accepted, unflagged', () => {
  const [before] = warnings(strip(40));
  const e = accept(before!);
  const [after] = warnings(strip(42));
  assert.notEqual(after!.id, before!.id, 'the defect id follows the place');
  const m = matchAcceptances([after!], [e]);
  assert.equal(m.get(after!.id)?.exception, e);
  assert.equal(m.get(after!.id)?.changed, null);
});

test('a sliver whose area grew by half is still accepted but flagged, with both areas', () => {
  const [before] = warnings(strip(40, 0.3));
  const [after] = warnings(strip(40, 0.45));
  const m = matchAcceptances([after!], [accept(before!)]);
  const a = m.get(after!.id)!;
  assert.ok(a.changed, 'changed materially');
  assert.ok(Math.abs(a.changed.areaThen! - 30) < 0.5 && Math.abs(a.changed.areaNow - 45) < 0.5);
});

test('a sliver moved 20 m is flagged as moved', () => {
  const [before] = warnings(strip(40));
  const [after] = warnings(strip(60));
  const a = matchAcceptances([after!], [accept(before!)]).get(after!.id)!;
  assert.ok(a.changed && a.changed.movedM > 19 && a.changed.movedM < 21, JSON.stringify(a.changed));
});

test('of two slivers of one cell, the accepted one stays accepted and the other does not', () => {
  const cells = (dy: number): CoverageUnit[] =>
    community(
      ['001', poly(rect(0, 0, 100, 20 + dy))],
      ['002', multi([rect(0, 20 + dy, 100, 20.3 + dy)], [rect(0, 70 + dy, 100, 70.3 + dy)])],
      ['003', poly(rect(0, 20.3 + dy, 100, 70 + dy))],
      ['004', poly(rect(0, 70.3 + dy, 100, 100))],
    );
  const before = warnings(cells(0));
  assert.equal(before.length, 2);
  const upper = before.find((d) => d.location![1] > before.find((x) => x !== d)!.location![1])!;
  const e = accept(upper);
  const after = warnings(cells(1));
  const m = matchAcceptances(after, [e]);
  assert.equal(m.size, 1);
  const [id] = [...m.keys()];
  const matched = after.find((d) => d.id === id)!;
  assert.ok(matched.location![1] > after.find((d) => d.id !== id)!.location![1], 'the upper one');
  assert.equal(m.get(id!)!.changed, null);
});

test('an acceptance does not carry over to another unit’s warning, nor to an error', () => {
  const [s] = warnings(strip(40));
  const other = { ...s!, id: 'x', codes: ['P003'], messageParams: {} };
  assert.equal(matchAcceptances([other], [accept(s!)]).size, 0);
  const error = { ...s!, id: 'y', severity: 'error' as const };
  assert.equal(matchAcceptances([error], [accept(s!)]).size, 0);
});

test('records written before the key existed imply it from their defect id', () => {
  const [s] = warnings(strip(40));
  const implied = keyOfDefectId(s!.id);
  assert.equal(implied.key, warningKey(s!));
  assert.ok(Math.abs(implied.location![0] - s!.location![0]) < 1e-6);
  const [moved] = warnings(strip(42));
  const m = matchAcceptances([moved!], [{ defectId: s!.id, ...implied, areaM2: null }]);
  assert.equal(m.get(moved!.id)?.changed, null);
});
