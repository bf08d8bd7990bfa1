import { Hono, type Context } from 'hono';
import { stream } from 'hono/streaming';
import { AUDIT_CSV_HEAD, auditCsvLines, auditExport, auditPage } from '../auth/audit.ts';
import {
  AuditQuery,
  CreateUserBody,
  ResetPasswordBody,
  UpdateUserBody,
  UserIdParam,
  type UserWithPassword,
} from '../auth/contract.ts';
import { authErrors } from '../auth/errors.ts';
import { authorize, requireRole } from '../auth/guards.ts';
import { readJson, readQuery } from '../http/validate.ts';
import { generatePassword, hashPassword, passwordProblem } from '../auth/password.ts';
import { endUserSessions } from '../auth/session.ts';
import { auditedUser as audited, checkRolesAndScopes, getUser, insertUser, listUnits, listUsers, lockEnabledAdmins, storePassword, updateUser } from '../auth/users.ts';
import { assertVersion, withWrite } from '../write/transaction.ts';
import { notFound } from '../http/errors.ts';
import { SurvivalThresholdsBody } from '../domain/forest.ts';
import { readThresholds, writeThresholds } from '../services/settings.ts';
import { smallBodies } from '../http/body-limit.ts';

/** CSV exports stop here (a header says so): about 100 MB of text at worst. */
export const AUDIT_CSV_CAP = 100_000;

const userNotFound = () => notFound({ vi: 'người dùng', en: 'User' });

/** The password an administrator typed (checked against the policy), or a generated one. */
function choosePassword(typed: string | undefined, username: string): { password: string; generated: boolean } {
  if (typed === undefined) {
    for (;;) {
      const password = generatePassword();
      if (!passwordProblem(password, username)) return { password, generated: true };
    }
  }
  const problem = passwordProblem(typed, username);
  if (problem) throw authErrors.unprocessable(problem.vi, problem.en);
  return { password: typed, generated: false };
}

async function createUser(c: Context) {
  await authorize(c, 'admin');
  const body = await readJson(c, CreateUserBody);
  await checkRolesAndScopes(c.var.sql, body.roles, body.scopes);
  const { password, generated } = choosePassword(body.password, body.username);
  const passwordHash = await hashPassword(password);
  const r = await withWrite(c, { entity: 'app_user' }, async (tx) => {
    // the administrator knows this password: the user replaces it at first sign-in
    const user = await insertUser(tx, { ...body, passwordHash, mustChangePassword: true });
    return { before: null, after: audited(user), entityId: String(user.id), user };
  });
  const answer: UserWithPassword = { user: r.user, password: generated ? password : null };
  return c.json(answer, 201);
}

async function changeUser(c: Context) {
  const admin = await authorize(c, 'admin');
  const { id } = readQuery(c, UserIdParam, c.req.param());
  const body = await readJson(c, UpdateUserBody);
  const r = await withWrite(c, { entity: 'app_user', entityId: String(id) }, async (tx) => {
    const admins = await lockEnabledAdmins(tx); // first: the same lock order for every admin change
    const before = await getUser(tx, id, true);
    if (!before) throw userNotFound();
    assertVersion(before, body.version);
    if (body.displayName === undefined && body.roles === undefined && body.scopes === undefined && body.disabled === undefined) {
      return { before: audited(before), after: audited(before), user: before, unchanged: true };
    }
    const roles = body.roles ?? before.roles;
    const scopes = body.scopes ?? before.scopes.map((s) => s.code);
    if (body.roles || body.scopes) await checkRolesAndScopes(tx, roles, scopes);
    const disabled = body.disabled ?? before.disabled;
    if (id === admin.id && (disabled || !roles.includes('admin'))) {
      throw authErrors.unprocessable(
        'Không thể tự khóa tài khoản hoặc tự bỏ quyền quản trị của chính mình',
        'You cannot disable your own account or remove your own administrator role',
      );
    }
    if (admins.includes(id) && (disabled || !roles.includes('admin')) && admins.length <= 1) {
      throw authErrors.unprocessable('Phải còn ít nhất một quản trị viên đang hoạt động', 'At least one active administrator must remain');
    }
    const after = await updateUser(tx, id, { displayName: body.displayName, roles: body.roles, scopes: body.scopes, disabled: body.disabled });
    if (disabled && !before.disabled) await endUserSessions(tx, id);
    return { before: audited(before), after: audited(after), user: after };
  });
  return c.json(r.user);
}

async function resetPassword(c: Context) {
  const admin = await authorize(c, 'admin');
  const { id } = readQuery(c, UserIdParam, c.req.param());
  const body = await readJson(c, ResetPasswordBody);
  const target = await getUser(c.var.sql, id);
  if (!target) throw userNotFound();
  const { password, generated } = choosePassword(body.password, target.username);
  const passwordHash = await hashPassword(password);
  const r = await withWrite(c, { entity: 'app_user', entityId: String(id), action: 'update' }, async (tx) => {
    const before = await getUser(tx, id, true);
    if (!before) throw userNotFound();
    if (body.version !== undefined) assertVersion(before, body.version);
    await storePassword(tx, id, passwordHash, true);
    // signed out everywhere (the administrator resetting their own keeps this session)
    await endUserSessions(tx, id, id === admin.id ? admin.sessionHash : undefined);
    const after = (await getUser(tx, id))!;
    return { before: { ...audited(before), passwordReset: false }, after: { ...audited(after), passwordReset: true }, user: after };
  });
  const answer: UserWithPassword = { user: r.user, password: generated ? password : null };
  return c.json(answer);
}

/**
 * /api/admin: users, their roles and scopes, password resets, disabling; the audit trail
 * (browse with filters, CSV export). Administrators only. There is deliberately no route that
 * changes or deletes audit rows (and the database refuses it, migration 004).
 */
const small = smallBodies(64 * 1024); // per route: a later import route under /api/admin sets its own

export const admin = new Hono()
  .use('*', requireRole('admin'))
  .use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  })
  .get('/users', async (c) => c.json(await listUsers(c.var.sql)))
  .post('/users', small, createUser)
  .patch('/users/:id', small, changeUser)
  .post('/users/:id/password', small, resetPassword)
  .get('/units', async (c) => c.json(await listUnits(c.var.sql)))
  .get('/audit', async (c) => c.json(await auditPage(c.var.sql, readQuery(c, AuditQuery))))
  .get('/audit.csv', async (c) => {
    const { limit: _limit, before: _before, ...filters } = readQuery(c, AuditQuery);
    const { truncated, batches } = await auditExport(c.var.sql, filters, AUDIT_CSV_CAP);
    const stamp = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="nhat-ky-audit-${stamp}.csv"`);
    if (truncated) c.header('X-Truncated', String(AUDIT_CSV_CAP));
    // streamed batch by batch (keyset): a large trail never sits in memory whole
    return stream(c, async (out) => {
      await out.write(AUDIT_CSV_HEAD);
      for await (const rows of batches) await out.write(auditCsvLines(rows));
    });
  })
  .get('/settings/survival-thresholds', async (c) => c.json(await readThresholds(c.var.sql)))
  .put('/settings/survival-thresholds', small, setThresholds);

/** New survival thresholds: audited; later inspections are classified with them, earlier ones keep theirs. */
async function setThresholds(c: Context) {
  const body = await readJson(c, SurvivalThresholdsBody);
  const r = await withWrite(c, { entity: 'app_setting', entityId: 'survival_thresholds' }, async (tx) => {
    const before = await writeThresholds(tx, body);
    const unchanged = before.acceptedAbovePct === body.acceptedAbovePct && before.rejectedBelowPct === body.rejectedBelowPct;
    return { before, after: body, unchanged };
  });
  return c.json(r.after);
}
