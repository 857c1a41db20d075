import type { ReactNode } from 'react';
import type { ApiErrorBody, UnitDetail } from '../../../shared/api/contract.ts';
import { GRID_LEVELS } from '../../../shared/grid/types.ts';
import { describeError } from '../i18n/error-messages.ts';
import { formatArea } from '../i18n/format.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { AttributeRow } from './AttributeRow.tsx';
import { EmptySelection } from './EmptySelection.tsx';

export type UnitLoad =
  | { state: 'none' }
  | { state: 'loading'; code: string }
  | { state: 'ready'; unit: UnitDetail }
  | { state: 'error'; code: string; error: ApiErrorBody };

interface Props {
  load: UnitLoad;
  onSelect(code: string): void;
  onFlyAgain(): void;
  onClear(): void;
}

export function AttributesPanel({ load, onSelect, onFlyAgain, onClear }: Props): ReactNode {
  const { t, locale } = useI18n();
  return (
    <aside className="panel attributes-panel" data-testid="attributes-panel" aria-live="polite">
      <h2 className="panel-title">{t('attr.title')}</h2>
      {load.state === 'none' && <EmptySelection />}
      {load.state === 'loading' && <p className="panel-note">{t('attr.loading')}</p>}
      {load.state === 'error' && (
        <p className="panel-note error" role="alert">
          {t('attr.error', { message: describeError(load.error, locale) })}
        </p>
      )}
      {load.state === 'ready' && (
        <UnitAttributes unit={load.unit} onSelect={onSelect} onFlyAgain={onFlyAgain} onClear={onClear} />
      )}
    </aside>
  );
}

function UnitAttributes({
  unit,
  onSelect,
  onFlyAgain,
  onClear,
}: {
  unit: UnitDetail;
  onSelect(code: string): void;
  onFlyAgain(): void;
  onClear(): void;
}): ReactNode {
  const { t, locale, formatInteger } = useI18n();
  const childLevel = GRID_LEVELS[GRID_LEVELS.indexOf(unit.level) + 1];
  const none = t('attr.none');
  return (
    <div className={`unit level-${unit.level}`}>
      <div className="unit-heading">
        <span className={`level-badge level-${unit.level}`} data-testid="attr-level">
          {t(`levelLong.${unit.level}`)}
        </span>
        <h3 className="unit-name" data-testid="attr-name">
          {unit.name}
        </h3>
        <div className="unit-code" data-testid="attr-code">
          {unit.code}
        </div>
      </div>
      <dl className="attr-list">
        <AttributeRow label={t('attr.parent')} testId="attr-parent">
          {unit.parentCode ? (
            <button type="button" className="link" onClick={() => onSelect(unit.parentCode!)}>
              {unit.parentName ?? unit.parentCode}
            </button>
          ) : (
            none
          )}
        </AttributeRow>
        <AttributeRow label={t('attr.area')} testId="attr-area">
          {t('attr.areaValue', { value: formatArea(unit.areaKm2, locale) })}
        </AttributeRow>
        <AttributeRow label={t('attr.children')} testId="attr-children">
          {childLevel
            ? t('attr.childrenValue', {
                count: formatInteger(unit.childCount),
                level: t(`level.${childLevel}`),
              })
            : t('attr.childrenNone')}
        </AttributeRow>
        <AttributeRow label={t('attr.population')} testId="attr-population">
          {t('attr.populationValue', { value: formatInteger(unit.population) })}
        </AttributeRow>
        {unit.kind && (
          <AttributeRow label={t('attr.kind')} testId="attr-kind">
            {t(`attr.kind.${unit.kind}`)}
            {unit.subtype ? ` · ${t(`attr.subtype.${unit.subtype}`)}` : ''}
          </AttributeRow>
        )}
        <AttributeRow label={t('attr.chief')} testId="attr-chief">
          {unit.chief ?? none}
        </AttributeRow>
        <AttributeRow label={t('attr.workers')} testId="attr-staff">
          <WorkerGroups unit={unit} />
        </AttributeRow>
        {unit.notes && (
          <AttributeRow label={t('attr.notes')} testId="attr-notes">
            <p className="attr-notes">{unit.notes}</p>
          </AttributeRow>
        )}
      </dl>
      <div className="unit-actions">
        <button type="button" className="button" onClick={onFlyAgain}>
          {t('attr.flyTo')}
        </button>
        <button type="button" className="button quiet" onClick={onClear}>
          {t('attr.clear')}
        </button>
      </div>
    </div>
  );
}

const WORKER_KINDS = [
  { kind: 'fullTime', count: 'staffFullTime', label: 'attr.staffFullTime' },
  { kind: 'partTime', count: 'staffPartTime', label: 'attr.staffPartTime' },
  { kind: 'volunteer', count: 'staffVolunteer', label: 'attr.staffVolunteer' },
] as const;

/** Grid workers by kind: how many, and by name where the planner recorded names. */
function WorkerGroups({ unit }: { unit: UnitDetail }): ReactNode {
  const { t, formatInteger } = useI18n();
  return (
    <div className="worker-groups">
      {WORKER_KINDS.map(({ kind, count, label }) => {
        const names = unit.workerNames?.[kind] ?? [];
        const unnamed = unit[count] - names.length;
        return (
          <div className="worker-group" key={kind} data-testid={`attr-workers-${kind}`}>
            <span className="worker-kind">
              {t(label)} <b>{formatInteger(unit[count])}</b>
            </span>
            {names.length > 0 && (
              <ul className="worker-names">
                {names.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
                {unnamed > 0 && (
                  <li className="unnamed">{t('attr.workersUnnamed', { count: formatInteger(unnamed) })}</li>
                )}
              </ul>
            )}
          </div>
        );
      })}
      {unit.level !== 'cell' && <span className="worker-total-note">{t('attr.workersTotalNote')}</span>}
    </div>
  );
}
