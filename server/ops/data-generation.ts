import type { Sql } from 'postgres';

/**
 * Tables whose changes do not alter any aggregation: accounts, sessions, sign-in throttling, the
 * audit trail, photos, and the bookkeeping tables themselves. Every other table of the public
 * schema is watched, so a data table added by a later migration is covered without a code change.
 */
const UNWATCHED = new Set([
  'data_version', 'data_change_marker', 'schema_migration', 'spatial_ref_sys',
  'app_user', 'user_role', 'user_scope', 'user_session', 'login_attempt', 'login_throttle', 'login_failure',
  'audit_log', 'inspection_photo',
]);

/**
 * Attaches the change trigger of migration 030 (atlas_note_data_change) to every watched table
 * that lacks it. Run at start-up after the migrations; idempotent, and serialised between
 * processes starting at once by a transaction-level advisory lock.
 */
export async function ensureChangeTracking(sql: Sql): Promise<string[]> {
  return sql.begin(async (transaction) => {
    const tx = transaction as unknown as Sql;
    await tx`SELECT pg_advisory_xact_lock(hashtext('atlas_change_tracking'))`;
    const rows = await tx<{ name: string }[]>`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'atlas_data_change')
      ORDER BY 1`;
    const added: string[] = [];
    for (const { name } of rows) {
      if (UNWATCHED.has(name)) continue;
      await tx.unsafe(
        `CREATE TRIGGER atlas_data_change BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.${quoteIdent(name)}
         FOR EACH STATEMENT EXECUTE FUNCTION atlas_note_data_change()`,
      );
      added.push(name);
    }
    return added;
  });
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The current aggregation data version: changes with every committed change of the data. */
export async function aggregatesVersion(sql: Sql): Promise<number> {
  const [r] = await sql<{ version: string }[]>`SELECT version FROM data_version WHERE layer = 'aggregates'`;
  return Number(r?.version ?? 0);
}
