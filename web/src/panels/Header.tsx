import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LANGS, type Lang } from '../i18n/translate.ts';

export interface HeaderProps {
  years: readonly number[];
  year: number | null;
  onYear(year: number): void;
  onLang(lang: Lang): void;
  onPrint(): void;
  /** Whether the data are the generated demo set (meta.demo). */
  demo: boolean;
  /** Slot for account actions (the sign-in button). */
  actions?: ReactNode;
}

const LANG_SHORT: Record<Lang, string> = { vi: 'VI', en: 'EN' };

/** Title, the illustrative-data notice, year selector, language switch, print, account slot. */
export function Header({ years, year, onYear, onLang, onPrint, demo, actions }: HeaderProps) {
  const { t, lang } = useI18n();
  return (
    <div className="header">
      <div className="header-title">
        <img className="header-logo" src="/favicon.svg" alt="" width={32} height={32} />
        <div>
          <h1>{t('app.title')}</h1>
          <p className="header-subtitle">{t('app.subtitle')}</p>
        </div>
      </div>
      {demo ? (
        <p className="demo-notice" title={t('app.demoHint')} data-testid="demo-notice">
          <InfoIcon /> {t('app.demo')}
          <span className="visually-hidden">: {t('app.demoHint')}</span>
        </p>
      ) : null}
      <div className="header-tools">
        <label className="year-select" title={t('toolbar.yearHint')}>
          <span>{t('toolbar.year')}</span>
          <select value={year ?? ''} onChange={(e) => onYear(Number(e.target.value))} disabled={years.length === 0} data-testid="year-select">
            {[...years].reverse().map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <span className="print-only print-year">
          {t('toolbar.year')} {year}
        </span>
        <div className="lang-switch" role="group" aria-label={t('toolbar.language')}>
          {LANGS.map((l) => (
            <button key={l} type="button" lang={l} aria-pressed={lang === l} title={t(`lang.${l}`)} onClick={() => onLang(l)} data-testid={`lang-${l}`}>
              {LANG_SHORT[l]}
            </button>
          ))}
        </div>
        <button type="button" className="tool-button" onClick={onPrint} title={t('toolbar.printHint')}>
          <PrintIcon /> <span className="tool-label">{t('toolbar.print')}</span>
        </button>
        {actions}
      </div>
    </div>
  );
}

function InfoIcon() {
  return (
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
      <circle cx="10" cy="10" r="8.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M10 9v5M10 6v.01" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

function PrintIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
      <path d="M7 9V3h10v6M7 17H4v-7h16v7h-3M7 14h10v7H7z" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
    </svg>
  );
}
