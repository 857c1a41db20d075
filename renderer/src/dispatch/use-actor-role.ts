/**
 * The seat's signed-in role, shared by the dispatch panel and the admin screen and kept in
 * localStorage so a restart signs the same person back in.
 */
import { useSyncExternalStore } from 'react';
import { ACTOR_ROLES, type ActorRole } from './actors.ts';

const KEY = 'gezhi.actorRole';
const listeners = new Set<() => void>();

function read(): ActorRole {
  try {
    const v = localStorage.getItem(KEY);
    return (ACTOR_ROLES as readonly string[]).includes(v ?? '') ? (v as ActorRole) : 'operator';
  } catch {
    return 'operator';
  }
}

let current: ActorRole | null = null;

export function setActorRole(role: ActorRole): void {
  current = role;
  try {
    localStorage.setItem(KEY, role);
  } catch {
    // Storage refused (private mode): the role still holds for this window.
  }
  listeners.forEach((l) => l());
}

export function useActorRole(): [ActorRole, (r: ActorRole) => void] {
  const role = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => (current ??= read()),
  );
  return [role, setActorRole];
}
