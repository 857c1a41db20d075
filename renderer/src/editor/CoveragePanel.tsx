import { useMemo, useState, type ReactNode } from 'react';
import type { DraftCoverage } from '../../../shared/api/drafts-contract.ts';
import { formatMessage } from '../../../shared/coverage/messages.ts';
import type { Defect } from '../../../shared/coverage/types.ts';
import type { GridLevel } from '../../../shared/grid/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { groupDefects, type Grouping } from './defect-groups.ts';
import type { DraftLayers } from './draft-model.ts';

const FILTER_LEVELS: readonly GridLevel[] = ['town', 'community', 'cell'];

/** The coverage check of the draft: counts, defects grouped by rule or place, each one a fly-to. */
export function CoveragePanel({
  coverage,
  layers,
  focused,
  onFocus,
}: {
  coverage: DraftCoverage;
  layers: DraftLayers;
  focused: string | null;
  onFocus(d: Defect): void;
}): ReactNode {
  const { t, locale, formatInteger } = useI18n();
  const [grouping, setGrouping] = useState<Grouping>('rule');
  const [level, setLevel] = useState<GridLevel | 'all'>('all');
  const groups = useMemo(
    () =>
      groupDefects(
        coverage.defects,
        layers,
        grouping,
        level,
        (r) => t(`editor.rule.${r}`),
        t('editor.coverage.noPlace'),
      ),
    [coverage.defects, layers, grouping, level, t],
  );
  const { counts } = coverage;
  return (
    <section className="panel ed-coverage" data-testid="coverage-panel">
      <h2 className="panel-title">{t('editor.coverage.title')}</h2>
      <div className="ed-counts">
        <span className="ed-count error" data-testid="coverage-errors">
          <b>{formatInteger(counts.errors)}</b> {t('editor.coverage.errors')}
        </span>
        <span className="ed-count warning" data-testid="coverage-warnings">
          <b>{formatInteger(counts.warnings)}</b> {t('editor.coverage.warnings')}
        </span>
        <span className="ed-count below" data-testid="coverage-below">
          <b>{formatInteger(counts.belowTolerance)}</b> {t('editor.coverage.below')}
        </span>
      </div>
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
          value={level}
          data-testid="coverage-level"
          onChange={(e) => setLevel(e.target.value as GridLevel | 'all')}
        >
          <option value="all">{t('editor.coverage.allLevels')}</option>
          {FILTER_LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`level.${l}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="ed-defects">
        {coverage.defects.length === 0 && <p className="panel-note ok">{t('editor.coverage.clean')}</p>}
        {groups.map((g) => (
          <div key={g.key} className="ed-group">
            <h3>
              {g.title} <span className="muted">{formatInteger(g.defects.length)}</span>
            </h3>
            {g.defects.map((d) => (
              <button
                key={d.id}
                type="button"
                className={`ed-defect ${d.severity}${d.belowTolerance ? ' below' : ''}${d.id === focused ? ' focused' : ''}`}
                data-testid="coverage-defect"
                data-rule={d.rule}
                onClick={() => onFocus(d)}
              >
                <span className="ed-defect-msg">{formatMessage(d.messageKey, d.messageParams, locale)}</span>
                {d.areaM2 > 0 && (
                  <span className="ed-defect-area mono">
                    {t('editor.coverage.area', { area: formatInteger(Math.round(d.areaM2)) })}
                  </span>
                )}
              </button>
            ))}
          </div>
        ))}
        {coverage.defectsTotal > coverage.defects.length && (
          <p className="panel-note">
            {t('editor.coverage.more', { count: coverage.defectsTotal - coverage.defects.length })}
          </p>
        )}
      </div>
      <p className="panel-note ed-ms">{t('editor.coverage.ms', { ms: Math.round(coverage.ms) })}</p>
    </section>
  );
}
