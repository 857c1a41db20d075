import type { ReactNode } from 'react';
import type { GridLevel } from '../../../shared/grid/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** The "1 + 9 + 172 + N" of the hierarchy, one figure per level present. */
export function LevelCounts({
  levels,
  counts,
}: {
  levels: readonly GridLevel[];
  counts: Record<GridLevel, number>;
}): ReactNode {
  const { t, formatInteger } = useI18n();
  return (
    <div className="level-counts">
      {levels.map((l) => (
        <div key={l} className={`level-count level-${l}`} data-testid={`tree-count-${l}`}>
          <span className="level-count-value">{formatInteger(counts[l])}</span>
          <span className="level-count-label">{t(`level.${l}`)}</span>
        </div>
      ))}
    </div>
  );
}
