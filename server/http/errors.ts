import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import type { ApiError } from '../domain/api.ts';

/**
 * The errors every route may answer, each with its message in Vietnamese and English:
 * 400 invalid_input (server/http/validate.ts), 404 not found, 409 version conflict, 422 refused by
 * the records. Auth's own refusals (401/403/429) live in server/auth/errors.ts.
 */
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

/**
 * Optimistic concurrency: the record changed since the client read it. The body carries the
 * current record (`current`) so the client can show it and let the user decide.
 */
export const conflict = (current: unknown) =>
  new HttpError(
    409,
    'version_conflict',
    'Dữ liệu vừa được người khác thay đổi. Hãy xem bản hiện tại và thực hiện lại',
    'Someone else changed this record in the meantime. Review the current version and try again',
    { current },
  );

/** A well-formed request that the stored records refuse (a rule beyond the schema). */
export const unprocessable = (vi: string, en: string) => new HttpError(422, 'unprocessable', vi, en);

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

/** The one answer to input that does not fit its schema, wherever it was (path, query, body). */
export const INVALID_INPUT = { vi: 'Dữ liệu gửi lên không hợp lệ', en: 'The request is not valid' } as const;

export function invalidInput(err: ZodError): HttpError {
  return new HttpError(400, 'invalid_input', INVALID_INPUT.vi, INVALID_INPUT.en, { issues: zodIssues(err) });
}

/**
 * PostgreSQL's answers to two transactions that collided (deadlock, serialization failure): the
 * write did not happen and may simply be retried, which is what a 409 tells the client.
 */
const RETRYABLE = new Set(['40P01', '40001']);

/** Hono onError: known errors keep their status; anything else is a 500 that leaks no internals. */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof ZodError) err = invalidInput(err);
  if (err instanceof HttpError) {
    // `issues` (the offending fields) belong inside `error`; other extras (e.g. `current`) beside it
    const { issues, ...rest } = err.extra as { issues?: { path: string; message: string }[] };
    return c.json({ ...errorBody(c, err.code, err.vi, err.en, issues), ...rest }, err.status);
  }
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && RETRYABLE.has(code)) {
    console.warn(`[${c.get('requestId') ?? '-'}] ${c.req.method} ${c.req.path}: ${code} ${err.message} → 409`);
    return c.json(
      errorBody(
        c,
        'write_conflict',
        'Có người khác đang ghi cùng dữ liệu này. Chưa ghi gì; hãy thử lại',
        'Someone else was writing the same records at the same moment. Nothing was written; please try again',
      ),
      409,
    );
  }
  console.error(`[${c.get('requestId') ?? '-'}] ${c.req.method} ${c.req.path}:`, err);
  return c.json(
    errorBody(c, 'internal', 'Lỗi hệ thống, vui lòng thử lại sau', 'Internal error, please try again later'),
    500,
  );
}
