/**
 * Which column of an export holds which case field. Every 12345 platform names its columns a
 * little differently, so the suggestion matches known names (Chinese and English) and the user
 * confirms or corrects it in the dialog.
 */
export const INTAKE_FIELDS = [
  'externalId',
  'time',
  'item',
  'description',
  'address',
  'lon',
  'lat',
  'reporterName',
  'reporterPhone',
] as const;
export type IntakeField = (typeof INTAKE_FIELDS)[number];

/** Column index per field; null or absent: not in this file. */
export type ColumnMapping = Partial<Record<IntakeField, number | null>>;

/** A row cannot become a case without these; description or address must be there too. */
export const REQUIRED_FIELDS: readonly IntakeField[] = ['item', 'lon', 'lat'];

// Exact names first (strong), then fragments a header may contain. Order within a list is priority.
const ALIASES: Record<IntakeField, { exact: string[]; contains: string[] }> = {
  externalId: {
    exact: [
      '工单编号',
      '工单号',
      '受理编号',
      '编号',
      '单号',
      '流水号',
      'id',
      'ticketid',
      'caseid',
      'externalid',
    ],
    contains: ['工单编号', '编号', '单号', 'ticket'],
  },
  time: {
    exact: ['受理时间', '来电时间', '登记时间', '创建时间', '时间', '日期', 'time', 'date', 'reportedat'],
    contains: ['时间', '日期', 'time', 'date'],
  },
  item: {
    exact: [
      '事项编码',
      '事项代码',
      '小类编码',
      '事项',
      '事项类型',
      '小类',
      '诉求类型',
      '问题分类',
      'itemcode',
      'item',
    ],
    contains: ['事项', '小类', '分类', '类型', 'item', 'category'],
  },
  description: {
    exact: ['诉求内容', '问题描述', '来电内容', '内容', '描述', 'description', 'content'],
    contains: ['内容', '描述', 'descr'],
  },
  address: {
    exact: ['事发地址', '地址', '发生地点', '地点', 'address', 'location'],
    contains: ['地址', '地点', 'addr'],
  },
  lon: { exact: ['经度', 'lon', 'lng', 'long', 'longitude', 'x'], contains: ['经度', 'longitude'] },
  lat: { exact: ['纬度', 'lat', 'latitude', 'y'], contains: ['纬度', 'latitude'] },
  reporterName: {
    exact: ['来电人', '联系人', '市民姓名', '姓名', 'name', 'reporter'],
    contains: ['姓名', '联系人', '来电人'],
  },
  reporterPhone: {
    exact: ['来电号码', '联系电话', '电话', '手机', '手机号', 'phone', 'tel', 'mobile'],
    contains: ['电话', '号码', '手机', 'phone'],
  },
};

const norm = (h: string): string => h.toLowerCase().replace(/[\s_\-()（）:：]/g, '');

export function suggestMapping(headers: readonly string[]): ColumnMapping {
  const names = headers.map(norm);
  const taken = new Set<number>();
  const mapping: ColumnMapping = {};
  const claim = (field: IntakeField, pick: (n: string) => boolean): boolean => {
    const i = names.findIndex((n, idx) => !taken.has(idx) && n !== '' && pick(n));
    if (i < 0) return false;
    mapping[field] = i;
    taken.add(i);
    return true;
  };
  // Two passes, so an exact header anywhere beats a fragment match in an earlier column.
  for (const f of INTAKE_FIELDS)
    for (const alias of ALIASES[f].exact) if (claim(f, (n) => n === alias)) break;
  for (const f of INTAKE_FIELDS) {
    if (mapping[f] !== undefined) continue;
    for (const alias of ALIASES[f].contains) if (claim(f, (n) => n.includes(alias))) break;
  }
  return mapping;
}

/** Fields the mapping still lacks before an import may start. */
export function missingFields(mapping: ColumnMapping): IntakeField[] {
  const has = (f: IntakeField): boolean => typeof mapping[f] === 'number';
  const missing = REQUIRED_FIELDS.filter((f) => !has(f));
  if (!has('description') && !has('address')) missing.push('description');
  return missing;
}
