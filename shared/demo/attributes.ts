import type { DedicatedSubtype } from '../grid/types.ts';
import type { Rng } from './random.ts';

// Common surnames, weighted towards those frequent in Guangdong.
const SURNAMES = [
  '陈',
  '陈',
  '陈',
  '黄',
  '黄',
  '李',
  '李',
  '梁',
  '梁',
  '林',
  '林',
  '张',
  '张',
  '何',
  '罗',
  '吴',
  '郑',
  '谢',
  '冯',
  '邓',
  '麦',
  '钟',
  '曾',
  '叶',
  '潘',
  '卢',
  '刘',
  '杨',
  '周',
  '徐',
  '朱',
  '胡',
  '郭',
  '高',
  '蔡',
  '余',
  '苏',
  '彭',
  '许',
  '赖',
  '温',
  '邱',
  '关',
  '骆',
  '庞',
  '霍',
  '伍',
  '黎',
  '区',
  '岑',
  '冼',
  '谭',
  '袁',
  '方',
  '杜',
  '莫',
  '江',
  '严',
  '廖',
  '王',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀',
  '霞',
  '平',
  '刚',
  '桂',
  '英',
  '华',
  '玲',
  '文',
  '辉',
  '建',
  '志',
  '国',
  '海',
  '燕',
  '婷',
  '雪',
  '慧',
  '俊',
  '斌',
  '鹏',
  '宇',
  '浩',
  '晓',
  '红',
  '春',
  '梅',
  '永',
  '健',
  '锦',
  '荣',
  '家',
  '嘉',
  '颖',
  '欣',
  '思',
  '振',
  '耀',
  '东',
  '坤',
  '少',
  '惠',
  '嫦',
  '卓',
  '泳',
  '铭',
  '诗',
];

/** A synthetic personal name (surname + one or two given characters). */
export function personName(rng: Rng): string {
  const given = rng.next() < 0.7 ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}

const SUBTYPE_WEIGHTS: [DedicatedSubtype, number][] = [
  ['school', 0.22],
  ['office_tower', 0.2],
  ['park', 0.17],
  ['market', 0.14],
  ['construction_site', 0.1],
  ['hospital', 0.09],
  ['other', 0.08],
];

export function dedicatedSubtype(rng: Rng): DedicatedSubtype {
  let r = rng.next();
  for (const [s, w] of SUBTYPE_WEIGHTS) {
    r -= w;
    if (r < 0) return s;
  }
  return 'other';
}

export const SUBTYPE_LABEL: Record<DedicatedSubtype, string> = {
  school: '学校',
  office_tower: '楼宇',
  park: '公园',
  market: '市场',
  construction_site: '工地',
  hospital: '医院',
  other: '其他',
};

/** Residents of a dedicated cell: a few staff quarters or dormitories, often none. */
export function dedicatedPopulation(subtype: DedicatedSubtype, rng: Rng): number {
  switch (subtype) {
    case 'school':
      return rng.int(0, 120);
    case 'construction_site':
      return rng.int(0, 300);
    case 'hospital':
      return rng.int(0, 80);
    case 'park':
      return rng.int(0, 10);
    default:
      return rng.int(0, 40);
  }
}

/** "南沙社区居民委员会" → "南沙社区", "xx村村民委员会" → "xx村": the name grid workers use. */
export function shortCommunityName(name: string): string {
  return name.replace(/(居民|村民)?委员会$/, '');
}
