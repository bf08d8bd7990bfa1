import type { Context } from 'hono';
import type { Sql } from 'postgres';
import type { AuditAction } from '../auth/contract.ts';
import { conflict } from '../http/errors.ts';
import { writeContext, type WriteContext } from './context.ts';

import type { AuditRow } from '../auth/contract.ts';
export type { AuditAction } from '../auth/contract.ts';

/** What a write records: an audit row (auth/contract.ts) before the database gives it its id and time. */
export type AuditEntry = Omit<AuditRow, 'id' | 'at' | 'requestId' | 'ip'> & { requestId?: string | null; ip?: string | null };

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

/** The audit row of one more record changed inside a write (bulk writes: one per record). */
export function auditEach(tx: Sql, w: WriteContext, e: Omit<AuditEntry, 'userId' | 'username' | 'requestId' | 'ip'>): Promise<void> {
  return recordAudit(tx, { ...e, userId: w.actor.id, username: w.actor.username, requestId: w.requestId, ip: w.ip });
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

const isHonoContext = (x: WriteContext | Context): x is Context => 'req' in x;

/**
 * The one way to change data. Runs `fn` in ONE transaction together with its audit row (who,
 * when, before/after, request id) and the tile data-version bump, which is applied to the
 * in-memory versions only after the commit. Authorize and validate before calling; throw from
 * `fn` (e.g. assertVersion's 409) to roll back. docs/writes.md walks through a write.
 *
 * Services pass a WriteContext (server/write/context.ts). Routes that still pass the Hono context
 * get one built from it (401 when nobody is signed in), and while `fn` runs c.var.sql IS the
 * transaction: on the embedded database (one connection) a query on the outer pool from inside
 * would wait forever, so helpers that read c.var.sql stay safe.
 *
 * @example
 *   const r = await withWrite(w, { entity: 'commune_criterion_status', entityId: key, layers: ['communes'] }, async (tx) => {
 *     const [cur] = await tx`SELECT … FOR UPDATE`;
 *     assertVersion(cur, body.version);
 *     const [after] = await tx`UPDATE … SET version = version + 1 … RETURNING …`;
 *     return { before: cur, after };
 *   });
 */
export async function withWrite<R extends WriteResult>(ctx: WriteContext | Context, target: WriteTarget, fn: (tx: Sql) => Promise<R>): Promise<R> {
  const c = isHonoContext(ctx) ? ctx : null;
  const w = c ? await writeContext(c) : (ctx as WriteContext);
  let applyVersions: (() => void) | undefined;
  try {
    const result = await w.sql.begin(async (transaction) => {
      const tx = transaction as unknown as Sql;
      c?.set('sql', tx);
      const r = await fn(tx);
      if (r.unchanged) return r;
      const entityId = r.entityId ?? target.entityId;
      if (!entityId) throw new Error(`withWrite(${target.entity}): no entity id`);
      const action = target.action ?? (r.before == null ? 'create' : r.after == null ? 'delete' : 'update');
      await auditEach(tx, w, { action, entity: target.entity, entityId, before: r.before, after: r.after });
      if (target.layers?.length) applyVersions = await w.versions.bump(tx, target.layers);
      return r;
    });
    applyVersions?.();
    return result as R;
  } finally {
    c?.set('sql', w.sql);
  }
}

/**
 * Optimistic concurrency: 409 with the current record (body field `current`) unless the client
 * edited the version that is stored. A missing record has version 0 (create with version 0).
 */
export function assertVersion(current: { version: number } | null | undefined, expectedVersion: number): void {
  const actual = current?.version ?? 0;
  if (actual !== expectedVersion) throw conflict(current ?? null);
}
