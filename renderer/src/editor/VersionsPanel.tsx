import { useEffect, useState, type ReactNode } from 'react';
import type { Geometry } from 'geojson';
import type { VersionDiff, VersionInfo } from '../../../shared/api/drafts-contract.ts';
import { GRID_LEVELS } from '../../../shared/grid/types.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { describeEditorError } from './editor-errors.ts';

/** Finest first in the lists: the cells are what the planner changed, their parents followed. */
const LEVEL_RANK = { city: 0, district: 1, town: 2, community: 3, cell: 4 } as const;

/** The published versions, newest first; two checked ones can be compared on the map. */
export function VersionsPanel({
  reloadKey,
  diff,
  onDiff,
  onFocus,
}: {
  reloadKey: number;
  diff: VersionDiff | null;
  onDiff(d: VersionDiff | null): void;
  onFocus(g: Geometry): void;
}): ReactNode {
  const api = useApi();
  const { t, locale, formatDateTime, formatInteger } = useI18n();
  const [versions, setVersions] = useState<VersionInfo[]>([]);
  const [checked, setChecked] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .invoke('versions.list', {})
      .then((v) => {
        const sorted = [...v].sort((a, b) => b.version - a.version);
        setVersions(sorted);
        setChecked(sorted.slice(0, 2).map((x) => x.version));
      })
      .catch((e: unknown) => setError(describeEditorError(e, locale).message));
  }, [api, reloadKey, locale]);

  const toggle = (v: number): void =>
    setChecked((c) => (c.includes(v) ? c.filter((x) => x !== v) : [...c, v].slice(-2)));
  const compare = (): void => {
    const [a, b] = [...checked].sort((x, y) => x - y);
    if (a === undefined || b === undefined) return;
    api
      .invoke('versions.diff', { a, b })
      .then(onDiff)
      .catch((e: unknown) => setError(describeEditorError(e, locale).message));
  };

  return (
    <section className="panel ed-versions" data-testid="versions-panel">
      <h2 className="panel-title">{t('editor.versions.title')}</h2>
      {versions.length === 0 && <p className="panel-note">{t('editor.versions.empty')}</p>}
      <ul className="ed-version-list">
        {versions.map((v) => (
          <li key={v.version} data-testid={`version-${v.version}`}>
            <label>
              <input
                type="checkbox"
                checked={checked.includes(v.version)}
                onChange={() => toggle(v.version)}
              />
              <b>v{v.version}</b>
              {v.current && <span className="ed-tag">{t('editor.versions.current')}</span>}
              <span className="ed-version-reason" title={v.reason}>
                {v.reason}
              </span>
            </label>
            <span className="muted ed-version-meta">
              {t('editor.versions.meta', { name: v.publishedBy.name, at: formatDateTime(v.publishedAt) })}
            </span>
            <span className="muted ed-version-meta" data-testid={`version-counts-${v.version}`}>
              {GRID_LEVELS.filter((l) => v.counts[l] > 0)
                .map((l) => `${t(`level.${l}`)} ${formatInteger(v.counts[l])}`)
                .join(' · ')}
            </span>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button"
        disabled={checked.length !== 2}
        data-testid="versions-compare"
        onClick={compare}
      >
        {checked.length === 2 ? t('editor.versions.compare') : t('editor.versions.pick')}
      </button>
      {error && <p className="panel-note error">{error}</p>}
      {diff && (
        <div className="ed-diff" data-testid="version-diff">
          <h3>
            {t('editor.diff.title', { a: diff.a, b: diff.b })}{' '}
            <button type="button" className="link" onClick={() => onDiff(null)}>
              {t('editor.close')}
            </button>
          </h3>
          {diff.added.length + diff.removed.length + diff.reshaped.length + diff.recoded.length === 0 && (
            <p className="panel-note">{t('editor.diff.none')}</p>
          )}
          <DiffList
            kind="added"
            rows={diff.added.map((u) => ({ code: u.code, name: u.name, g: u.geometry }))}
            onFocus={onFocus}
          />
          <DiffList
            kind="removed"
            rows={diff.removed.map((u) => ({ code: u.code, name: u.name, g: u.geometry }))}
            onFocus={onFocus}
          />
          <DiffList
            kind="reshaped"
            rows={[...diff.reshaped]
              .sort((x, y) => LEVEL_RANK[y.level] - LEVEL_RANK[x.level])
              .map((u) => ({
                code: u.code,
                name: u.name,
                g: u.after,
                note: t('editor.diff.area', {
                  change: `${u.areaChangeM2 >= 0 ? '+' : '−'}${formatInteger(Math.abs(Math.round(u.areaChangeM2)))}`,
                }),
              }))}
            onFocus={onFocus}
          />
          <DiffList
            kind="recoded"
            rows={diff.recoded.map((u) => ({ code: `${u.from} → ${u.to}`, name: u.name, g: u.geometry }))}
            onFocus={onFocus}
          />
          {diff.attributes.length > 0 && (
            <p className="panel-note">
              {t('editor.diff.attributes')}: {formatInteger(diff.attributes.length)}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function DiffList({
  kind,
  rows,
  onFocus,
}: {
  kind: 'added' | 'removed' | 'reshaped' | 'recoded';
  rows: { code: string; name: string; g: Geometry; note?: string }[];
  onFocus(g: Geometry): void;
}): ReactNode {
  const { t } = useI18n();
  if (rows.length === 0) return null;
  return (
    <div className={`ed-diff-group ${kind}`} data-testid={`diff-${kind}`}>
      <h4>
        {t(`editor.diff.${kind}`)} <span className="muted">{rows.length}</span>
      </h4>
      {rows.map((r) => (
        <button key={r.code} type="button" className="ed-diff-row" onClick={() => onFocus(r.g)}>
          <span>{r.name}</span> <span className="mono muted">{r.code}</span>
          {r.note && <span className="mono ed-diff-note">{r.note}</span>}
        </button>
      ))}
    </div>
  );
}
