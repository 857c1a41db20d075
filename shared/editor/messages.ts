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
} as const;

export type EditorMessageKey = keyof typeof EDITOR_MESSAGES;
export type EditorLocale = 'zh-CN' | 'en';

export function formatEditorMessage(
  key: EditorMessageKey,
  params: Record<string, string | number>,
  locale: EditorLocale = 'zh-CN',
): string {
  return EDITOR_MESSAGES[key][locale].replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}
