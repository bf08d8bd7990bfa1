import type { Sql } from 'postgres';
import type { SearchHit, SearchResponse } from '../domain/api.ts';
import { parseSearch, splitKindWord, type NameKind, type ParsedSearch } from './search-parse.ts';
import { foldCompact } from '../domain/text.ts';
import { plotLabel } from '../domain/forest.ts';

type Box = { xmin: number; ymin: number; xmax: number; ymax: number };
const bbox = (b: Box): [number, number, number, number] => [b.xmin, b.ymin, b.xmax, b.ymax];
const KIND_VI: Record<string, string> = { xa: 'Xã', phuong: 'Phường', thi_tran: 'Thị trấn', huyen: 'Huyện', thanh_pho: 'Thành phố', tinh: 'Tỉnh' };

async function forestHits(sql: Sql, p: Extract<ParsedSearch, { kind: 'tieukhu' | 'khoanh' | 'plot' }>, limit: number): Promise<SearchHit[]> {
  if (p.kind === 'tieukhu') {
    const rows = await sql<(Box & { tk: number; cx: number; cy: number; commune: string; area_ha: number })[]>`
      SELECT t.tk, c.name AS commune, t.area_ha, ST_X(ST_PointOnSurface(t.geom)) AS cx, ST_Y(ST_PointOnSurface(t.geom)) AS cy,
             ST_XMin(t.geom) AS xmin, ST_YMin(t.geom) AS ymin, ST_XMax(t.geom) AS xmax, ST_YMax(t.geom) AS ymax
      FROM forest_tieu_khu t JOIN admin_unit c ON c.code = t.commune_code WHERE t.tk = ${p.tk}`;
    return rows.map((r) => ({ kind: 'tieukhu', id: `tk:${r.tk}`, label: `Tiểu khu ${r.tk}`, sublabel: `${r.commune} · ${Math.round(r.area_ha)} ha`, center: [r.cx, r.cy], bbox: bbox(r) }));
  }
  if (p.kind === 'khoanh') {
    const rows = await sql<(Box & { tk: number; khoanh: number; cx: number; cy: number; commune: string; area_ha: number })[]>`
      SELECT k.tk, k.khoanh, c.name AS commune, k.area_ha, ST_X(ST_PointOnSurface(k.geom)) AS cx, ST_Y(ST_PointOnSurface(k.geom)) AS cy,
             ST_XMin(k.geom) AS xmin, ST_YMin(k.geom) AS ymin, ST_XMax(k.geom) AS xmax, ST_YMax(k.geom) AS ymax
      FROM forest_khoanh k JOIN admin_unit c ON c.code = k.commune_code WHERE k.tk = ${p.tk} AND k.khoanh = ${p.khoanh}`;
    return rows.map((r) => ({ kind: 'khoanh', id: `k:${r.tk}/${r.khoanh}`, label: `TK ${r.tk} · K ${r.khoanh}`, sublabel: `${r.commune} · ${Math.round(r.area_ha)} ha`, center: [r.cx, r.cy], bbox: bbox(r) }));
  }
  const rows = await sql<(Box & { id: string; tk: number; khoanh: number; lo: string; cx: number; cy: number; commune: string; dtich: number })[]>`
    SELECT p.id, p.tk, p.khoanh, p.lo, c.name AS commune, p.dtich, ST_X(ST_PointOnSurface(p.geom)) AS cx, ST_Y(ST_PointOnSurface(p.geom)) AS cy,
           ST_XMin(p.geom) AS xmin, ST_YMin(p.geom) AS ymin, ST_XMax(p.geom) AS xmax, ST_YMax(p.geom) AS ymax
    FROM forest_plot p JOIN admin_unit c ON c.code = p.commune_code
    WHERE p.tk = ${p.tk} AND p.khoanh = ${p.khoanh} AND lower(p.lo) = lower(${p.lo})
    LIMIT ${limit}`;
  return rows.map((r) => ({ kind: 'plot', id: String(r.id), label: plotLabel(r.tk, r.khoanh, r.lo), sublabel: `${r.commune} · ${r.dtich} ha`, center: [r.cx, r.cy], bbox: bbox(r) }));
}

/**
 * Units and villages whose folded name contains the query. `kind` (from a typed kind word such as
 * "xã" or "thôn") keeps only units of that kind, or only villages.
 */
async function nameHits(sql: Sql, folded: string, limit: number, kind: NameKind | null = null): Promise<SearchHit[]> {
  const compact = foldCompact(folded);
  const like = `%${compact.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const unitKind = kind && kind !== 'village' ? kind : null;
  const units =
    kind === 'village'
      ? []
      : await sql<(Box & { code: string; full_name: string; kind: string; level: string; parent: string | null; cx: number; cy: number; starts: boolean })[]>`
    SELECT u.code, u.full_name, u.kind, u.level, p.name AS parent,
           ST_X(ST_PointOnSurface(u.geom)) AS cx, ST_Y(ST_PointOnSurface(u.geom)) AS cy,
           ST_XMin(u.geom) AS xmin, ST_YMin(u.geom) AS ymin, ST_XMax(u.geom) AS xmax, ST_YMax(u.geom) AS ymax,
           replace(u.name_search, ' ', '') LIKE ${compact + '%'} AS starts
    FROM admin_unit u LEFT JOIN admin_unit p ON p.code = u.parent_code
    WHERE replace(u.name_search, ' ', '') LIKE ${like} AND (${unitKind}::text IS NULL OR u.kind = ${unitKind})
    ORDER BY starts DESC, CASE u.level WHEN 'district' THEN 0 WHEN 'commune' THEN 1 ELSE 2 END, length(u.name_search)
    LIMIT ${limit}`;
  const villages = unitKind
    ? []
    : await sql<{ code: string; name: string; commune: string; lon: number; lat: number }[]>`
    SELECT v.code, v.name, c.full_name AS commune, ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat
    FROM village v JOIN admin_unit c ON c.code = v.commune_code
    WHERE replace(v.name_search, ' ', '') LIKE ${like}
    ORDER BY replace(v.name_search, ' ', '') LIKE ${compact + '%'} DESC, length(v.name_search), v.code
    LIMIT ${limit}`;
  const hits: SearchHit[] = units.map((u) => ({
    kind: u.level === 'district' ? 'district' : 'commune',
    id: u.code,
    label: u.full_name,
    sublabel: u.parent ? `${KIND_VI[u.kind] ?? ''} · ${u.parent}`.replace(/^ · /, '') : KIND_VI[u.kind] ?? '',
    center: [u.cx, u.cy],
    bbox: bbox(u),
  }));
  for (const v of villages) {
    hits.push({ kind: 'village', id: v.code, label: v.name, sublabel: v.commune, center: [v.lon, v.lat], bbox: null });
  }
  return hits.slice(0, limit);
}

/**
 * A name as people type it: "Xã Đắk Nhoong", "thôn Kon Klor" — the kind word chooses the kind and
 * the rest is the name; the whole text is searched too (a village may be called "Thôn 5").
 */
async function typedNameHits(sql: Sql, folded: string, limit: number): Promise<SearchHit[]> {
  const split = splitKindWord(folded);
  const hits = split ? await nameHits(sql, split.name, limit, split.kind) : [];
  for (const h of await nameHits(sql, folded, limit)) if (!hits.some((x) => x.kind === h.kind && x.id === h.id)) hits.push(h);
  return hits.slice(0, limit);
}

/**
 * A forest code that does not exist ("TK 568 K 99 L 1"): the nearest existing units by number —
 * lô of the same khoảnh, else khoảnh of the same tiểu khu, else the nearest tiểu khu numbers.
 */
async function forestSuggestions(sql: Sql, p: Extract<ParsedSearch, { kind: 'tieukhu' | 'khoanh' | 'plot' }>, limit: number): Promise<SearchHit[]> {
  const n = Math.min(limit, 5);
  if (p.kind === 'plot') {
    const loNo = Number(p.lo.replace(/\D/g, '')) || 0;
    const rows = await sql<(Box & { id: string; tk: number; khoanh: number; lo: string; cx: number; cy: number; commune: string; dtich: number })[]>`
      SELECT p.id, p.tk, p.khoanh, p.lo, c.name AS commune, p.dtich, ST_X(ST_PointOnSurface(p.geom)) AS cx, ST_Y(ST_PointOnSurface(p.geom)) AS cy,
             ST_XMin(p.geom) AS xmin, ST_YMin(p.geom) AS ymin, ST_XMax(p.geom) AS xmax, ST_YMax(p.geom) AS ymax
      FROM forest_plot p JOIN admin_unit c ON c.code = p.commune_code
      WHERE p.tk = ${p.tk} AND p.khoanh = ${p.khoanh}
      ORDER BY abs(coalesce(NULLIF(regexp_replace(p.lo, '[^0-9]', '', 'g'), '')::int, 0) - ${loNo}), p.lo
      LIMIT ${n}`;
    if (rows.length) {
      return rows.map((r) => ({ kind: 'plot', id: String(r.id), label: plotLabel(r.tk, r.khoanh, r.lo), sublabel: `${r.commune} · ${r.dtich} ha`, center: [r.cx, r.cy], bbox: bbox(r) }));
    }
  }
  if (p.kind !== 'tieukhu') {
    const rows = await sql<(Box & { tk: number; khoanh: number; cx: number; cy: number; commune: string; area_ha: number })[]>`
      SELECT k.tk, k.khoanh, c.name AS commune, k.area_ha, ST_X(ST_PointOnSurface(k.geom)) AS cx, ST_Y(ST_PointOnSurface(k.geom)) AS cy,
             ST_XMin(k.geom) AS xmin, ST_YMin(k.geom) AS ymin, ST_XMax(k.geom) AS xmax, ST_YMax(k.geom) AS ymax
      FROM forest_khoanh k JOIN admin_unit c ON c.code = k.commune_code
      WHERE k.tk = ${p.tk}
      ORDER BY abs(k.khoanh - ${p.khoanh}), k.khoanh
      LIMIT ${n}`;
    if (rows.length) {
      return rows.map((r) => ({ kind: 'khoanh', id: `k:${r.tk}/${r.khoanh}`, label: `TK ${r.tk} · K ${r.khoanh}`, sublabel: `${r.commune} · ${Math.round(r.area_ha)} ha`, center: [r.cx, r.cy], bbox: bbox(r) }));
    }
  }
  const rows = await sql<(Box & { tk: number; cx: number; cy: number; commune: string; area_ha: number })[]>`
    SELECT t.tk, c.name AS commune, t.area_ha, ST_X(ST_PointOnSurface(t.geom)) AS cx, ST_Y(ST_PointOnSurface(t.geom)) AS cy,
           ST_XMin(t.geom) AS xmin, ST_YMin(t.geom) AS ymin, ST_XMax(t.geom) AS xmax, ST_YMax(t.geom) AS ymax
    FROM forest_tieu_khu t JOIN admin_unit c ON c.code = t.commune_code
    ORDER BY abs(t.tk - ${p.tk}), t.tk
    LIMIT ${n}`;
  return rows.map((r) => ({ kind: 'tieukhu', id: `tk:${r.tk}`, label: `Tiểu khu ${r.tk}`, sublabel: `${r.commune} · ${Math.round(r.area_ha)} ha`, center: [r.cx, r.cy], bbox: bbox(r) }));
}

/** One search box: tiểu khu / khoảnh / lô codes, coordinates (WGS84, DMS, VN-2000) and names. */
export async function search(sql: Sql, q: string, limit: number): Promise<SearchResponse> {
  const parsed = parseSearch(q);
  switch (parsed.kind) {
    case 'tieukhu':
    case 'khoanh':
    case 'plot': {
      const hits = await forestHits(sql, parsed, limit);
      const res: SearchResponse = { query: q, parsed: { kind: parsed.kind, detail: JSON.stringify(parsed) }, hits };
      if (hits.length === 0) res.suggestions = await forestSuggestions(sql, parsed, limit);
      return res;
    }
    case 'coordinate': {
      const label = `${parsed.lat.toFixed(6)}, ${parsed.lon.toFixed(6)}`;
      return {
        query: q,
        parsed: { kind: 'coordinate', detail: parsed.source },
        hits: [{ kind: 'coordinate', id: `${parsed.lon},${parsed.lat}`, label, sublabel: parsed.source.toUpperCase(), center: [parsed.lon, parsed.lat], bbox: null }],
      };
    }
    default:
      return { query: q, parsed: { kind: 'name', detail: parsed.folded }, hits: await typedNameHits(sql, parsed.folded, limit) };
  }
}
