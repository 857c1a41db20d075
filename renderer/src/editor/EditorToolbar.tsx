import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/i18n.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { EditorTool } from './editor-map.ts';

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

const TOOLS: readonly { tool: EditorTool; key: MessageKey; kbd: string }[] = [
  { tool: 'select', key: 'editor.tool.select', kbd: 'V' },
  { tool: 'split', key: 'editor.tool.split', kbd: 'S' },
  { tool: 'insert', key: 'editor.tool.insert', kbd: 'I' },
  { tool: 'draw', key: 'editor.tool.draw', kbd: 'N' },
  { tool: 'reshape', key: 'editor.tool.reshape', kbd: 'R' },
];
const ACTIONS: readonly { action: ToolbarAction; key: MessageKey; kbd: string }[] = [
  { action: 'merge', key: 'editor.tool.merge', kbd: 'M' },
  { action: 'delete', key: 'editor.tool.delete', kbd: 'Del' },
  { action: 'reparent', key: 'editor.tool.reparent', kbd: 'P' },
  { action: 'undo', key: 'editor.tool.undo', kbd: 'Ctrl+Z' },
  { action: 'redo', key: 'editor.tool.redo', kbd: 'Ctrl+Y' },
];

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
  /** Extra controls at the start of the bar (go to code). */
  children?: ReactNode;
}): ReactNode {
  const { t } = useI18n();
  const disabled = (a: ToolbarAction): boolean =>
    busy || (a === 'undo' && !canUndo) || (a === 'redo' && !canRedo);
  return (
    <div className="ed-toolbar" role="toolbar" data-testid="editor-toolbar">
      {children}
      {TOOLS.map((x) => (
        <button
          key={x.tool}
          type="button"
          className={x.tool === tool ? 'active' : ''}
          aria-pressed={x.tool === tool}
          title={`${t(x.key)} (${x.kbd})`}
          data-testid={`tool-${x.tool}`}
          onClick={() => onTool(x.tool)}
        >
          {t(x.key)} <kbd>{x.kbd}</kbd>
        </button>
      ))}
      <span className="ed-sep" />
      {ACTIONS.map((x) => (
        <button
          key={x.action}
          type="button"
          disabled={disabled(x.action)}
          title={`${t(x.key)} (${x.kbd})`}
          data-testid={`action-${x.action}`}
          onClick={() => onAction(x.action)}
        >
          {t(x.key)} <kbd>{x.kbd}</kbd>
        </button>
      ))}
      <span className="ed-sep" />
      <button type="button" data-testid="action-import" disabled={busy} onClick={() => onAction('import')}>
        {t('transfer.tool.import')}
      </button>
      <button type="button" data-testid="action-export" onClick={() => onAction('export')}>
        {t('transfer.tool.export')}
      </button>
      <button type="button" data-testid="action-versions" onClick={() => onAction('versions')}>
        {t('editor.tool.versions')}
      </button>
      <button type="button" data-testid="action-help" onClick={() => onAction('help')}>
        ?
      </button>
      <span className="ed-sep" />
      <button
        type="button"
        className="danger"
        data-testid="action-discard"
        onClick={() => onAction('discard')}
      >
        {t('editor.tool.discard')}
      </button>
      <button
        type="button"
        className="primary"
        data-testid="action-publish"
        onClick={() => onAction('publish')}
      >
        {t('editor.tool.publish')}
      </button>
    </div>
  );
}
