/**
 * Import of 12345 hotline exports: preview (encoding, headers, first rows, suggested mapping) and
 * import. Every row is checked first; the good ones are created through the case service as channel
 * hotline12345, one durable write per batch, and the bad ones are listed with their reasons.
 * Rows whose ticket number was imported before are refused, so importing a file twice is harmless.
 */
import type { ImportPreview, ImportResult } from '../../../shared/api/intake-contract.ts';
import { MAX_LISTED_PROBLEMS } from '../../../shared/api/intake-contract.ts';
import type { ParsedRequestOf, PushEvent } from '../../../shared/api/contract.ts';
import {
  mapRow,
  missingFields,
  suggestMapping,
  type ColumnMapping,
  type ImportedCase,
  type RowProblem,
} from '../../../shared/intake/index.ts';
import type { Actor } from '../../../shared/cases/types.ts';
import type { CaseService } from '../cases/case-service.ts';
import type { ReferenceSet } from '../cases/reference-data.ts';
import type { Store } from '../store/store.ts';
import { ApiError } from '../api-error.ts';
import { fileError, readTable, type Table } from './read-table.ts';
import type { UploadStore } from './uploads.ts';

/** Rows per store write: large enough to amortise the fsync, small enough to report progress. */
export const IMPORT_BATCH = 500;

export interface ImportDeps {
  store: Store;
  uploads: UploadStore;
  services: () => { cases: CaseService; ref: ReferenceSet };
  now: () => number;
  emit: (e: PushEvent) => void;
}

type ReadRequest = Pick<ParsedRequestOf<'intake.preview'>, 'name' | 'source' | 'encoding' | 'sheet'>;

export class HotlineImport {
  constructor(private readonly deps: ImportDeps) {}

  private async table(p: ReadRequest): Promise<Table> {
    const bytes =
      'base64' in p.source
        ? new Uint8Array(Buffer.from(p.source.base64, 'base64'))
        : this.deps.uploads.bytes(p.source.uploadId);
    return readTable(bytes, { name: p.name, encoding: p.encoding, sheet: p.sheet });
  }

  async preview(p: ParsedRequestOf<'intake.preview'>): Promise<ImportPreview> {
    const t = await this.table(p);
    const [headers = [], ...data] = t.rows;
    return {
      format: t.format,
      encoding: t.encoding,
      detected: t.detected,
      delimiter: t.delimiter,
      sheets: t.sheets,
      headers,
      rows: data.slice(0, p.rows),
      totalRows: data.length,
      suggestedMapping: suggestMapping(headers),
    };
  }

  /** Item codes by code (any case) and by exact item name, as hotline staff type either. */
  private itemResolver(ref: ReferenceSet): (text: string) => string | null {
    const byKey = new Map<string, string>();
    for (const it of ref.catalogue.items) {
      byKey.set(it.code.toUpperCase(), it.code);
      byKey.set(it.name, it.code);
    }
    return (text) => byKey.get(text.trim().toUpperCase()) ?? byKey.get(text.trim()) ?? null;
  }

  private checkMapping(mapping: ColumnMapping, width: number): void {
    const missing = missingFields(mapping);
    if (missing.length)
      throw fileError('intake.missingFields', `Map a column to: ${missing.join(', ')}`, {
        fields: missing.join(','),
      });
    for (const [field, col] of Object.entries(mapping))
      if (typeof col === 'number' && col >= width)
        throw new ApiError('bad_request', `Column ${col + 1} mapped to ${field} is not in the file`, {
          key: 'intake.columnOutOfRange',
          field,
          column: col + 1,
        });
  }

  async import(p: ParsedRequestOf<'intake.import'>, actor: Actor): Promise<ImportResult> {
    const { cases, ref } = this.deps.services();
    const t = await this.table(p);
    const [headers = [], ...data] = t.rows;
    this.checkMapping(p.mapping, headers.length);
    const ctx = {
      headers,
      resolveItem: this.itemResolver(ref),
      offsetMs: ref.calendar.calendar.offsetMs,
      now: this.deps.now(),
    };
    const known = this.importedTickets();
    const seen = new Set<string>();
    const problems: RowProblem[] = [];
    const failed = new Set<number>();
    const good: ImportedCase[] = [];
    data.forEach((cells, i) => {
      const row = i + 2;
      const r = mapRow(cells, row, p.mapping, ctx);
      if (!r.ok) {
        problems.push(...r.problems);
        failed.add(row);
        return;
      }
      const ticket = r.value.externalId;
      if (ticket && (known.has(ticket) || seen.has(ticket))) {
        const col = p.mapping.externalId ?? null;
        problems.push({
          row,
          column: col === null ? null : (headers[col] ?? null),
          field: 'externalId',
          problem: 'duplicateExternalId',
          value: ticket,
        });
        failed.add(row);
        return;
      }
      if (ticket) seen.add(ticket);
      good.push(r.value);
    });

    const caseIds: string[] = [];
    for (let i = 0; i < good.length; i += IMPORT_BATCH) {
      const batch = good.slice(i, i + IMPORT_BATCH).map((c) => ({
        ...c,
        channel: 'hotline12345' as const,
        simulated: false,
      }));
      caseIds.push(...(await cases.createMany(batch, actor)));
      if (p.progressId)
        this.deps.emit({
          type: 'intake.progress',
          progressId: p.progressId,
          done: caseIds.length,
          total: good.length,
        });
    }
    if ('uploadId' in p.source) this.deps.uploads.discard(p.source.uploadId);
    return {
      totalRows: data.length,
      imported: caseIds.length,
      located: this.locatedCount(caseIds),
      failedRows: failed.size,
      problems: problems.slice(0, MAX_LISTED_PROBLEMS),
      problemsTruncated: problems.length > MAX_LISTED_PROBLEMS,
      caseIds,
    };
  }

  private importedTickets(): Set<string> {
    return new Set(
      this.deps.store
        .all<{ external_id: string }>(
          `SELECT external_id FROM cases WHERE channel = 'hotline12345' AND external_id IS NOT NULL`,
        )
        .map((r) => r.external_id),
    );
  }

  private locatedCount(ids: string[]): number {
    let n = 0;
    for (let i = 0; i < ids.length; i += IMPORT_BATCH) {
      const part = ids.slice(i, i + IMPORT_BATCH);
      const r = this.deps.store.get<{ n: number }>(
        `SELECT count(*) AS n FROM cases WHERE outside_district = 0 AND id IN (${part.map(() => '?').join(',')})`,
        part,
      );
      n += Number(r?.n ?? 0);
    }
    return n;
  }
}
