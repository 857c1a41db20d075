import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ACTOR_ROLES, actorName, type ActorRole } from './actors.ts';

/** Which hat this seat acts in: the timeline records it as the step's "who". */
export function ActorPicker({ role, onRole }: { role: ActorRole; onRole(r: ActorRole): void }): ReactNode {
  const { locale } = useI18n();
  return (
    <select
      className="actor-picker"
      data-testid="actor-role"
      value={role}
      onChange={(e) => onRole(e.target.value as ActorRole)}
    >
      {ACTOR_ROLES.map((r) => (
        <option key={r} value={r}>
          {actorName(r, locale)}
        </option>
      ))}
    </select>
  );
}
