/**
 * Line icons of the editor toolbar, drawn in the text colour so they follow the button's state.
 * A 20-unit grid, stroked; sized in em so they scale with the UI (1080p to 4K).
 */
import type { ReactNode } from 'react';

export type ToolbarIconName =
  | 'select'
  | 'split'
  | 'insert'
  | 'draw'
  | 'reshape'
  | 'merge'
  | 'delete'
  | 'reparent'
  | 'undo'
  | 'redo'
  | 'import'
  | 'export'
  | 'versions'
  | 'help'
  | 'discard'
  | 'publish';

const PATHS: Record<ToolbarIconName, ReactNode> = {
  select: <path d="M5 3 L5 16 L8.6 12.6 L11 17.5 L13.2 16.4 L10.8 11.6 L15.5 11.4 Z" />,
  split: (
    <>
      <path d="M3.5 6 L9 3.5 L16.5 6.5 L15 15.5 L7 16.5 L3 12 Z" />
      <path d="M11.5 1.5 L8 18.5" strokeDasharray="2 1.6" />
    </>
  ),
  insert: (
    <>
      <path d="M2.5 15 L9 6 L17.5 12" />
      <circle cx="9" cy="6" r="2" fill="currentColor" />
      <path d="M14.5 2 V7 M12 4.5 H17" />
    </>
  ),
  draw: (
    <>
      <path d="M3 14 L5 5 L12 3 L13 8" strokeDasharray="2.2 1.4" />
      <path d="M13 11 V18 M9.5 14.5 H16.5" />
    </>
  ),
  reshape: (
    <>
      <path d="M3 16 L3 4 L17 4 L17 16 Z" opacity="0.45" />
      <path d="M3 10 C7 5, 13 15, 17 10" />
      <circle cx="3" cy="10" r="1.4" fill="currentColor" />
      <circle cx="17" cy="10" r="1.4" fill="currentColor" />
    </>
  ),
  merge: (
    <>
      <path d="M5 2.5 V6.5 C5 10, 10 10, 10 13.5 V17.5" />
      <path d="M15 2.5 V6.5 C15 10, 10 10, 10 13.5" />
      <path d="M7 15.5 L10 18 L13 15.5" />
    </>
  ),
  delete: (
    <>
      <path d="M4 5.5 H16 M8 5.5 V3.5 H12 V5.5" />
      <path d="M5.5 5.5 L6.5 17 H13.5 L14.5 5.5" />
      <path d="M8.5 8.5 V14 M11.5 8.5 V14" />
    </>
  ),
  reparent: (
    <>
      <path d="M2.5 11 H9.5 V17.5 H2.5 Z" />
      <path d="M10.5 2.5 H17.5 V9 H10.5 Z" />
      <path d="M6 11 V6 H10.5" />
      <path d="M8.5 4 L10.5 6 L8.5 8" />
    </>
  ),
  undo: (
    <>
      <path d="M7 4 L3 8 L7 12" />
      <path d="M3 8 H12 A4.5 4.5 0 0 1 12 17 H8" />
    </>
  ),
  redo: (
    <>
      <path d="M13 4 L17 8 L13 12" />
      <path d="M17 8 H8 A4.5 4.5 0 0 0 8 17 H12" />
    </>
  ),
  import: (
    <>
      <path d="M10 2.5 V12 M6 8 L10 12 L14 8" />
      <path d="M3 12.5 V17 H17 V12.5" />
    </>
  ),
  export: (
    <>
      <path d="M10 12 V2.5 M6 6.5 L10 2.5 L14 6.5" />
      <path d="M3 12.5 V17 H17 V12.5" />
    </>
  ),
  versions: (
    <>
      <path d="M3.2 10 A6.8 6.8 0 1 0 5 5.3" />
      <path d="M2.5 3 V6.5 H6" />
      <path d="M10 6 V10 L12.8 11.8" />
    </>
  ),
  help: (
    <>
      <circle cx="10" cy="10" r="7.5" />
      <path d="M7.6 7.8 A2.5 2.5 0 1 1 10.8 10.2 C10.2 10.5 10 11 10 11.8" />
      <circle cx="10" cy="14.4" r="0.6" fill="currentColor" />
    </>
  ),
  discard: (
    <>
      <path d="M5 3 H12 L15.5 6.5 V17 H5 Z" />
      <path d="M8 10 L12.5 14.5 M12.5 10 L8 14.5" />
    </>
  ),
  publish: <path d="M4 10.5 L8.2 14.5 L16 5.5" />,
};

export function ToolbarIcon({ name }: { name: ToolbarIconName }): ReactNode {
  return (
    <svg
      className="ed-icon"
      viewBox="0 0 20 20"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {PATHS[name]}
    </svg>
  );
}
