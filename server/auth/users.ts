import type { Fragment, Sql } from 'postgres';
import { HttpError } from '../http/errors.ts';
import type { ScopeInfo, UnitOption, UserRecord } from './contract.ts';
import { normalizeUsername } from './contract.ts';
import { SCOPED_ROLES, type Role } from '../domain/roles.ts';

export { DisplayName, normalizeUsername, RoleList, ScopeList, Username, USERNAME_RE } from './contract.ts';
export type { ScopeInfo, UserRecord } from './contract.ts';

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

function selectUsers(sql: Sql, where: Fragment, lock = false) {
  return sql<UserRow[]>`
    SELECT u.id, u.username, u.display_name, u.disabled, u.must_change_password, u.version,
           u.created_at, u.updated_at, u.password_changed_at, u.last_login_at,
           COALESCE((SELECT array_agg(r.role ORDER BY r.role) FROM user_role r WHERE r.user_id = u.id), '{}') AS roles,
           COALESCE((SELECT json_agg(json_build_object('code', s.unit_code,
                                                       'name', coalesce(a.full_name, n.full_name || ' (từ 1/7/2025)'),
                                                       'level', coalesce(a.level, CASE WHEN n.code IS NOT NULL THEN 'commune' END)) ORDER BY s.unit_code)
                     FROM user_scope s
                     LEFT JOIN admin_unit a ON a.code = s.unit_code
                     LEFT JOIN admin_unit_2025 n ON s.unit_code = '2025:' || n.code
                     WHERE s.user_id = u.id), '[]') AS scopes
    FROM app_user u ${where}
    ORDER BY u.username
    ${lock ? sql`FOR UPDATE OF u` : sql``}`;
}

/** Every user, by username. */
export async function listUsers(sql: Sql): Promise<UserRecord[]> {
  return (await selectUsers(sql, sql``)).map(toRecord);
}

/** One user, or null; `lock` takes a row lock (inside a transaction) for a read-modify-write. */
export async function getUser(sql: Sql, id: number, lock = false): Promise<UserRecord | null> {
  const [r] = await selectUsers(sql, sql`WHERE u.id = ${id}`, lock);
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
  const found = await sql<{ code: string }[]>`
    SELECT code FROM admin_unit WHERE code IN ${sql(scopes)}
    UNION ALL SELECT '2025:' || code FROM admin_unit_2025 WHERE '2025:' || code IN ${sql(scopes)}`;
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

/** Replaces a user's roles and/or scopes (undefined: unchanged). */
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

export interface UserChanges {
  displayName?: string;
  roles?: Role[];
  scopes?: string[];
  disabled?: boolean;
}

/** Applies an administrator's changes and bumps the record's version (caller checked everything). */
export async function updateUser(sql: Sql, userId: number, ch: UserChanges): Promise<UserRecord> {
  await sql`
    UPDATE app_user SET
      display_name = COALESCE(${ch.displayName ?? null}::text, display_name),
      disabled = COALESCE(${ch.disabled ?? null}::boolean, disabled),
      updated_at = now(),
      version = version + 1
    WHERE id = ${userId}`;
  await replaceRolesAndScopes(sql, userId, ch.roles, ch.scopes);
  return (await getUser(sql, userId))!;
}

/** Stores a new password hash; bumps the record's version. */
/** The stored hash of a user's password (to check the current one before a change), null for no such user. */
export async function passwordHashOf(sql: Sql, userId: number): Promise<string | null> {
  const [row] = await sql<{ password_hash: string }[]>`SELECT password_hash FROM app_user WHERE id = ${userId}`;
  return row?.password_hash ?? null;
}

export async function storePassword(sql: Sql, userId: number, passwordHash: string, mustChange: boolean): Promise<void> {
  await sql`
    UPDATE app_user SET password_hash = ${passwordHash}, must_change_password = ${mustChange},
           password_changed_at = now(), updated_at = now(), version = version + 1
    WHERE id = ${userId}`;
}

/** Ids of the enabled administrators, locked (inside a transaction) so two admins cannot both step down. */
export async function lockEnabledAdmins(sql: Sql): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    SELECT u.id FROM app_user u
    WHERE NOT u.disabled AND EXISTS (SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.role = 'admin')
    ORDER BY u.id
    FOR UPDATE OF u`;
  return rows.map((r) => r.id);
}

/**
 * The province, its districts and communes, then the communes and wards from 1 July 2025 (scope
 * '2025:<code>', named as a user's scopes name them), for choosing scopes.
 */
export async function listUnits(sql: Sql): Promise<UnitOption[]> {
  const rows = await sql<{ code: string; full_name: string; level: UnitOption['level']; parent_code: string | null }[]>`
    SELECT code, full_name, level, parent_code FROM admin_unit
    ORDER BY CASE level WHEN 'province' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, code`;
  const units2025 = await sql<{ code: string; full_name: string }[]>`SELECT code, full_name FROM admin_unit_2025 ORDER BY code`;
  return [
    ...rows.map((r) => ({ code: r.code, name: r.full_name, level: r.level, parentCode: r.parent_code })),
    ...units2025.map((r) => ({ code: `2025:${r.code}`, name: `${r.full_name} (từ 1/7/2025)`, level: 'unit2025' as const, parentCode: null })),
  ];
}

/** The audit's view of a user: the record without the moving timestamps. */
export const auditedUser = (u: UserRecord) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  roles: u.roles,
  scopes: u.scopes.map((s) => s.code),
  disabled: u.disabled,
  mustChangePassword: u.mustChangePassword,
  version: u.version,
});
