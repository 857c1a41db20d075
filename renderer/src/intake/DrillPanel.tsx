import { useState, type ReactNode } from 'react';
import type { DrillStatus } from '../../../shared/api/intake-contract.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { parseHotspots, parseMix } from './drill-input.ts';
import { intakeErrorText } from './intake-errors.ts';

/** Start, watch and stop a drill; purge every drill case after a second, explicit confirmation. */
export function DrillPanel({
  status,
  onStatus,
  onClose,
}: {
  status: DrillStatus | null;
  onStatus(s: DrillStatus): void;
  onClose(): void;
}): ReactNode {
  const api = useApi();
  const { t, locale, formatInteger } = useI18n();
  const [rate, setRate] = useState('60');
  const [duration, setDuration] = useState('10');
  const [mix, setMix] = useState('');
  const [hotspots, setHotspots] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      await work();
    } catch (e) {
      setMessage(intakeErrorText(errorBodyOf(e), locale));
    } finally {
      setBusy(false);
    }
  };

  const start = (): void => {
    const m = parseMix(mix);
    const h = parseHotspots(hotspots);
    if (m === null) return setMessage(t('drill.badMix'));
    if (h === null) return setMessage(t('drill.badHotspots'));
    void run(async () =>
      onStatus(
        await api.invoke('drill.start', {
          ratePerMinute: Number(rate),
          durationMinutes: Number(duration),
          ...(m ? { mix: m } : {}),
          ...(h ? { hotspots: h } : {}),
        }),
      ),
    );
  };
  const stop = (): void => void run(async () => onStatus(await api.invoke('drill.stop', {})));
  const purge = (): void =>
    void run(async () => {
      const r = await api.invoke('drill.purge', { confirm: true });
      setConfirming(false);
      setMessage(t('drill.purged', { count: formatInteger(r.purged) }));
      onStatus(await api.invoke('drill.status', {}));
    });

  const running = status?.running ?? false;
  return (
    <div className="intake-backdrop" role="presentation">
      <section
        className="intake-dialog drill-panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby="drill-title"
      >
        <header className="intake-dialog-head">
          <h2 id="drill-title">{t('drill.title')}</h2>
          <button type="button" className="button quiet" onClick={onClose}>
            {t('intake.close')}
          </button>
        </header>
        <p className="muted">{t('drill.hint')}</p>
        <p className={running ? 'drill-state running' : 'drill-state'} aria-live="polite">
          {running ? t('drill.running', { created: formatInteger(status?.created ?? 0) }) : t('drill.idle')}
          {' · '}
          {t('drill.inStore', { count: formatInteger(status?.simulatedInStore ?? 0) })}
          {status?.lastError && ` · ${t('drill.stoppedWithError', { message: status.lastError })}`}
        </p>
        <div className="drill-form">
          <label>
            {t('drill.rate')}
            <input
              type="number"
              min={1}
              max={12000}
              value={rate}
              disabled={running}
              onChange={(e) => setRate(e.target.value)}
            />
          </label>
          <label>
            {t('drill.duration')}
            <input
              type="number"
              min={0.1}
              step={0.5}
              value={duration}
              disabled={running}
              onChange={(e) => setDuration(e.target.value)}
            />
          </label>
          <label className="wide">
            {t('drill.mix')}
            <input
              value={mix}
              placeholder="E01:3, C0101:1"
              disabled={running}
              onChange={(e) => setMix(e.target.value)}
            />
            <span className="muted">{t('drill.mixHint')}</span>
          </label>
          <label className="wide">
            {t('drill.hotspots')}
            <textarea
              rows={3}
              value={hotspots}
              placeholder="113.56,22.75,500"
              disabled={running}
              onChange={(e) => setHotspots(e.target.value)}
            />
            <span className="muted">{t('drill.hotspotsHint')}</span>
          </label>
        </div>
        {message && (
          <p className="intake-error" role="status">
            {message}
          </p>
        )}
        <footer className="intake-actions">
          {confirming ? (
            <>
              <span className="intake-error">
                {t('drill.purgeConfirm', { count: formatInteger(status?.simulatedInStore ?? 0) })}
              </span>
              <button
                type="button"
                className="button quiet"
                disabled={busy}
                onClick={() => setConfirming(false)}
              >
                {t('intake.close')}
              </button>
              <button type="button" className="button danger" disabled={busy} onClick={purge}>
                {t('drill.purge')}
              </button>
            </>
          ) : (
            <>
              <button
                type="button"
                className="button quiet"
                disabled={busy || !status?.simulatedInStore}
                onClick={() => setConfirming(true)}
              >
                {t('drill.purge')}
              </button>
              {running ? (
                <button type="button" className="button" disabled={busy} onClick={stop}>
                  {t('drill.stop')}
                </button>
              ) : (
                <button type="button" className="button" disabled={busy} onClick={start}>
                  {t('drill.start')}
                </button>
              )}
            </>
          )}
        </footer>
      </section>
    </div>
  );
}
