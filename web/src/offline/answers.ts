/**
 * The API's reads answered on the phone from prepared areas, when the network fails: the search
 * box (forest codes and names), "where am I" (which commune, tiểu khu, khoảnh and lô hold a point),
 * the lô panel and the tiểu khu panel. The answers have the online shapes (they were made by the
 * server when the area was prepared), so the screens need no offline branch. Loaded only when the
 * network has failed (api/http.ts). docs/offline.md.
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { LocateResponse, SearchResponse } from '../../../server/domain/api.ts';
import { parseForestCode } from '../../../server/domain/forest-code.ts';
import type { AreaGeometry } from '../../../server/domain/offline.ts';
import { foldCompact } from '../../../server/domain/text.ts';
import { allOf, oneOf } from './store.ts';

const SEARCH_LIMIT = 12;

/** The answer to a GET of the API from prepared data, or undefined when it holds none. */
export async function offlineAnswer(path: string): Promise<unknown> {
  const url = new URL(path, 'http://offline.invalid');
  const p = url.pathname;
  let m: RegExpMatchArray | null;
  if (p === '/api/search') return searchOffline(url.searchParams.get('q') ?? '');
  if (p === '/api/locate') return locateOffline(Number(url.searchParams.get('lon')), Number(url.searchParams.get('lat')));
  if ((m = p.match(/^\/api\/plots\/(\d+)$/))) return (await oneOf('plots', Number(m[1])))?.detail;
  if ((m = p.match(/^\/api\/tieukhu\/(\d+)$/))) return (await oneOf('tieukhu', Number(m[1])))?.detail;
  return undefined;
}

/** Forest codes exactly ("TK 568 K 1 L 2", "568/1/2"); names by folded substring, as online. */
export async function searchOffline(q: string): Promise<SearchResponse | undefined> {
  const text = q.normalize('NFC').replace(/\s+/g, ' ').trim();
  const entries = await allOf('search');
  if (entries.length === 0) return undefined;
  const code = parseForestCode(text);
  if (code) {
    const hits = entries
      .filter((e) => e.code?.kind === code.kind && e.code.tk === code.tk && ('khoanh' in code ? 'khoanh' in e.code && e.code.khoanh === code.khoanh : true))
      .filter((e) => (code.kind === 'plot' && e.code?.kind === 'plot' ? e.code.lo === code.lo : true))
      .map((e) => e.hit);
    return { query: q, parsed: { kind: code.kind, detail: text }, hits: hits.slice(0, SEARCH_LIMIT) };
  }
  const folded = foldCompact(text);
  if (!folded) return { query: q, parsed: { kind: 'name', detail: '' }, hits: [] };
  // "xã Đắk Cấm", "thôn Kon Klor": the name without its kind word is tried too
  const words = [folded, foldCompact(text.split(' ').slice(1).join(' '))].filter((w) => w.length >= 2);
  const hits = entries
    .filter((e) => e.name && words.some((w) => e.name!.includes(w)))
    .sort((a, b) => Number(b.name!.startsWith(folded)) - Number(a.name!.startsWith(folded)) || a.name!.length - b.name!.length)
    .map((e) => e.hit);
  return { query: q, parsed: { kind: 'name', detail: folded }, hits: hits.slice(0, SEARCH_LIMIT) };
}

const contains = (g: AreaGeometry, at: [number, number]) => booleanPointInPolygon(at, g);

/** "Where am I" from the prepared lô, khoảnh, tiểu khu and communes; undefined outside every prepared area. */
export async function locateOffline(lon: number, lat: number): Promise<LocateResponse | undefined> {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return undefined;
  const at: [number, number] = [lon, lat];
  const commune = (await allOf('communes')).find((c) => contains(c.geometry, at));
  if (!commune) return undefined;
  const tk = (await allOf('tieukhu')).find((t) => contains(t.geometry, at));
  const khoanh = tk ? (await allOf('khoanh')).find((k) => k.tk === tk.tk && contains(k.geometry, at)) : undefined;
  const plot = (await allOf('plots')).find((p) => contains(p.geometry, at));
  return {
    lon,
    lat,
    vn2000: null,
    offline: true,
    province: commune.province,
    district: commune.district,
    commune: { code: commune.code, name: commune.name },
    tieukhu: tk?.tk ?? plot?.detail.tk ?? null,
    khoanh: khoanh?.khoanh ?? plot?.detail.khoanh ?? null,
    plot: plot ? { id: plot.id, label: plot.detail.label } : null,
  };
}
