/**
 * Numbers as the database holds them: every zod schema bounds its integers to the column they
 * go into, so a valid-looking number never reaches PostgreSQL as an overflow (a 500).
 * (z.number().int() already stops at 2^53 − 1, which covers `bigint` ids.)
 */
import { z } from 'zod';

/** Largest value of a PostgreSQL `integer` column. */
export const INT4_MAX = 2_147_483_647;
/** Largest `bigint` id the API accepts: JavaScript numbers are exact up to 2^53 − 1. */
export const ID_MAX = Number.MAX_SAFE_INTEGER;

/** A positive id of an `integer` column (tiểu khu numbers, user ids). */
export const Int4Id = z.number().int().positive().max(INT4_MAX, { error: `tối đa ${INT4_MAX} / at most ${INT4_MAX}` });
/** A positive id of a `bigint` column. */
export const BigId = z.number().int().positive().max(ID_MAX);
/** A record version (an `integer` column). */
export const VersionNo = z.number().int().min(0).max(INT4_MAX, { error: `phiên bản tối đa ${INT4_MAX} / version at most ${INT4_MAX}` });

/**
 * A non-negative integer written as plain decimal digits in a path ("0", "42"): refuses what
 * Number() would also accept — "1e3", "0x10", " 1", "+1", "1.0", "007" — so a hostile spelling of
 * an id never reaches a record it happens to equal (z.coerce.number() read " 1" as record 1).
 */
export const Digits = (max: number) =>
  z
    .string()
    .regex(/^(0|[1-9]\d{0,15})$/, { error: 'phải là số nguyên viết bằng chữ số / must be an integer in plain digits' })
    .transform(Number)
    .pipe(z.number().int().max(max, { error: `tối đa ${max} / at most ${max}` }));

/** A record id in a path (`/api/plans/:id`): plain digits, positive, bounded to its column. */
export const PathId = (max: number = ID_MAX) => Digits(max).pipe(z.number().positive({ error: 'phải lớn hơn 0 / must be positive' }));
