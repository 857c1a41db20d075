/**
 * Export of the grid (the open draft, or the published version): GeoJSON, zipped Shapefile in GBK
 * or UTF-8, GeoPackage, or the attribute table as CSV / XLSX; one level or all. The backend makes
 * the file; the client hands it over (browser download, or Electron's save dialog).
 */
import { useState, type ReactNode } from 'react';
import { useApi } from '../../client/ClientProvider.tsx';
import type { MessageKey } from '../../i18n/i18n.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Dialog } from '../Dialog.tsx';
import { describeTransferError } from '../import/transfer-errors.ts';
import '../import/transfer.css';

const FORMATS = ['shapefile', 'gpkg', 'geojson', 'csv', 'xlsx'] as const;
const LEVELS = ['all', 'district', 'town', 'community', 'cell'] as const;

export function ExportDialog({
  onClose,
  onDone,
}: {
  onClose(): void;
  onDone(message: string): void;
}): ReactNode {
  const api = useApi();
  const { t, locale } = useI18n();
  const [format, setFormat] = useState<(typeof FORMATS)[number]>('shapefile');
  const [level, setLevel] = useState<(typeof LEVELS)[number]>('cell');
  const [encoding, setEncoding] = useState<'gbk' | 'utf-8'>('gbk');
  const [source, setSource] = useState<'draft' | 'published'>('draft');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.invoke('transfer.export', { format, level, encoding, source });
      const saved = await api.deliverExport(r.downloadId, r.fileName);
      onDone(
        saved.path
          ? t('transfer.export.saved', { path: saved.path })
          : t('transfer.export.done', { fileName: r.fileName, features: r.features }),
      );
    } catch (e) {
      setError(describeTransferError(e, locale));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('transfer.export.title')} testId="export-dialog" onClose={onClose}>
      <div className="tr-dialog">
        <div className="tr-export">
          <label>
            <span>{t('transfer.export.format')}</span>
            <select
              data-testid="export-format"
              value={format}
              onChange={(e) => setFormat(e.target.value as typeof format)}
            >
              {FORMATS.map((f) => (
                <option key={f} value={f}>
                  {t(`transfer.export.format.${f}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('transfer.export.level')}</span>
            <select
              data-testid="export-level"
              value={level}
              onChange={(e) => setLevel(e.target.value as typeof level)}
            >
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {l === 'all' ? t('transfer.export.level.all') : t(`levelLong.${l}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          {format === 'shapefile' && (
            <label>
              <span>{t('transfer.export.encoding')}</span>
              <select
                data-testid="export-encoding"
                value={encoding}
                onChange={(e) => setEncoding(e.target.value as 'gbk' | 'utf-8')}
              >
                <option value="gbk">GBK</option>
                <option value="utf-8">UTF-8</option>
              </select>
            </label>
          )}
          <label>
            <span>{t('transfer.export.source')}</span>
            <select
              data-testid="export-source"
              value={source}
              onChange={(e) => setSource(e.target.value as typeof source)}
            >
              <option value="draft">{t('transfer.export.source.draft')}</option>
              <option value="published">{t('transfer.export.source.published')}</option>
            </select>
          </label>
        </div>
        {busy && <p>{t('transfer.export.running')}</p>}
        {error && (
          <p className="tr-error" role="alert" data-testid="export-error">
            {error}
          </p>
        )}
        <div className="ed-actions">
          <button type="button" className="button quiet" onClick={onClose}>
            {t('transfer.close')}
          </button>
          <button
            type="button"
            className="button primary"
            data-testid="export-run"
            disabled={busy}
            onClick={() => void run()}
          >
            {t('transfer.export.run')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
