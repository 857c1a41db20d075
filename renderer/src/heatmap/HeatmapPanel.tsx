import type { ReactNode, Ref } from 'react';
import { GRID_LEVELS_FOR_CHOROPLETH } from '../../../shared/api/analytics-contract.ts';
import { CASE_CHANNELS, type CaseChannel } from '../../../shared/api/cases-contract.ts';
import type { TreeNode } from '../../../shared/api/contract.ts';
import { CASE_STATUSES, type CaseStatus, type ItemLevel } from '../../../shared/cases/types.ts';
import { CHOROPLETH_METRICS } from '../../../shared/metrics/ranking.ts';
import { WINDOW_PRESETS } from '../../../shared/metrics/time-window.ts';
import { StepProgress } from '../app/StepProgress.tsx';
import { statusLabel } from '../dispatch/labels.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { ChoroplethLegend } from './ChoroplethLegend.tsx';
import { MAX_CODES_TEXT, type HeatSettings } from './heat-settings.ts';
import { fromLocalInput, toLocalInput } from './shanghai-time.ts';
import { parseCodes } from './codes.ts';
import type { ChoroplethLoad } from './use-heatmap.ts';
import type { FeedStatus } from './heat-feed.ts';

interface Props {
  settings: HeatSettings;
  update(patch: Partial<HeatSettings>): void;
  status: FeedStatus;
  choropleth: ChoroplethLoad;
  towns: readonly TreeNode[];
  now: number;
  onSelectUnit(code: string): void;
  ref?: Ref<HTMLElement>;
}

const LEVELS: ItemLevel[] = ['A', 'B', 'C'];

/** A multi-choice as one select: "all" or a single value (enough for the wall; lists via the API). */
function one<T extends string>(list: T[] | null): T | '' {
  return list?.length === 1 ? list[0]! : '';
}

export function HeatmapPanel({
  settings,
  update,
  status,
  choropleth,
  towns,
  now,
  onSelectUnit,
  ref,
}: Props): ReactNode {
  const { t, locale, formatInteger } = useI18n();
  const bad = parseCodes(settings.codes).bad;
  return (
    <section ref={ref} className="heat-panel" data-testid="heat-panel" aria-label={t('heat.title')}>
      <h2 className="heat-heading">{t('heat.title')}</h2>
      <div className="heat-presets" role="group" aria-label={t('heat.window')}>
        {[...WINDOW_PRESETS, 'custom' as const].map((p) => (
          <button
            key={p}
            type="button"
            className={`heat-chip${settings.preset === p ? ' on' : ''}`}
            aria-pressed={settings.preset === p}
            data-testid={`heat-preset-${p}`}
            onClick={() =>
              update(
                p === 'custom'
                  ? {
                      preset: p,
                      custom:
                        settings.custom.to > settings.custom.from
                          ? settings.custom
                          : { from: now - 7 * 86_400_000, to: now },
                    }
                  : { preset: p },
              )
            }
          >
            {t(`heat.preset.${p}` as MessageKey)}
          </button>
        ))}
      </div>
      {settings.preset === 'custom' && (
        <div className="heat-custom">
          <label>
            <span>{t('heat.customFrom')}</span>
            <input
              type="datetime-local"
              data-testid="heat-custom-from"
              value={toLocalInput(settings.custom.from)}
              onChange={(e) => {
                const from = fromLocalInput(e.target.value);
                if (from !== null && from < settings.custom.to)
                  update({ custom: { ...settings.custom, from } });
              }}
            />
          </label>
          <label>
            <span>{t('heat.customTo')}</span>
            <input
              type="datetime-local"
              data-testid="heat-custom-to"
              value={toLocalInput(settings.custom.to)}
              onChange={(e) => {
                const to = fromLocalInput(e.target.value);
                if (to !== null && to > settings.custom.from) update({ custom: { ...settings.custom, to } });
              }}
            />
          </label>
        </div>
      )}
      <div className="heat-filters">
        <label>
          <span>{t('heat.status')}</span>
          <select
            data-testid="heat-filter-status"
            value={one(settings.statuses)}
            onChange={(e) => update({ statuses: e.target.value ? [e.target.value as CaseStatus] : null })}
          >
            <option value="">{t('heat.all')}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s, locale)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('heat.level')}</span>
          <select
            data-testid="heat-filter-level"
            value={one(settings.levels)}
            onChange={(e) => update({ levels: e.target.value ? [e.target.value as ItemLevel] : null })}
          >
            <option value="">{t('heat.all')}</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('heat.channel')}</span>
          <select
            data-testid="heat-filter-channel"
            value={one(settings.channels)}
            onChange={(e) => update({ channels: e.target.value ? [e.target.value as CaseChannel] : null })}
          >
            <option value="">{t('heat.all')}</option>
            {CASE_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('heat.town')}</span>
          <select
            data-testid="heat-filter-town"
            value={one(settings.towns)}
            onChange={(e) => update({ towns: e.target.value ? [e.target.value] : null })}
          >
            <option value="">{t('heat.all')}</option>
            {towns.map((n) => (
              <option key={n.code} value={n.code}>
                {n.name}
              </option>
            ))}
          </select>
        </label>
        <label className="heat-codes">
          <span>{t('heat.codes')}</span>
          <input
            type="text"
            data-testid="heat-filter-codes"
            placeholder={t('heat.codesPlaceholder')}
            value={settings.codes}
            maxLength={MAX_CODES_TEXT}
            onChange={(e) => update({ codes: e.target.value })}
            aria-invalid={bad.length > 0}
          />
        </label>
        {bad.length > 0 && (
          <p className="heat-bad" role="alert">
            {t('heat.codesBad', { codes: bad.join(', ') })}
          </p>
        )}
        <label className="heat-check">
          <input
            type="checkbox"
            data-testid="heat-by-level"
            checked={settings.byLevel}
            onChange={(e) => update({ byLevel: e.target.checked })}
          />
          <span>{t('heat.byLevel')}</span>
        </label>
      </div>
      {status.state === 'loading' && status.preparing && (
        <StepProgress fraction={status.preparing.read / status.preparing.total} />
      )}
      <p
        className="heat-status"
        data-testid="heat-status"
        data-state={status.state}
        data-mode={status.mode}
        data-count={status.count}
        data-overdue={status.overdue ?? undefined}
      >
        {statusText(status, t, formatInteger)}
      </p>

      <h2 className="heat-heading">{t('choro.title')}</h2>
      <div className="heat-presets" role="group" aria-label={t('choro.level')}>
        {[null, ...GRID_LEVELS_FOR_CHOROPLETH].map((l) => (
          <button
            key={l ?? 'off'}
            type="button"
            className={`heat-chip${settings.choroLevel === l ? ' on' : ''}`}
            aria-pressed={settings.choroLevel === l}
            data-testid={`choro-level-${l ?? 'off'}`}
            onClick={() => update({ choroLevel: l })}
          >
            {l ? t(`level.${l}`) : t('choro.off')}
          </button>
        ))}
      </div>
      {settings.choroLevel && (
        <div className="heat-filters">
          <label>
            <span>{t('choro.metric')}</span>
            <select
              data-testid="choro-metric"
              value={settings.metric}
              onChange={(e) => update({ metric: e.target.value as HeatSettings['metric'] })}
            >
              {CHOROPLETH_METRICS.map((m) => (
                <option key={m} value={m}>
                  {t(`choro.metric.${m}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('choro.method')}</span>
            <select
              data-testid="choro-method"
              value={settings.method}
              onChange={(e) => update({ method: e.target.value as HeatSettings['method'] })}
            >
              <option value="quantile">{t('choro.method.quantile')}</option>
              <option value="jenks">{t('choro.method.jenks')}</option>
            </select>
          </label>
        </div>
      )}
      {settings.choroLevel && <ChoroplethLegend load={choropleth} onSelectUnit={onSelectUnit} />}
    </section>
  );
}

/** The line under the filters: what the map shows, or what it waits for. */
function statusText(
  status: FeedStatus,
  t: ReturnType<typeof useI18n>['t'],
  formatInteger: (n: number) => string,
): string {
  if (status.state === 'error') return t('heat.error', { message: status.message ?? '' });
  if (status.state === 'loading' && status.preparing) {
    const { read, total } = status.preparing;
    return t('heat.preparing', {
      percent: Math.floor((100 * read) / total),
      read: formatInteger(read),
      total: formatInteger(total),
    });
  }
  if (status.state === 'loading') return t('heat.loading');
  if (status.mode === 'bins') return t('heat.binned', { count: formatInteger(status.count) });
  if (status.overdue)
    return t('heat.countOverdue', {
      count: formatInteger(status.count),
      overdue: formatInteger(status.overdue),
    });
  return t('heat.count', { count: formatInteger(status.count) });
}
