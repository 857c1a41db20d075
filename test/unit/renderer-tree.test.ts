import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TreeNode } from '../../shared/api/contract.ts';
import { ancestorCodes, buildTree, presentLevels, visibleRows } from '../../renderer/src/tree/grid-tree.ts';
import { searchTree } from '../../renderer/src/tree/search-tree.ts';

const node = (
  code: string,
  name: string,
  level: TreeNode['level'],
  parentCode: string | null,
  initials: string,
): TreeNode => ({
  code,
  name,
  level,
  parentCode,
  childCount: 0,
  initials,
});

const nodes: TreeNode[] = [
  node('440115', '南沙区', 'district', null, 'nsq'),
  node('440115001', '南沙街道', 'town', '440115', 'nsjd'),
  node('440115002', '珠江街道', 'town', '440115', 'zjjd'),
  node('440115001002', '金洲社区', 'community', '440115001', 'jzsq'),
  node('440115001001', '南沙社区', 'community', '440115001', 'nssq'),
  node('440115001001001', '南沙社区第一网格', 'cell', '440115001001', 'nssqdywg'),
  node('440115002001', '珠江社区', 'community', '440115002', 'zjsq'),
];

test('builds the hierarchy with sorted children and counts per level', () => {
  const t = buildTree(nodes);
  assert.deepEqual(
    t.roots.map((r) => r.code),
    ['440115'],
  );
  assert.deepEqual(
    t.children.get('440115001')!.map((c) => c.code),
    ['440115001001', '440115001002'],
  );
  assert.deepEqual(t.counts, { city: 0, district: 1, town: 2, community: 3, cell: 1 });
  assert.deepEqual(presentLevels(t), ['district', 'town', 'community', 'cell']);
});

test('ancestors run from the root down to the parent', () => {
  const t = buildTree(nodes);
  assert.deepEqual(ancestorCodes(t, '440115001001001'), ['440115', '440115001', '440115001001']);
  assert.deepEqual(ancestorCodes(t, '440115'), []);
  assert.deepEqual(ancestorCodes(t, 'missing'), []);
});

test('visible rows follow the expanded set', () => {
  const t = buildTree(nodes);
  assert.deepEqual(
    visibleRows(t, new Set()).map((r) => r.node.code),
    ['440115'],
  );
  const rows = visibleRows(t, new Set(['440115', '440115001']));
  assert.deepEqual(
    rows.map((r) => [r.node.code, r.depth]),
    [
      ['440115', 0],
      ['440115001', 1],
      ['440115001001', 2],
      ['440115001002', 2],
      ['440115002', 1],
    ],
  );
  assert.equal(rows[0]!.expanded, true);
  assert.equal(rows[2]!.hasChildren, true);
  assert.equal(rows[2]!.expanded, false);
});

test('an orphan (parent missing) still shows as a root', () => {
  const t = buildTree([...nodes, node('440116001', '别处', 'town', '440116', 'bc')]);
  assert.ok(t.roots.some((r) => r.code === '440116001'));
});

test('search by name, code prefix and pinyin initials, best matches first', () => {
  const codes = (q: string): string[] => searchTree(nodes, q).hits.map((n) => n.code);
  assert.deepEqual(codes('南沙社区'), ['440115001001', '440115001001001']);
  assert.deepEqual(codes('4401150010'), ['440115001001', '440115001002', '440115001001001']);
  assert.deepEqual(codes('NS'), ['440115', '440115001', '440115001001', '440115001001001']);
  assert.deepEqual(codes('jz'), ['440115001002']);
  assert.deepEqual(codes('sq'), [
    '440115',
    '440115001001',
    '440115001002',
    '440115002001',
    '440115001001001',
  ]);
  assert.deepEqual(codes('  '), []);
  assert.deepEqual(codes('无此地'), []);
  const limited = searchTree(nodes, '44', 2);
  assert.equal(limited.hits.length, 2);
  assert.equal(limited.total, nodes.length);
});
