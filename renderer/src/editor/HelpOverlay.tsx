import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Dialog } from './Dialog.tsx';

const LINES = [
  'editor.help.select',
  'editor.help.split',
  'editor.help.insert',
  'editor.help.draw',
  'editor.help.reshape',
  'editor.help.merge',
  'editor.help.delete',
  'editor.help.reparent',
  'editor.help.snap',
  'editor.help.attributes',
  'editor.help.finish',
  'editor.help.undo',
  'editor.help.help',
] as const;

export function HelpOverlay({ onClose }: { onClose(): void }): ReactNode {
  const { t } = useI18n();
  return (
    <Dialog title={t('editor.help.title')} testId="editor-help" onClose={onClose}>
      <ul className="ed-help">
        {LINES.map((k) => (
          <li key={k}>{t(k)}</li>
        ))}
      </ul>
    </Dialog>
  );
}
