import type { Context } from 'hono';
import { z, type ZodType } from 'zod';
import { HttpError } from '../http/errors.ts';

/**
 * Reads a JSON body and validates it: 415 unless Content-Type is JSON (which also keeps plain
 * HTML forms out), 400 for malformed JSON, 400 with the offending fields for schema failures.
 */
export async function readJson<T extends ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'Dữ liệu gửi lên phải ở dạng JSON', 'The request body must be JSON (Content-Type: application/json)');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    throw new HttpError(400, 'invalid_json', 'Nội dung gửi lên không phải JSON hợp lệ', 'The request body is not valid JSON');
  }
  return schema.parse(raw) as z.output<T>; // a ZodError becomes a 400 with the issues (http/errors.ts)
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Free text up to max characters: any character but control ones (NUL etc.); line breaks allowed when multiline. */
export function text(max: number, opts: { multiline?: boolean; min?: number } = {}) {
  return z
    .string({ error: 'phải là chuỗi ký tự / must be a string' })
    .min(opts.min ?? 0, { error: `cần ít nhất ${opts.min ?? 0} ký tự / needs at least ${opts.min ?? 0} characters` })
    .max(max, { error: `tối đa ${max} ký tự / at most ${max} characters` })
    .refine((s) => !CONTROL.test(s) && (opts.multiline || !/[\r\n\t]/.test(s)), {
      error: 'chứa ký tự không được phép / contains characters that are not allowed',
    });
}

/** A calendar date 'YYYY-MM-DD' that exists. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'ngày phải có dạng YYYY-MM-DD / date must be YYYY-MM-DD' })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, { error: 'ngày không tồn tại / no such date' });
