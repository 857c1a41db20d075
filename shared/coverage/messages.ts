/** zh-CN (default) and English texts of every coverage defect; `{name}` placeholders take the params. */
export const COVERAGE_MESSAGES = {
  'containment.outside': {
    'zh-CN': '{code} 超出上级 {parent} 范围 {area} 平方米',
    en: '{code} extends {area} m² outside its parent {parent}',
  },
  'overlap.siblings': {
    'zh-CN': '{a} 与 {b} 重叠 {area} 平方米',
    en: '{a} and {b} overlap by {area} m²',
  },
  'gap.uncovered': {
    'zh-CN': '{parent} 内有 {area} 平方米未被下级网格覆盖',
    en: '{area} m² of {parent} is covered by none of its children',
  },
  'validity.unclosed': {
    'zh-CN': '{code} 的边界环未闭合',
    en: 'a ring of {code} is not closed',
  },
  'validity.tooFewPositions': {
    'zh-CN': '{code} 的边界环少于 4 个坐标点',
    en: 'a ring of {code} has fewer than 4 positions',
  },
  'validity.selfIntersection': {
    'zh-CN': '{code} 的边界自相交',
    en: 'the boundary of {code} intersects itself',
  },
  'validity.repeatedVertex': {
    'zh-CN': '{code} 有重复的顶点',
    en: '{code} has a repeated vertex',
  },
  'validity.spike': {
    'zh-CN': '{code} 有尖刺顶点',
    en: '{code} has a spike vertex',
  },
  'validity.holeOutsideShell': {
    'zh-CN': '{code} 的内环（洞）不在外环之内',
    en: 'a hole of {code} lies outside its shell',
  },
  'validity.partsOverlap': {
    'zh-CN': '{code} 的多个部分相互重叠',
    en: 'parts of {code} overlap each other',
  },
  'validity.empty': {
    'zh-CN': '{code} 没有几何图形',
    en: '{code} has no geometry',
  },
  'sliver.thin': {
    'zh-CN': '{code} 过于狭长（平均宽度 {width} 米，面积 {area} 平方米）',
    en: '{code} is a sliver (mean width {width} m, area {area} m²)',
  },
  'codes.duplicate': {
    'zh-CN': '编码 {code} 重复 {count} 次',
    en: 'code {code} is used {count} times',
  },
  'codes.prefix': {
    'zh-CN': '{code} 的编码不以上级编码 {parent} 开头',
    en: 'code {code} does not start with its parent code {parent}',
  },
  'orphans.noParent': {
    'zh-CN': '{code} 没有上级（{parent}）',
    en: '{code} has no parent ({parent})',
  },
  'orphans.noChildren': {
    'zh-CN': '{code} 没有任何下级网格',
    en: '{code} has no child units',
  },
  'fix.notFixable': {
    'zh-CN': '此问题没有可自动执行的修复，请手工编辑',
    en: 'there is no automatic fix for this finding; edit it by hand',
  },
  'fix.notFound': {
    'zh-CN': '问题已不在原处（可能已被修复或改动），请重新检查',
    en: 'the finding is no longer where it was (fixed or changed already); check again',
  },
  'fix.badChoice': {
    'zh-CN': '{code} 与该问题不相邻，不能选它',
    en: '{code} does not border this finding and cannot be chosen',
  },
  'fix.tooFar': {
    'zh-CN': '两侧顶点相距超过 {max} 米，不是近似重合，不能吸附',
    en: 'the vertices on either side are more than {max} m apart, not near-coincident; they cannot be snapped',
  },
  'fix.emptyResult': {
    'zh-CN': '修复后 {code} 将没有面积，已取消',
    en: 'the fix would leave {code} without any area; nothing was changed',
  },
  'fix.childEmpty': {
    'zh-CN': '{code} 整个位于重叠区内，从这一侧扣除会使它没有面积；请从另一侧扣除，或先调整 {code}',
    en: '{code} lies wholly in the overlap: taking it from this side would leave {code} without any area; take it from the other side or change {code} first',
  },
  'tolerance.minAreaM2': {
    'zh-CN': '面积容差（缝隙、重叠、超出上级）须是 {min} 到 {max} 平方米之间的数',
    en: 'The area tolerance (gaps, overlaps, parts outside the parent) must be a number from {min} to {max} m²',
  },
  'tolerance.minWidthM': {
    'zh-CN': '狭长宽度容差须是 {min} 到 {max} 米之间的数',
    en: 'The sliver width tolerance must be a number from {min} to {max} m',
  },
  'tolerance.snapFixM': {
    'zh-CN': '顶点吸附距离须是 {min} 到 {max} 米之间的数',
    en: 'The vertex snap distance must be a number from {min} to {max} m',
  },
  'fix.notWarning': {
    'zh-CN': '只有警告可以作为例外接受，错误必须修复',
    en: 'only warnings can be accepted as exceptions; errors must be fixed',
  },
} as const;

export type MessageKey = keyof typeof COVERAGE_MESSAGES;
export type Locale = 'zh-CN' | 'en';

export function formatMessage(
  key: MessageKey,
  params: Record<string, string | number>,
  locale: Locale = 'zh-CN',
): string {
  return COVERAGE_MESSAGES[key][locale].replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined ? m : String(v);
  });
}
