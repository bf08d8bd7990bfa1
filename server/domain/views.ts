/**
 * Saved views and briefings, shared by server and web (docs/meetings.md).
 *
 * A view is the map's share link: the query string that web/src/lib/urlState.ts writes after '#'
 * (camera, layers, year, style mode, compare year, selection, lô filters, palette, panel). The
 * server keeps it as text and checks only its shape (known keys, plain characters, bounded
 * length): the web parses it with the same parser as a shared link, so a stored view can never
 * open differently from the link it was copied from.
 *
 * A briefing is an ordered list of such views, each with its own title and note. The print CLI
 * reads GET /api/briefings/:id → { id, title, items: [{ title, note, query }] }: that shape is a
 * contract (BriefingOut) and does not grow.
 */
import { z } from 'zod';
import { BigId, PathId, VersionNo } from './bounds.ts';

/** The keys a share link may carry (urlState.ts, plotFilter.ts); anything else is refused. */
export const SHARE_LINK_KEYS = [
  'map', 'lang', 'year', 'criterion', 'style', 'compare', 'layers', 'sel',
  'py', 'punit', 'pfund', 'pcls', 'palette', 'panel', 'dash',
] as const;

/** Longest share-link query kept (a long lô-class filter and a selection fit in a few hundred). */
export const QUERY_MAX = 2000;
export const NAME_MAX = 120;
export const NOTE_MAX = 2000;
/** Views in one briefing: a meeting's agenda, not an atlas. */
export const BRIEFING_ITEMS_MAX = 50;

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Free text: no control characters; line breaks only when multiline. */
function text(max: number, opts: { multiline?: boolean; min?: number } = {}) {
  const min = opts.min ?? 0;
  return z
    .string({ error: 'phải là chuỗi ký tự / must be a string' })
    .trim()
    .min(min, { error: min === 1 ? 'không được để trống / must not be empty' : `cần ít nhất ${min} ký tự / needs at least ${min} characters` })
    .max(max, { error: `tối đa ${max} ký tự / at most ${max} characters` })
    .refine((s) => !CONTROL.test(s) && (opts.multiline || !/[\r\n\t]/.test(s)), {
      error: 'chứa ký tự không được phép / contains characters that are not allowed',
    });
}

/** The keys of a share-link query that are not share-link keys. @example unknownKeys('year=2023&x=1') // ['x'] */
export function unknownKeys(query: string): string[] {
  const keys = [...new URLSearchParams(query).keys()];
  return [...new Set(keys.filter((k) => !(SHARE_LINK_KEYS as readonly string[]).includes(k)))];
}

/**
 * A share-link query string, without '#': 'map=9.2/14.4/107.9&year=2023&layers=communes'.
 * Empty is a view too (the province as the app opens).
 */
export const ShareQuery = z
  .string({ error: 'phải là chuỗi ký tự / must be a string' })
  .max(QUERY_MAX, { error: `liên kết tối đa ${QUERY_MAX} ký tự / link at most ${QUERY_MAX} characters` })
  .regex(/^[\w=&.,/%:+-]*$/, { error: 'liên kết chứa ký tự không hợp lệ / the link contains characters that are not allowed' })
  .refine((q) => unknownKeys(q).length === 0, { error: 'liên kết có tham số không được hỗ trợ / the link has unsupported parameters' });

export const ViewBody = z.object({ name: text(NAME_MAX, { min: 1 }), query: ShareQuery }).strict();
export type ViewBody = z.infer<typeof ViewBody>;
export const EditedViewBody = ViewBody.extend({ version: VersionNo }).strict();

export const BriefingItemIn = z.object({ title: text(NAME_MAX, { min: 1 }), note: text(NOTE_MAX, { multiline: true }).default(''), query: ShareQuery }).strict();
export const BriefingBody = z
  .object({
    title: text(NAME_MAX, { min: 1 }),
    items: z.array(BriefingItemIn).max(BRIEFING_ITEMS_MAX, { error: `tối đa ${BRIEFING_ITEMS_MAX} trang / at most ${BRIEFING_ITEMS_MAX} views` }),
  })
  .strict();
export type BriefingBody = z.infer<typeof BriefingBody>;
export const EditedBriefingBody = BriefingBody.extend({ version: VersionNo }).strict();

export const IdParam = z.object({ id: PathId() }).strict();
export const VersionQuery = z.object({ version: z.coerce.number().int().min(1).max(2_147_483_647) }).strict();
export { BigId };

/** A saved view as the API answers it. */
export interface SavedView {
  id: number;
  name: string;
  query: string;
  version: number;
  updatedAt: string;
  /** null for anonymous readers (server/auth/guards.ts namesForReader) */
  updatedBy: string | null;
}

/** GET /api/briefings/:id — the print CLI's contract: exactly these fields. */
export interface BriefingOut {
  id: number;
  title: string;
  items: { title: string; note: string; query: string }[];
}

/** A briefing in the list (GET /api/briefings), with what the editor needs to write it back. */
export interface BriefingSummary {
  id: number;
  title: string;
  itemCount: number;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}
