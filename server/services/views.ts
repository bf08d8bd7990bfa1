/**
 * Saved views and briefings (docs/meetings.md): reads, and writes through the audited write
 * (server/write withWrite: one transaction, version check, audit row). A briefing's items are
 * replaced as a whole on each save, so a reorder, an edited note and a removed view are one
 * transaction and one audit row with the briefing before and after.
 */
import type { Sql } from 'postgres';
import { notFound } from '../http/errors.ts';
import { assertVersion, withWrite } from '../write/transaction.ts';
import type { WriteContext } from '../write/context.ts';
import type { BriefingBody, BriefingOut, BriefingSummary, SavedView, ViewBody } from '../domain/views.ts';

type ViewRow = { id: string; name: string; query: string; version: number; updated_at: Date; updated_by: string | null };

const viewOf = (r: ViewRow): SavedView => ({
  id: Number(r.id),
  name: r.name,
  query: r.query,
  version: r.version,
  updatedAt: new Date(r.updated_at).toISOString(),
  updatedBy: r.updated_by,
});

const VIEW_NOT_FOUND = (id: number) => notFound({ vi: `góc nhìn đã lưu ${id}`, en: `Saved view ${id}` });
const BRIEFING_NOT_FOUND = (id: number) => notFound({ vi: `bài trình bày ${id}`, en: `Briefing ${id}` });

/** Saved views, by name. */
export async function listViews(sql: Sql): Promise<SavedView[]> {
  const rows = await sql<ViewRow[]>`
    SELECT v.id, v.name, v.query, v.version, v.updated_at, u.username AS updated_by
    FROM saved_view v LEFT JOIN app_user u ON u.id = v.updated_by
    ORDER BY lower(v.name), v.id`;
  return rows.map(viewOf);
}

export async function viewOr404(sql: Sql, id: number): Promise<SavedView> {
  const [r] = await sql<ViewRow[]>`
    SELECT v.id, v.name, v.query, v.version, v.updated_at, u.username AS updated_by
    FROM saved_view v LEFT JOIN app_user u ON u.id = v.updated_by WHERE v.id = ${id}`;
  if (!r) throw VIEW_NOT_FOUND(id);
  return viewOf(r);
}

export async function createView(w: WriteContext, body: ViewBody): Promise<SavedView> {
  const r = await withWrite(w, { entity: 'saved_view', action: 'create' }, async (tx) => {
    const [row] = await tx<{ id: string }[]>`
      INSERT INTO saved_view (name, query, created_by, updated_by) VALUES (${body.name}, ${body.query}, ${w.actor.id}, ${w.actor.id}) RETURNING id`;
    const after = await viewOr404(tx, Number(row!.id));
    return { before: null, after, entityId: row!.id };
  });
  return r.after;
}

/** Renames or re-aims a view; `version` must be the one edited (409 with the current view). */
export async function updateView(w: WriteContext, id: number, body: ViewBody & { version: number }): Promise<SavedView> {
  const r = await withWrite(w, { entity: 'saved_view', entityId: String(id) }, async (tx) => {
    const [lock] = await tx`SELECT id FROM saved_view WHERE id = ${id} FOR UPDATE`;
    if (!lock) throw VIEW_NOT_FOUND(id);
    const before = await viewOr404(tx, id);
    assertVersion(before, body.version);
    if (before.name === body.name && before.query === body.query) return { before, after: before, unchanged: true as const };
    await tx`UPDATE saved_view SET name = ${body.name}, query = ${body.query}, version = version + 1, updated_by = ${w.actor.id}, updated_at = now() WHERE id = ${id}`;
    return { before, after: await viewOr404(tx, id) };
  });
  return r.after;
}

export async function deleteView(w: WriteContext, id: number, version: number): Promise<void> {
  await withWrite(w, { entity: 'saved_view', entityId: String(id), action: 'delete' }, async (tx) => {
    const [lock] = await tx`SELECT id FROM saved_view WHERE id = ${id} FOR UPDATE`;
    if (!lock) throw VIEW_NOT_FOUND(id);
    const before = await viewOr404(tx, id);
    assertVersion(before, version);
    await tx`DELETE FROM saved_view WHERE id = ${id}`;
    return { before, after: null };
  });
}

type SummaryRow = { id: string; title: string; item_count: number; version: number; updated_at: Date; updated_by: string | null };

const summaryOf = (r: SummaryRow): BriefingSummary => ({
  id: Number(r.id),
  title: r.title,
  itemCount: Number(r.item_count),
  version: r.version,
  updatedAt: new Date(r.updated_at).toISOString(),
  updatedBy: r.updated_by,
});

const summarySelect = (sql: Sql) => sql`
  SELECT b.id, b.title, b.version, b.updated_at, u.username AS updated_by,
         (SELECT count(*) FROM briefing_item i WHERE i.briefing_id = b.id)::int AS item_count
  FROM briefing b LEFT JOIN app_user u ON u.id = b.updated_by`;

/** Briefings, most recently changed first. */
export async function listBriefings(sql: Sql): Promise<BriefingSummary[]> {
  const rows = await sql<SummaryRow[]>`${summarySelect(sql)} ORDER BY b.updated_at DESC, b.id DESC`;
  return rows.map(summaryOf);
}

/** A briefing as the print CLI reads it: { id, title, items: [{ title, note, query }] }, items in order. */
export async function briefingOr404(sql: Sql, id: number): Promise<BriefingOut> {
  const [head] = await sql<{ id: string; title: string }[]>`SELECT id, title FROM briefing WHERE id = ${id}`;
  if (!head) throw BRIEFING_NOT_FOUND(id);
  const items = await sql<{ title: string; note: string; query: string }[]>`
    SELECT title, note, query FROM briefing_item WHERE briefing_id = ${id} ORDER BY position`;
  return { id: Number(head.id), title: head.title, items: items.map((i) => ({ title: i.title, note: i.note, query: i.query })) };
}

async function insertItems(tx: Sql, id: number, items: BriefingBody['items']): Promise<void> {
  if (!items.length) return;
  const rows = items.map((it, position) => ({ briefing_id: id, position, title: it.title, note: it.note, query: it.query }));
  await tx`INSERT INTO briefing_item ${tx(rows, 'briefing_id', 'position', 'title', 'note', 'query')}`;
}

/** What the editor gets back after a write: the briefing and its new version. */
export type BriefingWritten = BriefingOut & { version: number };

export async function createBriefing(w: WriteContext, body: BriefingBody): Promise<BriefingWritten> {
  const r = await withWrite(w, { entity: 'briefing', action: 'create' }, async (tx) => {
    const [row] = await tx<{ id: string }[]>`
      INSERT INTO briefing (title, created_by, updated_by) VALUES (${body.title}, ${w.actor.id}, ${w.actor.id}) RETURNING id`;
    const id = Number(row!.id);
    await insertItems(tx, id, body.items);
    return { before: null, after: { ...(await briefingOr404(tx, id)), version: 1 }, entityId: String(id) };
  });
  return r.after;
}

/**
 * Replaces a briefing's title and its whole list of items (reordered, edited, added, removed) in
 * one transaction; `version` must be the one edited (409 with the current briefing).
 */
export async function updateBriefing(w: WriteContext, id: number, body: BriefingBody & { version: number }): Promise<BriefingWritten> {
  const r = await withWrite(w, { entity: 'briefing', entityId: String(id) }, async (tx) => {
    const [lock] = await tx<{ version: number }[]>`SELECT version FROM briefing WHERE id = ${id} FOR UPDATE`;
    if (!lock) throw BRIEFING_NOT_FOUND(id);
    const before = { ...(await briefingOr404(tx, id)), version: lock.version };
    assertVersion(before, body.version);
    if (JSON.stringify([before.title, before.items]) === JSON.stringify([body.title, body.items])) return { before, after: before, unchanged: true as const };
    await tx`DELETE FROM briefing_item WHERE briefing_id = ${id}`;
    await insertItems(tx, id, body.items);
    await tx`UPDATE briefing SET title = ${body.title}, version = version + 1, updated_by = ${w.actor.id}, updated_at = now() WHERE id = ${id}`;
    return { before, after: { ...(await briefingOr404(tx, id)), version: lock.version + 1 } };
  });
  return r.after;
}

export async function deleteBriefing(w: WriteContext, id: number, version: number): Promise<void> {
  await withWrite(w, { entity: 'briefing', entityId: String(id), action: 'delete' }, async (tx) => {
    const [lock] = await tx<{ version: number }[]>`SELECT version FROM briefing WHERE id = ${id} FOR UPDATE`;
    if (!lock) throw BRIEFING_NOT_FOUND(id);
    const before = { ...(await briefingOr404(tx, id)), version: lock.version };
    assertVersion(before, version);
    await tx`DELETE FROM briefing WHERE id = ${id}`;
    return { before, after: null };
  });
}
