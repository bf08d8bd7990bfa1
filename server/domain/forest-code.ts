/**
 * Forest codes typed in a search box: tiểu khu → khoảnh → lô ("TK 568 K 3 L 12", "568/3/12",
 * "tk568 k3 l12", "Khoảnh 3 TK 568", a bare 3-digit tiểu khu). Pure and light, so the server's
 * /api/search (services/search-parse.ts) and the phone's offline search (web/src/offline) read a
 * code the same way. Case, diacritics and punctuation do not matter; labelled parts may come in
 * any order; a lô may carry letters ("12a").
 */
import { foldName } from './text.ts';

export type ForestCode =
  | { kind: 'plot'; tk: number; khoanh: number; lo: string }
  | { kind: 'khoanh'; tk: number; khoanh: number }
  | { kind: 'tieukhu'; tk: number };

/** tiểu khu and khoảnh numbers; lô: digits with up to two letters after ("12", "12a") or a letter then digits ("a1"). */
const NUM = '\\d{1,4}';
const LO = '(?:\\d{1,4}[a-z]{0,2}|[a-z]\\d{1,3})';

/** "568/3/12", "568/3", "568-3-12", "568 - 3": one separator kind throughout. */
const SEPARATED = new RegExp(`^(${NUM})\\s*([/-])\\s*(${NUM})(?:\\s*\\2\\s*(${LO}))?$`);
const BARE_TIEU_KHU = /^\d{3}$/;

/** One labelled part of a folded query: "tk 568", "tieu khu 568", "khoanh 3", "k3", "lo 12a", "l12". */
const LABELLED_PART = new RegExp(`(tieu ?khu|tk|khoanh|kh|k|lo|l) ?(${LO})(?= |$)`, 'y');

/** A forest unit's code in any of the forms above, or null. */
export function parseForestCode(text: string): ForestCode | null {
  const lower = text.toLowerCase();
  const sep = SEPARATED.exec(lower);
  if (sep) return forestUnit(Number(sep[1]), Number(sep[3]), sep[4]);
  if (BARE_TIEU_KHU.test(lower)) return tieuKhu(Number(lower));
  return parseLabelled(foldName(text));
}

/** "tk 568 k 3 l 12" in any order, each label once, nothing else. */
function parseLabelled(folded: string): ForestCode | null {
  if (!folded) return null;
  const parts: { tk?: string; khoanh?: string; lo?: string } = {};
  let pos = 0;
  while (pos < folded.length) {
    if (folded[pos] === ' ') {
      pos++;
      continue;
    }
    LABELLED_PART.lastIndex = pos;
    const m = LABELLED_PART.exec(folded);
    if (!m) return null;
    const key = m[1].startsWith('t') ? 'tk' : m[1].startsWith('k') ? 'khoanh' : 'lo';
    if (parts[key] !== undefined) return null;
    if (key !== 'lo' && !/^\d+$/.test(m[2])) return null;
    parts[key] = m[2];
    pos += m[0].length;
  }
  if (parts.tk === undefined) return null;
  if (parts.khoanh === undefined) return parts.lo === undefined ? tieuKhu(Number(parts.tk)) : null;
  return forestUnit(Number(parts.tk), Number(parts.khoanh), parts.lo);
}

function tieuKhu(tk: number): ForestCode | null {
  return tk >= 1 ? { kind: 'tieukhu', tk } : null;
}

function forestUnit(tk: number, khoanh: number, lo: string | undefined): ForestCode | null {
  if (tk < 1 || khoanh < 1) return null;
  return lo === undefined ? { kind: 'khoanh', tk, khoanh } : { kind: 'plot', tk, khoanh, lo: lo.toLowerCase() };
}
