import type { ReactNode } from 'react';
import { legendClasses, metricText, unitsWithoutValue } from '../../../shared/metrics/legend.ts';
import { caseErrorText } from '../dispatch/labels.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { ChoroplethLoad } from './use-heatmap.ts';

interface Props {
  load: ChoroplethLoad;
  onSelectUnit(code: string): void;
}

/** Class breaks with their colours and unit counts, then the ten units that need attention first. */
export function ChoroplethLegend({ load, onSelectUnit }: Props): ReactNode {
  const { t, locale } = useI18n();
  if (load.state === 'off') return null;
  if (load.state === 'loading') return <p className="heat-status">{t('choro.loading')}</p>;
  if (load.state === 'error')
    return (
      <p className="heat-status heat-bad" role="alert">
        {t('choro.error', { message: caseErrorText(load.error, locale) })}
      </p>
    );
  const { result, colors } = load;
  const legend = legendClasses(result.breaks, result.classes);
  const empty = unitsWithoutValue(result.classes);
  return (
    <div
      className="choro-legend"
      data-testid="choro-legend"
      data-metric={result.metric}
      data-level={result.level}
    >
      <ol className="choro-classes">
        {legend.map((c, i) => (
          <li
            key={i}
            className="choro-class"
            data-testid="choro-class"
            data-lower={c.lower}
            data-upper={c.upper}
            data-units={c.units}
          >
            <span className="choro-swatch" style={{ background: colors[i] }} aria-hidden="true" />
            <span className="choro-range">
              {i === 0 ? metricText(result.metric, c.lower) : `> ${metricText(result.metric, c.lower)}`} –{' '}
              {metricText(result.metric, c.upper)}
            </span>
            <span className="choro-units">{c.units}</span>
          </li>
        ))}
        {empty > 0 && (
          <li className="choro-class no-data" data-units={empty}>
            <span className="choro-swatch" aria-hidden="true" />
            <span className="choro-range">{t('choro.noData')}</span>
            <span className="choro-units">{empty}</span>
          </li>
        )}
      </ol>
      <h3 className="heat-subheading">{t('choro.top')}</h3>
      {result.top.length === 0 ? (
        <p className="heat-status">{t('choro.topEmpty')}</p>
      ) : (
        <ol className="choro-top" data-testid="choro-top">
          {result.top.map((u, i) => (
            <li key={u.code}>
              <button
                type="button"
                className="choro-top-row"
                data-testid="choro-top-row"
                data-code={u.code}
                data-value={u.value}
                onClick={() => onSelectUnit(u.code)}
              >
                <span className="choro-rank">{i + 1}</span>
                <span className="choro-name">{u.name}</span>
                <span className="choro-value">{metricText(result.metric, u.value)}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
