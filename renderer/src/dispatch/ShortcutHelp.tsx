import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/i18n.ts';

const SHORTCUTS: [string, MessageKey][] = [
  ['j', 'keys.next'],
  ['k', 'keys.prev'],
  ['Enter', 'keys.open'],
  ['d', 'keys.dispatch'],
  ['n', 'keys.newCase'],
  ['Esc', 'keys.close'],
  ['?', 'keys.help'],
];

export function ShortcutHelp({ onClose }: { onClose(): void }): ReactNode {
  const { t } = useI18n();
  return (
    <div
      className="shortcut-help"
      role="dialog"
      aria-label={t('keys.title')}
      data-testid="shortcut-help"
      onClick={onClose}
    >
      <div className="shortcut-card">
        <h3 className="panel-title">{t('keys.title')}</h3>
        <dl>
          {SHORTCUTS.map(([key, label]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{t(label)}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
