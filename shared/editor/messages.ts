/** zh-CN (default) and English texts of every editor refusal; `{name}` placeholders take the params. */
export const EDITOR_MESSAGES = {
  'editor.unknownVertex': { 'zh-CN': '顶点 {vertex} 不存在', en: 'vertex {vertex} does not exist' },
  'editor.unknownArc': { 'zh-CN': '边 {arc} 不存在', en: 'edge {arc} does not exist' },
  'editor.segmentOutOfRange': {
    'zh-CN': '边 {arc} 没有第 {index} 段',
    en: 'edge {arc} has no segment {index}',
  },
  'editor.unknownUnit': { 'zh-CN': '网格 {code} 不存在', en: 'unit {code} does not exist' },
  'editor.badCoordinate': {
    'zh-CN': '坐标无效：经度须在 -180 到 180 之间，纬度须在 -90 到 90 之间',
    en: 'invalid coordinate: longitude must be within -180..180 and latitude within -90..90',
  },
  'editor.selfIntersection': {
    'zh-CN': '此操作会使 {code} 的边界自相交，已取消',
    en: 'this edit would make the boundary of {code} intersect itself; nothing was changed',
  },
  'editor.ringFlipped': {
    'zh-CN': '此操作会使 {code} 的边界翻转（面积为零或反向），已取消',
    en: 'this edit would fold the boundary of {code} over itself (zero or inverted area); nothing was changed',
  },
  'editor.tooFewPositions': {
    'zh-CN': '删除后 {code} 的边界环将少于 4 个坐标点，不能删除',
    en: 'deleting it would leave a ring of {code} with fewer than 4 positions',
  },
  'editor.deleteJunction': {
    'zh-CN': '该顶点是 {count} 条边界的交汇点，不能删除',
    en: 'this vertex is where {count} boundaries meet and cannot be deleted',
  },
  'editor.splitHasChildren': {
    'zh-CN': '{code} 含有下级网格，只能拆分最下级网格',
    en: '{code} has child units; only units without children can be split',
  },
  'editor.splitCrossings': {
    'zh-CN': '拆分线须恰好两次穿过 {code} 的外边界（现为 {count} 次），且不穿过内洞',
    en: 'the split line must cross the outer boundary of {code} exactly twice (it crosses {count} times) and no hole',
  },
  'editor.splitLine': {
    'zh-CN': '拆分线至少需要 2 个点且不能自相交',
    en: 'a split line needs at least 2 points and must not cross itself',
  },
  'editor.mergeTooFew': { 'zh-CN': '合并至少需要两个网格', en: 'merging needs at least two units' },
  'editor.mergeNotSiblings': {
    'zh-CN': '{a} 与 {b} 不属于同一上级或不在同一层级，不能合并',
    en: '{a} and {b} are not siblings (same parent and level) and cannot be merged',
  },
  'editor.mergeNotAdjacent': {
    'zh-CN': '所选网格不相邻（没有共用边界），不能合并',
    en: 'the selected units are not adjacent (they share no boundary) and cannot be merged',
  },
  'editor.mergeKeep': {
    'zh-CN': '保留属性的网格 {code} 不在所选网格中',
    en: 'the unit {code} whose attributes are kept is not among the selected units',
  },
  'editor.notCell': {
    'zh-CN': '{code} 不是基础网格',
    en: '{code} is not a cell',
  },
  'editor.reparentLevel': {
    'zh-CN': '{parent} 不是社区，网格只能移到社区下',
    en: '{parent} is not a community; a cell can only move to a community',
  },
  'editor.reparentSame': {
    'zh-CN': '{code} 已属于 {parent}',
    en: '{code} already belongs to {parent}',
  },
  'editor.reparentNotAdjacent': {
    'zh-CN': '{code} 与 {parent} 不相邻（没有共用边界），不能移入',
    en: '{code} shares no boundary with {parent} and cannot move into it',
  },
  'editor.reparentLastChild': {
    'zh-CN': '{code} 是 {parent} 唯一的下级网格，移走后 {parent} 将为空',
    en: '{code} is the only cell of {parent}; moving it would leave {parent} empty',
  },
  'editor.deleteNotNeighbour': {
    'zh-CN': '{neighbour} 不是 {code} 的相邻同级网格，不能接收其范围',
    en: '{neighbour} is not an adjacent sibling of {code} and cannot take its area',
  },
  'editor.codesExhausted': {
    'zh-CN': '{parent} 下的编码已用完',
    en: 'no free code is left under {parent}',
  },
  'editor.attr.nameRequired': { 'zh-CN': '名称不能为空', en: 'the name must not be empty' },
  'editor.attr.tooLong': {
    'zh-CN': '{field} 最多 {max} 个字符',
    en: '{field} may have at most {max} characters',
  },
  'editor.attr.kind': {
    'zh-CN': '类型只能是综合网格或专属网格',
    en: 'the kind must be comprehensive or dedicated',
  },
  'editor.attr.subtype': { 'zh-CN': '专属网格的子类型无效', en: 'unknown dedicated subtype' },
  'editor.attr.subtypeRequired': {
    'zh-CN': '专属网格须选择子类型（写字楼、公园、学校、医院、市场、工地或其他）',
    en: 'a dedicated cell needs a subtype (office tower, park, school, hospital, market, construction site or other)',
  },
  'editor.attr.subtypeOnlyDedicated': {
    'zh-CN': '只有专属网格才有子类型',
    en: 'only a dedicated cell has a subtype',
  },
  'editor.attr.count': {
    'zh-CN': '{field} 须为 0 到 1000000 之间的整数',
    en: '{field} must be a whole number from 0 to 1,000,000',
  },
  'editor.attr.workerNames': {
    'zh-CN': '{field} 网格员姓名不能为空，且每个不超过 32 个字符',
    en: "the {field} grid workers' names must not be empty and may have at most 32 characters each",
  },
  'editor.attr.moreNamesThanWorkers': {
    'zh-CN': '{field} 网格员名单多于人数（{count} 人）',
    en: 'more {field} grid worker names than the number of such workers ({count})',
  },
  'editor.code.format': {
    'zh-CN': '编码须为 {length} 位数字',
    en: 'the code must be {length} digits',
  },
  'editor.code.prefix': {
    'zh-CN': '编码须以上级编码 {parent} 开头',
    en: 'the code must begin with the parent code {parent}',
  },
  'editor.code.serialZero': {
    'zh-CN': '编码的顺序号不能全为 0',
    en: 'the serial part of the code must not be all zeros',
  },
  'editor.code.taken': {
    'zh-CN': '编码 {code} 已被其他单元使用',
    en: 'the code {code} is already used by another unit',
  },
  'editor.draw.parentLevel': {
    'zh-CN': '{parent} 不是社区，新网格只能画在社区内',
    en: '{parent} is not a community; a new cell can only be drawn inside a community',
  },
  'editor.draw.ring': {
    'zh-CN': '新网格的边界至少需要 3 个不同的点且不能自相交',
    en: 'the outline of a new cell needs at least 3 distinct points and must not cross itself',
  },
  'editor.draw.outside': {
    'zh-CN': '新网格须完全位于 {parent} 内',
    en: 'the new cell must lie entirely inside {parent}',
  },
  'editor.draw.nothingUncovered': {
    'zh-CN': '所画范围内 {parent} 没有未覆盖的区域',
    en: 'the drawn area holds no uncovered space of {parent}',
  },
  'editor.reshape.ends': {
    'zh-CN': '重塑线的起点和终点须落在 {code} 的同一条边界上（请吸附到边界）',
    en: 'the reshape line must start and end on the same boundary ring of {code} (snap to the boundary)',
  },
  'editor.reshape.ambiguous': {
    'zh-CN':
      '重塑线与 {code} 原边界之间的区域同时与 {a} 和 {b} 相邻，无法确定归谁。请让重塑线止于 {a} 与 {b} 的分界点，或对两侧分别重塑',
    en: 'the area between the line and the old boundary of {code} borders both {a} and {b}, and it is not clear which should get it; end the line where {a} and {b} meet, or reshape each side separately',
  },
  'editor.reshape.swallows': {
    'zh-CN': '此重塑会使 {victim} 失去全部面积，已取消；如需去掉它，请先合并或删除',
    en: 'this reshape would leave {victim} with no area, so nothing was changed; merge or delete it first if it should go',
  },
  'editor.reshape.touches': {
    'zh-CN': '重塑线只能在被替换的边界段上与 {code} 的边界相接',
    en: 'the reshape line may meet the boundary of {code} only along the stretch it replaces',
  },
} as const;

export type EditorMessageKey = keyof typeof EDITOR_MESSAGES;
export type EditorLocale = 'zh-CN' | 'en';

/** Attribute field names as the planner reads them, for the `{field}` placeholder. */
const FIELD_LABELS: Record<string, Record<EditorLocale, string>> = {
  name: { 'zh-CN': '名称', en: 'Name' },
  chief: { 'zh-CN': '网格长', en: 'Grid chief' },
  notes: { 'zh-CN': '备注', en: 'Notes' },
  population: { 'zh-CN': '人口', en: 'Population' },
  staffFullTime: { 'zh-CN': '专职网格员人数', en: 'Full-time workers' },
  staffPartTime: { 'zh-CN': '兼职网格员人数', en: 'Part-time workers' },
  staffVolunteer: { 'zh-CN': '义务网格员人数', en: 'Volunteer workers' },
  fullTime: { 'zh-CN': '专职', en: 'full-time' },
  partTime: { 'zh-CN': '兼职', en: 'part-time' },
  volunteer: { 'zh-CN': '义务', en: 'volunteer' },
};

export function formatEditorMessage(
  key: EditorMessageKey,
  params: Record<string, string | number>,
  locale: EditorLocale = 'zh-CN',
): string {
  return EDITOR_MESSAGES[key][locale].replace(/\{(\w+)\}/g, (m, name: string) => {
    if (!(name in params)) return m;
    const v = String(params[name]);
    return name === 'field' ? (FIELD_LABELS[v]?.[locale] ?? v) : v;
  });
}
