import type { Context } from 'hono';
import type { z, ZodType } from 'zod';
import { errorBody, HttpError, zodIssues } from '../http/errors.ts';

export { IsoDate, text } from './contract.ts';

/**
 * Reads a JSON body and validates it: 415 unless Content-Type is JSON (which also keeps plain
 * HTML forms out), 400 for malformed JSON, 422 with the offending fields when the JSON does not
 * fit the schema.
 *
 * @example const body = await readJson(c, CriterionStatusBody);
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
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidBody(c, parsed.error);
  return parsed.data as z.output<T>;
}

/**
 * 422 with the zod issues (path and bilingual message of each offending field). The issues go
 * inside `error` like the 400s of http/errors.ts: `extra.error` replaces the plain error body.
 */
export function invalidBody(c: Context, err: z.ZodError): HttpError {
  const vi = 'Dữ liệu gửi lên không hợp lệ';
  const en = 'The request body is not valid';
  return new HttpError(422, 'invalid_input', vi, en, { error: errorBody(c, 'invalid_input', vi, en, zodIssues(err)).error });
}

/**
 * Validates a query string (or path parameters) with a schema: 400 with the offending fields.
 * For GET routes, where nothing is unprocessable, only malformed.
 */
export function readQuery<T extends ZodType>(c: Context, schema: T, value: unknown = c.req.query()): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const vi = 'Tham số không hợp lệ';
    const en = 'Invalid parameters';
    throw new HttpError(400, 'invalid_input', vi, en, { error: errorBody(c, 'invalid_input', vi, en, zodIssues(parsed.error)).error });
  }
  return parsed.data as z.output<T>;
}
