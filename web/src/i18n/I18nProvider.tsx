import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { formatNumber, pick, translate, type Lang, type MessageKey, type Params } from './translate.ts';

export interface I18n {
  lang: Lang;
  t(key: MessageKey, params?: Params): string;
  pick(text: { vi: string; en: string }): string;
  num(n: number, fractionDigits?: number): string;
}

const I18nContext = createContext<I18n | null>(null);

/** Provides the current language (held by the URL state) to every component. */
export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  const t = useCallback((key: MessageKey, params?: Params) => translate(lang, key, params), [lang]);
  const value = useMemo<I18n>(
    () => ({ lang, t, pick: (text) => pick(lang, text), num: (n, d = 0) => formatNumber(lang, n, d) }),
    [lang, t],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside <I18nProvider>');
  return ctx;
}
