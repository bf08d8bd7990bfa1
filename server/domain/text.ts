/**
 * Folding of Vietnamese names for search and matching.
 *
 * Officials and reports spell the same place differently: the national list writes "Đắk",
 * the reports "Đăk" or "Đak"; "Ngọk" and "Ngọc" are one name; imported files drop spaces
 * ("ĐắkChoong") and apostrophes ("Ia HDrai"). foldName() maps all of these to one key.
 *
 * @example foldName('Đắk Rơ Wa') === foldName('dak ro wa') // true
 */
export function foldName(input: string): string {
  const base = input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/['’`ʼ]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return base
    .split(' ')
    .map((w) => WORD_VARIANTS[w] ?? w)
    .join(' ');
}

/** Spelling variants that are the same word in place names (facts/README.md). */
const WORD_VARIANTS: Record<string, string> = {
  ngok: 'ngoc',
  dac: 'dak',
  dack: 'dak',
  // Reports 003 and 004 write "Đăk Pét" for the official "Đắk Pék": officials search as they read.
  pet: 'pek',
};

/** The folded name without spaces, for matching names whose spaces were dropped. */
export function foldCompact(input: string): string {
  return foldName(input).replace(/ /g, '');
}

/** Strips the kind prefix an official full name carries: 'Xã Đắk Cấm' → 'Đắk Cấm'. */
export function shortUnitName(fullName: string): string {
  return fullName.replace(/^(Xã|Phường|Thị trấn|Huyện|Thành phố|Tỉnh)\s+/u, '');
}
