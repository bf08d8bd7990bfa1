import { vi, type MessageKey } from './vi.ts';
import { en } from './en.ts';

export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type { MessageKey };
export type Params = Record<string, string | number>;

const DICTS: Record<Lang, Record<MessageKey, string>> = { vi, en };
const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && (LANGS as readonly string[]).includes(x);
}

/**
 * The message for a key in a language, with {placeholders} filled.
 * @example translate('en', 'layers.fromZoom', { z: 12 }) // 'shown from zoom 12'
 */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const msg = DICTS[lang][key] ?? vi[key] ?? key;
  if (!params) return msg;
  return msg.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Picks the language's text of a bilingual API value ({vi, en}). */
export function pick(lang: Lang, text: { vi: string; en: string }): string {
  return text[lang] || text.vi;
}

/**
 * Number formatted for the language: Vietnamese uses a decimal comma and dot thousands.
 * @example formatNumber('vi', 1234.5, 1) // '1.234,5'
 */
export function formatNumber(lang: Lang, n: number, maxFractionDigits = 0): string {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: maxFractionDigits, minimumFractionDigits: 0 }).format(n);
}

/** An ISO date (yyyy-mm-dd) as dd/mm/yyyy (both languages use day-first dates here). */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}
