import type { ReactNode } from 'react';
import { CASE_CHANNELS, type CaseChannel } from '../../../shared/api/cases-contract.ts';
import type { TreeNode } from '../../../shared/api/contract.ts';
import { CASE_STATUSES, type ItemLevel } from '../../../shared/cases/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { NO_FILTERS, type QueueFilters, type StatusFilter } from './filters.ts';
import { statusLabel } from './labels.ts';

interface Props {
  filters: QueueFilters;
  towns: readonly TreeNode[];
  categories: readonly string[];
  onChange(f: QueueFilters): void;
}

export function QueueFiltersBar({ filters, towns, categories, onChange }: Props): ReactNode {
  const { t, locale } = useI18n();
  const set = <K extends keyof QueueFilters>(k: K, v: QueueFilters[K]): void =>
    onChange({ ...filters, [k]: v });
  return (
    <div className="queue-filters" data-testid="queue-filters">
      <label>
        <span>{t('filter.town')}</span>
        <select data-testid="filter-town" value={filters.town} onChange={(e) => set('town', e.target.value)}>
          <option value="">{t('filter.all')}</option>
          {towns.map((n) => (
            <option key={n.code} value={n.code}>
              {n.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('filter.status')}</span>
        <select
          data-testid="filter-status"
          value={filters.status}
          onChange={(e) => set('status', e.target.value as StatusFilter)}
        >
          <option value="open">{t('filter.open')}</option>
          <option value="all">{t('filter.all')}</option>
          {CASE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s, locale)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('filter.level')}</span>
        <select
          data-testid="filter-level"
          value={filters.level}
          onChange={(e) => set('level', e.target.value as ItemLevel | '')}
        >
          <option value="">{t('filter.all')}</option>
          {(['A', 'B', 'C'] as const).map((l) => (
            <option key={l} value={l}>
              {t('case.level', { level: l })}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('filter.category')}</span>
        <select
          data-testid="filter-category"
          value={filters.category}
          onChange={(e) => set('category', e.target.value)}
        >
          <option value="">{t('filter.all')}</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('filter.channel')}</span>
        <select
          data-testid="filter-channel"
          value={filters.channel}
          onChange={(e) => set('channel', e.target.value as CaseChannel | '')}
        >
          <option value="">{t('filter.all')}</option>
          {CASE_CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`channel.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('filter.source')}</span>
        <select
          data-testid="filter-source"
          value={filters.source}
          onChange={(e) => set('source', e.target.value as QueueFilters['source'])}
        >
          <option value="all">{t('filter.all')}</option>
          <option value="real">{t('filter.real')}</option>
          <option value="simulated">{t('filter.simulated')}</option>
        </select>
      </label>
      <label>
        <span>{t('filter.flag')}</span>
        <select
          data-testid="filter-flag"
          value={filters.flag}
          onChange={(e) => set('flag', e.target.value as QueueFilters['flag'])}
        >
          <option value="">{t('filter.all')}</option>
          <option value="toLocate">{t('filter.toLocate')}</option>
          <option value="duplicate">{t('filter.duplicate')}</option>
        </select>
      </label>
      <button type="button" className="link" data-testid="filter-reset" onClick={() => onChange(NO_FILTERS)}>
        {t('filter.reset')}
      </button>
    </div>
  );
}
