/**
 * VNI-Windows (the VNI Software font encoding, still common in provincial offices) to Unicode.
 *
 * VNI writes a toned letter as the base letter followed by one byte that the VNI fonts draw as
 * its diacritics; bytes are the Windows-1252 positions of the font. The table below is that
 * layout as VNI Software publishes it for its fonts (cross-checked with the VNI table of the
 * xvnkb keyboard, github.com/lamdao/xvnkb, vni.h): marks become Unicode combining marks and
 * the result is normalised to NFC, which composes them onto the base letter.
 *
 * @example decodeVni(new Uint8Array([0x42,0x69,0x65,0xe2,0x6e])) === 'Biên'
 */
import iconv from 'iconv-lite';

const GRAVE = '\u0300';
const ACUTE = '\u0301';
const TILDE = '\u0303';
const HOOK = '\u0309';
const DOT = '\u0323';
const CIRC = '\u0302';
const BREVE = '\u0306';
const HORN = '\u031b';

/** Byte → what it stands for in VNI; bytes not listed read as Windows-1252 (ASCII below 0x80). */
const VNI: Record<number, string> = {
  // lower case: tone marks
  0xf9: ACUTE, 0xf8: GRAVE, 0xfb: HOOK, 0xf5: TILDE, 0xef: DOT,
  // circumflex alone and with a tone (â ấ ầ ẩ ẫ ậ after a, e, o)
  0xe2: CIRC, 0xe1: CIRC + ACUTE, 0xe0: CIRC + GRAVE, 0xe5: CIRC + HOOK, 0xe3: CIRC + TILDE, 0xe4: CIRC + DOT,
  // breve alone and with a tone (ă ắ ằ ẳ ẵ ặ after a)
  0xea: BREVE, 0xe9: BREVE + ACUTE, 0xe8: BREVE + GRAVE, 0xfa: BREVE + HOOK, 0xfc: BREVE + TILDE, 0xeb: BREVE + DOT,
  // letters of their own
  0xf4: 'o' + HORN, 0xf6: 'u' + HORN, 0xf1: 'đ',
  0xed: 'í', 0xec: 'ì', 0xe6: 'ỉ', 0xf3: 'ĩ', 0xf2: 'ị', 0xee: 'ỵ',
  // upper case, same layout
  0xd9: ACUTE, 0xd8: GRAVE, 0xdb: HOOK, 0xd5: TILDE, 0xcf: DOT,
  0xc2: CIRC, 0xc1: CIRC + ACUTE, 0xc0: CIRC + GRAVE, 0xc5: CIRC + HOOK, 0xc3: CIRC + TILDE, 0xc4: CIRC + DOT,
  0xca: BREVE, 0xc9: BREVE + ACUTE, 0xc8: BREVE + GRAVE, 0xda: BREVE + HOOK, 0xdc: BREVE + TILDE, 0xcb: BREVE + DOT,
  0xd4: 'O' + HORN, 0xd6: 'U' + HORN, 0xd1: 'Đ',
  0xcd: 'Í', 0xcc: 'Ì', 0xc6: 'Ỉ', 0xd3: 'Ĩ', 0xd2: 'Ị', 0xce: 'Ỵ',
};

const MARK = /^[\u0300-\u036f]/u;

/**
 * Decodes VNI bytes. Returns null when a diacritic byte follows no letter it can sit on (a sign
 * that the bytes are not VNI), so the caller can try another table.
 */
export function decodeVni(bytes: Uint8Array): string | null {
  let out = '';
  for (const b of bytes) {
    if (b < 0x80) {
      out += String.fromCharCode(b);
      continue;
    }
    let v = VNI[b];
    // punctuation Word and Excel put in (– “ ” …, no-break space) is Windows-1252 in VNI fonts too
    if (v === undefined && b < 0xc0) v = iconv.decode(Uint8Array.of(b), 'windows1252');
    if (v === undefined || v === '\ufffd' || /^[\u0080-\u009f]$/u.test(v)) return null;
    if (MARK.test(v) && !/[aeiouyAEIOUY\u031b]$/u.test(out)) return null;
    out += v;
  }
  return out.normalize('NFC');
}
