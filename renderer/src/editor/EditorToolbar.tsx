/**
 * The planner's toolbar, one row from 1080p up in Chinese and English: the drawing tools (modes, one
 * on at a time) carry an icon and a word, the other buttons an icon; publish and discard say what
 * they do. Every button's tooltip names it with its shortcut. In a narrower window the tools' words
 * give way to their icons rather than the bar wrapping (editor.css).
 */
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/i18n.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { EditorTool } from './editor-map.ts';
import { ToolbarIcon, type ToolbarIconName } from './toolbar-icons.tsx';

export type ToolbarAction =
  | 'merge'
  | 'delete'
  | 'reparent'
  | 'undo'
  | 'redo'
  | 'publish'
  | 'discard'
  | 'versions'
  | 'help'
  | 'import'
  | 'export';

interface Item<T> {
  id: T;
  key: MessageKey;
  /** The shortcut as shown; `aria` is the same for aria-keyshortcuts. */
  kbd?: string;
  aria?: string;
}

const TOOLS: readonly Item<EditorTool & ToolbarIconName>[] = [
  { id: 'select', key: 'editor.tool.select', kbd: 'V', aria: 'V' },
  { id: 'split', key: 'editor.tool.split', kbd: 'S', aria: 'S' },
  { id: 'insert', key: 'editor.tool.insert', kbd: 'I', aria: 'I' },
  { id: 'draw', key: 'editor.tool.draw', kbd: 'N', aria: 'N' },
  { id: 'reshape', key: 'editor.tool.reshape', kbd: 'R', aria: 'R' },
];
const UNIT_ACTIONS: readonly Item<ToolbarAction & ToolbarIconName>[] = [
  { id: 'merge', key: 'editor.tool.merge', kbd: 'M', aria: 'M' },
  { id: 'delete', key: 'editor.tool.delete', kbd: 'Del', aria: 'Delete' },
  { id: 'reparent', key: 'editor.tool.reparent', kbd: 'P', aria: 'P' },
];
const HISTORY: readonly Item<ToolbarAction & ToolbarIconName>[] = [
  { id: 'undo', key: 'editor.tool.undo', kbd: 'Ctrl+Z', aria: 'Control+Z' },
  { id: 'redo', key: 'editor.tool.redo', kbd: 'Ctrl+Y / Ctrl+Shift+Z', aria: 'Control+Y Control+Shift+Z' },
];
const FILES: readonly Item<ToolbarAction & ToolbarIconName>[] = [
  { id: 'import', key: 'transfer.tool.import' },
  { id: 'export', key: 'transfer.tool.export' },
  { id: 'versions', key: 'editor.tool.versions' },
  { id: 'help', key: 'editor.tool.help', kbd: '?', aria: '?' },
];

/** Steps that change the draft wait for the one in flight; looking and leaving do not. */
const WAIT_WHILE_BUSY: ReadonlySet<ToolbarAction> = new Set([
  'merge',
  'delete',
  'reparent',
  'undo',
  'redo',
  'import',
]);

export function EditorToolbar({
  tool,
  canUndo,
  canRedo,
  busy,
  onTool,
  onAction,
  children,
}: {
  tool: EditorTool;
  canUndo: boolean;
  canRedo: boolean;
  busy: boolean;
  onTool(t: EditorTool): void;
  onAction(a: ToolbarAction): void;
  /** Extra controls at the start of the bar (go to code, snapping). */
  children?: ReactNode;
}): ReactNode {
  const { t } = useI18n();
  const tip = (x: Item<string>): string => (x.kbd ? `${t(x.key)} (${x.kbd})` : t(x.key));
  const disabled = (a: ToolbarAction): boolean =>
    (busy && WAIT_WHILE_BUSY.has(a)) || (a === 'undo' && !canUndo) || (a === 'redo' && !canRedo);
  const button = (
    x: Item<ToolbarAction & ToolbarIconName>,
    o: { label: boolean; className?: string },
  ): ReactNode => (
    <button
      key={x.id}
      type="button"
      className={o.className}
      disabled={disabled(x.id)}
      title={tip(x)}
      aria-label={o.label ? undefined : t(x.key)}
      aria-keyshortcuts={x.aria}
      data-testid={`action-${x.id}`}
      onClick={() => onAction(x.id)}
    >
      <ToolbarIcon name={x.id} />
      {o.label && <span className="ed-label">{t(x.key)}</span>}
    </button>
  );
  return (
    <div className="ed-toolbar" role="toolbar" aria-label={t('editor.toolbar')} data-testid="editor-toolbar">
      <div className="ed-group ed-find">{children}</div>
      <div className="ed-group ed-segmented" role="group" aria-label={t('editor.toolbar.tools')}>
        {TOOLS.map((x) => (
          <button
            key={x.id}
            type="button"
            className={x.id === tool ? 'active' : ''}
            aria-pressed={x.id === tool}
            title={tip(x)}
            aria-keyshortcuts={x.aria}
            data-testid={`tool-${x.id}`}
            onClick={() => onTool(x.id)}
          >
            <ToolbarIcon name={x.id} />
            <span className="ed-label">{t(x.key)}</span>
          </button>
        ))}
      </div>
      <div className="ed-group" role="group" aria-label={t('editor.toolbar.units')}>
        {UNIT_ACTIONS.map((x) => button(x, { label: false, className: 'ed-icon-only' }))}
      </div>
      <div className="ed-group" role="group" aria-label={t('editor.toolbar.history')}>
        {HISTORY.map((x) => button(x, { label: false, className: 'ed-icon-only' }))}
      </div>
      <div className="ed-group" role="group" aria-label={t('editor.toolbar.files')}>
        {FILES.map((x) => button(x, { label: false, className: 'ed-icon-only' }))}
      </div>
      <div className="ed-group ed-draft" role="group" aria-label={t('editor.toolbar.draft')}>
        {button({ id: 'discard', key: 'editor.tool.discard' }, { label: true, className: 'danger' })}
        {button({ id: 'publish', key: 'editor.tool.publish' }, { label: true, className: 'primary' })}
      </div>
    </div>
  );
}
