/**
 * The HTTP contract of sign-in, administration, audit and the first scoped writes: zod schemas
 * for request bodies and queries, TypeScript types for answers. Pure (zod only) so the web client
 * imports it as it imports server/domain/api.ts.
 */
import { z } from 'zod';
import { ROLES, type Role } from '../domain/roles.ts';
import { INT4_MAX, PathId } from '../domain/bounds.ts';

export { ROLES, SCOPED_ROLES, ROLE_LABELS, type Role } from '../domain/roles.ts';

// ---------- building blocks ----------

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Free text up to max characters: any character but control ones (NUL etc.); line breaks and
 * tabs only when multiline. Quotes, semicolons and the like are ordinary text (SQL is always bound).
 * @example text(100, { min: 1 }).parse('Xã Đắk Cấm') // 'Xã Đắk Cấm'
 */
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
  .string({ error: 'ngày phải có dạng YYYY-MM-DD / date must be YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'ngày phải có dạng YYYY-MM-DD / date must be YYYY-MM-DD' })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, { error: 'ngày không tồn tại / no such date' });

/** Usernames: 3–40 of a-z 0-9 . _ -, compared in lower case ('Nguyen.Van.A' signs in as 'nguyen.van.a'). */
export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{2,39}$/;
export const normalizeUsername = (s: string) => s.trim().toLowerCase();
export const Username = z
  .string({ error: 'phải là chuỗi ký tự / must be a string' })
  .max(100, { error: 'tối đa 40 ký tự / at most 40 characters' })
  .transform(normalizeUsername)
  .pipe(z.string().regex(USERNAME_RE, { error: 'tên đăng nhập: 3–40 ký tự a-z, 0-9, dấu . _ - / username: 3–40 of a-z, 0-9, . _ -' }));
export const DisplayName = text(100, { min: 1 })
  .transform((s) => s.trim())
  .pipe(z.string().min(1, { error: 'không được để trống / must not be empty' }));
export const RoleList = z
  .array(z.enum(ROLES, { error: `vai trò: ${ROLES.join(', ')} / role: ${ROLES.join(', ')}` }))
  .max(ROLES.length)
  .transform((r) => [...new Set(r)].sort() as Role[]);
export const UnitCodeText = z.string().regex(/^\d{2,5}$/, { error: 'mã đơn vị hành chính không hợp lệ / invalid administrative unit code' });
/**
 * A scope: an administrative unit code ('62', '608', '23311'), or a unit of 1 July 2025 as
 * '2025:<code>' (its codes reuse old ones: '23284' is the old Phường Duy Tân, '2025:23284' the new
 * Phường Đăk Cấm). A new unit's scope covers its old units (server/auth/guards.ts unitChain).
 */
export const ScopeCode = z.string().regex(/^(\d{2,5}|2025:\d{5})$/, {
  error: 'phạm vi không hợp lệ (mã đơn vị, hoặc 2025:<mã> cho đơn vị từ 1/7/2025) / invalid scope (a unit code, or 2025:<code> for a unit from 1 July 2025)',
});
export const ScopeList = z
  .array(ScopeCode)
  .max(200)
  .transform((s) => [...new Set(s)].sort());
/** Optimistic-concurrency version the client edited (0: the record does not exist yet). */
export const Version = z.number({ error: 'phiên bản phải là số / version must be a number' }).int().min(0).max(2_147_483_647);

// ---------- sign-in ----------

export const LoginBody = z.strictObject({
  username: z.string().max(100),
  password: z.string().max(1024),
  /** keep the session on this device (an inspector's own phone), when the server allows it */
  remember: z.boolean().optional(),
});
export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().max(1024),
  newPassword: z.string().max(1024),
});

export interface ScopeInfo {
  code: string;
  name: string | null;
  level: 'province' | 'district' | 'commune' | null;
}

/** What the web client learns about the signed-in user (POST /api/auth/login, GET /api/auth/me). */
export interface MeResponse {
  user: { id: number; username: string; displayName: string; mustChangePassword: boolean } | null;
  roles: Role[];
  scopes: ScopeInfo[];
  /** send it back in X-CSRF-Token with every POST/PUT/PATCH/DELETE */
  csrf: string | null;
  expiresAt: string | null;
  requireLoginForRead: boolean;
  /** the request carried a session that had just expired (anonymous answer only) */
  sessionExpired: boolean;
  /** days a remembered device stays signed in ("Ghi nhớ trên thiết bị này"); 0: not offered */
  deviceDays: number;
  /** this session is remembered on this device */
  device: boolean;
}

/** The header carrying the session's CSRF token on writes. */
export const CSRF_HEADER = 'X-CSRF-Token';

// ---------- administration ----------

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

export const CreateUserBody = z.strictObject({
  username: Username,
  displayName: DisplayName,
  roles: RoleList,
  scopes: ScopeList.default([]),
  /** omitted: a password is generated and returned once */
  password: z.string().max(1024).optional(),
});
export const UpdateUserBody = z.strictObject({
  version: Version,
  displayName: DisplayName.optional(),
  roles: RoleList.optional(),
  scopes: ScopeList.optional(),
  disabled: z.boolean().optional(),
});
export const ResetPasswordBody = z.strictObject({
  version: Version.optional(),
  /** omitted: a password is generated and returned once */
  password: z.string().max(1024).optional(),
});
export const UserIdParam = z.object({ id: PathId(INT4_MAX) });

/** POST /api/admin/users and POST /api/admin/users/:id/password. */
export interface UserWithPassword {
  user: UserRecord;
  /** the generated password, shown once; null when the administrator typed it */
  password: string | null;
}

/**
 * Units for the scope picker: the province, its districts and communes, and the communes and
 * wards from 1 July 2025 (level 'unit2025', code '2025:<code>', no parent).
 */
export interface UnitOption {
  code: string;
  name: string;
  level: 'province' | 'district' | 'commune' | 'unit2025';
  parentCode: string | null;
}

// ---------- audit ----------

export const AUDIT_ACTIONS = ['create', 'update', 'delete'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AuditQuery = z.object({
  username: z.string().max(100).transform(normalizeUsername).pipe(z.string().regex(/^[a-z0-9._-]{1,40}$/, { error: 'tên đăng nhập không hợp lệ / invalid username' })).optional(),
  entity: z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, { error: 'tên đối tượng không hợp lệ / invalid entity name' }).optional(),
  /** the entity id or its beginning ('23329/' = every status of commune 23329) */
  entityId: text(120, { min: 1 }).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  requestId: text(120, { min: 1 }).optional(),
  /** dates in Vietnam time (UTC+7), inclusive */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  /** keyset pagination: rows with a smaller id than this */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditFilters = z.output<typeof AuditQuery>;

export interface AuditRow {
  id: number;
  /** ISO 8601 with the Vietnam offset, e.g. '2024-05-02T14:03:07+07:00' */
  at: string;
  userId: number | null;
  /** null: a command-line or start-up change */
  username: string | null;
  action: AuditAction;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}
export interface AuditPage {
  rows: AuditRow[];
  /** pass as ?before= for the next (older) page; null at the end */
  nextBefore: number | null;
}

// ---------- scoped, versioned writes: criterion status ----------

export const CriterionStatusBody = z.strictObject({
  met: z.boolean({ error: 'met phải là true/false / met must be true or false' }),
  evidence: text(2000, { multiline: true }).nullable().default(null),
  evidenceDate: IsoDate.nullable().default(null),
  version: Version,
});
export type CriterionStatusInput = z.output<typeof CriterionStatusBody>;

/** One commune's or village's status on one criterion in one year, as stored. */
export interface CriterionStatusRecord {
  /** commune code ('23329') or village code ('23335-04') */
  unitCode: string;
  year: number;
  criterionNo: number;
  met: boolean;
  evidence: string | null;
  evidenceDate: string | null;
  version: number;
}
