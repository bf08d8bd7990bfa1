import { HttpError } from '../http/errors.ts';

/**
 * A file that cannot be imported as it is: a clear message in Vietnamese and English, status 422
 * (413 for a file over the limits). Nothing has been written when it is thrown.
 */
export class ImportError extends HttpError {
  constructor(code: string, vi: string, en: string, extra: Record<string, unknown> = {}, status: 413 | 422 = 422) {
    super(status, code, vi, en, extra);
  }
}
