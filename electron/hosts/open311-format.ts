/**
 * Open311 GeoReport v2 bodies in both formats the spec defines. XML is the spec's required format:
 * schemaless, no namespace, `text/xml; charset=utf-8`, a plural root (`services`,
 * `service_requests`, `errors`) around singular records; JSON is the Spark-convention mapping of
 * the same records, an array without the root. Empty values are written as empty elements, as in
 * the spec's examples (`<account_id/>`).
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { CaseDetail, CaseSummary, ItemTypeInfo } from '../../shared/api/cases-contract.ts';

export type Open311Format = 'json' | 'xml';
type Value = string | number | boolean | null;
export type Open311Record = Record<string, Value>;

/** The root element and the record element of each kind of answer. */
const ELEMENTS = {
  services: ['services', 'service'],
  requests: ['service_requests', 'request'],
  errors: ['errors', 'error'],
} as const;
export type Open311Kind = keyof typeof ELEMENTS;

const builder = new XMLBuilder({ format: true, suppressEmptyNode: true, processEntities: true });

export const CONTENT_TYPE: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

export function renderOpen311(format: Open311Format, kind: Open311Kind, records: Open311Record[]): string {
  if (format === 'json') return JSON.stringify(records);
  const [root, item] = ELEMENTS[kind];
  // XML has no null: an unknown value is an empty element.
  const rows = records.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)])),
  );
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: { [item]: rows } }) as string}`;
}

export function serviceRecord(s: ItemTypeInfo): Open311Record {
  return {
    service_code: s.code,
    service_name: s.name,
    description: `${s.categoryName} / ${s.name}`,
    metadata: false,
    type: 'realtime',
    keywords: [s.code, s.nameEn].filter(Boolean).join(', '),
    group: s.categoryName,
  };
}

const CLOSED = new Set(['closed', 'archived', 'voided']);
export const isClosedStatus = (status: string): boolean => CLOSED.has(status);

/** Open311's view of a case: open until the center closes (or voids) it. */
export function requestRecord(c: CaseSummary | CaseDetail): Open311Record {
  return {
    service_request_id: c.id,
    status: isClosedStatus(c.status) ? 'closed' : 'open',
    status_notes: c.status,
    service_name: c.itemName,
    service_code: c.itemCode,
    description: 'description' in c ? c.description : null,
    agency_responsible: c.departmentName,
    service_notice: null,
    requested_datetime: new Date(c.reportedAt).toISOString(),
    updated_datetime: new Date(c.updatedAt).toISOString(),
    expected_datetime: c.clock ? new Date(c.clock.dueAt).toISOString() : null,
    address: [c.town?.name, c.community?.name, c.cell?.name].filter(Boolean).join(' ') || null,
    address_id: c.cell?.code ?? null,
    zipcode: null,
    lat: c.lat,
    long: c.lon,
    media_url: null,
  };
}

export function errorRecords(
  status: number,
  description: string,
  issues: { path: string; message: string }[] = [],
): Open311Record[] {
  // One error per problem, as the spec's list of errors allows; the summary first.
  return [
    { code: status, description },
    ...issues.map((i) => ({ code: status, description: i.path ? `${i.path}: ${i.message}` : i.message })),
  ];
}
