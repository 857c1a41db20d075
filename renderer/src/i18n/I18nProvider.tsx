import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { formatDateTime, formatInteger } from './format.ts';
import { translate, type Locale, type MessageKey, type MessageValues } from './i18n.ts';

export interface I18n {
  locale: Locale;
  t: (key: MessageKey, values?: MessageValues) => string;
  formatInteger: (n: number) => string;
  formatDateTime: (d: Date | number) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }): ReactNode {
  // <html lang> drives CJK font selection and line breaking, and is what tests and screen readers read.
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const t = useCallback(
    (key: MessageKey, values?: MessageValues) => translate(locale, key, values),
    [locale],
  );
  useEffect(() => {
    document.title = t('app.title');
  }, [t]);
  const value = useMemo<I18n>(
    () => ({
      locale,
      t,
      formatInteger: (n) => formatInteger(n, locale),
      formatDateTime: (d) => formatDateTime(d, locale),
    }),
    [locale, t],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
