import type { Context } from 'hono';
import type { Sql } from 'postgres';
import { signedInUser } from '../auth/guards.ts';
import { clientIp } from '../auth/session.ts';
import type { DataVersions } from '../tiles/versions.ts';

/**
 * What a write needs to know about its request, without the HTTP framework: the database, who
 * writes (for the audit row), the request id and address, and the data versions to bump. Routes
 * build it with writeContext(c) after authorizing; services take it, never the Hono context.
 */
export interface WriteContext {
  sql: Sql;
  actor: { id: number; username: string };
  requestId: string | null;
  ip: string | null;
  versions: DataVersions;
}

/** The write context of a request by a signed-in user (401 otherwise). */
export async function writeContext(c: Context): Promise<WriteContext> {
  const user = await signedInUser(c);
  return {
    sql: c.var.sql,
    actor: { id: user.id, username: user.username },
    requestId: c.get('requestId') ?? null,
    ip: clientIp(c),
    versions: c.var.deps.versions,
  };
}
