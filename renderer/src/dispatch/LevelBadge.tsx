import type { ReactNode } from 'react';
import type { ItemLevel } from '../../../shared/cases/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

export function LevelBadge({ level }: { level: ItemLevel | null }): ReactNode {
  const { t } = useI18n();
  return (
    <span
      className={`case-level case-level-${level ?? 'none'}`}
      title={level ? t('case.level', { level }) : t('case.noItem')}
      data-testid="level-badge"
    >
      {level ?? '–'}
    </span>
  );
}
