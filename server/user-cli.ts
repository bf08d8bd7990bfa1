/**
 * `npm run user -- <command>`: user accounts from the command line (the first administrator, or
 * when nobody can sign in any more). Every change is written to the audit log with no user
 * (username null, request id 'cli').
 *
 *   npm run user -- create <name> --role admin [--role editor --scope 608 …] [--name "Nguyễn Văn A"]
 *   npm run user -- reset-password <name>
 *   npm run user -- disable <name> | enable <name>
 *   npm run user -- list
 *
 * The password is asked twice on a terminal (empty: one is generated and printed once); with
 * --generate, or when input is not a terminal, it is generated; --password-stdin reads it from
 * the first line of standard input. With the embedded database, stop the server first: the
 * embedded database serves one process at a time.
 */
import { parseArgs } from 'node:util';
import type { Sql } from 'postgres';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/connect.ts';
import { ROLES, type Role } from './domain/roles.ts';
import { DisplayName, RoleList, ScopeList, Username } from './auth/contract.ts';
import { generatePassword, hashPassword, passwordProblem } from './auth/password.ts';
import { auditedUser as audited, checkRolesAndScopes, getUserByName, insertUser, listUsers, storePassword, type UserRecord } from './auth/users.ts';
import { endUserSessions } from './auth/session.ts';
import { recordAudit } from './write/transaction.ts';
import { runCli } from './cli.ts';

const USAGE = `Cách dùng / usage:
  npm run user -- create <name> --role <${ROLES.join('|')}> [--role …] [--scope <unit code> …] [--name "<display name>"] [--generate | --password-stdin]
  npm run user -- reset-password <name> [--generate | --password-stdin]
  npm run user -- disable <name>
  npm run user -- enable <name>
  npm run user -- list`;

class CliError extends Error {}

/** Reads a line from a terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stdout.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('Đã hủy / cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readStdinLine(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) data += String(chunk);
  return data.split(/\r?\n/)[0] ?? '';
}

/** The new password: typed (twice) on a terminal, read from stdin, or generated. */
async function obtainPassword(username: string, opts: { generate?: boolean; 'password-stdin'?: boolean }): Promise<{ password: string; generated: boolean }> {
  let typed: string | undefined;
  if (opts['password-stdin']) typed = await readStdinLine();
  else if (!opts.generate && process.stdin.isTTY) {
    typed = await promptHidden('Mật khẩu (để trống: tạo tự động) / password (empty: generate): ');
    if (typed) {
      const again = await promptHidden('Nhập lại / again: ');
      if (again !== typed) throw new CliError('Hai lần nhập không khớp / the two entries differ');
    }
  }
  if (typed) {
    const problem = passwordProblem(typed, username);
    if (problem) throw new CliError(`${problem.vi} / ${problem.en}`);
    return { password: typed, generated: false };
  }
  for (;;) {
    const password = generatePassword();
    if (!passwordProblem(password, username)) return { password, generated: true };
  }
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new CliError(`${what}: ${r.error.issues.map((i) => i.message).join('; ')}`);
  return r.data;
}

async function cliAudit(tx: Sql, action: 'create' | 'update', before: UserRecord | null, after: UserRecord, extra: Record<string, unknown> = {}) {
  await recordAudit(tx, {
    userId: null,
    username: null,
    action,
    entity: 'app_user',
    entityId: String(after.id),
    before: before ? audited(before) : null,
    after: { ...audited(after), ...extra },
    requestId: 'cli',
  });
}

function describe(u: UserRecord): string {
  const scopes = u.scopes.map((s) => s.code).join(',');
  return `${u.username.padEnd(20)} ${u.roles.join(',').padEnd(28)} ${scopes.padEnd(14)} ${u.disabled ? 'KHÓA/disabled' : 'hoạt động/active'}  ${u.displayName}`;
}

async function run(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string', multiple: true },
      scope: { type: 'string', multiple: true },
      name: { type: 'string' },
      generate: { type: 'boolean' },
      'password-stdin': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, rawName] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  if (!['create', 'reset-password', 'disable', 'enable', 'list'].includes(command)) {
    throw new CliError(`Lệnh không rõ / unknown command: ${command}\n${USAGE}`);
  }
  if (command !== 'list' && !rawName) throw new CliError(USAGE);

  const config = loadConfig();
  if (!config.DATABASE_URL) {
    // PGlite keeps no lock of its own: two processes on one data folder would damage it
    console.error(`Cơ sở dữ liệu nhúng (${config.DATA_DIR}): hãy chắc chắn máy chủ đã dừng / embedded database: make sure the server is stopped.`);
  }
  const db = await openDatabase(config);
  const sql = db.sql;
  try {
    if (command === 'list') {
      for (const u of await listUsers(sql)) console.log(describe(u));
      return;
    }
    const username = parse(Username, rawName, 'tên đăng nhập / username');
    if (command === 'create') {
      const roles = parse(RoleList, values.role ?? [], 'vai trò / role') as Role[];
      const scopes = parse(ScopeList, values.scope ?? [], 'phạm vi / scope');
      const displayName = parse(DisplayName, values.name ?? username, 'tên hiển thị / display name');
      await checkRolesAndScopes(sql, roles, scopes);
      if (await getUserByName(sql, username)) throw new CliError(`Đã có người dùng ${username} / user ${username} exists`);
      const { password, generated } = await obtainPassword(username, values);
      const passwordHash = await hashPassword(password);
      const user = await sql.begin(async (t) => {
        const tx = t as unknown as Sql;
        const u = await insertUser(tx, { username, displayName, roles, scopes, passwordHash, mustChangePassword: generated });
        await cliAudit(tx, 'create', null, u);
        return u;
      });
      console.log(`Đã tạo / created: ${describe(user)}`);
      if (generated) console.log(`Mật khẩu (chỉ hiện một lần) / password (shown once): ${password}`);
      return;
    }
    const user = await getUserByName(sql, username);
    if (!user) throw new CliError(`Không có người dùng ${username} / no user ${username}`);
    if (command === 'reset-password') {
      const { password, generated } = await obtainPassword(username, values);
      const passwordHash = await hashPassword(password);
      await sql.begin(async (t) => {
        const tx = t as unknown as Sql;
        await storePassword(tx, user.id, passwordHash, generated);
        await endUserSessions(tx, user.id);
        await cliAudit(tx, 'update', user, (await getUserByName(tx, username))!, { passwordReset: true });
      });
      console.log(`Đã đặt lại mật khẩu / password reset: ${username}`);
      if (generated) console.log(`Mật khẩu (chỉ hiện một lần) / password (shown once): ${password}`);
      return;
    }
    if (command === 'disable' || command === 'enable') {
      const disabled = command === 'disable';
      await sql.begin(async (t) => {
        const tx = t as unknown as Sql;
        await tx`UPDATE app_user SET disabled = ${disabled}, updated_at = now(), version = version + 1 WHERE id = ${user.id}`;
        if (disabled) await endUserSessions(tx, user.id);
        await cliAudit(tx, 'update', user, (await getUserByName(tx, username))!);
      });
      console.log(`${disabled ? 'Đã khóa / disabled' : 'Đã mở khóa / enabled'}: ${username}`);
      return;
    }
  } finally {
    await db.close();
  }
}

runCli(run);
