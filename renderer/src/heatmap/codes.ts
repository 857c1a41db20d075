/** The heatmap's category/item filter as typed: codes like E01 (category) or E0101 (item type). */

/** "E01, E0101 c02" → categories and item types; anything else is ignored (shown as invalid). */
export function parseCodes(text: string): { categories: string[]; items: string[]; bad: string[] } {
  const out = { categories: [] as string[], items: [] as string[], bad: [] as string[] };
  for (const raw of text.split(/[\s,，;；]+/)) {
    const c = raw.trim().toUpperCase();
    if (!c) continue;
    if (/^[CE]\d{2}$/.test(c)) out.categories.push(c);
    else if (/^[CE]\d{4,6}$/.test(c)) out.items.push(c);
    else out.bad.push(raw);
  }
  return out;
}
