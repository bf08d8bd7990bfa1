import { decodeAs, detectAndDecode, encodingOf, TextDecodeError, type TextEncoding } from '../../text/encoding.ts';
import { ImportError } from '../errors.ts';

/**
 * .dbf text arrives decoded by the shapefile reader with a single-byte code page, then trimmed;
 * these turn it back into the bytes, so the Vietnamese encodings can be detected and decoded
 * (server/text/encoding.ts: UTF-8, Windows-1258, TCVN3, VNI). The code page is IBM 866: all 256
 * bytes map to distinct characters and its only non-ASCII whitespace is byte 0xFF, which UTF-8
 * never holds. (Windows-1252, the reader's default, maps 0xA0 to a no-break space that the trim
 * removed: UTF-8 "à" is C3 A0, so names ending in "à" broke.)
 */
export const RAW_DBF_ENCODING = 'ibm866';

const REVERSE = (() => {
  const m = new Map<string, number>();
  const d = new TextDecoder(RAW_DBF_ENCODING);
  for (let b = 0; b < 256; b++) m.set(d.decode(new Uint8Array([b])), b);
  return m;
})();

/** The bytes of a string decoded with RAW_DBF_ENCODING. */
export function rawBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = REVERSE.get(s[i]!) ?? 0x3f;
  return out;
}

/** Code page names a .cpg may hold → ours ('65001', 'UTF-8', '1258', 'ANSI 1258', …). */
export function encodingFromCpg(cpg: string): TextEncoding | null {
  const v = cpg.trim().toLowerCase().replace(/^ansi\s*/, '');
  if (v === '65001' || v === 'utf8' || v === 'utf-8') return 'utf-8';
  return encodingOf(v) ?? encodingOf(`windows-${v}`) ?? (v === '1258' ? 'windows-1258' : null);
}

export interface EncodingChoice {
  encoding: TextEncoding;
  by: string;
  sample: string[];
}

/**
 * Chooses the encoding of a set of sample strings (as bytes): the user's choice, else the .cpg,
 * else the content. Refuses (clear message) when the bytes read as no encoding.
 */
export function chooseEncoding(samples: Uint8Array[], declared: { user?: string; cpg?: string | null }): EncodingChoice {
  const joined = concat(samples);
  const pick = (e: TextEncoding, by: string): EncodingChoice => {
    const text = decodeAs(joined, e);
    if (text == null || text.includes('\ufffd')) {
      throw new ImportError(
        'encoding_mismatch',
        `Văn bản trong tệp không đọc được theo bảng mã ${e} (${by}); hãy chọn bảng mã khác`,
        `The text of the file does not read as ${e} (${by}); choose another encoding`,
      );
    }
    return { encoding: e, by, sample: text.split('\n').filter((s) => /[^\x00-\x7f]/.test(s)).slice(0, 8) };
  };
  if (declared.user) {
    const e = encodingOf(declared.user);
    if (!e) throw new ImportError('encoding_unknown', `Bảng mã không rõ: ${declared.user.slice(0, 40)} (utf-8, windows-1258, tcvn3, vni)`, `Unknown encoding: ${declared.user.slice(0, 40)} (utf-8, windows-1258, tcvn3, vni)`);
    return pick(e, 'chosen');
  }
  if (declared.cpg) {
    const e = encodingFromCpg(declared.cpg);
    // a .cpg naming a code page but holding bytes of another (old files say 1252 for TCVN3) falls through to detection
    if (e && decodeAs(joined, e) != null) return pick(e, 'cpg');
  }
  try {
    const d = detectAndDecode(joined);
    return { encoding: d.encoding === 'utf-16le' || d.encoding === 'utf-16be' ? 'utf-8' : d.encoding, by: d.by === 'ascii' ? 'ascii' : 'content', sample: d.text.split('\n').filter((s) => /[^\x00-\x7f]/.test(s)).slice(0, 8) };
  } catch (e) {
    if (e instanceof TextDecodeError) throw new ImportError('encoding_undetected', e.vi, e.en);
    throw e;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length + 1, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
    out[o++] = 0x0a;
  }
  return out;
}

/** Decodes one value; the encoding was chosen for the whole file. */
export function decodeValue(bytes: Uint8Array, encoding: TextEncoding): string {
  return decodeAs(bytes, encoding) ?? new TextDecoder(RAW_DBF_ENCODING).decode(bytes);
}
