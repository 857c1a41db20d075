/**
 * RFC 4180 CSV: quoted fields may hold the delimiter, doubled quotes and line breaks; CRLF, LF and
 * CR line ends. Small enough to own rather than add a dependency, and pure so the renderer could
 * use it too. The delimiter (comma, tab, semicolon) is guessed from the header line.
 */
export type CsvResult =
  | { ok: true; rows: string[][]; delimiter: string }
  | { ok: false; problem: 'unterminatedQuote'; row: number };

const CANDIDATES = [',', '\t', ';', '|'];

/** The candidate seen most often outside quotes in the first line. */
export function guessDelimiter(text: string): string {
  let inQuotes = false;
  const counts = new Map<string, number>();
  for (const ch of text.slice(0, 64 * 1024)) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && CANDIDATES.includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const c of CANDIDATES) {
    const n = counts.get(c) ?? 0;
    if (n > bestCount) [best, bestCount] = [c, n];
  }
  return best;
}

export function parseCsv(text: string, delimiter = guessDelimiter(text)): CsvResult {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let i = 0;
  const n = text.length;
  const endRow = (): void => {
    row.push(field);
    field = '';
    // Blank lines (a lone empty field) are not rows.
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
  };
  while (i < n) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') inQuotes = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      endRow();
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (inQuotes) return { ok: false, problem: 'unterminatedQuote', row: rows.length + 1 };
  if (field !== '' || row.length) endRow();
  return { ok: true, rows, delimiter };
}
