/**
 * Coverage fixes and accepted warnings through the backend API on a real Nansha data file: a gap
 * left by a deleted cell fixed in one edit (undo, redo, restart, publish), the planner's choice of
 * neighbour, and a sliver warning accepted with a reason that survives a restart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { area } from '@turf/turf';
import type { DraftEditResponse, OpenDraftState } from '../../shared/api/drafts-contract.ts';
import type { CoverageResponses } from '../../shared/api/coverage-contract.ts';
import { call, nanshaCopy, openBackend, refused } from '../helpers/draft-fixture.ts';

type Layer = FeatureCollection<Polygon | MultiPolygon, { code: string; parentCode: string | null }>;
const ACTOR = { id: 'p7', name: '李规划' };

async function cellsOf(b: Awaited<ReturnType<typeof openBackend>>): Promise<Layer['features']> {
  return (await call<Layer>(b, 'draft.layer', { level: 'cell' })).features;
}

test('a gap left by a deleted cell: offered fixes, fixed in one edit, undo/redo, restart, publish', async () => {
  const file = await nanshaCopy();
  let b = await openBackend(file);
  await call(b, 'draft.open', { actor: ACTOR });
  const cells = await cellsOf(b);
  const victim = cells[40]!;
  const del = await call<DraftEditResponse>(b, 'draft.edit', {
    op: { op: 'deleteCell', code: victim.properties.code },
  });
  const gap = del.state.coverage.defects.find((d) => d.rule === 'gap');
  assert.ok(gap, 'the deleted cell left a gap');
  assert.equal(del.state.coverage.publishable, false);

  const offered = await call<CoverageResponses['draft.fixOptions']>(b, 'draft.fixOptions', {
    defectId: gap.id,
  });
  const gapFix = offered.fixes.find((f) => f.kind === 'gap')!;
  assert.equal(gapFix.refusal, null);
  assert.ok(gapFix.options.length >= 2, 'every bordering sibling is offered');
  assert.equal(gapFix.target, gapFix.options[0]!.code, 'the default borders it most');
  for (const o of gapFix.options) assert.equal(o.code.slice(0, 12), victim.properties.parentCode);
  assert.ok(gapFix.options[0]!.borderM >= gapFix.options[1]!.borderM);
  assert.ok(gapFix.options.every((o) => o.name.length > 0));
  const snap = offered.fixes.find((f) => f.kind === 'snap')!;
  assert.notEqual(snap.refusal, null, 'a whole cell is no near-coincidence: nothing to snap');

  const before = cells.find((c) => c.properties.code === gapFix.target)!;
  const fixed = await call<DraftEditResponse>(b, 'draft.fix', {
    defectId: gap.id,
    kind: 'gap',
    actor: ACTOR,
  });
  assert.equal(fixed.state.coverage.counts.errors, 0, 'no error left');
  assert.ok(fixed.state.coverage.publishable);
  assert.equal(fixed.state.log[0]!.op, 'fixCoverage', 'the fix is one entry of the edit log');
  assert.deepEqual(fixed.state.log[0]!.by, ACTOR);
  const grown = fixed.changed.find((f) => f.properties.code === gapFix.target)!;
  const gained = area(grown) - area(before);
  assert.ok(Math.abs(gained - area(victim)) < area(victim) * 0.001, `gained ${gained} ≈ ${area(victim)}`);

  // A second fix of the same defect is refused: it is gone.
  const again = await refused(b, 'draft.fix', { defectId: gap.id, kind: 'gap' });
  assert.equal(again.code, 'conflict');
  assert.equal((again.details as { reason: string }).reason, 'fix.notFound');

  const undone = await call<DraftEditResponse>(b, 'draft.undo', {});
  assert.ok(
    undone.state.coverage.defects.some((d) => d.id === gap.id),
    'undo brings the gap back',
  );
  const redone = await call<DraftEditResponse>(b, 'draft.redo', {});
  assert.equal(redone.state.coverage.counts.errors, 0);

  await b.close();
  b = await openBackend(file);
  const reopened = await call<OpenDraftState>(b, 'draft.get');
  assert.equal(reopened.coverage.counts.errors, 0, 'the fix is replayed from the log after a restart');
  assert.equal(reopened.edits, 2);
  const v = await call<{ version: number }>(b, 'draft.publish', {
    reason: '删除网格并并入相邻网格',
    actor: ACTOR,
  });
  assert.equal(v.version, 2);
  const published = await call<Layer>(b, 'grid.layer', { level: 'cell' });
  assert.equal(published.features.length, cells.length - 1);
  await b.close();
});

test('the planner picks the neighbour that takes the gap; a unit that does not border it is refused', async () => {
  const file = await nanshaCopy();
  const b = await openBackend(file);
  await call(b, 'draft.open', {});
  const cells = await cellsOf(b);
  const victim = cells[77]!;
  const del = await call<DraftEditResponse>(b, 'draft.edit', {
    op: { op: 'deleteCell', code: victim.properties.code },
  });
  const gap = del.state.coverage.defects.find((d) => d.rule === 'gap')!;
  const offered = await call<CoverageResponses['draft.fixOptions']>(b, 'draft.fixOptions', {
    defectId: gap.id,
  });
  const options = offered.fixes.find((f) => f.kind === 'gap')!.options;
  const pick = options[options.length - 1]!.code;
  const stranger = cells.find(
    (c) =>
      c.properties.parentCode !== victim.properties.parentCode &&
      c.properties.code !== victim.properties.code,
  )!.properties.code;
  const no = await refused(b, 'draft.fix', { defectId: gap.id, kind: 'gap', choice: stranger });
  assert.equal((no.details as { reason: string }).reason, 'fix.badChoice');
  const fixed = await call<DraftEditResponse>(b, 'draft.fix', {
    defectId: gap.id,
    kind: 'gap',
    choice: pick,
  });
  assert.deepEqual(
    fixed.changed.map((f) => f.properties.code),
    [pick],
    'only the chosen neighbour changed',
  );
  assert.equal(fixed.state.coverage.counts.errors, 0);
  await b.close();
});

/** A split 0.2 m inside one straight edge of a convex cell: a thin strip, a sliver warning. */
function sliverLine(ring: Position[]): [number, number][] {
  const [p, q] = [ring[0]!, ring[1]!];
  const lat = (p[1]! * Math.PI) / 180;
  const mx = 111_320 * Math.cos(lat);
  const my = 110_574;
  const dx = (q[0]! - p[0]!) * mx;
  const dy = (q[1]! - p[1]!) * my;
  const len = Math.hypot(dx, dy);
  // Shells run counter-clockwise, so the inside is to the left of p→q.
  const [nx, ny] = [(-dy / len) * 0.2, (dx / len) * 0.2];
  const ext = 0.5;
  return [
    [p[0]! - (q[0]! - p[0]!) * ext + nx / mx, p[1]! - (q[1]! - p[1]!) * ext + ny / my],
    [q[0]! + (q[0]! - p[0]!) * ext + nx / mx, q[1]! + (q[1]! - p[1]!) * ext + ny / my],
  ];
}

test('a sliver warning is accepted with a reason, shown as accepted, kept after a restart; errors cannot be', async () => {
  const file = await nanshaCopy();
  let b = await openBackend(file);
  await call(b, 'draft.open', {});
  const cells = await cellsOf(b);
  let warned: OpenDraftState | null = null;
  for (const c of cells.slice(0, 60)) {
    if (c.geometry.type !== 'Polygon') continue;
    const ring = c.geometry.coordinates[0]!;
    const lat = (ring[0]![1]! * Math.PI) / 180;
    const edgeM = Math.hypot(
      (ring[1]![0]! - ring[0]![0]!) * 111_320 * Math.cos(lat),
      (ring[1]![1]! - ring[0]![1]!) * 110_574,
    );
    if (edgeM < 50) continue;
    const r = await b.invoke('draft.edit', {
      op: { op: 'splitUnit', code: c.properties.code, line: sliverLine(ring) },
    });
    if (!r.ok) continue;
    const s = (r.value as DraftEditResponse).state;
    if (s.coverage.defects.some((d) => d.rule === 'sliver')) {
      warned = s;
      break;
    }
    await call(b, 'draft.undo', {});
  }
  assert.ok(warned, 'a split left a sliver');
  const sliver = warned.coverage.defects.find((d) => d.rule === 'sliver')!;
  assert.equal(sliver.severity, 'warning');
  assert.equal(
    (await refused(b, 'draft.acceptDefect', { defectId: sliver.id, reason: ' ' })).code,
    'bad_request',
  );

  const accepted = await call<OpenDraftState>(b, 'draft.acceptDefect', {
    defectId: sliver.id,
    reason: '沿河堤的窄条，实地确认保留',
    actor: ACTOR,
  });
  const e = accepted.coverage.exceptions.find((x) => x.defectId === sliver.id)!;
  assert.equal(e.reason, '沿河堤的窄条，实地确认保留');
  assert.deepEqual(e.by, ACTOR);
  assert.ok(e.at > 0);
  assert.ok(
    accepted.coverage.defects.some((d) => d.id === sliver.id),
    'still listed, not hidden',
  );

  await b.close();
  b = await openBackend(file);
  const again = await call<OpenDraftState>(b, 'draft.get');
  assert.ok(again.coverage.exceptions.some((x) => x.defectId === sliver.id && x.reason === e.reason));

  // An error cannot be accepted.
  const del = await call<DraftEditResponse>(b, 'draft.edit', {
    op: { op: 'deleteCell', code: cells[90]!.properties.code },
  });
  const gap = del.state.coverage.defects.find((d) => d.rule === 'gap')!;
  const no = await refused(b, 'draft.acceptDefect', { defectId: gap.id, reason: '不修了' });
  assert.equal((no.details as { reason: string }).reason, 'fix.notWarning');

  const withdrawn = await call<OpenDraftState>(b, 'draft.withdrawAcceptance', { defectId: sliver.id });
  assert.ok(!withdrawn.coverage.exceptions.some((x) => x.defectId === sliver.id));
  await b.close();
});
