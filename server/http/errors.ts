import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError, type ZodType } from 'zod';
import { validator } from 'hono/validator';
import type { ApiError } from '../domain/api.ts';

/** A failure with a message for the user in Vietnamese and English. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly vi: string,
    readonly en: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(en);
  }
}

export const notFound = (what: { vi: string; en: string }) =>
  new HttpError(404, 'not_found', `Không tìm thấy ${what.vi}`, `${what.en} not found`);

export function errorBody(
  c: Context,
  code: string,
  vi: string,
  en: string,
  issues?: { path: string; message: string }[],
): ApiError {
  return { error: { code, message: { vi, en }, ...(issues ? { issues } : {}), requestId: c.get('requestId') } };
}

export function zodIssues(err: ZodError): { path: string; message: string }[] {
  return err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Hono onError: known errors keep their status; anything else is a 500 that leaks no internals. */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof HttpError) {
    return c.json({ ...errorBody(c, err.code, err.vi, err.en), ...err.extra }, err.status);
  }
  if (err instanceof ZodError) {
    return c.json(errorBody(c, 'invalid_input', 'Dữ liệu không hợp lệ', 'Invalid input', zodIssues(err)), 400);
  }
  console.error(`[${c.get('requestId') ?? '-'}] ${c.req.method} ${c.req.path}:`, err);
  return c.json(
    errorBody(c, 'internal', 'Lỗi hệ thống, vui lòng thử lại sau', 'Internal error, please try again later'),
    500,
  );
}

type Target = 'query' | 'param' | 'json';

/**
 * Validates one part of the request with a zod schema shared with the web client; failures
 * become a 400 with the offending fields, in Vietnamese and English.
 *
 * @example app.get('/x', validate('query', z.object({ year: Year })), (c) => c.json(c.req.valid('query')))
 */
export function validate<T extends ZodType, K extends Target>(target: K, schema: T) {
  return validator(target, (value, c) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const where = { query: 'tham số truy vấn', param: 'đường dẫn', json: 'nội dung gửi lên' }[target];
      const whereEn = { query: 'query parameters', param: 'path', json: 'request body' }[target];
      return c.json(
        errorBody(c, 'invalid_input', `${where} không hợp lệ`.replace(/^./, (s) => s.toUpperCase()), `Invalid ${whereEn}`, zodIssues(parsed.error)),
        400,
      );
    }
    return parsed.data as T['_output'];
  });
}
