/**
 * Is a word a well-formed Vietnamese syllable? Used to tell a right decoding of a legacy-encoded
 * file from a wrong one: text decoded with the wrong table turns "Biên bản" into "Biªn b¶n" or
 * "Bieân baûn", words no Vietnamese speaker writes. The check is structural (onset, vowel
 * cluster, final consonant, at most one tone mark), not a dictionary: names of places and
 * ethnic-minority words (Kon Klor, Đắk Rơ Wa) pass as well.
 */

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const ONSET = '(?:ngh|gi|qu|[bcdđghklmnpqrstvxfjwz]{0,3})';
// vowel clusters of the Vietnamese rhymes (toneless), longest first
const NUCLEI = [
  'oeo', 'oai', 'oay', 'oao', 'uây', 'uôi', 'ươi', 'ươu', 'uya', 'uyê', 'uyu', 'yêu', 'iêu',
  'ai', 'ao', 'au', 'ay', 'âu', 'ây', 'eo', 'êu', 'ia', 'iê', 'iu', 'oa', 'oă', 'oe', 'oi', 'ôi', 'ơi', 'oo',
  'ua', 'uâ', 'uê', 'ui', 'uô', 'uơ', 'uy', 'ưa', 'ưi', 'ươ', 'ưu', 'yê', 'uă', 'ue', 'ei', 'ôô',
  'a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y',
];
// minority-language words in place names also end in k, l, r, h, y (Đắk, Klor, Plei, Hdrai)
const CODA = '(?:ch|nh|ng|[cmnptklrhs])?';
const SYLLABLE = new RegExp(`^${ONSET}(?:${NUCLEI.join('|')})${CODA}$`, 'u');

/** True when the word (any case, NFC or NFD) is a well-formed Vietnamese syllable. */
export function isVietnameseSyllable(word: string): boolean {
  const d = word.toLowerCase().normalize('NFD');
  const tones = d.match(TONES)?.length ?? 0;
  if (tones > 1) return false;
  const bare = d.replace(TONES, '').normalize('NFC');
  return SYLLABLE.test(bare);
}

/**
 * How Vietnamese a text reads: of its words that carry a letter beyond ASCII, the share that
 * are well-formed syllables (1 when there is no such word), and how many there were.
 */
export function vietnameseScore(text: string): { words: number; valid: number; ratio: number } {
  let words = 0;
  let valid = 0;
  for (const w of text.normalize('NFC').split(/[\s\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+/u)) {
    if (!/[^\x00-\x7f]/u.test(w)) continue;
    words++;
    if (isVietnameseSyllable(w.replace(/\d+/g, ''))) valid++;
  }
  return { words, valid, ratio: words === 0 ? 1 : valid / words };
}
