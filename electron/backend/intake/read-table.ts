/**
 * An uploaded export → a table of text cells (header row first). CSV is decoded (detected or chosen
 * encoding) and parsed in shared/; XLSX is read with read-excel-file. Anything unreadable is a
 * bad_request whose `key` the UI translates; nothing is stored at this stage.
 */
import {
  decodeText,
  detectEncoding,
  parseCsv,
  sniffFileKind,
  type DetectedEncoding,
  type TextEncodingName,
} from '../../../shared/intake/index.ts';
import { MAX_IMPORT_ROWS } from '../../../shared/api/intake-contract.ts';
import { ApiError } from '../api-error.ts';

export interface Table {
  format: 'csv' | 'xlsx';
  encoding: TextEncodingName | null;
  detected: DetectedEncoding | null;
  delimiter: string | null;
  sheets: string[];
  /** Header first; every cell as text. */
  rows: string[][];
}

export interface ReadOptions {
  name: string;
  encoding: 'auto' | TextEncodingName;
  sheet: number;
}

export function fileError(
  key: string,
  message: string,
  details: Record<string, string | number> = {},
): ApiError {
  return new ApiError('bad_request', message, { key, ...details });
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Excel stores wall-clock times; the reader hands them over as UTC dates holding that wall time. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    const date = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
    return `${date} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
  }
  return String(v);
}

async function readXlsx(bytes: Uint8Array, sheet: number): Promise<Table> {
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    // Loaded on first use: the library costs ~40 ms of every start, and most starts import nothing.
    const { default: readXlsxFile } = await import('read-excel-file/node');
    sheets = (await readXlsxFile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) as {
      sheet: string;
      data: unknown[][];
    }[];
  } catch (e) {
    throw fileError(
      'intake.unreadableXlsx',
      `Not a readable XLSX workbook: ${e instanceof Error ? e.message : e}`,
    );
  }
  const chosen = sheets[sheet];
  if (!chosen)
    throw fileError(
      'intake.noSuchSheet',
      `The workbook has ${sheets.length} sheet(s); sheet ${sheet + 1} is not there`,
      {
        sheets: sheets.length,
      },
    );
  const rows = chosen.data.map((r) => r.map(cellText)).filter((r) => r.some((c) => c.trim() !== ''));
  return {
    format: 'xlsx',
    encoding: null,
    detected: null,
    delimiter: null,
    sheets: sheets.map((s) => s.sheet),
    rows,
  };
}

function readCsv(bytes: Uint8Array, choice: ReadOptions['encoding']): Table {
  const detected = detectEncoding(bytes);
  const encoding = choice === 'auto' ? detected.encoding : choice;
  if (!encoding)
    throw fileError(
      'intake.undecidedEncoding',
      'The file is neither valid UTF-8 nor GBK: choose its encoding',
    );
  const parsed = parseCsv(decodeText(bytes, encoding));
  if (!parsed.ok)
    throw fileError(
      'intake.unterminatedQuote',
      `A quoted field opened in row ${parsed.row} is never closed`,
      {
        row: parsed.row,
      },
    );
  return { format: 'csv', encoding, detected, delimiter: parsed.delimiter, sheets: [], rows: parsed.rows };
}

export async function readTable(bytes: Uint8Array, opts: ReadOptions): Promise<Table> {
  const kind = sniffFileKind(bytes);
  let table: Table;
  switch (kind) {
    case 'empty':
      throw fileError('intake.emptyFile', 'The file is empty');
    case 'xls':
      throw fileError('intake.xlsNotSupported', 'Old .xls workbooks are not read: save it as .xlsx or CSV');
    case 'binary':
      // A ZIP-less .xlsx name on binary bytes is most likely a truncated or damaged workbook.
      throw /\.xlsx$/i.test(opts.name)
        ? fileError('intake.unreadableXlsx', 'Not a readable XLSX workbook')
        : fileError('intake.binaryFile', 'Not a CSV or XLSX file (binary content)');
    case 'xlsx':
      table = await readXlsx(bytes, opts.sheet);
      break;
    case 'text':
      table = readCsv(bytes, opts.encoding);
  }
  if (table.rows.length < 2)
    throw fileError('intake.noRows', 'The file has no data rows under its header', {
      rows: table.rows.length,
    });
  if (table.rows.length - 1 > MAX_IMPORT_ROWS)
    throw fileError('intake.tooManyRows', `Over ${MAX_IMPORT_ROWS} rows: split the file`, {
      rows: table.rows.length - 1,
      max: MAX_IMPORT_ROWS,
    });
  return table;
}
