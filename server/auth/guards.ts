import type { Context, MiddlewareHandler } from 'hono';
import type { Sql } from 'postgres';
import { HttpError, notFound } from '../http/errors.ts';
import { authErrors } from './errors.ts';
import type { Role } from '../domain/roles.ts';
import { currentUser, type AuthUser } from './session.ts';

/** The signed-in user, or a 401 (saying so when the session just expired). */
export async function signedInUser(c: Context): Promise<AuthUser> {
  const user = await currentUser(c);
  if (!user) throw c.get('sessionExpired') ? authErrors.sessionExpired() : authErrors.notSignedIn();
  return user;
}

/** 403 for a user who must first replace a temporary password (after an administrator's reset). */
function assertPasswordCurrent(user: AuthUser): void {
  if (user.mustChangePassword) {
    throw new HttpError(
      403,
      'password_change_required',
      'Vui lòng đổi mật khẩu tạm thời trước khi thay đổi dữ liệu',
      'Please replace your temporary password before changing data',
    );
  }
}

/**
 * The signed-in user holding `role`: 401 when anonymous, 403 without the role (or with a
 * temporary password still to replace).
 */
export async function authorize(c: Context, role: Role): Promise<AuthUser> {
  const user = await signedInUser(c);
  if (!user.roles.includes(role)) throw authErrors.role(role);
  assertPasswordCurrent(user);
  return user;
}

/** Route middleware: 401 unless signed in. */
export function requireUser(): MiddlewareHandler {
  return async (c, next) => {
    await signedInUser(c);
    await next();
  };
}

/** Route middleware: 401 unless signed in, 403 unless the user holds the role. */
export function requireRole(role: Role): MiddlewareHandler {
  return async (c, next) => {
    await authorize(c, role);
    await next();
  };
}

export interface UnitInChain {
  code: string;
  fullName: string;
  level: 'province' | 'district' | 'commune';
}

/** True when one of the scopes is the unit itself or one of its ancestors (chain: unit first, province last). */
export function scopeCovers(scopes: readonly string[], chain: readonly { code: string }[]): boolean {
  return chain.some((u) => scopes.includes(u.code));
}

/**
 * A unit and what covers it, the unit first (empty when unknown): its ancestors, and across the
 * reorganisation of 1 July 2025 — an old commune's chain ends with its new unit ('2025:<code>'),
 * so a scope on the new unit covers its old units; a new unit's chain ('2025:<code>') holds its
 * old units and their ancestors, so their scopes cover records made for the new unit.
 */
export async function unitChain(c: Context | Sql, unitCode: string): Promise<UnitInChain[]> {
  const sql = 'req' in c ? c.var.sql : c;
  if (unitCode.startsWith('2025:')) {
    const code = unitCode.slice('2025:'.length);
    const [n] = await sql<{ full_name: string }[]>`SELECT full_name FROM admin_unit_2025 WHERE code = ${code}`;
    if (!n) return [];
    const olds = await sql<{ old_code: string }[]>`SELECT old_code FROM admin_unit_succession WHERE new_code = ${code} ORDER BY old_code`;
    const chain: UnitInChain[] = [{ code: unitCode, fullName: n.full_name, level: 'commune' }];
    for (const o of olds) for (const u of await oldUnitChain(sql, o.old_code)) if (!chain.some((x) => x.code === u.code)) chain.push(u);
    return chain;
  }
  const chain = await oldUnitChain(sql, unitCode);
  if (chain.length === 0) return chain;
  const [successor] = await sql<{ code: string; full_name: string }[]>`
    SELECT n.code, n.full_name FROM admin_unit_succession s JOIN admin_unit_2025 n ON n.code = s.new_code WHERE s.old_code = ${unitCode}`;
  return successor ? [...chain, { code: `2025:${successor.code}`, fullName: successor.full_name, level: 'commune' }] : chain;
}

/** A unit of admin_unit and its ancestors through parent_code, the unit first. */
async function oldUnitChain(sql: Sql, unitCode: string): Promise<UnitInChain[]> {
  const chain = await sql<{ code: string; full_name: string; level: UnitInChain['level'] }[]>`
    WITH RECURSIVE up AS (
      SELECT code, parent_code, full_name, level, 0 AS depth FROM admin_unit WHERE code = ${unitCode}
      UNION ALL
      SELECT a.code, a.parent_code, a.full_name, a.level, up.depth + 1
      FROM admin_unit a JOIN up ON a.code = up.parent_code
      WHERE up.depth < 5
    )
    SELECT code, full_name, level FROM up ORDER BY depth`;
  return chain.map((u) => ({ code: u.code, fullName: u.full_name, level: u.level }));
}

/**
 * Throws unless the signed-in user holds `role` with a scope covering the unit (a commune, or a
 * district/province for unit-level records): scope '608' covers every commune of Kon Tum city,
 * '62' the whole province. Resolves the unit's ancestors through admin_unit.parent_code.
 * 401 anonymous, 403 without the role or outside the scope, 404 for an unknown unit.
 * Returns the unit's chain (the unit first).
 *
 * Inside withWrite(), c.var.sql is the transaction, so this may be called there too.
 *
 * @example await requireScope(c, 'editor', '23329') // an editor of '608' (Kon Tum city) passes
 */
export async function requireScope(c: Context, role: Role, unitCode: string): Promise<UnitInChain[]> {
  const user = await authorize(c, role);
  const units = await unitChain(c, unitCode);
  if (units.length === 0) throw notFound({ vi: 'đơn vị hành chính', en: 'Administrative unit' });
  if (!scopeCovers(user.scopes, units)) throw authErrors.scope(role, units[0]!.fullName);
  return units;
}

/** Fields of API answers that name a user account. */
const USERNAME_FIELDS = new Set(['createdBy', 'recordedBy', 'updatedBy']);

/**
 * Anonymous readers see no usernames (a known username is half of a guess, and the
 * map is open to anyone by default): the fields that name an account become null unless the
 * request is signed in. @example c.json(await namesForReader(c, await listPlans(...)))
 */
export async function namesForReader<T>(c: Context, value: T): Promise<T> {
  if (await currentUser(c)) return value;
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, USERNAME_FIELDS.has(k) ? null : strip(x)]));
  };
  return strip(value) as T;
}

/**
 * The scope check of requireScope() for services, which take no HTTP context: on the given
 * database handle (e.g. a write's transaction, for a unit read under lock) with the scopes of
 * the user the route authorized. 403 outside the scopes, 404 for an unknown unit.
 */
export async function assertScope(sql: Sql, scopes: readonly string[], role: Role, unitCode: string): Promise<UnitInChain[]> {
  const units = await unitChain(sql, unitCode);
  if (units.length === 0) throw notFound({ vi: 'đơn vị hành chính', en: 'Administrative unit' });
  if (!scopeCovers(scopes, units)) throw authErrors.scope(role, units[0]!.fullName);
  return units;
}
