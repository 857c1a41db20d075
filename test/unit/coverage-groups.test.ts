/**
 * The coverage panel's grouping and filters: by rule or by town/community, by grid level, by town,
 * and by standing (error, warning, accepted warning, below tolerance).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DraftUnitFeature } from '../../shared/api/drafts-contract.ts';
import type { Defect } from '../../shared/coverage/types.ts';
import type { GridLevel } from '../../shared/grid/types.ts';
import {
  acceptancesOf,
  groupDefects,
  standingCounts,
  townOf,
  type DefectFilter,
} from '../../renderer/src/editor/defect-groups.ts';
import { layersFrom } from '../../renderer/src/editor/draft-model.ts';

function f(code: string, level: GridLevel, parentCode: string | null, name: string): DraftUnitFeature {
  return {
    type: 'Feature',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    },
    properties: { code, name, level, parentCode, kind: null },
  };
}

const layers = layersFrom({
  district: { type: 'FeatureCollection', features: [f('440115', 'district', null, '南沙区')] },
  town: {
    type: 'FeatureCollection',
    features: [f('440115001', 'town', '440115', '南沙街'), f('440115002', 'town', '440115', '珠江街')],
  },
  community: {
    type: 'FeatureCollection',
    features: [
      f('440115001001', 'community', '440115001', '逸涛社区'),
      f('440115002001', 'community', '440115002', '珠江社区'),
    ],
  },
  cell: {
    type: 'FeatureCollection',
    features: [
      f('440115001001001', 'cell', '440115001001', '逸涛1'),
      f('440115001001002', 'cell', '440115001001', '逸涛2'),
      f('440115002001001', 'cell', '440115002001', '珠江1'),
    ],
  },
});

function d(
  id: string,
  rule: Defect['rule'],
  codes: string[],
  parentCode: string | null,
  extra: Partial<Defect> = {},
): Defect {
  return {
    id,
    rule,
    severity: rule === 'sliver' ? 'warning' : 'error',
    messageKey: rule === 'sliver' ? 'sliver.thin' : 'gap.uncovered',
    messageParams: {},
    codes,
    parentCode,
    geometry: null,
    areaM2: 10,
    location: null,
    belowTolerance: false,
    ...extra,
  };
}

const defects = [
  d('g1', 'gap', ['440115001001', '440115001001001'], '440115001001'),
  d('g2', 'gap', ['440115002001', '440115002001001'], '440115002001', { belowTolerance: true }),
  d('s1', 'sliver', ['440115001001002'], '440115001001'),
  d('s2', 'sliver', ['440115002001001'], '440115002001'),
  d('t1', 'gap', ['440115', '440115001', '440115002'], '440115'),
];
const all: DefectFilter = { level: 'all', town: 'all', standing: 'all' };
const accepted = acceptancesOf(defects, [
  {
    defectId: 's2',
    key: 'sliver.thin|440115002001001',
    areaM2: 10,
    location: null,
    rule: 'sliver',
    codes: ['440115002001001'],
    reason: '保留',
    by: { id: 'p', name: 'p' },
    at: 1,
  },
]);
const ids = (gs: { defects: Defect[] }[]): string[] => gs.flatMap((g) => g.defects.map((x) => x.id)).sort();

test('counts per standing keep accepted warnings and below-tolerance findings apart', () => {
  assert.deepEqual(standingCounts(defects, accepted), { error: 2, warning: 1, accepted: 1, below: 1 });
});

test('the town of a finding is found by climbing from its parent or its units', () => {
  assert.equal(townOf(defects[0]!, layers), '440115001');
  assert.equal(townOf(defects[3]!, layers), '440115002');
  assert.equal(
    townOf(defects[4]!, layers),
    '440115001',
    'a district-level gap belongs to the first town it names',
  );
});

test('grouping by rule and by place; filters by level, town and standing', () => {
  const byRule = groupDefects(defects, layers, 'rule', all, accepted, (r) => r, '—');
  assert.deepEqual(
    byRule.map((g) => g.key),
    ['gap', 'sliver'],
  );
  const byPlace = groupDefects(defects, layers, 'place', all, accepted, (r) => r, '—');
  assert.ok(byPlace.some((g) => g.title === '南沙街 / 逸涛社区' && g.defects.length === 2));
  assert.deepEqual(
    ids(groupDefects(defects, layers, 'rule', { ...all, town: '440115002' }, accepted, (r) => r, '—')),
    ['g2', 's2'],
  );
  assert.deepEqual(
    ids(groupDefects(defects, layers, 'rule', { ...all, level: 'town' }, accepted, (r) => r, '—')),
    ['t1'],
  );
  assert.deepEqual(
    ids(groupDefects(defects, layers, 'rule', { ...all, standing: 'accepted' }, accepted, (r) => r, '—')),
    ['s2'],
  );
  assert.deepEqual(
    ids(groupDefects(defects, layers, 'rule', { ...all, standing: 'below' }, accepted, (r) => r, '—')),
    ['g2'],
  );
});
