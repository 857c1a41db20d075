import { useEffect, useState, type ReactNode } from 'react';
import type { CaseDetail } from '../../../shared/api/cases-contract.ts';
import type { RequestOf, SearchHit } from '../../../shared/api/contract.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { caseErrorText } from './labels.ts';

interface Props {
  c: CaseDetail;
  /** The last point clicked on the map while this box is open (seq bumps on every click). */
  picked: { lon: number; lat: number; seq: number } | null;
  locate(p: Omit<RequestOf<'cases.locate'>, 'id' | 'actor'>): Promise<CaseDetail>;
  onDone(): void;
}

/**
 * Manual location: a point clicked on the map or typed, or a cell found by name or code. The
 * backend checks the point is inside a published cell and records the step in the audit log.
 */
export function LocateBox({ c, picked, locate, onDone }: Props): ReactNode {
  const api = useApi();
  const { t, locale } = useI18n();
  const [lon, setLon] = useState(c.outsideDistrict ? '' : c.lon.toFixed(6));
  const [lat, setLat] = useState(c.outsideDistrict ? '' : c.lat.toFixed(6));
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!picked) return;
    setLon(picked.lon.toFixed(6));
    setLat(picked.lat.toFixed(6));
  }, [picked]);

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setHits([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api.invoke('grid.search', { query: q, limit: 30 }).then(
        (r) => live && setHits(r.filter((h) => h.level === 'cell').slice(0, 8)),
        () => live && setHits([]),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, query]);

  const run = (p: Omit<RequestOf<'cases.locate'>, 'id' | 'actor'>): void => {
    setBusy(true);
    setError(null);
    locate(p).then(
      () => {
        setBusy(false);
        onDone();
      },
      (e: unknown) => {
        setBusy(false);
        setError(t('locate.failed', { message: caseErrorText(errorBodyOf(e), locale) }));
      },
    );
  };

  const submitPoint = (): void => {
    const x = Number(lon);
    const y = Number(lat);
    if (lon.trim() === '' || !Number.isFinite(x) || x < -180 || x > 180) return setError(t('newCase.badLon'));
    if (lat.trim() === '' || !Number.isFinite(y) || y < -90 || y > 90) return setError(t('newCase.badLat'));
    run({ lon: x, lat: y });
  };

  return (
    <section className="locate-box" data-testid="locate-box">
      <p className="panel-note">{t('locate.hint')}</p>
      <div className="locate-row">
        <label>
          <span>{t('newCase.lon')}</span>
          <input
            data-testid="locate-lon"
            inputMode="decimal"
            value={lon}
            onChange={(e) => setLon(e.target.value)}
          />
        </label>
        <label>
          <span>{t('newCase.lat')}</span>
          <input
            data-testid="locate-lat"
            inputMode="decimal"
            value={lat}
            onChange={(e) => setLat(e.target.value)}
          />
        </label>
        <button
          type="button"
          className="button primary"
          data-testid="locate-submit"
          disabled={busy}
          onClick={submitPoint}
        >
          {t('locate.submit')}
        </button>
      </div>
      <label className="locate-cell">
        <span>{t('locate.cell')}</span>
        <input
          data-testid="locate-cell-search"
          placeholder={t('locate.cellPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </label>
      {hits.length > 0 && (
        <ul className="locate-hits" data-testid="locate-cell-hits">
          {hits.map((h) => (
            <li key={h.code}>
              <button
                type="button"
                className="link"
                data-testid={`locate-cell-${h.code}`}
                disabled={busy}
                onClick={() => run({ cellCode: h.code })}
              >
                {h.name}
                <span className="muted">
                  {' '}
                  · {h.parentName ?? ''} · {h.code}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="panel-note error" role="alert" data-testid="locate-error">
          {error}
        </p>
      )}
      <button type="button" className="link" data-testid="locate-cancel" onClick={onDone}>
        {t('action.cancel')}
      </button>
    </section>
  );
}
