import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Position } from 'geojson';
import {
  checkCoverage,
  formatMessage,
  publishGate,
  type CoverageResult,
  type RuleId,
} from '../../shared/coverage/index.ts';
import { community, multi, poly, pt, rect, ring, unit } from '../helpers/coverage-shapes.ts';

function only(r: CoverageResult, rule: RuleId): CoverageResult['defects'] {
  return r.defects.filter((d) => d.rule === rule);
}

function near(actual: number, expected: number, rel = 0.02): void {
  assert.ok(Math.abs(actual - expected) <= Math.max(rel * expected, 0.01), `${actual} ≈ ${expected}`);
}

test('a clean tiling passes and may be published', () => {
  const r = checkCoverage(
    community(['001', poly(rect(0, 0, 50, 100))], ['002', poly(rect(50, 0, 100, 100))]),
  );
  assert.deepEqual(r.defects, []);
  assert.equal(publishGate(r).allowed, true);
});

test('gap: located, measured in square metres, blocks publishing', () => {
  const r = checkCoverage(
    community(['001', poly(rect(0, 0, 49, 100))], ['002', poly(rect(50, 0, 100, 100))]),
  );
  const gaps = only(r, 'gap');
  assert.equal(gaps.length, 1);
  const g = gaps[0]!;
  near(g.areaM2, 100);
  near(g.widthM ?? 0, 1, 0.05);
  assert.equal(g.severity, 'error');
  assert.equal(g.belowTolerance, false);
  assert.equal(g.geometry?.type, 'Polygon');
  assert.deepEqual(g.codes.slice(0, 1), ['P']);
  assert.ok(g.codes.includes('P001') && g.codes.includes('P002'), 'bordering cells named');
  assert.equal(r.defects.length, 1, 'nothing else reported');
  const gate = publishGate(r);
  assert.equal(gate.allowed, false);
  assert.equal(gate.errors[0], g);
});

test('a 5 cm gap under the area tolerance is listed and counted, not dropped, and does not gate', () => {
  const r = checkCoverage([
    unit('P', null, poly(rect(0, 0, 100, 10))),
    unit('P1', 'P', poly(rect(0, 0, 49.95, 10))),
    unit('P2', 'P', poly(rect(50, 0, 100, 10))),
  ]);
  const gaps = only(r, 'gap');
  assert.equal(gaps.length, 1);
  near(gaps[0]!.areaM2, 0.5, 0.05);
  assert.equal(gaps[0]!.belowTolerance, true);
  assert.equal(r.counts.belowTolerance, 1);
  assert.equal(r.counts.byRule.gap.belowTolerance, 1);
  assert.equal(publishGate(r).allowed, true);
  // The same gap is an error with a finer tolerance.
  const fine = checkCoverage(
    [
      unit('P', null, poly(rect(0, 0, 100, 10))),
      unit('P1', 'P', poly(rect(0, 0, 49.95, 10))),
      unit('P2', 'P', poly(rect(50, 0, 100, 10))),
    ],
    { minAreaM2: 0.1 },
  );
  assert.equal(only(fine, 'gap')[0]!.belowTolerance, false);
});

test('overlap: the overlap region between the two siblings', () => {
  const r = checkCoverage(
    community(['001', poly(rect(0, 0, 52, 100))], ['002', poly(rect(50, 0, 100, 100))]),
  );
  const o = only(r, 'overlap');
  assert.equal(o.length, 1);
  near(o[0]!.areaM2, 200);
  assert.deepEqual([...o[0]!.codes].sort(), ['P001', 'P002']);
  assert.equal(only(r, 'gap').length, 0);
  assert.equal(only(r, 'containment').length, 0);
});

test('containment: the part of a child outside its parent', () => {
  const r = checkCoverage(
    community(['001', poly(rect(0, 0, 50, 100))], ['002', poly(rect(50, 0, 103, 100))]),
  );
  const c = only(r, 'containment');
  assert.equal(c.length, 1);
  near(c[0]!.areaM2, 300);
  assert.deepEqual(c[0]!.codes, ['P', 'P002']);
  assert.equal(r.defects.length, 1);
});

test('holes: a lake left open by parent and cells is clean; a cell over the lake is outside its parent', () => {
  const lake = ring([40, 40], [40, 60], [60, 60], [60, 40]);
  const parent = unit('P', null, poly(rect(0, 0, 100, 100), lake));
  const left = poly(ring([0, 0], [50, 0], [50, 40], [40, 40], [40, 60], [50, 60], [50, 100], [0, 100]));
  const right = poly(ring([50, 0], [100, 0], [100, 100], [50, 100], [50, 60], [60, 60], [60, 40], [50, 40]));
  assert.deepEqual(checkCoverage([parent, unit('P1', 'P', left), unit('P2', 'P', right)]).defects, []);
  const r = checkCoverage([
    parent,
    unit('P1', 'P', poly(rect(0, 0, 50, 100))),
    unit('P2', 'P', poly(rect(50, 0, 100, 100))),
  ]);
  const c = only(r, 'containment');
  assert.equal(c.length, 2);
  near(c[0]!.areaM2 + c[1]!.areaM2, 400);
});

test('multipolygons: an island community and a two-part cell', () => {
  const parent = unit('P', null, multi([rect(0, 0, 100, 100)], [rect(200, 0, 250, 50)]));
  const a = unit('P1', 'P', multi([rect(0, 0, 50, 100)], [rect(200, 0, 250, 50)]));
  const b = unit('P2', 'P', poly(rect(50, 0, 100, 100)));
  assert.deepEqual(checkCoverage([parent, a, b]).defects, []);
  const r = checkCoverage([parent, unit('P1', 'P', poly(rect(0, 0, 50, 100))), b]);
  const g = only(r, 'gap');
  assert.equal(g.length, 1);
  near(g[0]!.areaM2, 2500);
});

test('cells touching at a single point are not overlapping', () => {
  const r = checkCoverage(
    community(
      ['001', poly(rect(0, 0, 50, 50))],
      ['002', poly(rect(50, 50, 100, 100))],
      ['003', poly(rect(50, 0, 100, 50))],
      ['004', poly(rect(0, 50, 50, 100))],
    ),
  );
  assert.deepEqual(r.defects, []);
  // Two diagonal cells alone leave two gaps, and still no overlap.
  const r2 = checkCoverage(
    community(['001', poly(rect(0, 0, 50, 50))], ['002', poly(rect(50, 50, 100, 100))]),
  );
  assert.equal(only(r2, 'overlap').length, 0);
  assert.equal(only(r2, 'gap').length, 2);
});

test('collinear overlapping edges and T-junctions are no defect', () => {
  // Parent edges are single segments; the cells put vertices along them and along each other.
  const a = poly(ring([0, 0], [50, 0], [50, 30], [50, 70], [50, 100], [25, 100], [0, 100]));
  const b = poly(ring([50, 0], [100, 0], [100, 100], [50, 100], [50, 50]));
  assert.deepEqual(checkCoverage(community(['001', a], ['002', b])).defects, []);
  // Collinear edges that really overlap end-to-end by 2 m of a 2 m wide strip: found.
  const c = poly(ring([0, 0], [52, 0], [52, 100], [0, 100]));
  const r = checkCoverage(community(['001', c], ['002', b]));
  near(only(r, 'overlap')[0]!.areaM2, 200);
});

test('float noise of 1e-9 degrees along shared boundaries reports nothing', () => {
  const noisy = (r: Position[]): Position[] => {
    const open = r
      .slice(0, -1)
      .map(([x, y], i): Position => [
        (x as number) + (i % 2 ? 1e-9 : -1e-9),
        (y as number) + (i % 3 ? 1e-9 : 0),
      ]);
    return [...open, open[0] as Position];
  };
  const units = community(
    ['001', poly(noisy(rect(0, 0, 50, 100)))],
    ['002', poly(noisy(rect(50, 0, 100, 100)).reverse())],
  );
  assert.deepEqual(checkCoverage(units).defects, []);
});

test('validity: self-intersection located at the crossing point; either winding accepted', () => {
  const bow = unit('P1', 'P', poly(ring([0, 0], [100, 100], [100, 0], [0, 100])));
  const r = checkCoverage([unit('P', null, poly(rect(0, 0, 100, 100))), bow]);
  const v = only(r, 'validity').filter((d) => d.messageKey === 'validity.selfIntersection');
  assert.equal(v.length, 1);
  assert.equal(v[0]!.geometry?.type, 'Point');
  const at = v[0]!.location!;
  const mid = pt(50, 50);
  assert.ok(Math.abs(at[0] - mid[0]!) < 1e-7 && Math.abs(at[1] - mid[1]!) < 1e-7);
  const cw = checkCoverage(community(['001', poly(rect(0, 0, 100, 100).reverse())]));
  assert.deepEqual(cw.defects, []);
});

test('validity: unclosed, too few positions, repeated and spike vertices, holes outside, overlapping parts', () => {
  const keys = (g: Parameters<typeof unit>[2]): string[] =>
    checkCoverage([unit('X', null, g)])
      .defects.filter((d) => d.rule === 'validity')
      .map((d) => d.messageKey);
  const open = rect(0, 0, 10, 10).slice(0, -1);
  assert.deepEqual(keys(poly(open)), ['validity.unclosed']);
  assert.deepEqual(keys(poly([pt(0, 0), pt(10, 0), pt(0, 0)])), ['validity.tooFewPositions']);
  const rep = ring([0, 0], [10, 0], [10, 0], [10, 10], [0, 10]);
  assert.deepEqual(keys(poly(rep)), ['validity.repeatedVertex']);
  const spike = ring([0, 0], [10, 0], [10, 5], [30, 5], [10, 5.0001], [10, 10], [0, 10]);
  assert.ok(keys(poly(spike)).includes('validity.spike'));
  assert.deepEqual(keys(poly(rect(0, 0, 10, 10), rect(20, 20, 30, 30))), ['validity.holeOutsideShell']);
  assert.deepEqual(keys(multi([rect(0, 0, 10, 10)], [rect(5, 5, 15, 15)])), ['validity.partsOverlap']);
  assert.deepEqual(keys(multi([rect(0, 0, 10, 10)], [rect(2, 2, 8, 8)])), ['validity.partsOverlap']);
  assert.deepEqual(
    keys(multi([rect(0, 0, 10, 10)], [rect(10, 10, 20, 20)])),
    [],
    'parts touching at a point are fine',
  );
  assert.deepEqual(
    keys(poly(rect(0, 0, 10, 10), ring([0, 5], [5, 2], [5, 8]))),
    [],
    'a hole touching its shell at a point is fine',
  );
  const sev = checkCoverage([unit('X', null, poly(rep))]).defects[0]!;
  assert.equal(sev.severity, 'warning');
});

test('sliver: thinner than the width tolerance', () => {
  const r = checkCoverage([unit('X', null, poly(rect(0, 0, 100, 0.3)))]);
  const s = only(r, 'sliver');
  assert.equal(s.length, 1);
  assert.equal(s[0]!.severity, 'warning');
  near(s[0]!.widthM ?? 0, 0.3, 0.02);
  assert.equal(
    only(checkCoverage([unit('X', null, poly(rect(0, 0, 100, 0.3)))], { minWidthM: 0.2 }), 'sliver').length,
    0,
  );
});

test('codes and orphans', () => {
  const g = poly(rect(0, 0, 10, 10));
  const r = checkCoverage([
    unit('440115001', null, g, 'town'),
    unit('440115001001', '440115001', g, 'community'),
    unit('440115001002', '440115001', g, 'community'),
    unit('440115001001001', '440115001001', g),
    unit('440115001001001', '440115001001', g),
    unit('440115002001002', '440115001001', g),
    unit('440115009001001', '440115009001', g),
  ]);
  const keys = r.defects
    .filter((d) => d.rule === 'codes' || d.rule === 'orphans')
    .map((d) => `${d.messageKey}:${d.codes[0]}`)
    .sort();
  assert.deepEqual(keys, [
    'codes.duplicate:440115001001001',
    'codes.prefix:440115002001002',
    'orphans.noChildren:440115001002',
    'orphans.noParent:440115009001001',
  ]);
});

test('messages in zh-CN and en', () => {
  const r = checkCoverage(
    community(['001', poly(rect(0, 0, 49, 100))], ['002', poly(rect(50, 0, 100, 100))]),
  );
  const g = r.defects[0]!;
  assert.match(formatMessage(g.messageKey, g.messageParams), /^P 内有 100(\.\d+)? 平方米未被下级网格覆盖$/);
  assert.match(
    formatMessage(g.messageKey, g.messageParams, 'en'),
    /m² of P is covered by none of its children/,
  );
});
