/**
 * A small reader for OGC / ESRI WKT (the text of a .prj or of gpkg_spatial_ref_sys.definition):
 * nested KEYWORD[arg, ...] nodes whose args are quoted strings, numbers or nodes. WKT2's
 * parentheses are read like brackets.
 */
export interface WktNode {
  key: string;
  args: (string | number | WktNode)[];
}

export function parseWkt(text: string): WktNode | null {
  let i = 0;
  const s = text.trim();
  const ws = (): void => {
    while (i < s.length && /\s/.test(s[i] as string)) i++;
  };
  const node = (): WktNode | null => {
    ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i));
    if (!m) return null;
    i += m[0].length;
    ws();
    const open = s[i];
    if (open !== '[' && open !== '(') return { key: m[0].toUpperCase(), args: [] };
    const close = open === '[' ? ']' : ')';
    i++;
    const args: WktNode['args'] = [];
    for (;;) {
      ws();
      const c = s[i];
      if (c === undefined) return null;
      if (c === close) {
        i++;
        break;
      }
      if (c === ',') {
        i++;
        continue;
      }
      if (c === '"') {
        let j = i + 1;
        let out = '';
        while (j < s.length) {
          if (s[j] === '"') {
            if (s[j + 1] === '"') {
              out += '"';
              j += 2;
              continue;
            }
            break;
          }
          out += s[j];
          j++;
        }
        args.push(out);
        i = j + 1;
        continue;
      }
      const num = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(s.slice(i));
      if (num) {
        args.push(Number(num[0]));
        i += num[0].length;
        continue;
      }
      const child = node();
      if (!child) return null;
      args.push(child);
    }
    return { key: m[0].toUpperCase(), args };
  };
  return node();
}

export const children = (n: WktNode, key: string): WktNode[] =>
  n.args.filter((a): a is WktNode => typeof a === 'object' && a.key === key);

export function find(n: WktNode, keys: readonly string[]): WktNode | null {
  if (keys.includes(n.key)) return n;
  for (const a of n.args)
    if (typeof a === 'object') {
      const f = find(a, keys);
      if (f) return f;
    }
  return null;
}

export const nameOf = (n: WktNode | null): string => (n && typeof n.args[0] === 'string' ? n.args[0] : '');
