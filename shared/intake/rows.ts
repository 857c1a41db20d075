/**
 * One export row → a case to create, or every reason it cannot be one. All problems of a row are
 * collected (not just the first), so the user fixes the file once.
 */
import type { ColumnMapping, IntakeField } from './mapping.ts';
import { parseDateTime, parseDecimal } from './values.ts';

export const ROW_PROBLEMS = [
  'missingItem',
  'unknownItem',
  'missingCoordinates',
  'notANumber',
  'lonOutOfRange',
  'latOutOfRange',
  'badDate',
  'futureDate',
  'missingDescription',
  'tooLong',
  'duplicateExternalId',
] as const;
export type RowProblemCode = (typeof ROW_PROBLEMS)[number];

export interface RowProblem {
  /** The row as a spreadsheet numbers it: the header is row 1, the first data row 2. */
  row: number;
  /** The column's header as the file names it; null when the problem is not one column's. */
  column: string | null;
  field: IntakeField | null;
  problem: RowProblemCode;
  /** The offending cell text, cut short. */
  value: string;
}

export interface ImportedCase {
  itemCode: string;
  lon: number;
  lat: number;
  description: string;
  reporter?: string;
  externalId?: string;
  reportedAt?: number;
}

export interface RowContext {
  headers: readonly string[];
  /** Item code for a cell's text (a code like C0101 or an item name); null when unknown. */
  resolveItem: (text: string) => string | null;
  /** The working calendar's UTC offset: times without a zone are local to it. */
  offsetMs: number;
  now: number;
}

/** Limits of the case API, checked here so a row fails with its row number rather than the batch. */
const MAX = { description: 2000, reporter: 128, externalId: 64 } as const;
/** A few minutes of slack for a hotline server's clock running ahead of ours. */
const FUTURE_SLACK_MS = 10 * 60_000;

export function mapRow(
  cells: readonly string[],
  rowNumber: number,
  mapping: ColumnMapping,
  ctx: RowContext,
): { ok: true; value: ImportedCase } | { ok: false; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const colOf = (f: IntakeField): number | null => {
    const i = mapping[f];
    return typeof i === 'number' ? i : null;
  };
  const cell = (f: IntakeField): string => {
    const i = colOf(f);
    return i === null ? '' : (cells[i] ?? '').trim();
  };
  const fail = (field: IntakeField | null, problem: RowProblemCode, value = ''): void => {
    const i = field ? colOf(field) : null;
    problems.push({
      row: rowNumber,
      column: i === null ? null : (ctx.headers[i] ?? `#${i + 1}`),
      field,
      problem,
      value: value.slice(0, 80),
    });
  };

  const itemText = cell('item');
  const itemCode = itemText ? ctx.resolveItem(itemText) : null;
  if (!itemText) fail('item', 'missingItem');
  else if (!itemCode) fail('item', 'unknownItem', itemText);

  const coordinate = (field: 'lon' | 'lat', limit: number): number | null => {
    const text = cell(field);
    if (!text) return null;
    const v = parseDecimal(text);
    if (v === null) fail(field, 'notANumber', text);
    else if (Math.abs(v) > limit) fail(field, field === 'lon' ? 'lonOutOfRange' : 'latOutOfRange', text);
    else return v;
    return null;
  };
  const lonText = cell('lon');
  const latText = cell('lat');
  const lon = coordinate('lon', 180);
  const lat = coordinate('lat', 90);
  if (!lonText || !latText) fail(lonText ? 'lat' : 'lon', 'missingCoordinates');

  let reportedAt: number | undefined;
  const timeText = cell('time');
  if (timeText) {
    const t = parseDateTime(timeText, ctx.offsetMs);
    if (t === null) fail('time', 'badDate', timeText);
    else if (t > ctx.now + FUTURE_SLACK_MS) fail('time', 'futureDate', timeText);
    else reportedAt = t;
  }

  const text = cell('description');
  const address = cell('address');
  const description = [text, address ? `地址：${address}` : ''].filter(Boolean).join('\n');
  if (!description) fail(colOf('description') !== null ? 'description' : 'address', 'missingDescription');
  else if (description.length > MAX.description)
    fail(text ? 'description' : 'address', 'tooLong', `${description.length} > ${MAX.description}`);

  const reporter = [cell('reporterName'), cell('reporterPhone')].filter(Boolean).join(' ');
  if (reporter.length > MAX.reporter) fail('reporterName', 'tooLong', reporter);
  const externalId = cell('externalId');
  if (externalId.length > MAX.externalId) fail('externalId', 'tooLong', externalId);

  if (problems.length || !itemCode || lon === null || lat === null) return { ok: false, problems };
  return {
    ok: true,
    value: {
      itemCode,
      lon,
      lat,
      description,
      ...(reporter ? { reporter } : {}),
      ...(externalId ? { externalId } : {}),
      ...(reportedAt !== undefined ? { reportedAt } : {}),
    },
  };
}
