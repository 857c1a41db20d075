import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** Type a unit's code, press Enter: it is selected and the map goes there. */
export function GotoCode({ onGo }: { onGo(code: string): boolean }): ReactNode {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <input
      className={`ed-goto${missing ? ' missing' : ''}`}
      value={code}
      placeholder={t('editor.goto')}
      title={missing ? t('editor.gotoMissing', { code }) : t('editor.goto')}
      aria-label={t('editor.goto')}
      data-testid="editor-goto"
      inputMode="numeric"
      onChange={(e) => {
        setCode(e.target.value.trim());
        setMissing(false);
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Enter' || !code) return;
        const found = onGo(code);
        setMissing(!found);
        // Back to the map, so the tool shortcuts apply to what was just found.
        if (found) e.currentTarget.blur();
      }}
    />
  );
}
