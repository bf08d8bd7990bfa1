/** Saved views and briefings over the one HTTP client (server/routes/views.ts). */
import { getJson, send } from '../api/http.ts';
import type { BriefingOut, BriefingSummary, SavedView } from '../../../server/domain/views.ts';

export type BriefingItem = BriefingOut['items'][number];
export type BriefingWritten = BriefingOut & { version: number };

export const viewsApi = {
  views: (signal?: AbortSignal) => getJson<SavedView[]>('/api/views', signal),
  createView: (name: string, query: string) => send<SavedView>('POST', '/api/views', { name, query }),
  deleteView: (v: SavedView) => send<unknown>('DELETE', `/api/views/${v.id}?version=${v.version}`),
  briefings: (signal?: AbortSignal) => getJson<BriefingSummary[]>('/api/briefings', signal),
  briefing: (id: number, signal?: AbortSignal) => getJson<BriefingOut>(`/api/briefings/${id}`, signal),
  createBriefing: (title: string, items: BriefingItem[]) => send<BriefingWritten>('POST', '/api/briefings', { title, items }),
  updateBriefing: (id: number, version: number, title: string, items: BriefingItem[]) => send<BriefingWritten>('PUT', `/api/briefings/${id}`, { title, items, version }),
  deleteBriefing: (b: BriefingSummary) => send<unknown>('DELETE', `/api/briefings/${b.id}?version=${b.version}`),
};

/** The share link of a view's query: this page's address with the query as its hash. */
export function shareLink(query: string): string {
  return `${location.origin}${location.pathname}${query ? `#${query}` : ''}`;
}

/** The hash of the presentation of a briefing. */
export const presentHash = (id: number) => `#/present?briefing=${id}`;
