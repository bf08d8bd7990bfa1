import type { Context } from 'hono';
import type { Sql } from 'postgres';
import { authErrors } from './errors.ts';
import { signedInUser } from './guards.ts';
import { clientIp } from './session.ts';
import type { AuditAction } from './contract.ts';

export type { AuditAction } from './contract.ts';

export interface AuditEntry {
  userId: number | null;
  username: string | null;
  action: AuditAction;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  requestId?: string | null;
  ip?: string | null;
}

/**
 * Appends one audit row; call it inside the write's transaction. API writes go through
 * withWrite(), which calls this; the command line calls it directly (userId and username null).
 */
export async function recordAudit(tx: Sql, e: AuditEntry): Promise<void> {
  const json = (v: unknown) => (v === null || v === undefined ? null : tx.json(v as Parameters<Sql['json']>[0]));
  await tx`
    INSERT INTO audit_log (user_id, username, action, entity, entity_id, before, after, request_id, ip)
    VALUES (${e.userId}, ${e.username}, ${e.action}, ${e.entity}, ${e.entityId}, ${json(e.before)}, ${json(e.after)},
            ${e.requestId ?? null}, ${e.ip ?? null})`;
}

export interface WriteTarget {
  /** what is changed, e.g. 'commune_criterion_status' (a table name, or a domain name for composites) */
  entity: string;
  /** its key, e.g. '23329/2023/5'; may instead be returned by the callback (new rows) */
  entityId?: string;
  /** tile layers whose data version the change bumps (server/tiles/versions.ts) */
  layers?: string[];
  /** default: create when before is null, delete when after is null, otherwise update */
  action?: AuditAction;
}

export interface WriteResult {
  /** the record before the change (null: created) — plain JSON, as the API shows it */
  before: unknown;
  /** the record after the change (null: deleted) */
  after: unknown;
  /** the entity id when only known inside the transaction */
  entityId?: string;
  /** nothing changed (the client sent the stored values): no audit row, no data-version bump */
  unchanged?: boolean;
}

/**
 * The one way to change data. Runs `fn` in ONE transaction together with its audit row (who,
 * when, before/after, request id) and the tile data-version bump, which is applied to the
 * in-memory versions only after the commit. Needs a signed-in user (401 otherwise); authorize
 * before calling (requireRole/requireScope). Throw from `fn` (e.g. assertVersion's 409) to roll back.
 *
 * While `fn` runs, c.var.sql IS the transaction: on the embedded database (one connection) a
 * query on the outer pool from inside would wait forever, so every helper that reads c.var.sql is safe.
 *
 * @example
 *   const r = await withWrite(c, { entity: 'commune_criterion_status', entityId: key, layers: ['communes'] }, async (tx) => {
 *     const [cur] = await tx`SELECT … FOR UPDATE`;
 *     assertVersion(cur, body.version);
 *     const [after] = await tx`UPDATE … SET version = version + 1 … RETURNING …`;
 *     return { before: cur, after };
 *   });
 */
export async function withWrite<R extends WriteResult>(c: Context, target: WriteTarget, fn: (tx: Sql) => Promise<R>): Promise<R> {
  const user = await signedInUser(c);
  const outer = c.var.sql;
  const { versions } = c.var.deps;
  let applyVersions: (() => void) | undefined;
  try {
    const result = await outer.begin(async (transaction) => {
      const tx = transaction as unknown as Sql;
      c.set('sql', tx);
      const r = await fn(tx);
      if (r.unchanged) return r;
      const entityId = r.entityId ?? target.entityId;
      if (!entityId) throw new Error(`withWrite(${target.entity}): no entity id`);
      const action = target.action ?? (r.before == null ? 'create' : r.after == null ? 'delete' : 'update');
      await recordAudit(tx, {
        userId: user.id,
        username: user.username,
        action,
        entity: target.entity,
        entityId,
        before: r.before,
        after: r.after,
        requestId: c.get('requestId') ?? null,
        ip: clientIp(c),
      });
      if (target.layers?.length) applyVersions = await versions.bump(tx, target.layers);
      return r;
    });
    applyVersions?.();
    return result as R;
  } finally {
    c.set('sql', outer);
  }
}

/**
 * Optimistic concurrency: 409 with the current record (body field `current`) unless the client
 * edited the version that is stored. A missing record has version 0 (create with version 0).
 */
export function assertVersion(current: { version: number } | null | undefined, expectedVersion: number): void {
  const actual = current?.version ?? 0;
  if (actual !== expectedVersion) throw authErrors.conflict(current ?? null);
}
