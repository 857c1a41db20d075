/**
 * Coverage fixes and accepted warnings through the backend API on a real Nansha data file: a gap
 * left by a deleted cell fixed in one edit (undo, redo, restart, publish), the planner's choice of
 * neighbour, and a sliver warning accepted with a reason that survives a restart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { area } from '@turf/area';
import type { DraftEditResponse, OpenDraftState } from '../../shared/api/drafts-contract.ts';
import type { CoverageResponses } from '../../shared/api/coverage-contract.ts';
import type { DraftTopology } from '../../shared/api/drafts-contract.ts';
import { matchAcceptances } from '../../shared/coverage/index.ts';
import { runMigrations } from '../../electron/backend/store/migrations.ts';
import { loadSqlJs } from '../../electron/backend/store/sql-exec.ts';
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

/** A split `offM` inside one straight edge of a convex cell: a thin strip, a sliver warning. */
function sliverLine(ring: Position[], offM = 0.2): [number, number][] {
  const [p, q] = [ring[0]!, ring[1]!];
  const lat = (p[1]! * Math.PI) / 180;
  const mx = 111_320 * Math.cos(lat);
  const my = 110_574;
  const dx = (q[0]! - p[0]!) * mx;
  const dy = (q[1]! - p[1]!) * my;
  const len = Math.hypot(dx, dy);
  // Shells run counter-clockwise, so the inside is to the left of p→q.
  const [nx, ny] = [(-dy / len) * offM, (dx / len) * offM];
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

/** Splits cells until one leaves a sliver warning; returns the state and the split cell's ring. */
async function makeSliver(b: Awaited<ReturnType<typeof openBackend>>, from: number) {
  const cells = await cellsOf(b);
  for (const c of cells.slice(from, from + 60)) {
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
    const state = (r.value as DraftEditResponse).state;
    const sliver = state.coverage.defects.find((d) => d.rule === 'sliver');
    if (sliver) return { state, ring, sliver };
    await call(b, 'draft.undo', {});
  }
  throw new Error('no split left a sliver');
}

test('an accepted sliver reshaped by an edit stays accepted, flagged as changed until accepted again', async () => {
  const b = await openBackend(await nanshaCopy());
  try {
    await call(b, 'draft.open', {});
    const { ring, sliver } = await makeSliver(b, 0);
    await call<OpenDraftState>(b, 'draft.acceptDefect', {
      defectId: sliver.id,
      reason: '河堤窄条，保留',
      actor: ACTOR,
    });

    // Widen one end of the strip by 0.2 m: the corner the split made on a side edge moves inward.
    const g = sliver.geometry as Polygon;
    const [p, q] = [ring[0]!, ring[1]!];
    const onEdge = (c: Position): boolean =>
      (c[0] === p[0] && c[1] === p[1]) || (c[0] === q[0] && c[1] === q[1]);
    const corner = g.coordinates[0]!.find((c) => !onEdge(c))!;
    const xs = g.coordinates[0]!.map((c) => c[0]!);
    const ys = g.coordinates[0]!.map((c) => c[1]!);
    const topo = await call<DraftTopology>(b, 'draft.topology', {
      bbox: [Math.min(...xs) - 1e-4, Math.min(...ys) - 1e-4, Math.max(...xs) + 1e-4, Math.max(...ys) + 1e-4],
    });
    const vertex = topo.vertices.find(([, x, y]) => x === corner[0] && y === corner[1])![0];
    // sliverLine's start with and without its 0.2 m offset: the inward normal, 0.2 m long.
    const [a] = sliverLine(ring);
    const [a0] = sliverLine(ring, 0);
    const out: [number, number] = [corner[0]! + (a![0] - a0![0]), corner[1]! + (a![1] - a0![1])];
    const moved = await call<DraftEditResponse>(b, 'draft.edit', {
      op: { op: 'moveVertex', vertex, to: out },
    });
    const now = moved.state.coverage.defects.find(
      (d) => d.rule === 'sliver' && d.codes.join() === sliver.codes.join(),
    )!;
    assert.ok(now, 'still a sliver');
    assert.notEqual(now.id, sliver.id, 'the finding has a new id');
    assert.ok(now.areaM2 > sliver.areaM2 * 1.3, `${now.areaM2} vs ${sliver.areaM2}`);
    const exceptions = moved.state.coverage.exceptions;
    assert.equal(exceptions.length, 1, 'the acceptance is kept');
    const matched = matchAcceptances(moved.state.coverage.defects, exceptions).get(now.id);
    assert.ok(matched, 'and still applies to the reshaped warning');
    assert.ok(matched.changed, 'flagged as changed materially');
    assert.ok(Math.abs(matched.changed.areaThen! - sliver.areaM2) < 1e-6);

    // Accepted again as it is now: the one record is replaced, no longer flagged.
    const again = await call<OpenDraftState>(b, 'draft.acceptDefect', {
      defectId: now.id,
      reason: '河堤窄条加宽后复核，保留',
      actor: ACTOR,
    });
    assert.equal(again.coverage.exceptions.length, 1);
    assert.equal(again.coverage.exceptions[0]!.defectId, now.id);
    assert.equal(
      matchAcceptances(again.coverage.defects, again.coverage.exceptions).get(now.id)!.changed,
      null,
    );

    // Undo the widening: the warning is back as it was, accepted (now flagged against the new record).
    const undone = await call<DraftEditResponse>(b, 'draft.undo', {});
    const back = undone.state.coverage.defects.find((d) => d.id === sliver.id)!;
    assert.ok(
      matchAcceptances(undone.state.coverage.defects, undone.state.coverage.exceptions).get(back.id)?.changed,
    );

    const withdrawn = await call<OpenDraftState>(b, 'draft.withdrawAcceptance', { defectId: back.id });
    assert.equal(withdrawn.coverage.exceptions.length, 0, 'withdrawn by the finding’s current id');
  } finally {
    await b.close();
  }
});

test('migration 8 keys the acceptances recorded before it by their defect id', async () => {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  runMigrations(db, 7);
  db.run('INSERT INTO coverage_exception VALUES (?, ?, ?, ?, ?, ?, ?)', [
    'sliver.thin:440115001001001:113.512345,22.812345',
    'sliver',
    '["440115001001001"]',
    '保留',
    'p',
    '规划员',
    1,
  ]);
  assert.deepEqual(runMigrations(db, 8), [8]);
  const row = db.exec('SELECT warning_key, area_m2, lon, lat FROM coverage_exception')[0]!.values[0];
  assert.deepEqual(row, ['sliver.thin|440115001001001', null, 113.512345, 22.812345]);
  db.close();
});
