/**
 * The text of an uploaded criteria CSV: bytes from the browser are decoded by what they are
 * (UTF-8, Windows-1258, TCVN3, VNI — server/text/encoding.ts), text from a script is checked
 * for the U+FFFD that a wrong decoding leaves. What cannot be read is refused, never stored.
 */
import type { z } from 'zod';
import type { CriteriaUploadBody } from '../domain/ntm.ts';
import { HttpError } from '../http/errors.ts';
import { detectAndDecode, TextDecodeError, type TextEncoding } from '../text/encoding.ts';

export function uploadText(body: z.output<typeof CriteriaUploadBody>): { text: string; encoding: TextEncoding } {
  try {
    const bytes = body.file !== undefined ? Buffer.from(body.file, 'base64') : new TextEncoder().encode(body.csv ?? '');
    const d = detectAndDecode(new Uint8Array(bytes), { declared: body.file !== undefined ? body.encoding : 'utf-8' });
    return { text: d.text, encoding: d.encoding };
  } catch (e) {
    if (e instanceof TextDecodeError) throw new HttpError(422, 'unreadable_text', e.vi, e.en);
    throw e;
  }
}
