import type { Sql } from 'postgres';
import { hashPassword } from './password.ts';
import type { Role } from './roles.ts';
import { insertUser } from './users.ts';

export interface DemoUser {
  username: string;
  password: string;
  displayName: string;
  roles: Role[];
  scopes: string[];
}

/**
 * DEMO ONLY: one account per role, with published passwords, created on the first start of the
 * demo database so the app can be tried (and the browser tests can sign in). Never use them on
 * real data: create real accounts with `npm run user -- create …` and disable these.
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
 * Creates the demo accounts that do not exist yet (idempotent: existing accounts, even changed
 * ones, are left alone) and returns the demo credentials.
 */
export async function seedDemoUsers(sql: Sql): Promise<{ username: string; password: string; roles: Role[]; scopes: string[] }[]> {
  const existing = new Set(
    (await sql<{ username: string }[]>`SELECT username FROM app_user WHERE username IN ${sql(DEMO_USERS.map((u) => u.username))}`).map((r) => r.username),
  );
  for (const u of DEMO_USERS) {
    if (existing.has(u.username)) continue;
    const passwordHash = await hashPassword(u.password);
    await sql.begin(async (tx) => {
      try {
        await insertUser(tx as unknown as Sql, { username: u.username, displayName: u.displayName, roles: u.roles, scopes: u.scopes, passwordHash });
      } catch (err) {
        // created concurrently (another process seeding): fine
        if (!(err instanceof Error && 'code' in err && (err as { code: string }).code === 'username_taken')) throw err;
      }
    });
  }
  return DEMO_USERS.map(({ username, password, roles, scopes }) => ({ username, password, roles: [...roles], scopes: [...scopes] }));
}
