/**
 * The planner's coverage tolerances: what is accepted and what is refused (with a message naming the
 * range in Chinese and English), how a stored value that no longer validates falls back, and that the
 * check and the snap fix follow them: a gap below the default area is an error under a stricter one,
 * a new tolerance re-judges the same checker, and the snap fix's reach is the planner's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CoverageChecker,
  DEFAULT_TOLERANCES,
  checkCoverage,
  formatMessage,
  planFix,
  publishGate,
  storedTolerances,
  TOLERANCE_RANGES,
  validateTolerances,
} from '../../shared/coverage/index.ts';
import { community, poly, rect, ring } from '../helpers/coverage-shapes.ts';

test('the defaults validate; each field out of range, not a number or missing is named', () => {
  const ok = validateTolerances(DEFAULT_TOLERANCES);
  assert.ok(ok.ok);
  assert.deepEqual(ok.tolerances, { minAreaM2: 1, minWidthM: 0.5, snapFixM: 1 });
  assert.ok(validateTolerances({ minAreaM2: 0.01, minWidthM: 50, snapFixM: 5 }).ok, 'the range ends are in');

  const cases: [string, unknown, string][] = [
    ['zero area', { ...DEFAULT_TOLERANCES, minAreaM2: 0 }, 'minAreaM2'],
    ['negative width', { ...DEFAULT_TOLERANCES, minWidthM: -0.5 }, 'minWidthM'],
    ['snap too far', { ...DEFAULT_TOLERANCES, snapFixM: 5.01 }, 'snapFixM'],
    ['area too large', { ...DEFAULT_TOLERANCES, minAreaM2: 1e6 }, 'minAreaM2'],
    ['not a number', { ...DEFAULT_TOLERANCES, minWidthM: NaN }, 'minWidthM'],
    ['infinite', { ...DEFAULT_TOLERANCES, minAreaM2: Infinity }, 'minAreaM2'],
    ['a string', { ...DEFAULT_TOLERANCES, snapFixM: '1' }, 'snapFixM'],
    ['missing', { minAreaM2: 1, minWidthM: 0.5 }, 'snapFixM'],
  ];
  for (const [what, input, field] of cases) {
    const v = validateTolerances(input);
    assert.ok(!v.ok, what);
    assert.deepEqual(
      v.problems.map((p) => p.field),
      [field],
      what,
    );
    const p = v.problems[0]!;
    assert.equal(p.key, `tolerance.${field}`);
    assert.deepEqual(p.params, {
      min: TOLERANCE_RANGES[p.field].min,
      max: TOLERANCE_RANGES[p.field].max,
    });
  }
  const all = validateTolerances(null);
  assert.ok(!all.ok);
  assert.equal(all.problems.length, 3, 'nothing given: all three named');
});

test('refusals say the range in Chinese and English', () => {
  const v = validateTolerances({ minAreaM2: -1, minWidthM: 0.5, snapFixM: 1 });
  assert.ok(!v.ok);
  const p = v.problems[0]!;
  assert.equal(
    formatMessage(p.key, p.params, 'zh-CN'),
    '面积容差（缝隙、重叠、超出上级）须是 0.01 到 1000 平方米之间的数',
  );
  assert.equal(
    formatMessage(p.key, p.params, 'en'),
    'The area tolerance (gaps, overlaps, parts outside the parent) must be a number from 0.01 to 1000 m²',
  );
  const w = validateTolerances({ minAreaM2: 1, minWidthM: 0.5, snapFixM: 9 });
  assert.ok(!w.ok);
  assert.match(
    formatMessage(w.problems[0]!.key, w.problems[0]!.params, 'zh-CN'),
    /顶点吸附距离.*0\.01 到 5 米/,
  );
});

test('stored tolerances: absent gives the defaults, a bad field falls back alone', () => {
  assert.deepEqual(storedTolerances(null), DEFAULT_TOLERANCES);
  assert.deepEqual(storedTolerances('garbage'), DEFAULT_TOLERANCES);
  assert.deepEqual(storedTolerances({ minAreaM2: 0.2, minWidthM: -3, snapFixM: 2 }), {
    minAreaM2: 0.2,
    minWidthM: 0.5,
    snapFixM: 2,
  });
});

/**
 * Two cells of a 100 m square; cell 2 has a notch 2 cm deep along 50 m of their common edge: a
 * 0.5 m² gap, below the default 1 m² (and wider than the check's 1 cm snap, so it is measured).
 */
const notched = (depth = 0.02) =>
  community(
    ['1', poly(rect(0, 0, 50, 100))],
    ['2', poly(ring([50, 0], [100, 0], [100, 100], [50, 100], [50, 75], [50 + depth, 50], [50, 25]))],
  );
const halfSquareMetreGap = () => notched();

test('a 0.5 m² gap is below the default tolerance, an error under 0.1 m², listed either way', () => {
  const units = halfSquareMetreGap();
  const loose = checkCoverage(units);
  const gap = loose.defects.find((d) => d.rule === 'gap');
  assert.ok(gap && gap.belowTolerance, 'listed as below tolerance');
  assert.ok(Math.abs(gap.areaM2 - 0.5) < 0.05, `${gap.areaM2} m²`);
  assert.equal(loose.counts.belowTolerance, 1);
  assert.ok(publishGate(loose).allowed);

  const strict = checkCoverage(units, { minAreaM2: 0.1 });
  assert.equal(strict.counts.errors, 1);
  assert.equal(strict.counts.belowTolerance, 0);
  assert.equal(strict.defects.find((d) => d.rule === 'gap')?.id, gap.id, 'the same finding');
  assert.equal(publishGate(strict).allowed, false);
});

test('new tolerances re-judge the same checker; edits after keep them', () => {
  const units = halfSquareMetreGap();
  const checker = new CoverageChecker(units);
  assert.equal(checker.checkAll().counts.errors, 0);
  checker.setOptions({ minAreaM2: 0.1, minWidthM: 40, snapFixM: 1 });
  const r = checker.checkAll();
  assert.equal(r.options.minAreaM2, 0.1);
  assert.equal(r.counts.byRule.gap.error, 1);
  assert.equal(
    r.counts.byRule.sliver.warning,
    2,
    'both cells (mean width 33 m) are slivers under 40 m, the square (50 m) is not',
  );
  // An edit re-checked incrementally is judged under the same tolerances.
  const moved = checker.update({ upsert: [notched(0.04)[2]!] });
  assert.equal(moved.counts.byRule.gap.error, 1);
  const a = moved.defects.find((d) => d.rule === 'gap')!.areaM2;
  assert.ok(Math.abs(a - 1) < 0.05, `${a} m²`);
});

test('the snap fix reaches as far as the planner’s snap distance, no further', () => {
  // Cell 1 has a vertex 0.3 m into cell 2 at the middle of their common edge: a thin overlap.
  const units = community(
    ['1', poly(ring([0, 0], [50, 0], [50.3, 50], [50, 100], [0, 100]))],
    ['2', poly(rect(50, 0, 100, 100))],
  );
  const overlap = checkCoverage(units).defects.find((d) => d.rule === 'overlap');
  assert.ok(overlap);
  const near = planFix(overlap, units, 'snap');
  assert.ok(near.ok, 'within the default 1 m');
  assert.equal(near.plan.moves.length, 1);
  const far = planFix(overlap, units, 'snap', undefined, { snapFixM: 0.2 });
  assert.deepEqual(far, { ok: false, reason: 'fix.tooFar' });
  assert.ok(planFix(overlap, units, 'snap', undefined, { snapFixM: 0.5 }).ok);
});
