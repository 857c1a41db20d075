import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  buildItemIndex,
  loadCatalogue,
  loadDepartments,
  loadReferenceData,
  searchItems,
  suggestDepartment,
  townDepartments,
  whistleTargets,
  type DepartmentsData,
  type ReferenceData,
} from '../../shared/cases/index.ts';

const read = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const rawCatalogue = read('data/catalogue/items.json') as { items: Record<string, unknown>[] } & Record<
  string,
  unknown
>;
const rawDepartments = read('data/departments/templates.json') as Record<string, unknown>;

function real(): ReferenceData {
  const r = loadReferenceData({ catalogue: rawCatalogue, departments: rawDepartments });
  if (!r.ok) assert.fail(r.errors.join('\n'));
  return r.value;
}
const clone = <T>(v: T): T => structuredClone(v);

test('the real data files load: ≥ 100 item types, unique codes, every role known, marked as sample', () => {
  const { catalogue, departments } = real();
  assert.ok(catalogue.items.length >= 100, `${catalogue.items.length} items`);
  assert.equal(new Set(catalogue.items.map((i) => i.code)).size, catalogue.items.length);
  const roles = new Set(departments.roles.map((r) => r.id));
  for (const it of catalogue.items) assert.ok(roles.has(it.defaultRole), it.code);
  assert.match(String(rawCatalogue.note), /[Ss]ample/);
  assert.match(String(rawDepartments.note), /[Ss]ample/);
  const categoryNames = new Set(catalogue.categories.map((c) => c.name));
  for (const name of [
    '市容环境',
    '宣传广告',
    '施工管理',
    '街面秩序',
    '突发事件',
    '公用设施',
    '道路交通',
    '园林绿化',
    '房屋土地',
  ])
    assert.ok(categoryNames.has(name), name);
  for (const name of ['矛盾纠纷', '安全隐患', '特殊人群服务', '消防安全', '疫情防控与公共卫生'])
    assert.ok(categoryNames.has(name), name);
  assert.ok(categoryNames.has('三防（防汛防旱防风）'));
  assert.ok(
    catalogue.items.some((i) => i.kind === 'component') && catalogue.items.some((i) => i.kind === 'event'),
  );
  for (const level of ['A', 'B', 'C'])
    assert.ok(
      catalogue.items.some((i) => i.level === level),
      level,
    );
  assert.deepEqual(
    departments.templates.map((t) => t.name),
    ['六部一队四中心', '五部一局两中心'],
  );
  assert.equal(departments.defaultTemplate, 'six-one-four');
  assert.ok(departments.districtDepartments.length >= 10);
});

test('an unknown role in an item is an error naming the item code', () => {
  const bad = clone(rawCatalogue);
  bad.items[5]!.defaultRole = 'sanitation';
  const r = loadReferenceData({ catalogue: bad, departments: rawDepartments });
  assert.ok(!r.ok);
  assert.equal(r.errors.length, 1);
  assert.match(
    r.errors[0]!,
    /^catalogue: items\[5\]\.defaultRole: item C0106 \(通信井盖\): unknown department role "sanitation"$/,
  );
});

test('catalogue mistakes are reported with their place', () => {
  const departments = loadDepartments(rawDepartments);
  assert.ok(departments.ok);
  const errorsOf = (mutate: (c: typeof rawCatalogue) => void): string[] => {
    const c = clone(rawCatalogue);
    mutate(c);
    const r = loadCatalogue(c, departments.value);
    assert.ok(!r.ok, 'expected refusal');
    return r.errors;
  };
  assert.deepEqual(
    errorsOf((c) => (c.items[1]!.code = 'C0101')),
    ['items[1].code: item C0101 is defined twice'],
  );
  assert.deepEqual(
    errorsOf((c) => (c.items[0]!.level = 'D')),
    ['items[0].level: level is A, B or C'],
  );
  assert.deepEqual(
    errorsOf((c) => (c.items[0]!.timeLimit = { value: 1.5, unit: 'workingDays' })),
    ['items[0].timeLimit.value: working days must be a whole number'],
  );
  assert.deepEqual(
    errorsOf((c) => (c.items[0]!.timeLimit = { value: 2, unit: 'hours' })),
    ['items[0].timeLimit.unit: unit is workingHours or workingDays'],
  );
  assert.deepEqual(
    errorsOf((c) => (c.items[0]!.category = 'C02')),
    ['items[0].code: item C0101 does not start with its category code C02'],
  );
  assert.deepEqual(
    errorsOf((c) => (c.items[0]!.closeWhen = ' ')),
    ['items[0].closeWhen: the condition to close is required'],
  );
  assert.match(
    errorsOf((c) => (c.items[0]!.escalationRoles = ['cityServices'])).join(),
    /unknown district role "cityServices"/,
  );
  assert.match(errorsOf((c) => (c.items[0]!.code = '101')).join(), /items\[0\]\.code: an item code is/);
});

test('a role no department of a template holds is an error naming the item and the template', () => {
  const d = clone(rawDepartments) as DepartmentsData;
  d.templates[1]!.departments = d.templates[1]!.departments.filter((x) => x.key !== 'govService');
  const departments = loadDepartments(d);
  assert.ok(departments.ok);
  const r = loadCatalogue(rawCatalogue, departments.value);
  assert.ok(!r.ok);
  assert.match(
    r.errors[0]!,
    /item E1404 \(政务服务诉求\): no department of template five-one-two holds role "govService"/,
  );
});

test('department template mistakes are reported', () => {
  const errorsOf = (mutate: (d: DepartmentsData) => void): string => {
    const d = clone(rawDepartments) as DepartmentsData;
    mutate(d);
    const r = loadDepartments(d);
    assert.ok(!r.ok, 'expected refusal');
    return r.errors.join('\n');
  };
  assert.match(
    errorsOf((d) => (d.defaultTemplate = 'nine')),
    /defaultTemplate: no template "nine"/,
  );
  assert.match(
    errorsOf((d) => d.templates[0]!.departments[0]!.roles.push('police')),
    /templates\[0\]\.departments\[0\]\.roles\[1\]: six-one-four\/office: role "police" is a district role/,
  );
  assert.match(
    errorsOf((d) => d.districtDepartments[0]!.roles.push('nope')),
    /district-urban: unknown role "nope"/,
  );
  assert.match(
    errorsOf((d) => (d.templates[0]!.departments[1]!.key = 'office')),
    /key "office" twice/,
  );
});

test('routing: events go to the territory first, components to the owner first', () => {
  const { catalogue, departments } = real();
  const template = departments.templates.find((t) => t.id === 'six-one-four')!;
  const town = townDepartments(template, '440115001');
  const options = { districtDepartments: departments.districtDepartments };
  const garbage = catalogue.byCode.get('E0102')!; // 暴露垃圾, event
  assert.deepEqual(suggestDepartment(garbage, town, options), {
    departmentId: '440115001:cityServices',
    name: '城市运行服务中心',
    basis: 'territory',
    alternatives: [{ departmentId: 'district-urban', name: '区城市管理和综合执法局', basis: 'district' }],
  });
  const owner = { id: 'water-co', name: '南沙自来水公司' };
  const event = suggestDepartment(garbage, town, { ...options, owner });
  assert.equal(event?.basis, 'territory');
  assert.equal(event?.alternatives[0]?.departmentId, 'water-co');
  const cover = catalogue.byCode.get('C0101')!; // 上水井盖, component
  const component = suggestDepartment(cover, town, { ...options, owner });
  assert.deepEqual(
    [component?.departmentId, component?.basis, component?.alternatives.map((a) => a.basis)],
    ['water-co', 'owner', ['territory', 'district']],
  );
  // Without a known owner a component falls back to the territory.
  assert.equal(suggestDepartment(cover, town, options)?.basis, 'territory');
  // Outside every town only district departments are left; with nothing at all, no suggestion.
  assert.equal(suggestDepartment(garbage, [], options)?.basis, 'district');
  assert.equal(suggestDepartment(catalogue.byCode.get('E1404')!, [], options), null);
  // The same catalogue routes on the other template.
  const five = townDepartments(
    departments.templates.find((t) => t.id === 'five-one-two')!,
    '440115002',
  );
  assert.equal(suggestDepartment(garbage, five)?.name, '城乡建设部');
  assert.deepEqual(
    whistleTargets(catalogue.byCode.get('E0403')!, departments.districtDepartments).map((d) => d.id),
    ['district-emergency', 'district-fire', 'district-utilities'],
  );
});

test('item search by code, name and pinyin initials', () => {
  const index = buildItemIndex(real().catalogue.items);
  const codes = (q: string): string[] => searchItems(index, q).map((i) => i.code);
  assert.equal(codes('E0102')[0], 'E0102');
  assert.deepEqual(codes('e01').slice(0, 2), ['E0101', 'E0102']);
  assert.ok(codes('垃圾').includes('E0102'));
  assert.equal(codes('bllj')[0], 'E0102'); // 暴露垃圾
  assert.equal(codes('xftd')[0], 'E1001'); // 消防通道堵塞
  assert.ok(codes('baolu').includes('E0102'));
  assert.deepEqual(codes('   '), []);
  assert.equal(searchItems(index, 'j', 5).length, 5);
});
