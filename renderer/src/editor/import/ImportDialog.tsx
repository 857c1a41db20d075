/**
 * Import of a planner's file into the open draft: choose the file → see what was detected (format,
 * encoding, coordinate system) with the outlines over the current grid → map the fields and pick
 * the level → one undoable edit, with progress and a cancel that leaves the draft unchanged.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import {
  IMPORT_PREVIEW_FEATURES,
  MAX_IMPORT_BYTES,
  type ImportInspection,
  type ImportDone,
} from '../../../../shared/api/transfer-contract.ts';
import type { FieldMapping } from '../../../../shared/transfer/mapping.ts';
import { useApi } from '../../client/ClientProvider.tsx';
import type { MessageKey } from '../../i18n/i18n.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { FileButton } from '../../app/FileButton.tsx';
import { Dialog } from '../Dialog.tsx';
import type { DraftLayers } from '../draft-model.ts';
import { ImportPreviewMap } from './ImportPreviewMap.tsx';
import { describeTransferError } from './transfer-errors.ts';
import './transfer.css';

type Level = 'district' | 'town' | 'community' | 'cell';
const LEVELS: readonly Level[] = ['district', 'town', 'community', 'cell'];
const PARENT: Record<Level, Level | null> = {
  district: null,
  town: 'district',
  community: 'town',
  cell: 'community',
};
const FIELDS: readonly (keyof FieldMapping)[] = ['name', 'code', 'parentCode', 'kind', 'population'];
/** CGCS2000 3-degree Gauss-Krüger zones by central meridian (EPSG 4534–4554), the ones .prj-less files come in. */
const GK_ZONES = Array.from({ length: 21 }, (_, i) => ({ cm: 75 + i * 3, code: 4534 + i }));

type Phase =
  | { step: 'choose' }
  | { step: 'uploading'; name: string; fraction: number }
  | { step: 'reading' }
  | { step: 'preview' }
  | { step: 'importing'; phase: string; done: number; total: number };

interface Props {
  layers: DraftLayers;
  onClose(): void;
  onImported(r: ImportDone): void;
}

export function ImportDialog({ layers, onClose, onImported }: Props): ReactNode {
  const api = useApi();
  const { t, locale } = useI18n();
  const [phase, setPhase] = useState<Phase>({ step: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [info, setInfo] = useState<ImportInspection | null>(null);
  const [encoding, setEncoding] = useState<'utf-8' | 'gbk' | undefined>(undefined);
  const [crs, setCrs] = useState<string>('');
  const [layer, setLayer] = useState<string | undefined>(undefined);
  const [mapping, setMapping] = useState<FieldMapping | null>(null);
  const [level, setLevel] = useState<Level>('cell');
  const [mode, setMode] = useState<'replace' | 'upsert'>('replace');
  const [jobId, setJobId] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);

  const inspect = async (
    id: string,
    o: { encoding?: 'utf-8' | 'gbk' | undefined; crs?: string; layer?: string | undefined },
  ) => {
    setPhase({ step: 'reading' });
    setError(null);
    try {
      const r = await api.invoke('transfer.inspect', {
        uploadId: id,
        ...(o.encoding ? { encoding: o.encoding } : {}),
        ...(o.crs ? { crs: o.crs } : {}),
        ...(o.layer ? { layer: o.layer } : {}),
      });
      setInfo(r);
      setMapping((m) => m ?? r.mappingGuess);
      setPhase({ step: 'preview' });
    } catch (e) {
      setError(describeTransferError(e, locale));
      setPhase(info ? { step: 'preview' } : { step: 'choose' });
    }
  };

  const choose = async (file: File) => {
    setFileName(file.name);
    setError(null);
    setInfo(null);
    setMapping(null);
    setEncoding(undefined);
    setCrs('');
    setLayer(undefined);
    if (file.size > MAX_IMPORT_BYTES) {
      setError(
        t('transfer.error.tooLarge', {
          sizeMb: Math.round(file.size / 1048576),
          limitMb: MAX_IMPORT_BYTES / 1048576,
        }),
      );
      return;
    }
    setPhase({ step: 'uploading', name: file.name, fraction: 0 });
    try {
      const up = await api.uploadImport(file, (fraction) =>
        setPhase({ step: 'uploading', name: file.name, fraction }),
      );
      setUploadId(up.uploadId);
      await inspect(up.uploadId, {});
    } catch (e) {
      setError(describeTransferError(e, locale));
      setPhase({ step: 'choose' });
    }
  };

  useEffect(() => {
    if (!jobId) return;
    return api.onEvent((e) => {
      if (e.type === 'transfer.progress' && e.jobId === jobId)
        setPhase({ step: 'importing', phase: e.phase, done: e.done, total: e.total });
    });
  }, [api, jobId]);

  const run = async () => {
    if (!uploadId || !mapping) return;
    const id = `imp-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    setJobId(id);
    setError(null);
    setPhase({ step: 'importing', phase: 'read', done: 0, total: info?.featureCount ?? 0 });
    try {
      const r = await api.invoke('transfer.import', {
        uploadId,
        jobId: id,
        mapping,
        level,
        mode,
        ...(encoding ? { encoding } : {}),
        ...(crs ? { crs } : {}),
        ...(layer ? { layer } : {}),
      });
      if (r.cancelled) {
        setError(t('transfer.import.cancelled'));
        setPhase({ step: 'preview' });
        return;
      }
      void api.invoke('transfer.discardUpload', { uploadId }).catch(() => undefined);
      onImported(r);
    } catch (e) {
      setError(describeTransferError(e, locale));
      setPhase({ step: 'preview' });
    } finally {
      setJobId(null);
    }
  };

  const current = useMemo((): FeatureCollection<Polygon | MultiPolygon> => {
    const parent = PARENT[level];
    const features = [...layers[level].values(), ...(parent ? layers[parent].values() : [])];
    return { type: 'FeatureCollection', features };
  }, [layers, level]);

  const busy = phase.step === 'uploading' || phase.step === 'reading' || phase.step === 'importing';
  const fmtBox = (b: number[]) => b.map((x) => x.toFixed(5)).join(', ');

  return (
    <Dialog title={t('transfer.import.title')} testId="import-dialog" onClose={() => !busy && onClose()}>
      <div className="tr-dialog">
        <div className="tr-file">
          <FileButton
            label={t('transfer.import.choose')}
            status={fileName ?? t('transfer.import.noFile')}
            accept=".zip,.gpkg,.geojson,.json,.kml,.kmz"
            disabled={busy}
            testId="import-file"
            onFile={(f) => void choose(f)}
          />
        </div>
        <p className="tr-hint">{t('transfer.import.chooseHint', { limitMb: MAX_IMPORT_BYTES / 1048576 })}</p>
        {phase.step === 'uploading' && (
          <p data-testid="import-uploading">
            {t('transfer.import.uploading', { name: phase.name, percent: Math.round(phase.fraction * 100) })}
          </p>
        )}
        {phase.step === 'reading' && <p>{t('transfer.import.reading')}</p>}
        {error && (
          <p className="tr-error" role="alert" data-testid="import-error">
            {error}
          </p>
        )}
        {info && mapping && phase.step !== 'uploading' && (
          <div className="tr-preview" data-testid="import-preview">
            <div className="tr-preview-side">
              <dl className="tr-facts">
                <dt>{t('transfer.import.format')}</dt>
                <dd data-testid="import-format">{info.format}</dd>
                <dt>{t('transfer.import.layer')}</dt>
                <dd>
                  {info.otherLayers.length ? (
                    <select
                      value={layer ?? info.layerName}
                      disabled={busy}
                      onChange={(e) => {
                        setLayer(e.target.value);
                        setMapping(null);
                        void inspect(uploadId!, { encoding, crs, layer: e.target.value });
                      }}
                    >
                      {[info.layerName, ...info.otherLayers].map((l) => (
                        <option key={l}>{l}</option>
                      ))}
                    </select>
                  ) : (
                    info.layerName
                  )}
                </dd>
                <dt>{t('transfer.import.features')}</dt>
                <dd data-testid="import-count">{info.featureCount}</dd>
                <dt>{t('transfer.import.bbox')}</dt>
                <dd data-testid="import-bbox">{fmtBox(info.bbox)}</dd>
              </dl>
              {(info.skipped.nonPolygon > 0 || info.skipped.empty > 0) && (
                <p className="tr-warn">{t('transfer.import.skipped', info.skipped)}</p>
              )}
              {info.encoding && (
                <fieldset className="tr-group">
                  <legend>{t('transfer.import.encoding')}</legend>
                  <select
                    data-testid="import-encoding"
                    value={encoding ?? info.encoding.used}
                    disabled={busy}
                    onChange={(e) => {
                      const v = e.target.value as 'utf-8' | 'gbk';
                      setEncoding(v);
                      void inspect(uploadId!, { encoding: v, crs, layer });
                    }}
                  >
                    <option value="gbk">GBK</option>
                    <option value="utf-8">UTF-8</option>
                  </select>{' '}
                  <span className="tr-hint" data-testid="import-encoding-basis">
                    {t(`transfer.import.encoding.basis.${info.encoding.basis}` as MessageKey)}
                  </span>
                  <ul className="tr-samples">
                    {info.encoding.sample.slice(0, 4).map((s, i) => (
                      <li key={i}>{t('transfer.import.encoding.sample', s)}</li>
                    ))}
                  </ul>
                </fieldset>
              )}
              <fieldset className="tr-group">
                <legend>{t('transfer.import.crs')}</legend>
                <p className="tr-hint" data-testid="import-crs-declared">
                  {info.declaredCrs
                    ? t('transfer.import.crs.declared', { label: info.declaredCrs.label })
                    : t('transfer.import.crs.none')}
                </p>
                <select
                  data-testid="import-crs"
                  value={crs}
                  disabled={busy}
                  onChange={(e) => {
                    setCrs(e.target.value);
                    void inspect(uploadId!, { encoding, crs: e.target.value, layer });
                  }}
                >
                  <option value="">{t('transfer.import.crs.asDeclared')}</option>
                  <option value="EPSG:4326">{t('transfer.import.crs.wgs84')}</option>
                  <option value="EPSG:4490">{t('transfer.import.crs.cgcs2000')}</option>
                  <option value="GCJ-02">{t('transfer.import.crs.gcj02')}</option>
                  <option value="BD-09">{t('transfer.import.crs.bd09')}</option>
                  {GK_ZONES.map((z) => (
                    <option key={z.code} value={`EPSG:${z.code}`}>
                      {t('transfer.import.crs.gk', z)}
                    </option>
                  ))}
                </select>
                <span className="tr-crs-used" data-testid="import-crs-used">
                  {info.crs.label}
                </span>
              </fieldset>
              <fieldset className="tr-group">
                <legend>{t('transfer.import.mapping')}</legend>
                <div className="tr-mapping">
                  {FIELDS.map((k) => (
                    <label key={k}>
                      <span>{t(`transfer.import.field.${k}` as MessageKey)}</span>
                      <select
                        data-testid={`import-map-${k}`}
                        value={mapping[k] ?? ''}
                        disabled={busy}
                        onChange={(e) => setMapping({ ...mapping, [k]: e.target.value || null })}
                      >
                        <option value="">{t('transfer.import.field.none')}</option>
                        {info.fields.map((f) => (
                          <option key={f} value={f}>
                            {f}
                          </option>
                        ))}
                      </select>
                    </label>
                  ))}
                  <label>
                    <span>{t('transfer.import.level')}</span>
                    <select
                      data-testid="import-level"
                      value={level}
                      disabled={busy}
                      onChange={(e) => setLevel(e.target.value as Level)}
                    >
                      {LEVELS.map((l) => (
                        <option key={l} value={l}>
                          {t(`levelLong.${l}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    <span>{t('transfer.import.mode')}</span>
                    <select
                      data-testid="import-mode"
                      value={mode}
                      disabled={busy}
                      onChange={(e) => setMode(e.target.value as 'replace' | 'upsert')}
                    >
                      <option value="replace">{t('transfer.import.mode.replace')}</option>
                      <option value="upsert">{t('transfer.import.mode.upsert')}</option>
                    </select>
                  </label>
                </div>
              </fieldset>
              <table className="tr-sample" data-testid="import-sample">
                <caption>{t('transfer.import.sample')}</caption>
                <thead>
                  <tr>
                    {info.fields.slice(0, 6).map((f) => (
                      <th key={f}>{f}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {info.sampleRows.map((r, i) => (
                    <tr key={i}>
                      {info.fields.slice(0, 6).map((f) => (
                        <td key={f}>{String(r[f] ?? '')}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="tr-preview-mapcol">
              <ImportPreviewMap current={current} incoming={info.preview} bbox={info.bbox} />
              <p className="tr-hint">{t('transfer.import.previewNote')}</p>
              {info.featureCount > IMPORT_PREVIEW_FEATURES && (
                <p className="tr-hint">
                  {t('transfer.import.previewTruncated', {
                    shown: IMPORT_PREVIEW_FEATURES,
                    total: info.featureCount,
                  })}
                </p>
              )}
            </div>
          </div>
        )}
        {phase.step === 'importing' && (
          <div className="tr-progress" data-testid="import-progress" data-phase={phase.phase}>
            <progress max={Math.max(1, phase.total)} value={phase.done} />
            <span>
              {t('transfer.import.running', {
                phase: t(`transfer.import.phase.${phase.phase}` as MessageKey),
                done: phase.done,
                total: phase.total,
              })}
            </span>
          </div>
        )}
        <div className="ed-actions">
          {phase.step === 'importing' && jobId ? (
            <button
              type="button"
              className="button danger"
              data-testid="import-cancel"
              onClick={() => void api.invoke('transfer.cancel', { jobId })}
            >
              {t('transfer.import.cancel')}
            </button>
          ) : (
            <button
              type="button"
              className="button quiet"
              data-testid="import-close"
              onClick={onClose}
              disabled={busy}
            >
              {t('transfer.close')}
            </button>
          )}
          <button
            type="button"
            className="button primary"
            data-testid="import-run"
            disabled={!info || busy || !mapping}
            onClick={() => void run()}
          >
            {t('transfer.import.run')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
