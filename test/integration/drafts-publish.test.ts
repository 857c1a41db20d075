/**
 * The planner's draft through the backend API on a real Nansha data file: a shared-vertex move
 * published as version 2 (layers, cases, push event, GDAL's view of the file), the publish gate
 * refusing a gap until it is undone, and version diffs listing exactly what changed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { area } from '@turf/area';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { CaseDetail } from '../../shared/api/cases-contract.ts';
import type { PushEvent } from '../../shared/api/contract.ts';
import type {
  DraftEditResponse,
  DraftState,
  OpenDraftState,
  VersionDiff,
  VersionInfo,
} from '../../shared/api/drafts-contract.ts';
import {
  call,
  draftArcs,
  nanshaCopy,
  openBackend,
  refused,
  sharedCellVertex,
} from '../helpers/draft-fixture.ts';

type Layer = FeatureCollection<Polygon | MultiPolygon, { code: string; parentCode: string | null }>;

function featureCount(file: string, layer: string): number {
  const out = execFileSync('ogrinfo', ['-ro', '-so', file, layer], { encoding: 'utf8' });
  const m = /Feature Count: (\d+)/.exec(out);
  assert.ok(m, out);
  return Number(m[1]);
}

test('move a shared vertex, publish with a reason: version 2, new layer, cases follow, grid.changed', async () => {
  const file = await nanshaCopy();
  const b = await openBackend(file);
  const events: PushEvent[] = [];
  b.onEvent((e) => events.push(e));
  const before = await call<Layer>(b, 'grid.layer', { level: 'cell' });
  const cellCount = before.features.length;

  const opened = await call<OpenDraftState>(b, 'draft.open', { actor: { id: 'p1', name: '张规划' } });
  assert.equal(opened.baseVersion, 1);
  assert.equal(opened.coverage.counts.errors, 0, 'the demo grid is clean');
  assert.ok(opened.coverage.publishable);

  const topo = await draftArcs(b);
  const arc = sharedCellVertex(topo);
  const { vertex, to } = arc;
  const moved = await call<DraftEditResponse>(b, 'draft.edit', { op: { op: 'moveVertex', vertex, to } });
  assert.deepEqual(moved.changed.map((f) => f.properties.code).sort(), [...arc.users].sort());
  assert.equal(moved.state.coverage.counts.errors, 0, 'both cells moved together: no gap, no overlap');
  assert.ok(moved.state.coverage.ms < 50, `incremental check took ${moved.state.coverage.ms} ms`);
  for (const f of moved.changed)
    assert.ok(
      JSON.stringify(f.geometry.coordinates).includes(`[${to[0]},${to[1]}]`),
      `${f.properties.code} has the moved vertex`,
    );
  // The published grid is what cases see until the draft is published.
  assert.deepEqual(await call<Layer>(b, 'grid.layer', { level: 'cell' }), before);
  const beforeCase = await call<CaseDetail>(b, 'cases.create', {
    itemCode: 'E0101',
    lon: to[0],
    lat: to[1],
    description: '井盖破损',
  });

  assert.equal((await refused(b, 'draft.publish', { reason: ' ' })).code, 'bad_request');
  assert.equal((await refused(b, 'draft.publish', {})).code, 'bad_request');
  const v2 = await call<VersionInfo>(b, 'draft.publish', {
    reason: '调整网格边界 (adjust a shared boundary)',
    actor: { id: 'p1', name: '张规划' },
  });
  assert.equal(v2.version, 2);
  assert.equal(v2.reason, '调整网格边界 (adjust a shared boundary)');
  assert.deepEqual(v2.publishedBy, { id: 'p1', name: '张规划' });
  assert.equal(v2.counts.cell, cellCount);
  assert.equal(v2.current, true);
  assert.deepEqual(
    events.filter((e) => e.type === 'grid.changed'),
    [{ type: 'grid.changed', level: 'all' }],
  );

  const list = await call<VersionInfo[]>(b, 'versions.list');
  assert.deepEqual(
    list.map((v) => [v.version, v.current, v.basedOn]),
    [
      [2, true, 1],
      [1, false, null],
    ],
  );
  assert.equal((await call<DraftState>(b, 'draft.get')).open, false, 'publishing closes the draft');

  const after = await call<Layer>(b, 'grid.layer', { level: 'cell' });
  assert.equal(after.features.length, cellCount);
  for (const code of arc.users) {
    const f = after.features.find((x) => x.properties.code === code);
    assert.ok(
      f && JSON.stringify(f.geometry.coordinates).includes(`[${to[0]},${to[1]}]`),
      `${code} published`,
    );
  }
  // Version 1 stays readable as it was.
  const v1 = await call<Layer>(b, 'versions.layer', { version: 1, level: 'cell' });
  const oldCell = v1.features.find((f) => f.properties.code === arc.users[0]);
  const was = before.features.find((f) => f.properties.code === arc.users[0]);
  assert.ok(oldCell && was);
  assert.ok(Math.abs(area(oldCell) - area(was)) < 1e-6);

  {
    assert.equal(beforeCase.gridVersion, 1);
    const afterCase = await call<CaseDetail>(b, 'cases.create', {
      itemCode: 'E0101',
      lon: to[0],
      lat: to[1],
      description: '井盖破损',
    });
    assert.equal(afterCase.gridVersion, 2, 'new cases are located in the new version');
    assert.equal((await call<CaseDetail>(b, 'cases.get', { id: beforeCase.id })).gridVersion, 1);
  }
  await b.close();
  for (const [layer, n] of [
    ['grid_district', 1],
    ['grid_town', 9],
    ['grid_community', 172],
    ['grid_cell', cellCount],
  ] as const)
    assert.equal(featureCount(file, layer), n, `${layer} in ogrinfo`);
});

test('a gap refuses publishing with the gap listed; undo lets it through', async () => {
  const b = await openBackend(await nanshaCopy());
  await call(b, 'draft.open');
  assert.equal((await refused(b, 'draft.publish', { reason: 'nothing yet' })).code, 'conflict');
  const cells = await call<Layer>(b, 'draft.layer', { level: 'cell' });
  const victim = cells.features[10]?.properties.code as string;
  const del = await call<DraftEditResponse>(b, 'draft.edit', { op: { op: 'deleteCell', code: victim } });
  assert.deepEqual(del.removed, [victim]);
  assert.equal(del.gaps.length, 1);
  assert.ok(del.state.coverage.counts.byRule.gap.error >= 1, 'the gap is an error');
  assert.equal(del.state.coverage.publishable, false);
  const gap = del.state.coverage.defects.find((d) => d.rule === 'gap');
  assert.ok(gap && gap.areaM2 > 1000, 'the gap is the deleted cell');

  const no = await refused(b, 'draft.publish', { reason: '删除网格' });
  assert.equal(no.code, 'conflict');
  assert.match(no.message, /refused.*error/);
  assert.ok(
    no.issues?.some((i) => i.path.startsWith('gap:')),
    JSON.stringify(no.issues),
  );
  assert.equal((await call<VersionInfo[]>(b, 'versions.list')).length, 1);

  const undone = await call<DraftEditResponse>(b, 'draft.undo');
  assert.equal(undone.state.coverage.counts.errors, 0);
  assert.ok(undone.changed.some((f) => f.properties.code === victim));
  const redone = await call<DraftEditResponse>(b, 'draft.redo');
  assert.equal(redone.state.coverage.publishable, false);
  await call(b, 'draft.undo');
  // The undone deletion is not an edit in effect; a real edit is needed to publish.
  assert.equal((await refused(b, 'draft.publish', { reason: '删除网格' })).details?.reason, 'no_edits');
  await call(b, 'draft.edit', { op: { op: 'setAttributes', code: victim, attrs: { chief: '李四' } } });
  const v = await call<VersionInfo>(b, 'draft.publish', { reason: '更换网格长' });
  assert.equal(v.version, 2);
  await b.close();
});

test('the diff lists exactly what changed: reshaped with area, re-coded, added, attributes', async () => {
  const file = await nanshaCopy();
  const b = await openBackend(file);
  await call(b, 'draft.open');
  const topo = await draftArcs(b);
  // A cell on a community border, whose community has other cells: it can move to the neighbour.
  const border = topo.arcs.find((a) => {
    const cells = a.users.filter((c) => c.length === 15);
    const comms = a.users.filter((c) => c.length === 12);
    return cells.length === 2 && comms.length === 2 && a.users.length === 4;
  });
  assert.ok(border);
  const cells = await call<Layer>(b, 'draft.layer', { level: 'cell' });
  const siblings = (c: string) =>
    cells.features.filter((f) => f.properties.parentCode === c.slice(0, 12)).length;
  const mover = border.users.filter((c) => c.length === 15).find((c) => siblings(c) > 1) as string;
  const target = border.users.find((c) => c.length === 12 && c !== mover.slice(0, 12)) as string;
  const re = await call<DraftEditResponse>(b, 'draft.edit', {
    op: { op: 'reparentCell', code: mover, parent: target },
  });
  const newCode = re.createdCodes[0] as string;
  assert.ok(newCode.startsWith(target));

  // A cell in other communities than the moving one, so the two edits touch different units.
  const other = cells.features.find(
    (f) =>
      f.properties.code.slice(0, 12) !== mover.slice(0, 12) &&
      f.properties.code.slice(0, 12) !== target &&
      siblings(f.properties.code) > 2,
  );
  assert.ok(other);
  const splitCode = other.properties.code;
  const ring =
    (other.geometry.type === 'Polygon'
      ? other.geometry.coordinates[0]
      : other.geometry.coordinates[0]?.[0]) ?? [];
  const xs = ring.map((p) => p[0] as number);
  const ys = ring.map((p) => p[1] as number);
  const y = (Math.min(...ys) + Math.max(...ys)) / 2 + 1.234e-6;
  const split = await call<DraftEditResponse>(b, 'draft.edit', {
    op: {
      op: 'splitUnit',
      code: splitCode,
      line: [
        [Math.min(...xs) - 1e-3, y],
        [Math.max(...xs) + 1e-3, y],
      ],
    },
  });
  const part = split.createdCodes[0] as string;
  const named = cells.features.find((f) => ![mover, splitCode, ...border.users].includes(f.properties.code))
    ?.properties.code as string;
  await call(b, 'draft.edit', { op: { op: 'setAttributes', code: named, attrs: { name: '滨海一格' } } });
  assert.equal((await call<OpenDraftState>(b, 'draft.get')).coverage.counts.errors, 0);
  await call(b, 'draft.publish', { reason: '重新划分 (re-plan)' });

  const d = await call<VersionDiff>(b, 'versions.diff', { a: 1, b: 2 });
  assert.deepEqual(
    d.added.map((u) => u.code),
    [part],
  );
  assert.deepEqual(d.removed, []);
  assert.deepEqual(
    d.recoded.map((r) => [r.from, r.to]),
    [[mover, newCode]],
  );
  assert.equal(d.recoded[0]?.geometry.type !== undefined, true);
  const communities = border.users.filter((c) => c.length === 12).sort();
  assert.deepEqual(
    d.reshaped.map((r) => r.code),
    [...communities, splitCode].sort(),
    'the two communities exchange the cell; the split cell shrinks',
  );
  const shrunk = d.reshaped.find((r) => r.code === splitCode);
  const added = d.added[0];
  assert.ok(shrunk && added);
  assert.ok(shrunk.areaChangeM2 < 0);
  assert.ok(Math.abs(-shrunk.areaChangeM2 - area(added.geometry)) < 0.5, 'the part is what the cell lost');
  const [c0, c1] = d.reshaped.filter((r) => r.level === 'community');
  assert.ok(c0 && c1 && Math.abs(c0.areaChangeM2 + c1.areaChangeM2) < 0.5, 'one gains what the other loses');
  assert.deepEqual(d.attributes, [{ code: named, name: '滨海一格', level: 'cell', fields: ['name'] }]);

  const back = await call<VersionDiff>(b, 'versions.diff', { a: 2, b: 1 });
  assert.deepEqual(
    back.removed.map((u) => u.code),
    [part],
  );
  assert.deepEqual(
    back.recoded.map((r) => [r.from, r.to]),
    [[newCode, mover]],
  );
  const same = await call<VersionDiff>(b, 'versions.diff', { a: 2, b: 2 });
  assert.equal(same.added.length + same.removed.length + same.reshaped.length + same.recoded.length, 0);
  assert.equal((await refused(b, 'versions.diff', { a: 1, b: 9 })).code, 'not_found');
  await b.close();
  assert.equal(featureCount(file, 'grid_cell'), cells.features.length + 1);
});
