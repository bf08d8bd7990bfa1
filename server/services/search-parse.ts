/**
 * What a search box entry asks for: a forest unit by its numbers (tiểu khu → khoảnh → lô),
 * a coordinate, or a name. Pure: the server's /api/search and the web search box share it.
 *
 * Forest codes understood (case, diacritics and punctuation do not matter):
 *   568 (a bare 3-digit number is a tiểu khu)   TK 568   tk568   Tiểu khu 568   tieu khu 568
 *   568/3   568/3/12   568-3-12                  (tiểu khu / khoảnh / lô)
 *   tk568 k3 l12   TK 568 K 3 L 12   TK 568 · K 3 · L 12   tk 568 khoanh 3 lo 12   Khoảnh 3 TK 568
 * Labelled parts may come in any order; a lô may carry letters ("12a"). Coordinates: every form
 * of coords.ts (WGS 84 decimal or DMS, VN-2000 Kon Tum zone). Anything else is a name search.
 */
import { foldName } from '../domain/text.ts';
import { parseForestCode, type ForestCode } from '../domain/forest-code.ts';
import { parseCoordinate } from '../domain/coords.ts';
import { fromVn2000 } from '../geo/vn2000.ts';

export type ParsedSearch =
  | ForestCode
  | { kind: 'coordinate'; lon: number; lat: number; source: 'wgs84' | 'dms' | 'vn2000'; x?: number; y?: number }
  | { kind: 'name'; text: string; folded: string };

/**
 * Reads a search query.
 *
 * @example parseSearch('TK 568 · K 3 · L 12') // { kind: 'plot', tk: 568, khoanh: 3, lo: '12' }
 * @example parseSearch('Khoảnh 3 TK 568')      // { kind: 'khoanh', tk: 568, khoanh: 3 }
 * @example parseSearch('568')                  // { kind: 'tieukhu', tk: 568 }
 * @example parseSearch('14.3512, 108.0021')    // { kind: 'coordinate', lon: 108.0021, lat: 14.3512, source: 'wgs84' }
 * @example parseSearch('Đăk Rơ Wa')            // { kind: 'name', text: 'Đăk Rơ Wa', folded: 'dak ro wa' }
 */
export function parseSearch(q: string): ParsedSearch {
  const text = q.normalize('NFC').replace(/\s+/g, ' ').trim();
  return parseForestCode(text) ?? parseCoordinateQuery(text) ?? { kind: 'name', text, folded: foldName(text) };
}

/** "1.579.062,9" or "555.085": a number written with Vietnamese thousands separators (dots) and a decimal comma. */
const GROUPED = /\b\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.])/g;

/**
 * "1.579.062,9 555.085,3" as VN-2000 metres: the grouped numbers are rewritten plainly. Only a
 * result that is a VN-2000 pair is kept, so "14.351" (a latitude) is never read as 14 351.
 */
function ungroupVn2000(text: string): ReturnType<typeof parseCoordinate> {
  if (!GROUPED.test(text)) return null;
  GROUPED.lastIndex = 0;
  const plain = text.replace(GROUPED, (m) => m.replace(/\./g, '').replace(',', '.'));
  const c = parseCoordinate(plain);
  return c?.kind === 'vn2000' ? c : null;
}

function parseCoordinateQuery(text: string): ParsedSearch | null {
  const c = ungroupVn2000(text) ?? parseCoordinate(text);
  if (!c) return null;
  if (c.kind === 'wgs84') {
    return { kind: 'coordinate', lon: c.lon, lat: c.lat, source: c.notation === 'decimal' ? 'wgs84' : 'dms' };
  }
  const [lon, lat] = fromVn2000(c.x, c.y);
  return { kind: 'coordinate', lon: round7(lon), lat: round7(lat), source: 'vn2000', x: c.x, y: c.y };
}

/** 1e-7° ≈ 1 cm: more digits than that only carry the floating-point noise of the transformation. */
function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

/** What a kind word typed before a name asks for ("Xã Đắk Nhoong", "thôn Kon Klor"). */
export type NameKind = 'xa' | 'phuong' | 'thi_tran' | 'huyen' | 'thanh_pho' | 'village';

/** Folded kind words, longest first; "tp"/"tt" are the usual abbreviations. */
const KIND_WORDS: [string, NameKind][] = [
  ['thi tran ', 'thi_tran'],
  ['thanh pho ', 'thanh_pho'],
  ['to dan pho ', 'village'],
  ['phuong ', 'phuong'],
  ['huyen ', 'huyen'],
  ['thon ', 'village'],
  ['lang ', 'village'],
  ['xa ', 'xa'],
  ['tp ', 'thanh_pho'],
  ['tt ', 'thi_tran'],
];

/**
 * Splits the kind word off a folded name: the unit or village is then searched by its name alone.
 *
 * @example splitKindWord('xa dak nhoong') // { kind: 'xa', name: 'dak nhoong' }
 * @example splitKindWord('dak nhoong')    // null
 */
export function splitKindWord(folded: string): { kind: NameKind; name: string } | null {
  for (const [word, kind] of KIND_WORDS) {
    if (folded.startsWith(word) && folded.length > word.length) return { kind, name: folded.slice(word.length) };
  }
  return null;
}

/**
 * The app's own short label of a parsed query, for SearchResponse.parsed.detail.
 *
 * @example describeSearch({ kind: 'plot', tk: 568, khoanh: 3, lo: '12' }) // 'TK 568 · K 3 · L 12'
 */
export function describeSearch(p: ParsedSearch): string {
  switch (p.kind) {
    case 'plot':
      return `TK ${p.tk} · K ${p.khoanh} · L ${p.lo}`;
    case 'khoanh':
      return `TK ${p.tk} · K ${p.khoanh}`;
    case 'tieukhu':
      return `TK ${p.tk}`;
    case 'coordinate':
      return p.source === 'vn2000' ? `VN-2000 X=${p.x} Y=${p.y} → ${p.lat.toFixed(6)}, ${p.lon.toFixed(6)}` : `${p.lat.toFixed(6)}, ${p.lon.toFixed(6)}`;
    case 'name':
      return p.folded;
  }
}
