import { useEffect, useRef } from 'react';

export interface DispatchKeys {
  next(): void;
  prev(): void;
  open(): void;
  dispatch(): void;
  escape(): void;
  newCase(): void;
  help(): void;
}

/** Typing in a field is not a shortcut; neither is a key with a modifier (the browser's own). */
function ignored(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  const typing = !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
  return typing || e.ctrlKey || e.metaKey || e.altKey;
}

/** j/k move, Enter opens, d dispatches, n new case, ? help, Esc closes (Esc works in fields too). */
export function useDispatchKeys(active: boolean, keys: DispatchKeys): void {
  const latest = useRef(keys);
  useEffect(() => {
    latest.current = keys;
  });
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent): void => {
      const k = latest.current;
      if (e.key === 'Escape') return k.escape();
      if (ignored(e)) return;
      const action = { j: k.next, k: k.prev, Enter: k.open, d: k.dispatch, n: k.newCase, '?': k.help }[e.key];
      if (!action) return;
      // Enter on a focused button is that button's click, not "open".
      if (e.key === 'Enter' && (e.target as HTMLElement | null)?.tagName === 'BUTTON') return;
      e.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);
}
