/**
 * Text files in whatever encoding a provincial office saves them, decoded to Unicode (NFC) — or
 * refused. Excel on a Vietnamese Windows saves "CSV (Comma delimited)" in Windows-1258, offices
 * that still type with the old fonts hand in TCVN3 (ABC) or VNI, and "CSV UTF-8" has a BOM.
 * Reading any of them as UTF-8 stores "Bi�n ba�n": that must never happen.
 *
 * Order of the checks:
 *  1. a byte-order mark decides (UTF-8, UTF-16 LE/BE);
 *  2. a declared encoding (the user chose one) is used as told — and refused if the bytes do not
 *     fit it;
 *  3. bytes that are valid UTF-8 are UTF-8 (legacy Vietnamese text is practically never valid
 *     UTF-8 by accident: its high bytes do not form UTF-8 sequences);
 *  4. otherwise the file is decoded with each legacy table (Windows-1258 and TCVN3 by iconv-lite,
 *     VNI by ./vni.ts) and the decoding whose words read as Vietnamese syllables wins
 *     (./syllable.ts); when none reads as Vietnamese the file is refused.
 *
 * TCVN3 (ABC) keeps capitals with diacritics in separate fonts (.VnTimeH), not in the bytes: a
 * TCVN3 file decodes to lower-case letters where the font drew capitals.
 *
 * @example detectAndDecode(new Uint8Array([0x42, 0x69, 0xea, 0x6e])) // { text: 'Biên', encoding: 'windows-1258', … }
 */
import iconv from 'iconv-lite';
import { vietnameseScore } from './syllable.ts';
import { decodeVni } from './vni.ts';

export const TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1258', 'tcvn3', 'vni'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/** What people call the encodings, folded to ours (for a declared encoding). */
const ALIASES: Record<string, TextEncoding> = {
  'utf-8': 'utf-8', utf8: 'utf-8', unicode: 'utf-8',
  'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be',
  'windows-1258': 'windows-1258', windows1258: 'windows-1258', cp1258: 'windows-1258', '1258': 'windows-1258',
  tcvn3: 'tcvn3', tcvn: 'tcvn3', abc: 'tcvn3', 'tcvn-3': 'tcvn3', tcvn5712: 'tcvn3',
  vni: 'vni', 'vni-windows': 'vni', 'vni-win': 'vni',
};

/** The encoding a name stands for, or null. */
export function encodingOf(name: string): TextEncoding | null {
  return ALIASES[name.trim().toLowerCase()] ?? null;
}

export interface Decoded {
  text: string;
  encoding: TextEncoding;
  /** how the encoding was chosen */
  by: 'bom' | 'declared' | 'utf-8' | 'content' | 'ascii';
  /** of the words with letters beyond ASCII, the share that read as Vietnamese (1 when none) */
  score: number;
}

/** A file that cannot be read as text: the message says why, in Vietnamese and English. */
export class TextDecodeError extends Error {
  constructor(
    readonly vi: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'TextDecodeError';
  }
}

const HOW_TO_SAVE = {
  vi: 'Trong Excel chọn Tệp → Lưu thành → "CSV UTF-8 (phân tách bằng dấu phẩy)" rồi tải lên lại.',
  en: 'In Excel choose File → Save As → "CSV UTF-8 (Comma delimited)" and upload again.',
};
const NAMES: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8', 'utf-16le': 'UTF-16', 'utf-16be': 'UTF-16', 'windows-1258': 'Windows-1258', tcvn3: 'TCVN3 (ABC)', vni: 'VNI',
};
/** The name shown to people. */
export const encodingName = (e: TextEncoding): string => NAMES[e];

/** Below this share of Vietnamese-looking words no legacy decoding is trusted. */
const MIN_SCORE = 0.8;

/**
 * Decodes bytes as the given encoding; null when they do not fit it (invalid UTF-8, a byte the
 * code page leaves undefined, a VNI diacritic on nothing). Never returns U+FFFD that the bytes
 * did not hold as a valid character.
 */
export function decodeAs(bytes: Uint8Array, encoding: TextEncoding): string | null {
  switch (encoding) {
    case 'utf-8':
      try {
        return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes).normalize('NFC');
      } catch {
        return null;
      }
    case 'utf-16le':
    case 'utf-16be':
      try {
        return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes).normalize('NFC');
      } catch {
        return null;
      }
    case 'windows-1258':
    case 'tcvn3': {
      const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding === 'tcvn3' ? 'tcvn' : 'windows1258');
      // iconv-lite marks bytes the code page leaves undefined with U+FFFD; C1 controls are not text
      if (/[\ufffd\u0080-\u009f]/u.test(text)) return null;
      // Windows-1258 writes tones as combining marks: one on nothing is not text
      if (/(^|[^\p{L}\u0300-\u036f])[\u0300-\u036f]/u.test(text)) return null;
      return text.normalize('NFC');
    }
    case 'vni':
      return decodeVni(bytes);
  }
}

/**
 * Finds the encoding of a text file and decodes it (NFC, without a BOM).
 * @throws TextDecodeError when no encoding reads it as text, or it holds U+FFFD
 */
export function detectAndDecode(bytes: Uint8Array, opts: { declared?: string } = {}): Decoded {
  const done = (text: string, encoding: TextEncoding, by: Decoded['by']): Decoded => {
    if (text.includes('\ufffd')) {
      throw new TextDecodeError(
        `Tệp có ký tự hỏng (�): tệp đã bị đọc sai bảng mã trước khi gửi lên. ${HOW_TO_SAVE.vi}`,
        `The file holds replacement characters (�): it was read in the wrong encoding before it was sent. ${HOW_TO_SAVE.en}`,
      );
    }
    return { text: text.replace(/^\uFEFF/, ''), encoding, by, score: vietnameseScore(text).ratio };
  };

  const bom: [number[], TextEncoding][] = [
    [[0xef, 0xbb, 0xbf], 'utf-8'],
    [[0xff, 0xfe], 'utf-16le'],
    [[0xfe, 0xff], 'utf-16be'],
  ];
  for (const [mark, enc] of bom) {
    if (mark.every((b, i) => bytes[i] === b)) {
      const text = decodeAs(bytes, enc);
      if (text == null) {
        throw new TextDecodeError(
          `Tệp ghi là ${NAMES[enc]} (có BOM) nhưng có byte không hợp lệ. ${HOW_TO_SAVE.vi}`,
          `The file is marked ${NAMES[enc]} (BOM) but holds invalid bytes. ${HOW_TO_SAVE.en}`,
        );
      }
      return done(text, enc, 'bom');
    }
  }

  if (opts.declared && opts.declared !== 'auto') {
    const enc = encodingOf(opts.declared);
    if (!enc) throw new TextDecodeError(`Không biết bảng mã "${opts.declared}"`, `Unknown encoding "${opts.declared}"`);
    const text = decodeAs(bytes, enc);
    if (text == null) {
      throw new TextDecodeError(
        `Tệp không phải bảng mã ${NAMES[enc]} như đã chọn. Chọn "Tự nhận" hoặc bảng mã khác.`,
        `The file is not in ${NAMES[enc]} as chosen. Choose "Detect" or another encoding.`,
      );
    }
    return done(text, enc, 'declared');
  }

  if (bytes.every((b) => b < 0x80)) return done(new TextDecoder().decode(bytes), 'utf-8', 'ascii');
  const utf8 = decodeAs(bytes, 'utf-8');
  if (utf8 != null) return done(utf8, 'utf-8', 'utf-8');

  // legacy tables, in the order that settles a tie: what Excel writes first
  const candidates: { encoding: TextEncoding; text: string; words: number; valid: number; ratio: number }[] = [];
  for (const encoding of ['windows-1258', 'vni', 'tcvn3'] as const) {
    const text = decodeAs(bytes, encoding);
    if (text != null) candidates.push({ encoding, text, ...vietnameseScore(text) });
  }
  candidates.sort((a, b) => b.ratio - a.ratio || b.valid - a.valid);
  const best = candidates[0];
  if (!best || best.ratio < MIN_SCORE) {
    throw new TextDecodeError(
      `Không đọc được chữ trong tệp: không phải UTF-8, Windows-1258, TCVN3 (ABC) hay VNI. ${HOW_TO_SAVE.vi}`,
      `The file's text cannot be read: it is not UTF-8, Windows-1258, TCVN3 (ABC) or VNI. ${HOW_TO_SAVE.en}`,
    );
  }
  return done(best.text, best.encoding, 'content');
}
