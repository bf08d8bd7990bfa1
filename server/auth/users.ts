import type { Fragment, Sql } from 'postgres';
import { z } from 'zod';
import { HttpError } from '../http/errors.ts';
import { text } from './input.ts';
import { ROLES, SCOPED_ROLES, type Role } from './roles.ts';

/** Usernames: 3–40 of a-z 0-9 . _ -, compared in lower case ('Nguyen.Van.A' signs in as 'nguyen.van.a'). */
export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{2,39}$/;
export const normalizeUsername = (s: string) => s.trim().toLowerCase();
export const Username = z
  .string()
  .transform(normalizeUsername)
  .pipe(z.string().regex(USERNAME_RE, { error: 'tên đăng nhập: 3–40 ký tự a-z, 0-9, dấu . _ - / username: 3–40 of a-z, 0-9, . _ -' }));
export const DisplayName = text(100, { min: 1 }).transform((s) => s.trim()).pipe(z.string().min(1, { error: 'không được để trống / must not be empty' }));
export const RoleList = z.array(z.enum(ROLES)).max(ROLES.length).transform((r) => [...new Set(r)].sort() as Role[]);
export const ScopeList = z
  .array(z.string().regex(/^\d{2,5}$/, { error: 'mã đơn vị hành chính không hợp lệ / invalid administrative unit code' }))
  .max(200)
  .transform((s) => [...new Set(s)].sort());

export interface ScopeInfo {
  code: string;
  name: string | null;
  level: 'province' | 'district' | 'commune' | null;
}

/** A user as the admin API shows it (never the password hash). */
export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  scopes: ScopeInfo[];
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  updatedAt: string;
  passwordChangedAt: string;
  lastLoginAt: string | null;
  version: number;
}

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  roles: Role[];
  scopes: ScopeInfo[];
  disabled: boolean;
  must_change_password: boolean;
  created_at: Date;
  updated_at: Date;
  password_changed_at: Date;
  last_login_at: Date | null;
  version: number;
}

const toRecord = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  roles: r.roles,
  scopes: r.scopes,
  disabled: r.disabled,
  mustChangePassword: r.must_change_password,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
  passwordChangedAt: new Date(r.password_changed_at).toISOString(),
  lastLoginAt: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
  version: r.version,
});

function selectUsers(sql: Sql, where: Fragment) {
  return sql<UserRow[]>`
    SELECT u.id, u.username, u.display_name, u.disabled, u.must_change_password, u.version,
           u.created_at, u.updated_at, u.password_changed_at, u.last_login_at,
           COALESCE((SELECT array_agg(r.role ORDER BY r.role) FROM user_role r WHERE r.user_id = u.id), '{}') AS roles,
           COALESCE((SELECT json_agg(json_build_object('code', s.unit_code, 'name', a.full_name, 'level', a.level) ORDER BY s.unit_code)
                     FROM user_scope s LEFT JOIN admin_unit a ON a.code = s.unit_code WHERE s.user_id = u.id), '[]') AS scopes
    FROM app_user u ${where}
    ORDER BY u.username`;
}

export async function listUsers(sql: Sql): Promise<UserRecord[]> {
  return (await selectUsers(sql, sql``)).map(toRecord);
}

export async function getUser(sql: Sql, id: number): Promise<UserRecord | null> {
  const [r] = await selectUsers(sql, sql`WHERE u.id = ${id}`);
  return r ? toRecord(r) : null;
}

export async function getUserByName(sql: Sql, username: string): Promise<UserRecord | null> {
  const [r] = await selectUsers(sql, sql`WHERE u.username = ${normalizeUsername(username)}`);
  return r ? toRecord(r) : null;
}

/**
 * 422 unless the roles and scopes make sense together: at least one role; a scoped role needs a
 * scope; every scope an existing province, district or commune.
 */
export async function checkRolesAndScopes(sql: Sql, roles: Role[], scopes: string[]): Promise<void> {
  if (roles.length === 0) {
    throw new HttpError(422, 'unprocessable', 'Người dùng cần ít nhất một vai trò', 'A user needs at least one role');
  }
  const scoped = roles.filter((r) => SCOPED_ROLES.includes(r));
  if (scoped.length > 0 && scopes.length === 0) {
    throw new HttpError(
      422,
      'unprocessable',
      `Vai trò ${scoped.join(', ')} cần phạm vi (mã huyện hoặc xã, '62' cho toàn tỉnh)`,
      `Role ${scoped.join(', ')} needs a scope (district or commune code, '62' for the whole province)`,
    );
  }
  if (scopes.length === 0) return;
  const found = await sql<{ code: string }[]>`SELECT code FROM admin_unit WHERE code IN ${sql(scopes)}`;
  const missing = scopes.filter((s) => !found.some((f) => f.code === s));
  if (missing.length > 0) {
    throw new HttpError(
      422,
      'unprocessable',
      `Không có đơn vị hành chính mã ${missing.join(', ')}`,
      `No administrative unit with code ${missing.join(', ')}`,
    );
  }
}

export interface NewUser {
  username: string;
  displayName: string;
  roles: Role[];
  scopes: string[];
  passwordHash: string;
  mustChangePassword?: boolean;
}

/** Inserts a user (caller checked roles/scopes); 409 when the username is taken. */
export async function insertUser(sql: Sql, u: NewUser): Promise<UserRecord> {
  const [row] = await sql<{ id: number }[]>`
    INSERT INTO app_user (username, display_name, password_hash, must_change_password)
    VALUES (${normalizeUsername(u.username)}, ${u.displayName}, ${u.passwordHash}, ${u.mustChangePassword ?? false})
    ON CONFLICT (username) DO NOTHING
    RETURNING id`;
  if (!row) {
    throw new HttpError(409, 'username_taken', 'Tên đăng nhập này đã có người dùng', 'This username is already taken');
  }
  await replaceRolesAndScopes(sql, row.id, u.roles, u.scopes);
  return (await getUser(sql, row.id))!;
}

export async function replaceRolesAndScopes(sql: Sql, userId: number, roles?: Role[], scopes?: string[]): Promise<void> {
  if (roles) {
    await sql`DELETE FROM user_role WHERE user_id = ${userId}`;
    if (roles.length) await sql`INSERT INTO user_role ${sql(roles.map((role) => ({ user_id: userId, role })))}`;
  }
  if (scopes) {
    await sql`DELETE FROM user_scope WHERE user_id = ${userId}`;
    if (scopes.length) await sql`INSERT INTO user_scope ${sql(scopes.map((unit_code) => ({ user_id: userId, unit_code })))}`;
  }
}

/** Stores a new password hash; bumps the record's version. */
export async function storePassword(sql: Sql, userId: number, passwordHash: string, mustChange: boolean): Promise<void> {
  await sql`
    UPDATE app_user SET password_hash = ${passwordHash}, must_change_password = ${mustChange},
           password_changed_at = now(), updated_at = now(), version = version + 1
    WHERE id = ${userId}`;
}
