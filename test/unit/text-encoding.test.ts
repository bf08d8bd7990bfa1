/**
 * Encodings of the files provincial offices hand in (issue 12, "text that is silently
 * corrupted"): each test holds the bytes as the legacy tools write them, written out by hand
 * from the code tables, so the decoder is checked against the tables and not against itself.
 */
import { describe, expect, it } from 'vitest';
import { decodeAs, detectAndDecode, TextDecodeError } from '../../server/text/encoding.ts';
import { isVietnameseSyllable, vietnameseScore } from '../../server/text/syllable.ts';

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const bytes = (...parts: (string | number)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? ascii(p) : [p])));

const PHRASE = 'Biên bản nghiệm thu số 5, Đắk Hà';
// Windows-1258: ê 0xEA, combining hook 0xD2, combining dot 0xF2, Đ 0xD0, ă 0xE3, acute 0xEC, à 0xE0
const CP1258 = bytes('Bi', 0xea, 'n ba', 0xd2, 'n nghi', 0xea, 0xf2, 'm thu s', 0xf4, 0xec, ' 5, ', 0xd0, 0xe3, 0xec, 'k H', 0xe0);
// TCVN3 (ABC): ê 0xAA, ả 0xB6, ệ 0xD6, ố 0xE8, Đ 0xA7, ắ 0xBE, à 0xB5 (capitals with tones live in other fonts)
const TCVN3 = bytes('Bi', 0xaa, 'n b', 0xb6, 'n nghi', 0xd6, 'm thu s', 0xe8, ' 5, ', 0xa7, 0xbe, 'k H', 0xb5);
// VNI: ê = e 0xE2, ả = a 0xFB, ệ = e 0xE4, ố = o 0xE1, Đ 0xD1, ắ = a 0xE9, à = a 0xF8
const VNI = bytes('Bie', 0xe2, 'n ba', 0xfb, 'n nghie', 0xe4, 'm thu so', 0xe1, ' 5, ', 0xd1, 'a', 0xe9, 'k Ha', 0xf8);

describe('detectAndDecode', () => {
  it('reads Windows-1258 (Excel on a Vietnamese Windows), composing its tone marks to NFC', () => {
    const d = detectAndDecode(CP1258);
    expect([d.text, d.encoding, d.by]).toEqual([PHRASE, 'windows-1258', 'content']);
    expect(d.text).toBe(d.text.normalize('NFC'));
  });
  it('reads TCVN3 (ABC)', () => {
    const d = detectAndDecode(TCVN3);
    // the capital Đ has its own byte; the rest of the phrase is lower case in TCVN3 anyway
    expect([d.text, d.encoding]).toEqual([PHRASE, 'tcvn3']);
  });
  it('reads VNI-Windows', () => {
    const d = detectAndDecode(VNI);
    expect([d.text, d.encoding]).toEqual([PHRASE, 'vni']);
  });
  it('reads UTF-8 with and without a BOM, and UTF-16 with its BOM', () => {
    const utf8 = new TextEncoder().encode(PHRASE);
    expect(detectAndDecode(utf8)).toMatchObject({ text: PHRASE, encoding: 'utf-8', by: 'utf-8' });
    expect(detectAndDecode(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toMatchObject({ text: PHRASE, encoding: 'utf-8', by: 'bom' });
    const le = new Uint8Array([0xff, 0xfe, ...[...PHRASE].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
    expect(detectAndDecode(le)).toMatchObject({ text: PHRASE, encoding: 'utf-16le' });
    // decomposed UTF-8 (macOS) is stored composed
    expect(detectAndDecode(new TextEncoder().encode(PHRASE.normalize('NFD'))).text).toBe(PHRASE);
  });
  it('takes plain ASCII as UTF-8', () => {
    expect(detectAndDecode(bytes('code,year\n23335,2023'))).toMatchObject({ encoding: 'utf-8', by: 'ascii' });
  });
  it('longer real-looking files: a criteria CSV with evidence in each legacy encoding', () => {
    const csv = 'mã,năm,tiêu chí,đạt,minh chứng\n23335,2023,1,đạt,Quyết định phê duyệt quy hoạch chung xây dựng xã\n';
    for (const [enc, text] of [
      ['windows-1258', decodeAs(CP1258, 'windows-1258')],
      ['tcvn3', decodeAs(TCVN3, 'tcvn3')],
      ['vni', decodeAs(VNI, 'vni')],
    ] as const) expect(text, enc).toBe(PHRASE);
    expect(vietnameseScore(csv).ratio).toBe(1);
  });
  it('uses a declared encoding, and refuses bytes that do not fit it', () => {
    expect(detectAndDecode(TCVN3, { declared: 'TCVN3' })).toMatchObject({ text: PHRASE, by: 'declared' });
    expect(() => detectAndDecode(new Uint8Array([0x42, 0x81, 0x42]), { declared: 'windows-1258' })).toThrow(TextDecodeError);
    expect(() => detectAndDecode(CP1258, { declared: 'utf-8' })).toThrow(/not in UTF-8/);
    expect(() => detectAndDecode(CP1258, { declared: 'koi8' })).toThrow(/Unknown encoding/);
  });
  it('refuses what it cannot read as Vietnamese, with a bilingual message that says how to save the file', () => {
    // "Привет мир" in Windows-1251, and some binary
    const cyrillic = bytes(0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, ' ', 0xec, 0xe8, 0xf0);
    for (const b of [cyrillic, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0xa1, 0x9c, 0xfe, 0xff])]) {
      let e: unknown;
      try {
        detectAndDecode(b);
      } catch (x) {
        e = x;
      }
      expect(e).toBeInstanceOf(TextDecodeError);
      expect((e as TextDecodeError).vi).toContain('CSV UTF-8');
      expect((e as TextDecodeError).en).toContain('CSV UTF-8');
    }
  });
  it('never passes U+FFFD on: invalid UTF-8 behind a BOM, and text that was already mangled', () => {
    expect(() => detectAndDecode(new Uint8Array([0xef, 0xbb, 0xbf, 0x42, 0xea, 0x6e]))).toThrow(TextDecodeError);
    expect(() => detectAndDecode(new TextEncoder().encode('Bi\ufffdn ba\ufffdn'))).toThrow(/replacement characters/);
  });
});

describe('isVietnameseSyllable', () => {
  it('accepts Vietnamese and minority place-name syllables, refuses mis-decoded ones', () => {
    for (const w of ['nghiệm', 'Quyết', 'định', 'khuyến', 'Đắk', 'Klor', 'Plei', 'Rơ', 'giường', 'ngoằn', 'Hà', 'xã']) expect(isVietnameseSyllable(w), w).toBe(true);
    for (const w of ['Biªn', 'b¶n', 'Bieân', 'baûn', 'nghiÖm', 'Ïđèâåò', 'bĭn', 'hảá']) expect(isVietnameseSyllable(w), w).toBe(false);
  });
});
