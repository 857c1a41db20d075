/**
 * Item type search for the intake form: by code ("E0102"), by name ("垃圾") and by pinyin initials
 * ("bllj" for 暴露垃圾), which is how operators type fast on a Chinese keyboard layout. The index is
 * built once per catalogue version, since pinyin conversion is the slow part.
 */
import { pinyin } from 'pinyin-pro';
import type { ItemType } from './catalogue-schema.ts';

export interface ItemIndexEntry {
  item: ItemType;
  /** Initials of the name, letters only: 暴露垃圾 → "bllj". */
  initials: string;
  /** Full pinyin without tones or spaces: 暴露垃圾 → "baolulaji". */
  spelled: string;
}

export function buildItemIndex(items: readonly ItemType[]): ItemIndexEntry[] {
  return items.map((item) => {
    const syllables = pinyin(item.name, { toneType: 'none', type: 'array', nonZh: 'removed' });
    return {
      item,
      initials: syllables
        .map((s) => s[0] ?? '')
        .join('')
        .toLowerCase(),
      spelled: syllables.join('').toLowerCase(),
    };
  });
}

/** Best matches first: code prefix, then name, then initials prefix, initials anywhere, full pinyin. */
export function searchItems(index: readonly ItemIndexEntry[], query: string, limit = 20): ItemType[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, '');
  if (!q) return [];
  const scored: { item: ItemType; score: number }[] = [];
  for (const e of index) {
    const score = e.item.code.toLowerCase().startsWith(q)
      ? 0
      : e.item.name.includes(q)
        ? 1
        : e.initials.startsWith(q)
          ? 2
          : e.initials.includes(q)
            ? 3
            : e.spelled.startsWith(q)
              ? 4
              : -1;
    if (score >= 0) scored.push({ item: e.item, score });
  }
  scored.sort((a, b) => a.score - b.score || a.item.code.localeCompare(b.item.code));
  return scored.slice(0, limit).map((s) => s.item);
}
