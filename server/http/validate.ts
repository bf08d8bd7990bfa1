import type { Context } from 'hono';
import { validator } from 'hono/validator';
import { z, type ZodType } from 'zod';
import { Digits } from '../domain/bounds.ts';
import { HttpError, invalidInput } from './errors.ts';

/**
 * The one validator of the API. Every route reads its path, query and body through it, so input
 * that does not fit a schema gets the same answer everywhere: 400 `invalid_input` with one
 * bilingual message and the offending fields in `error.issues`. Bodies must be declared JSON
 * (415) and be JSON (400 `invalid_json`). Rules that need the stored records (a criterion the
 * year's set lacks, a stale version) are not input errors: services answer those with 422/409.
 *
 * Paths and queries can be checked before the handler (`validate` middleware); a body is read in
 * the handler with `readJson`, after authorization, so a stranger learns nothing from its checks.
 */

/** Parses `value` with `schema`, or throws the 400 every route answers. */
export function parseInput<T extends ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data as z.output<T>;
}

/**
 * Reads a JSON body and validates it: 415 unless Content-Type is JSON (which also keeps plain
 * HTML forms out), 400 `invalid_json` when it does not parse, 400 `invalid_input` when it does
 * not fit the schema.
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
  return parseInput(schema, raw);
}

/** Validates the query string (or another value, e.g. path parameters). */
export function readQuery<T extends ZodType>(c: Context, schema: T, value: unknown = c.req.query()): z.output<T> {
  return parseInput(schema, value);
}

/** Validates the path parameters. */
export function readParams<T extends ZodType>(c: Context, schema: T): z.output<T> {
  return parseInput(schema, c.req.param());
}

/**
 * Middleware form for paths and queries; the handler reads the result with c.req.valid(target).
 *
 * @example app.get('/x', validate('query', z.object({ year: Year })), (c) => c.json(c.req.valid('query')))
 */
export function validate<T extends ZodType, K extends 'query' | 'param'>(target: K, schema: T) {
  return validator(target, (value) => parseInput(schema, value) as T['_output']);
}

// ---------- numbers as the database holds them ----------

export { Digits, ID_MAX, INT4_MAX, PathId } from '../domain/bounds.ts';

/** Tile address parts: z 0–22, x and y plain digits (range against 2^z checked by the route). */
export const TileZ = Digits(22);
export const TileXY = Digits(2 ** 22 - 1);
/** The y part of a tile path, "{y}.mvt". */
export const TileFile = z
  .string()
  .regex(/^(0|[1-9]\d{0,15})\.mvt$/, { error: 'tên ô bản đồ phải có dạng {y}.mvt / tile name must be {y}.mvt' })
  .transform((f) => Number(f.slice(0, -4)))
  .pipe(z.number().int().max(2 ** 22 - 1));
