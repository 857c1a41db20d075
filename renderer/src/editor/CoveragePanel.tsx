import { useMemo, useState, type ReactNode } from 'react';
import type { CoverageException } from '../../../shared/api/coverage-contract.ts';
import type { DraftCoverage } from '../../../shared/api/drafts-contract.ts';
import { formatMessage } from '../../../shared/coverage/messages.ts';
import type { CoverageResult, Defect } from '../../../shared/coverage/types.ts';
import type { GridLevel } from '../../../shared/grid/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { CoverageFixes } from './CoverageFixes.tsx';
import { ToleranceSettings } from './ToleranceSettings.tsx';
import './coverage.css';
import {
  acceptancesOf,
  groupDefects,
  standingCounts,
  standingOf,
  type DefectFilter,
  type Grouping,
  type Standing,
} from './defect-groups.ts';
import type { DraftLayers } from './draft-model.ts';
import { useFileTolerances, type CoverageCheck } from './use-coverage.ts';
import type { DraftHandle } from './use-draft.ts';

const FILTER_LEVELS: readonly GridLevel[] = ['town', 'community', 'cell'];
const STANDINGS: readonly Standing[] = ['error', 'warning', 'accepted', 'below'];
const COUNT_IDS: Record<Standing, string> = {
  error: 'coverage-errors',
  warning: 'coverage-warnings',
  accepted: 'coverage-accepted',
  below: 'coverage-below',
};
/** More rows than this make the panel slow to scroll and help no one; the rest are counted. */
const LIST_LIMIT = 500;

/**
 * The check the editor shows: the worker's (every finding) when it is up to date, else the backend's
 * answer to the latest edit, which may arrive first and is never older.
 */
export function shownResult(check: Pick<CoverageCheck, 'result' | 'behind'>): CoverageResult | null {
  return check.behind ? null : check.result;
}

export function shownDefects(checked: CoverageResult | null, backend: DraftCoverage): Defect[] {
  return checked?.defects ?? backend.defects;
}

/**
 * The coverage check of the draft: counts per severity (accepted warnings and findings below
 * tolerance counted apart), defects grouped by rule or place and filtered by level, town and
 * severity, each a fly-to; the selected one offers its fixes or, for a warning, acceptance.
 */
export function CoveragePanel({
  coverage,
  check,
  draft,
  layers,
  focused,
  onFocus,
  onFixed,
}: {
  coverage: DraftCoverage;
  check: CoverageCheck;
  draft: Pick<DraftHandle, 'fix' | 'setState' | 'busy'>;
  layers: DraftLayers;
  focused: Defect | null;
  onFocus(d: Defect): void;
  onFixed(message: string): void;
}): ReactNode {
  const { t, locale, formatInteger } = useI18n();
  const [grouping, setGrouping] = useState<Grouping>('rule');
  const [filter, setFilter] = useState<DefectFilter>({ level: 'all', town: 'all', standing: 'all' });
  const result: CoverageResult | null = shownResult(check);
  useFileTolerances(check, coverage.tolerances);
  const defects = result?.defects ?? coverage.defects;
  const exceptions: CoverageException[] = coverage.exceptions;
  const accepted = useMemo(() => acceptancesOf(defects, exceptions), [defects, exceptions]);
  const counts = useMemo(() => standingCounts(defects, accepted), [defects, accepted]);
  const changedCount = useMemo(() => [...accepted.values()].filter((a) => a.changed).length, [accepted]);
  const total = result ? result.defects.length : coverage.defectsTotal;
  const towns = useMemo(
    () => [...layers.town.values()].map((f) => f.properties).sort((a, b) => a.code.localeCompare(b.code)),
    [layers],
  );
  const groups = useMemo(
    () =>
      groupDefects(
        defects,
        layers,
        grouping,
        filter,
        accepted,
        (r) => t(`editor.rule.${r}`),
        t('editor.coverage.noPlace'),
      ),
    [defects, layers, grouping, filter, accepted, t],
  );
  let listed = 0;
  const ms = result ? result.stats.ms : coverage.ms;
  // The tolerances the counts shown were found under.
  const tol = result?.options ?? coverage.tolerances;
  const label: Record<Standing, string> = {
    error: t('editor.coverage.errors'),
    warning: t('editor.coverage.warnings'),
    accepted: t('coverage.accepted'),
    below: t('editor.coverage.below'),
  };
  return (
    <section className="panel ed-coverage" data-testid="coverage-panel">
      <div className="ed-coverage-head">
        <h2 className="panel-title">{t('editor.coverage.title')}</h2>
        <ToleranceSettings
          tolerances={coverage.tolerances}
          onSaved={(r) => {
            // The new state carries the tolerances; the worker follows them (useFileTolerances).
            if (r.state.open) draft.setState(r.state);
            onFixed(t('coverage.tolerance.saved'));
          }}
        />
      </div>
      <div className="ed-counts">
        {STANDINGS.map((s) => (
          <button
            key={s}
            type="button"
            className={`ed-count ${s}${filter.standing === s ? ' active' : ''}`}
            data-testid={COUNT_IDS[s]}
            data-count={counts[s]}
            onClick={() => setFilter({ ...filter, standing: filter.standing === s ? 'all' : s })}
          >
            <b>{formatInteger(counts[s])}</b> {label[s]}
          </button>
        ))}
      </div>
      <p className="panel-note ed-tol-summary" data-testid="coverage-tolerance-summary">
        {t('coverage.tolerance.summary', { area: tol.minAreaM2, width: tol.minWidthM, snap: tol.snapFixM })}
      </p>
      {changedCount > 0 && (
        <p className="panel-note ed-changed" data-testid="coverage-accepted-changed-count">
          {t('coverage.acceptedChangedCount', { count: changedCount })}
        </p>
      )}
      {check.progress && (
        <div className="ed-progress" role="progressbar" data-testid="coverage-progress">
          <div
            className="ed-progress-bar"
            style={{
              width: `${check.progress.total ? (100 * check.progress.done) / check.progress.total : 5}%`,
            }}
          />
          <span>{t('coverage.checking', { done: check.progress.done, total: check.progress.total })}</span>
        </div>
      )}
      {check.failed && (
        <p className="ed-problem" role="alert">
          {t('coverage.checkFailed', { message: check.failed })}
        </p>
      )}
      <div className="ed-filters">
        <div className="ed-seg" role="group">
          {(['rule', 'place'] as const).map((g) => (
            <button
              key={g}
              type="button"
              className={g === grouping ? 'active' : ''}
              data-testid={`coverage-group-${g}`}
              onClick={() => setGrouping(g)}
            >
              {t(g === 'rule' ? 'editor.coverage.byRule' : 'editor.coverage.byPlace')}
            </button>
          ))}
        </div>
        <select
          value={filter.level}
          data-testid="coverage-level"
          onChange={(e) => setFilter({ ...filter, level: e.target.value as GridLevel | 'all' })}
        >
          <option value="all">{t('editor.coverage.allLevels')}</option>
          {FILTER_LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`level.${l}`)}
            </option>
          ))}
        </select>
        <select
          value={filter.town}
          data-testid="coverage-town"
          onChange={(e) => setFilter({ ...filter, town: e.target.value })}
        >
          <option value="all">{t('coverage.allTowns')}</option>
          {towns.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
        <select
          value={filter.standing}
          data-testid="coverage-severity"
          onChange={(e) => setFilter({ ...filter, standing: e.target.value as Standing | 'all' })}
        >
          <option value="all">{t('coverage.allSeverities')}</option>
          {STANDINGS.map((s) => (
            <option key={s} value={s}>
              {t(`coverage.severity.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="ed-defects">
        {defects.length === 0 && !check.progress && (
          <p className="panel-note ok" data-testid="coverage-clean">
            {t('editor.coverage.clean')}
          </p>
        )}
        {groups.map((g) => {
          const rows = g.defects.slice(0, Math.max(0, LIST_LIMIT - listed));
          listed += rows.length;
          if (!rows.length) return null;
          return (
            <div key={g.key} className="ed-group">
              <h3>
                {g.title} <span className="muted">{formatInteger(g.defects.length)}</span>
              </h3>
              {rows.map((d) => {
                const standing = standingOf(d, accepted);
                const changed = standing === 'accepted' && !!accepted.get(d.id)?.changed;
                return (
                  <button
                    key={d.id}
                    type="button"
                    className={`ed-defect ${d.severity} ${standing}${d.id === focused?.id ? ' focused' : ''}`}
                    data-testid="coverage-defect"
                    data-rule={d.rule}
                    data-standing={standing}
                    data-changed={changed ? 'yes' : undefined}
                    onClick={() => onFocus(d)}
                  >
                    <span className="ed-defect-msg">
                      {formatMessage(d.messageKey, d.messageParams, locale)}
                    </span>
                    {standing === 'accepted' && (
                      <span
                        className={`ed-badge${changed ? ' changed' : ''}`}
                        data-testid="coverage-accepted-badge"
                      >
                        {t(changed ? 'coverage.acceptedChanged' : 'coverage.accepted')}
                      </span>
                    )}
                    {d.areaM2 > 0 && (
                      <span className="ed-defect-area mono">
                        {t('editor.coverage.area', {
                          area: d.areaM2 < 10 ? d.areaM2.toFixed(2) : formatInteger(Math.round(d.areaM2)),
                        })}
                      </span>
                    )}
                  </button>
                );
              })}
            </div>
          );
        })}
        {total > listed && listed >= LIST_LIMIT && (
          <p className="panel-note">{t('editor.coverage.more', { count: total - listed })}</p>
        )}
        {!result && coverage.defectsTotal > coverage.defects.length && (
          <p className="panel-note">
            {t('editor.coverage.more', { count: coverage.defectsTotal - coverage.defects.length })}
          </p>
        )}
      </div>
      {focused && defects.some((d) => d.id === focused.id) && (
        <CoverageFixes
          defect={focused}
          backendDefects={coverage.defects}
          acceptance={accepted.get(focused.id)}
          draft={draft}
          onDone={onFixed}
        />
      )}
      <p className="panel-note ed-ms">{t('editor.coverage.ms', { ms: Math.round(ms) })}</p>
    </section>
  );
}
