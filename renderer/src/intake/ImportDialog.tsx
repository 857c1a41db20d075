import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ImportPreview, ImportResult } from '../../../shared/api/intake-contract.ts';
import { MAX_IMPORT_BYTES } from '../../../shared/api/intake-contract.ts';
import { TEXT_ENCODINGS, type TextEncodingName } from '../../../shared/intake/encoding.ts';
import { missingFields, type ColumnMapping } from '../../../shared/intake/mapping.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { FileButton } from '../app/FileButton.tsx';
import { useApi } from '../client/ClientProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { FailedRows } from './FailedRows.tsx';
import { intakeErrorText } from './intake-errors.ts';
import { MappingTable } from './MappingTable.tsx';
import { uploadFile } from './upload.ts';

type Step =
  | { kind: 'choose' }
  | { kind: 'uploading'; fraction: number }
  | { kind: 'chooseEncoding' }
  | { kind: 'preview'; preview: ImportPreview }
  | { kind: 'importing'; done: number; total: number }
  | { kind: 'done'; result: ImportResult };

const MB = 1024 * 1024;

/** Choose file → encoding and preview → column mapping → import with progress → failed rows. */
export function ImportDialog({ onClose }: { onClose(): void }): ReactNode {
  const api = useApi();
  const { t, locale, formatInteger } = useI18n();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [file, setFile] = useState<{ name: string; uploadId: string } | null>(null);
  const [encoding, setEncoding] = useState<'auto' | TextEncodingName>('auto');
  const [sheet, setSheet] = useState(0);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [pickedName, setPickedName] = useState<string | null>(null);
  const progressId = useRef(`import-${Math.random().toString(36).slice(2)}`);

  useEffect(
    () =>
      api.onEvent((e) => {
        if (e.type === 'intake.progress' && e.progressId === progressId.current)
          setStep((s) => (s.kind === 'importing' ? { ...s, done: e.done, total: e.total } : s));
      }),
    [api],
  );

  const loadPreview = async (
    f: { name: string; uploadId: string },
    enc: typeof encoding,
    sh: number,
  ): Promise<void> => {
    setError(null);
    try {
      const preview = await api.invoke('intake.preview', {
        name: f.name,
        source: { uploadId: f.uploadId },
        encoding: enc,
        sheet: sh,
      });
      setStep({ kind: 'preview', preview });
      setMapping(preview.suggestedMapping);
    } catch (e) {
      setError(intakeErrorText(errorBodyOf(e), locale));
      // An undecided encoding is the user's to choose; other problems need another file.
      setStep(
        errorBodyOf(e).details?.key === 'intake.undecidedEncoding'
          ? { kind: 'chooseEncoding' }
          : { kind: 'choose' },
      );
    }
  };

  const choose = async (picked: File): Promise<void> => {
    setPickedName(picked.name);
    setError(null);
    if (picked.size > MAX_IMPORT_BYTES) {
      setError(t('intake.tooLarge', { size: (picked.size / MB).toFixed(1), max: MAX_IMPORT_BYTES / MB }));
      return;
    }
    setStep({ kind: 'uploading', fraction: 0 });
    try {
      const uploadId = await uploadFile(api, picked, (fraction) => setStep({ kind: 'uploading', fraction }));
      const f = { name: picked.name, uploadId };
      setFile(f);
      setEncoding('auto');
      setSheet(0);
      await loadPreview(f, 'auto', 0);
    } catch (e) {
      setError(intakeErrorText(errorBodyOf(e), locale));
      setStep({ kind: 'choose' });
    }
  };

  const startImport = async (preview: ImportPreview): Promise<void> => {
    if (!file) return;
    setError(null);
    setStep({ kind: 'importing', done: 0, total: preview.totalRows });
    try {
      const result = await api.invoke('intake.import', {
        name: file.name,
        source: { uploadId: file.uploadId },
        encoding,
        sheet,
        mapping,
        progressId: progressId.current,
      });
      setStep({ kind: 'done', result });
    } catch (e) {
      setError(intakeErrorText(errorBodyOf(e), locale));
      setStep({ kind: 'preview', preview });
    }
  };

  const missing = useMemo(() => missingFields(mapping), [mapping]);

  return (
    <div className="intake-backdrop" role="presentation">
      <section
        className="intake-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="intake-import-title"
      >
        <header className="intake-dialog-head">
          <h2 id="intake-import-title">{t('intake.importTitle')}</h2>
          <button type="button" className="button quiet" onClick={onClose}>
            {t('intake.close')}
          </button>
        </header>
        {error && (
          <p className="intake-error" role="alert">
            {error}
          </p>
        )}
        {step.kind === 'choose' && (
          <div className="intake-file">
            <FileButton
              label={t('intake.chooseFile')}
              status={pickedName ?? t('intake.noFile')}
              accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              testId="intake-file"
              onFile={(f) => void choose(f)}
            />
            <span className="muted">{t('intake.fileHint', { max: MAX_IMPORT_BYTES / MB })}</span>
          </div>
        )}
        {step.kind === 'uploading' && (
          <p aria-live="polite">
            {t('intake.uploading', { percent: Math.round(step.fraction * 100) })}
            <progress value={step.fraction} max={1} />
          </p>
        )}
        {step.kind === 'chooseEncoding' && file && (
          <label className="intake-options">
            {t('intake.encoding')}{' '}
            <select
              value={encoding}
              onChange={(e) => {
                const enc = e.target.value as typeof encoding;
                setEncoding(enc);
                void loadPreview(file, enc, 0);
              }}
            >
              <option value="auto">—</option>
              {TEXT_ENCODINGS.map((x) => (
                <option key={x} value={x}>
                  {x.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
        )}
        {step.kind === 'preview' && file && (
          <>
            <div className="intake-options">
              <span className="mono">{file.name}</span>
              {step.preview.format === 'csv' && (
                <label>
                  {t('intake.encoding')}{' '}
                  <select
                    value={encoding}
                    onChange={(e) => {
                      const enc = e.target.value as typeof encoding;
                      setEncoding(enc);
                      void loadPreview(file, enc, sheet);
                    }}
                  >
                    <option value="auto">{t('intake.encodingAuto')}</option>
                    {TEXT_ENCODINGS.map((x) => (
                      <option key={x} value={x}>
                        {x.toUpperCase()}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              {step.preview.detected && (
                <span className="muted">
                  {t('intake.detected', {
                    encoding: (step.preview.detected.encoding ?? '—').toUpperCase(),
                    basis: t(`intake.basis.${step.preview.detected.basis}`),
                  })}
                </span>
              )}
              {step.preview.sheets.length > 1 && (
                <label>
                  {t('intake.sheet')}{' '}
                  <select
                    value={sheet}
                    onChange={(e) => {
                      const sh = Number(e.target.value);
                      setSheet(sh);
                      void loadPreview(file, encoding, sh);
                    }}
                  >
                    {step.preview.sheets.map((name, i) => (
                      <option key={name} value={i}>
                        {name}
                      </option>
                    ))}
                  </select>
                </label>
              )}
            </div>
            <p className="muted">
              {t('intake.preview', {
                total: formatInteger(step.preview.totalRows),
                shown: step.preview.rows.length,
              })}
            </p>
            <MappingTable preview={step.preview} mapping={mapping} onChange={setMapping} />
            <footer className="intake-actions">
              {missing.length > 0 && (
                <span className="intake-error">
                  {t('intake.missing', { fields: missing.map((f) => t(`intake.field.${f}`)).join('、') })}
                </span>
              )}
              <button type="button" className="button quiet" onClick={() => setStep({ kind: 'choose' })}>
                {t('intake.back')}
              </button>
              <button
                type="button"
                className="button"
                disabled={missing.length > 0}
                onClick={() => void startImport(step.preview)}
              >
                {t('intake.start', { count: formatInteger(step.preview.totalRows) })}
              </button>
            </footer>
          </>
        )}
        {step.kind === 'importing' && (
          <p aria-live="polite">
            {t('intake.importing', { done: formatInteger(step.done), total: formatInteger(step.total) })}
            <progress value={step.done} max={Math.max(1, step.total)} />
          </p>
        )}
        {step.kind === 'done' && (
          <>
            <p className="intake-result" aria-live="polite">
              {t('intake.result', {
                imported: formatInteger(step.result.imported),
                located: formatInteger(step.result.located),
                failed: formatInteger(step.result.failedRows),
              })}
              {step.result.imported > step.result.located &&
                ` ${t('intake.resultOutside', { count: step.result.imported - step.result.located })}`}
            </p>
            <FailedRows result={step.result} />
            <footer className="intake-actions">
              <button type="button" className="button quiet" onClick={() => setStep({ kind: 'choose' })}>
                {t('intake.back')}
              </button>
              <button type="button" className="button" onClick={onClose}>
                {t('intake.close')}
              </button>
            </footer>
          </>
        )}
      </section>
    </div>
  );
}
