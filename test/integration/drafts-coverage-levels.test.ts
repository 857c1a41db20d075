/**
 * Coverage fixes above cell level through the backend API on a real Nansha data file. A planner's
 * import leaves a town-level defect (a town boundary file that no longer matches its neighbour):
 * one fix closes it at every level (the town, its community and its cell take or give up the area
 * together, as one undoable edit), and a full check of every level from scratch finds nothing there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { area } from '@turf/area';
import { difference } from '@turf/difference';
import { featureCollection } from '@turf/helpers';
import { union } from '@turf/union';
import type { CoverageResponses } from '../../shared/api/coverage-contract.ts';
import type {
  DraftEditResponse,
  DraftUnitProperties,
  OpenDraftState,
} from '../../shared/api/drafts-contract.ts';
import type { ImportResult } from '../../shared/api/transfer-contract.ts';
import { checkCoverage, type CoverageUnit } from '../../shared/coverage/index.ts';
import type { GridLevel } from '../../shared/grid/types.ts';
import type { Backend } from '../../electron/backend/backend.ts';
import { call, draftArcs, nanshaCopy, openBackend, refused } from '../helpers/draft-fixture.ts';

type Shape = Polygon | MultiPolygon;
type Unit = Feature<Shape, DraftUnitProperties>;
const LEVELS: GridLevel[] = ['district', 'town', 'community', 'cell'];
const ACTOR = { id: 'p9', name: '周规划' };

async function layers(b: Backend): Promise<Map<string, Unit>> {
  const out = new Map<string, Unit>();
  for (const level of LEVELS)
    for (const f of (await call<FeatureCollection<Shape, DraftUnitProperties>>(b, 'draft.layer', { level }))
      .features)
      out.set(f.properties.code, f);
  return out;
}

/** The whole draft checked from scratch (not the editor's incremental result). */
async function fullCheck(b: Backend) {
  const units: CoverageUnit[] = [...(await layers(b)).values()].map((f) => ({
    code: f.properties.code,
    parentCode: f.properties.parentCode,
    level: f.properties.level,
    geometry: f.geometry,
  }));
  return checkCoverage(units).defects;
}

/** Replaces units of one level by a GeoJSON file, the way a planner imports a boundary file. */
async function importUnits(b: Backend, level: GridLevel, units: { p: DraftUnitProperties; g: Shape }[]) {
  const fc = {
    type: 'FeatureCollection',
    features: units.map(({ p, g }) => ({
      type: 'Feature',
      properties: { name: p.name, code: p.code, parent: p.parentCode },
      geometry: g,
    })),
  };
  const { uploadId } = b.transfer.putUpload(`${level}.geojson`, new TextEncoder().encode(JSON.stringify(fc)));
  const r = await call<ImportResult>(b, 'transfer.import', {
    uploadId,
    jobId: `levels-${level}-${Math.random().toString(36).slice(2, 8)}`,
    mapping: { name: 'name', code: 'code', parentCode: 'parent', kind: null, population: null },
    level,
    mode: 'upsert',
  });
  assert.ok(!r.cancelled);
}

const minus = (a: Shape, b: Shape): Shape | null =>
  difference(
    featureCollection([
      { type: 'Feature', properties: {}, geometry: a } as Feature<Shape>,
      { type: 'Feature', properties: {}, geometry: b } as Feature<Shape>,
    ]),
  )?.geometry ?? null;
const plus = (a: Shape, b: Shape): Shape | null =>
  union(
    featureCollection([
      { type: 'Feature', properties: {}, geometry: a } as Feature<Shape>,
      { type: 'Feature', properties: {}, geometry: b } as Feature<Shape>,
    ]),
  )?.geometry ?? null;

/**
 * A cell on a town boundary: it shares an arc with a cell of another town. Its community has other
 * cells, and the town and community keep one polygon without it.
 */
async function borderCell(b: Backend, all: Map<string, Unit>) {
  const topo = await draftArcs(b);
  for (const a of topo.arcs) {
    const cells = a.users.filter((c) => c.length === 15);
    if (cells.length !== 2 || cells[0]!.slice(0, 9) === cells[1]!.slice(0, 9)) continue;
    const [x, y] = cells.map((c) => all.get(c)!);
    const community = all.get(x!.properties.parentCode!)!;
    const town = all.get(community.properties.parentCode!)!;
    const siblings = [...all.values()].filter((f) => f.properties.parentCode === community.properties.code);
    if (siblings.length < 3 || x!.geometry.type !== 'Polygon') continue;
    const townLess = minus(town.geometry, x!.geometry);
    const communityLess = minus(community.geometry, x!.geometry);
    if (townLess?.type !== 'Polygon' || communityLess?.type !== 'Polygon') continue;
    const yCommunity = all.get(y!.properties.parentCode!)!;
    const yTown = all.get(yCommunity.properties.parentCode!)!;
    return { x: x!, y: y!, community, town, townLess, communityLess, yCommunity, yTown };
  }
  throw new Error('no cell on a town boundary');
}

const near = (d: { rule: string }[], rules: string[]): string[] =>
  d.filter((x) => rules.includes(x.rule)).map((x) => JSON.stringify(x));

test('a gap between two towns is fixed at town, community and cell level in one edit', async () => {
  const b = await openBackend(await nanshaCopy());
  try {
    await call(b, 'draft.open', { actor: ACTOR });
    const all = await layers(b);
    const { x, community, town, townLess, communityLess, yCommunity, yTown } = await borderCell(b, all);
    // The town's and community's boundary files come without the cell; the cell is deleted.
    await importUnits(b, 'town', [{ p: town.properties, g: townLess }]);
    await importUnits(b, 'community', [{ p: community.properties, g: communityLess }]);
    const del = await call<DraftEditResponse>(b, 'draft.edit', {
      op: { op: 'deleteCell', code: x.properties.code },
    });
    const errors = del.state.coverage.defects.filter((d) => !d.belowTolerance && d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors.map((d) => d.id)));
    const gap = errors[0]!;
    assert.equal(gap.rule, 'gap');
    assert.equal(gap.parentCode, town.properties.parentCode, 'one gap, between towns');
    assert.ok(Math.abs(gap.areaM2 - area(x)) < area(x) * 0.01, `${gap.areaM2} ≈ ${area(x)}`);

    const offered = await call<CoverageResponses['draft.fixOptions']>(b, 'draft.fixOptions', {
      defectId: gap.id,
    });
    const options = offered.fixes.find((f) => f.kind === 'gap')!.options.map((o) => o.code);
    assert.ok(options.includes(town.properties.code) && options.includes(yTown.properties.code));

    // The planner gives it to the neighbouring town: that town's community and cell there grow too.
    const edits = del.state.edits;
    const fixed = await call<DraftEditResponse>(b, 'draft.fix', {
      defectId: gap.id,
      kind: 'gap',
      choice: yTown.properties.code,
      actor: ACTOR,
    });
    const changed = fixed.changed.map((f) => f.properties.code);
    assert.equal(changed[0], yTown.properties.code);
    assert.ok(changed.includes(yCommunity.properties.code), `community grown: ${changed.join(', ')}`);
    assert.equal(changed.filter((c) => c.length === 15).length, 1, 'one cell takes it');
    const cell = fixed.changed.find((f) => f.properties.code.length === 15)!;
    assert.equal(cell.properties.parentCode, yCommunity.properties.code);
    assert.ok(
      area(cell) - area(all.get(cell.properties.code)!) > area(x) * 0.99,
      'the cell took the whole gap',
    );
    assert.equal(fixed.state.edits, edits + 1, 'one edit');
    assert.equal(fixed.state.log[0]!.op, 'fixCoverage');
    assert.equal(fixed.state.coverage.counts.errors, 0);
    assert.ok(fixed.state.coverage.publishable);
    assert.deepEqual(near(await fullCheck(b), ['gap', 'containment', 'overlap']), [], 'nothing at any level');

    // One undo takes the whole fix back; redo puts it back.
    const undone = await call<DraftEditResponse>(b, 'draft.undo', {});
    assert.ok(undone.state.coverage.defects.some((d) => d.id === gap.id));
    const redone = await call<DraftEditResponse>(b, 'draft.redo', {});
    assert.equal(redone.state.coverage.counts.errors, 0);

    // Or by default: the town that lost the cell borders it most and takes it back, down the chain.
    await call(b, 'draft.undo', {});
    const back = await call<DraftEditResponse>(b, 'draft.fix', { defectId: gap.id, kind: 'gap' });
    const backCodes = back.changed.map((f) => f.properties.code);
    assert.equal(backCodes[0], town.properties.code);
    assert.ok(backCodes.includes(community.properties.code));
    assert.equal(back.state.coverage.counts.errors, 0);
    assert.deepEqual(near(await fullCheck(b), ['gap', 'containment', 'overlap']), []);
    const v = await call<{ version: number }>(b, 'draft.publish', {
      reason: '镇界导入后修复缝隙',
      actor: ACTOR,
    });
    assert.equal(v.version, 2);
  } finally {
    await b.close();
  }
});

test('an overlap between towns is taken from the side whose descendants can give it up, at every level', async () => {
  const b = await openBackend(await nanshaCopy());
  try {
    await call(b, 'draft.open', {});
    const all = await layers(b);
    const { x, y, town, yCommunity, yTown } = await borderCell(b, all);
    // The neighbouring town's chain (town, community, cell) is imported grown over cell x.
    const grow = (f: Unit): Shape => plus(f.geometry, x.geometry)!;
    await importUnits(b, 'town', [{ p: yTown.properties, g: grow(yTown) }]);
    await importUnits(b, 'community', [{ p: yCommunity.properties, g: grow(yCommunity) }]);
    await importUnits(b, 'cell', [{ p: y.properties, g: grow(y) }]);
    const s = await call<OpenDraftState>(b, 'draft.get');
    const errors = s.coverage.defects.filter((d) => !d.belowTolerance && d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors.map((d) => d.id)));
    const overlap = errors[0]!;
    assert.equal(overlap.rule, 'overlap');
    assert.equal(overlap.parentCode, town.properties.parentCode, 'one overlap, between towns');

    // Taking it from the town that owns cell x would leave x with nothing: refused, naming x.
    const no = await refused(b, 'draft.fix', {
      defectId: overlap.id,
      kind: 'overlap',
      choice: town.properties.code,
    });
    const details = no.details as { reason: string; code: string; messageZh: string };
    assert.equal(details.reason, 'fix.childEmpty');
    assert.equal(details.code, x.properties.code);
    assert.ok(details.messageZh.includes(x.properties.code));

    // The default takes it from the grown town, and its community and cell give it up with it.
    const fixed = await call<DraftEditResponse>(b, 'draft.fix', { defectId: overlap.id, kind: 'overlap' });
    assert.deepEqual(
      fixed.changed.map((f) => f.properties.code),
      [yTown.properties.code, yCommunity.properties.code, y.properties.code],
    );
    for (const f of fixed.changed) {
      const was = all.get(f.properties.code)!;
      assert.ok(
        Math.abs(area(f) - area(was)) < area(was) * 1e-6,
        `${f.properties.code} back to its old area`,
      );
    }
    assert.equal(fixed.state.coverage.counts.errors, 0);
    assert.deepEqual(near(await fullCheck(b), ['gap', 'containment', 'overlap']), []);
  } finally {
    await b.close();
  }
});
