/**
 * Import and export of grid layers behind the API. An import reads the uploaded file, converts
 * it to lon/lat, turns features into units of the chosen level and puts them into the open draft
 * as one undoable edit (the coverage check then covers them like any edit). Progress goes out as
 * push events; a cancel before the edit is applied leaves the draft as it was. The last point a
 * cancel is heard is after the patch is built and before it is written; past it, a cancel answers
 * that it came too late.
 */
import iconv from 'iconv-lite';
import type { ParsedRequestOf, PushEvent, ResponseOf } from '../../../shared/api/contract.ts';
import {
  IMPORT_PREVIEW_FEATURES,
  type CrsView,
  type transferRequestSchemas,
} from '../../../shared/api/transfer-contract.ts';
import type { GridLevel, GridUnit } from '../../../shared/grid/types.ts';
import { convertFeatures } from '../../../shared/transfer/convert.ts';
import { crsFromId, WGS84, type CrsInfo } from '../../../shared/transfer/crs.ts';
import { importPatch } from '../../../shared/transfer/draft-import.ts';
import { TransferError } from '../../../shared/transfer/errors.ts';
import { csvExport, geoJsonExport, shapefileZip } from '../../../shared/transfer/export-files.ts';
import { importUnits } from '../../../shared/transfer/import-units.ts';
import { guessMapping } from '../../../shared/transfer/mapping.ts';
import { readSourceFile } from '../../../shared/transfer/read-file.ts';
import type { SourceLayer } from '../../../shared/transfer/source.ts';
import { ApiError } from '../api-error.ts';
import type { DraftTransferHooks } from '../drafts/drafts-module.ts';
import { readPublishedUnits } from '../drafts/published-grid.ts';
import type { Store } from '../store/store.ts';
import { readGpkgLayer, writeGpkg } from './gpkg-file.ts';
import { TransferFiles, type HeldDownload } from './transfer-files.ts';
import { writeXlsx } from './xlsx-file.ts';

export type TransferMethod = keyof typeof transferRequestSchemas;
type ImportPhase = Extract<PushEvent, { type: 'transfer.progress' }>['phase'];
export type TransferHandlers = {
  [M in TransferMethod]: (p: ParsedRequestOf<M>) => ResponseOf<M> | Promise<ResponseOf<M>>;
};

/** What the hosts use directly: raw file bytes never go through /api/invoke. */
export interface TransferApi {
  putUpload(name: string, bytes: Uint8Array): { uploadId: string; bytes: number };
  download(id: string): HeldDownload | null;
}

export interface TransferModuleOptions {
  store: Store | null;
  drafts: DraftTransferHooks;
  emit: (e: PushEvent) => void;
  now: () => number;
  /**
   * Tests only: while this says true, an import waits at its last cancellation point (patch built,
   * nothing written) until it is cancelled or this turns false, so a test can cancel it right there.
   */
  holdBeforeCommit?: () => boolean;
}

const LEVELS: readonly GridLevel[] = ['district', 'town', 'community', 'cell'];
const crsView = (c: CrsInfo): CrsView => ({ id: c.id, label: c.label, kind: c.kind });
const yieldNow = (): Promise<void> => new Promise((r) => setImmediate(r));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** TransferError → the API's bad_request with the reason the renderer translates. */
export function transferRefusal(e: TransferError): ApiError {
  return new ApiError('bad_request', e.message, { reason: `transfer.${e.key}`, ...e.params });
}

async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof TransferError) throw transferRefusal(e);
    throw e;
  }
}

export function createTransferModule(opts: TransferModuleOptions): {
  handlers: TransferHandlers;
  api: TransferApi;
} {
  const files = new TransferFiles(opts.now);
  const cancelled = new Set<string>();
  const running = new Set<string>();

  const layerOf = async (p: {
    uploadId: string;
    encoding?: 'utf-8' | 'gbk' | undefined;
    layer?: string | undefined;
  }) => {
    const u = files.upload(p.uploadId);
    const key = `${p.encoding ?? ''}|${p.layer ?? ''}`;
    let layer = u.parsed.get(key);
    if (!layer) {
      layer = await readSourceFile(u.bytes, u.name, {
        encoding: p.encoding,
        layer: p.layer,
        readGpkg: readGpkgLayer,
      });
      u.parsed.set(key, layer);
    }
    return layer;
  };

  const crsFor = (layer: SourceLayer, requested: string | undefined): CrsInfo => {
    if (requested) {
      const c = crsFromId(requested);
      if (!c)
        throw new TransferError('unknownPrj', `Unknown coordinate system ${requested}`, { name: requested });
      return c;
    }
    return layer.declaredCrs ?? WGS84;
  };

  const needFeatures = (layer: SourceLayer): void => {
    if (layer.features.length) return;
    if (layer.skipped.nonPolygon)
      throw new TransferError(
        'noPolygons',
        `${layer.layerName}: ${layer.skipped.nonPolygon} features, none a polygon`,
        {
          count: layer.skipped.nonPolygon,
        },
      );
    throw new TransferError('noFeatures', `${layer.layerName}: no features`, { name: layer.layerName });
  };

  const inspect = (p: ParsedRequestOf<'transfer.inspect'>): Promise<ResponseOf<'transfer.inspect'>> =>
    guard(async () => {
      const layer = await layerOf(p);
      needFeatures(layer);
      const crs = crsFor(layer, p.crs);
      const conv = await convertFeatures(layer.features, crs);
      const nameField = guessMapping(layer.fields).name;
      return {
        format: layer.format,
        layerName: layer.layerName,
        otherLayers: layer.otherLayers,
        fields: layer.fields,
        featureCount: layer.features.length,
        skipped: layer.skipped,
        declaredCrs: layer.declaredCrs ? crsView(layer.declaredCrs) : null,
        crs: crsView(crs),
        encoding: layer.encoding,
        bbox: conv.bbox,
        sampleRows: layer.features.slice(0, 5).map((f) => f.props),
        mappingGuess: guessMapping(layer.fields),
        preview: {
          type: 'FeatureCollection',
          features: conv.features.slice(0, IMPORT_PREVIEW_FEATURES).map((f, i) => ({
            type: 'Feature',
            properties: { name: String((nameField ? f.props[nameField] : null) ?? `#${i + 1}`) },
            geometry: f.geometry,
          })),
        },
      };
    });

  const runImport = (p: ParsedRequestOf<'transfer.import'>): Promise<ResponseOf<'transfer.import'>> =>
    guard(async () => {
      const started = Date.now();
      const job = p.jobId;
      running.add(job);
      const stopIfCancelled = (): void => {
        if (cancelled.has(job))
          throw new TransferError('cancelled', 'The import was cancelled; the draft is unchanged');
      };
      const progress = async (phase: ImportPhase, done: number, total: number) => {
        opts.emit({ type: 'transfer.progress', jobId: job, phase, done, total });
        await yieldNow();
        stopIfCancelled();
      };
      try {
        await progress('read', 0, 1);
        const layer = await layerOf(p);
        needFeatures(layer);
        const total = layer.features.length;
        const crs = crsFor(layer, p.crs);
        const conv = await convertFeatures(layer.features, crs, (d) => progress('convert', d, total));
        let counts = { added: 0, replaced: 0, removed: 0 };
        const applied = await opts.drafts.applyImport(async (t) => {
          const units = await importUnits(t, conv.features, p.mapping, p.level, (d) =>
            progress('units', d, total),
          );
          await progress('apply', total, total);
          const plan = importPatch(t, units, p.level, p.mode);
          counts = { added: plan.added.length, replaced: plan.replaced.length, removed: plan.removed.length };
          await progress('commit', total, total);
          while (opts.holdBeforeCommit?.() && !cancelled.has(job)) await sleep(50);
          stopIfCancelled();
          // From here the edit is applied and written without a pause: a cancel is too late.
          running.delete(job);
          return plan.patch;
        }, p.actor);
        return { cancelled: false as const, ...applied, ...counts, ms: Date.now() - started };
      } catch (e) {
        if (e instanceof TransferError && e.key === 'cancelled') return { cancelled: true as const };
        throw e;
      } finally {
        running.delete(job);
        cancelled.delete(job);
      }
    });

  const unitsFor = async (source: 'draft' | 'published' | undefined): Promise<GridUnit[]> => {
    if (source !== 'published') {
      const draft = await opts.drafts.draftUnits().catch(() => null);
      if (draft) return draft;
      if (source === 'draft') throw new ApiError('conflict', 'No draft is open', { reason: 'no_draft' });
    }
    if (!opts.store) throw new ApiError('store_unavailable', 'The data file is not open');
    return readPublishedUnits(opts.store);
  };

  const exportFile = (p: ParsedRequestOf<'transfer.export'>): Promise<ResponseOf<'transfer.export'>> =>
    guard(async () => {
      const all = await unitsFor(p.source);
      const levels = p.level === 'all' ? LEVELS : [p.level];
      const byLevel = new Map<GridLevel, GridUnit[]>();
      for (const l of levels) byLevel.set(l, []);
      for (const u of all) byLevel.get(u.level)?.push(u);
      for (const [l, us] of byLevel) if (!us.length && p.level === 'all') byLevel.delete(l);
      const units = [...byLevel.values()].flat();
      if (!units.length)
        throw new TransferError('nothingToExport', `No ${p.level} units to export`, { level: p.level });
      const stem = `gezhi_${p.level}`;
      let out: { name: string; mime: string; bytes: Uint8Array };
      switch (p.format) {
        case 'geojson':
          out = {
            name: `${stem}.geojson`,
            mime: 'application/geo+json',
            bytes: new TextEncoder().encode(geoJsonExport(units)),
          };
          break;
        case 'shapefile':
          out = {
            name: `${stem}_shp_${p.encoding}.zip`,
            mime: 'application/zip',
            bytes: shapefileZip(byLevel, {
              encoding: p.encoding,
              encodeGbk: (s) => new Uint8Array(iconv.encode(s, 'gbk')),
              datum: 'wgs84',
            }),
          };
          break;
        case 'gpkg':
          out = {
            name: `${stem}.gpkg`,
            mime: 'application/geopackage+sqlite3',
            bytes: await writeGpkg(byLevel),
          };
          break;
        case 'csv':
          out = {
            name: `${stem}.csv`,
            mime: 'text/csv; charset=utf-8',
            bytes: new TextEncoder().encode(csvExport(units)),
          };
          break;
        case 'xlsx':
          out = {
            name: `${stem}.xlsx`,
            mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            bytes: await writeXlsx(byLevel),
          };
          break;
      }
      const downloadId = files.putDownload(out.name, out.mime, out.bytes);
      return { downloadId, fileName: out.name, bytes: out.bytes.length, features: units.length };
    });

  const handlers: TransferHandlers = {
    'transfer.inspect': inspect,
    'transfer.import': runImport,
    'transfer.cancel': (p) => {
      if (!running.has(p.jobId)) return { cancelled: false };
      cancelled.add(p.jobId);
      return { cancelled: true };
    },
    'transfer.discardUpload': (p) => ({ discarded: files.uploads.delete(p.uploadId) }),
    'transfer.export': exportFile,
  };
  const api: TransferApi = {
    putUpload(name, bytes) {
      try {
        return { uploadId: files.putUpload(name, bytes), bytes: bytes.length };
      } catch (e) {
        if (e instanceof TransferError) throw transferRefusal(e);
        throw e;
      }
    },
    download: (id) => files.downloads.get(id) ?? null,
  };
  return { handlers, api };
}
