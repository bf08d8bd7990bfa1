import type { Sql } from 'postgres';
import type { SearchHit, SearchResponse } from '../domain/api.ts';
import { parseSearch, splitKindWord, type NameKind, type ParsedSearch } from './search-parse.ts';
import { foldCompact } from '../domain/text.ts';
import { bbox, khoanhHit, plotHit, tieuKhuHit, type Box } from './search-hits.ts';

const KIND_VI: Record<string, string> = { xa: 'Xã', phuong: 'Phường', thi_tran: 'Thị trấn', huyen: 'Huyện', thanh_pho: 'Thành phố', tinh: 'Tỉnh' };

async function forestHits(sql: Sql, p: Extract<ParsedSearch, { kind: 'tieukhu' | 'khoanh' | 'plot' }>, limit: number): Promise<SearchHit[]> {
  if (p.kind === 'tieukhu') {
    const rows = await sql<(Box & { tk: number; cx: number; cy: number; commune: string; area_ha: number })[]>`
      SELECT t.tk, c.name AS commune, t.area_ha, ST_X(ST_PointOnSurface(t.geom)) AS cx, ST_Y(ST_PointOnSurface(t.geom)) AS cy,
             ST_XMin(t.geom) AS xmin, ST_YMin(t.geom) AS ymin, ST_XMax(t.geom) AS xmax, ST_YMax(t.geom) AS ymax
      FROM forest_tieu_khu t JOIN admin_unit c ON c.code = t.commune_code WHERE t.tk = ${p.tk}`;
    return rows.map(tieuKhuHit);
  }
  if (p.kind === 'khoanh') {
    const rows = await sql<(Box & { tk: number; khoanh: number; cx: number; cy: number; commune: string; area_ha: number })[]>`
      SELECT k.tk, k.khoanh, c.name AS commune, k.area_ha, ST_X(ST_PointOnSurface(k.geom)) AS cx, ST_Y(ST_PointOnSurface(k.geom)) AS cy,
             ST_XMin(k.geom) AS xmin, ST_YMin(k.geom) AS ymin, ST_XMax(k.geom) AS xmax, ST_YMax(k.geom) AS ymax
      FROM forest_khoanh k JOIN admin_unit c ON c.code = k.commune_code WHERE k.tk = ${p.tk} AND k.khoanh = ${p.khoanh}`;
    return rows.map(khoanhHit);
  }
  const rows = await sql<(Box & { id: string; tk: number; khoanh: number; lo: string; cx: number; cy: number; commune: string; dtich: number })[]>`
    SELECT p.id, p.tk, p.khoanh, p.lo, c.name AS commune, p.dtich, ST_X(ST_PointOnSurface(p.geom)) AS cx, ST_Y(ST_PointOnSurface(p.geom)) AS cy,
           ST_XMin(p.geom) AS xmin, ST_YMin(p.geom) AS ymin, ST_XMax(p.geom) AS xmax, ST_YMax(p.geom) AS ymax
    FROM forest_plot p JOIN admin_unit c ON c.code = p.commune_code
    WHERE p.tk = ${p.tk} AND p.khoanh = ${p.khoanh} AND lower(p.lo) = lower(${p.lo})
    LIMIT ${limit}`;
  return rows.map(plotHit);
}

/**
 * Units and villages whose folded name contains the query. `kind` (from a typed kind word such as
 * "xã" or "thôn") keeps only units of that kind, or only villages.
 */
async function nameHits(sql: Sql, folded: string, limit: number, kind: NameKind | null = null, withNewUnits = true): Promise<SearchHit[]> {
  const compact = foldCompact(folded);
  const like = `%${compact.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const unitKind = kind && kind !== 'village' ? kind : null;
  const units =
    kind === 'village'
      ? []
      : await sql<(Box & { code: string; full_name: string; kind: string; level: string; parent: string | null; now_in: string | null; cx: number; cy: number; starts: boolean })[]>`
    SELECT u.code, u.full_name, u.kind, u.level, p.name AS parent, n.full_name AS now_in,
           ST_X(ST_PointOnSurface(u.geom)) AS cx, ST_Y(ST_PointOnSurface(u.geom)) AS cy,
           ST_XMin(u.geom) AS xmin, ST_YMin(u.geom) AS ymin, ST_XMax(u.geom) AS xmax, ST_YMax(u.geom) AS ymax,
           replace(u.name_search, ' ', '') LIKE ${compact + '%'} AS starts
    FROM admin_unit u LEFT JOIN admin_unit p ON p.code = u.parent_code
    LEFT JOIN admin_unit_succession s ON s.old_code = u.code
    LEFT JOIN admin_unit_2025 n ON n.code = s.new_code
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
  // the units of 1 July 2025 of that name (xã or phường; none for a district or village query)
  const newUnits =
    kind === 'village' || (unitKind && unitKind !== 'xa' && unitKind !== 'phuong') || !withNewUnits
      ? []
      : await sql<(Box & { code: string; full_name: string; old_names: string; cx: number; cy: number })[]>`
    SELECT n.code, n.full_name,
           (SELECT string_agg(o.name, ', ' ORDER BY o.name) FROM admin_unit_succession s JOIN admin_unit o ON o.code = s.old_code
             WHERE s.new_code = n.code) AS old_names,
           ST_X(ST_PointOnSurface(n.geom)) AS cx, ST_Y(ST_PointOnSurface(n.geom)) AS cy,
           ST_XMin(n.geom) AS xmin, ST_YMin(n.geom) AS ymin, ST_XMax(n.geom) AS xmax, ST_YMax(n.geom) AS ymax
    FROM admin_unit_2025 n
    WHERE n.geom IS NOT NULL AND replace(n.name_search, ' ', '') LIKE ${like} AND (${unitKind}::text IS NULL OR n.kind = ${unitKind})
    ORDER BY replace(n.name_search, ' ', '') LIKE ${compact + '%'} DESC, length(n.name_search)
    LIMIT ${limit}`;
  // order: districts, then the new units, then the old communes (a district keeps first place for its name)
  const unitHits: SearchHit[] = [];
  const newHits: SearchHit[] = newUnits.map((n) => ({
    kind: 'unit2025',
    id: n.code,
    label: n.full_name,
    sublabel: `Từ 1/7/2025 · gồm ${n.old_names ?? ''}`,
    center: [n.cx, n.cy],
    bbox: bbox(n),
  }));
  for (const u of units) {
    const where = u.parent ? `${KIND_VI[u.kind] ?? ''} · ${u.parent}`.replace(/^ · /, '') : KIND_VI[u.kind] ?? '';
    unitHits.push({
      kind: u.level === 'district' ? 'district' : 'commune',
      id: u.code,
      // an old commune says what it is part of since 1 July 2025 (its name alone may now be a new unit's)
      label: u.now_in ? `${u.full_name} (cũ)` : u.full_name,
      sublabel: u.now_in ? `${where} · nay thuộc ${u.now_in}` : where,
      center: [u.cx, u.cy],
      bbox: bbox(u),
    });
  }
  const districts = unitHits.filter((h) => h.kind === 'district');
  const hits: SearchHit[] = [...districts, ...newHits, ...unitHits.filter((h) => h.kind !== 'district')];
  for (const v of villages) {
    hits.push({ kind: 'village', id: v.code, label: v.name, sublabel: v.commune, center: [v.lon, v.lat], bbox: null });
  }
  return hits.slice(0, limit);
}

/**
 * A name as people type it: "Xã Đắk Nhoong", "thôn Kon Klor" — the kind word chooses the kind and
 * the rest is the name; the whole text is searched too (a village may be called "Thôn 5").
 */
async function typedNameHits(sql: Sql, folded: string, limit: number, oldOnly = false): Promise<SearchHit[]> {
  // "xã Đắk Cấm (cũ)": the unit before 1 July 2025 — the old units only, "(cũ)" is no part of the name
  if (oldOnly) folded = folded.replace(/ cu$/, '');
  const split = splitKindWord(folded);
  const hits = split ? await nameHits(sql, split.name, limit, split.kind, !oldOnly) : [];
  for (const h of await nameHits(sql, folded, limit, null, !oldOnly)) if (!hits.some((x) => x.kind === h.kind && x.id === h.id)) hits.push(h);
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
      return rows.map(plotHit);
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
      return rows.map(khoanhHit);
    }
  }
  const rows = await sql<(Box & { tk: number; cx: number; cy: number; commune: string; area_ha: number })[]>`
    SELECT t.tk, c.name AS commune, t.area_ha, ST_X(ST_PointOnSurface(t.geom)) AS cx, ST_Y(ST_PointOnSurface(t.geom)) AS cy,
           ST_XMin(t.geom) AS xmin, ST_YMin(t.geom) AS ymin, ST_XMax(t.geom) AS xmax, ST_YMax(t.geom) AS ymax
    FROM forest_tieu_khu t JOIN admin_unit c ON c.code = t.commune_code
    ORDER BY abs(t.tk - ${p.tk}), t.tk
    LIMIT ${n}`;
  return rows.map(tieuKhuHit);
}

/** "(cũ)" after a name: the unit as it was before 1 July 2025. */
const OLD_UNIT_MARK = /\(\s*c[uũ]\s*\)\s*$/i;

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
      return { query: q, parsed: { kind: 'name', detail: parsed.folded }, hits: await typedNameHits(sql, parsed.folded, limit, OLD_UNIT_MARK.test(q)) };
  }
}
