import type { Sql } from 'postgres';
import { hashPassword } from './password.ts';
import type { Role } from '../domain/roles.ts';
import { insertUser } from './users.ts';
import { recordAudit } from '../write/transaction.ts';

export interface DemoUser {
  username: string;
  password: string;
  displayName: string;
  roles: Role[];
  scopes: string[];
}

/**
 * DEMO ONLY: one account per role, with published passwords, created on the first start of the
 * embedded demo database so the app can be tried. Never use them on real data: create real
 * accounts with `npm run user -- create …` and disable these.
 * Scopes: Kon Tum city ('608') for the editor and inspector, Kon Tum city and Sa Thầy ('616') for the planner.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', password: 'admin-demo-2023', displayName: 'Quản trị (demo)', roles: ['admin'], scopes: [] },
  { username: 'viewer', password: 'viewer-demo-2023', displayName: 'Người xem (demo)', roles: ['viewer'], scopes: [] },
  { username: 'planner', password: 'planner-demo-2023', displayName: 'Cán bộ kế hoạch (demo)', roles: ['planner'], scopes: ['608', '616'] },
  { username: 'inspector', password: 'inspector-demo-2023', displayName: 'Cán bộ nghiệm thu (demo)', roles: ['inspector'], scopes: ['608'] },
  { username: 'editor', password: 'editor-demo-2023', displayName: 'Cán bộ biên tập (demo)', roles: ['editor'], scopes: ['608'] },
];

/**
 * Creates the demo accounts when the database has no user at all (first start of the demo), in
 * one transaction with their audit rows; returns the accounts created (empty when users exist,
 * so disabled or changed demo accounts are never brought back).
 */
export async function ensureDemoUsers(sql: Sql): Promise<DemoUser[]> {
  const [existing] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM app_user`;
  if (existing!.n > 0) return [];
  const hashes = await Promise.all(DEMO_USERS.map((u) => hashPassword(u.password)));
  const created = await sql.begin(async (transaction) => {
    const tx = transaction as unknown as Sql;
    // another process may have started at the same time: lock, then look again
    await tx`LOCK TABLE app_user IN SHARE ROW EXCLUSIVE MODE`;
    const [now] = await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM app_user`;
    if (now!.n > 0) return false;
    for (const [i, u] of DEMO_USERS.entries()) {
      const user = await insertUser(tx, { username: u.username, displayName: u.displayName, roles: u.roles, scopes: u.scopes, passwordHash: hashes[i]! });
      await recordAudit(tx, {
        userId: null,
        username: null,
        action: 'create',
        entity: 'app_user',
        entityId: String(user.id),
        before: null,
        after: { id: user.id, username: user.username, roles: user.roles, scopes: u.scopes, demo: true },
        requestId: 'demo-start',
      });
    }
    return true;
  });
  return created ? [...DEMO_USERS] : [];
}

/** The console notice of the demo accounts (printed once, when they are created). */
export function demoUsersNotice(users: readonly DemoUser[]): string {
  const width = Math.max(...users.map((u) => u.username.length));
  const lines = users.map((u) => `  ${u.username.padEnd(width)}  ${u.password.padEnd(20)}  ${u.roles.join(', ')}${u.scopes.length ? ` (${u.scopes.join(', ')})` : ''}`);
  return [
    'Tài khoản MINH HỌA (chỉ để thử, không dùng với dữ liệu thật) / DEMO-ONLY accounts (never for real data):',
    ...lines,
    'Tạo tài khoản thật / real accounts: npm run user -- create <name> --role admin ; then disable these in the admin screen.',
  ].join('\n');
}
