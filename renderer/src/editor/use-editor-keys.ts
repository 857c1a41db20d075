/** The editor's keyboard shortcuts; ignored while typing in a field or while a dialog is open. */
import { useEffect, useRef } from 'react';

export interface EditorKeyHandlers {
  enabled: boolean;
  onTool(t: 'select' | 'split' | 'insert' | 'draw' | 'reshape'): void;
  onReparent?(): void;
  onMerge(): void;
  onDelete(): void;
  onUndo(): void;
  onRedo(): void;
  onFinish(): void;
  onCancel(): void;
  onHelp(): void;
}

export function useEditorKeys(h: EditorKeyHandlers): void {
  const latest = useRef(h);
  useEffect(() => {
    latest.current = h;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const x = latest.current;
      const target = e.target as HTMLElement | null;
      if (!x.enabled || target?.closest('input, textarea, select, [role="dialog"]')) return;
      const ctrl = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      let handled = true;
      if (ctrl && k === 'z') (e.shiftKey ? x.onRedo : x.onUndo)();
      else if (ctrl && k === 'y') x.onRedo();
      else if (ctrl) handled = false;
      else if (e.key === '?') x.onHelp();
      else if (k === 'v') x.onTool('select');
      else if (k === 's') x.onTool('split');
      else if (k === 'i') x.onTool('insert');
      else if (k === 'n') x.onTool('draw');
      else if (k === 'r') x.onTool('reshape');
      else if (k === 'p' && x.onReparent) x.onReparent();
      else if (k === 'm') x.onMerge();
      else if (e.key === 'Delete' || e.key === 'Backspace') x.onDelete();
      else if (e.key === 'Enter') x.onFinish();
      else if (e.key === 'Escape') x.onCancel();
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
