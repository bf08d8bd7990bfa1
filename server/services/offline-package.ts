/**
 * The offline package of one tiểu khu, one commune (GET /api/offline/package) or an area drawn on
 * the map (POST, the lô intersecting it): its lô with
 * their full record (the lô panel's own answer, latest inspection included), its tiểu khu and
 * khoảnh, the communes it lies in, and the search index of their codes and names. See
 * domain/offline.ts for the shape and docs/offline.md for how the phone uses it.
 */
import { createHash } from 'node:crypto';
import type { Sql } from 'postgres';
import { foldCompact } from '../domain/text.ts';
import {
  drawnRingIssue,
  OFFLINE_MAX_AREA_KM2,
  OFFLINE_MAX_PLOTS,
  type AreaGeometry,
  type OfflinePackage,
  type OfflinePackageQuery,
  type OfflinePolygonBody,
  type OfflineSearchEntry,
} from '../domain/offline.ts';
import { notFound, unprocessable } from '../http/errors.ts';
import { plotDetails } from './plot-detail.ts';
import { tieuKhuDetail } from './tieukhu-detail.ts';
import { bbox, khoanhHit, plotHit, tieuKhuHit, type Box } from './search-hits.ts';

/** GeoJSON to 6 decimals (≈ 0.1 m): enough to tell which lô a phone stands in, and a quarter smaller. */
const PRECISION = 6;

export async function offlinePackage(sql: Sql, q: OfflinePackageQuery | OfflinePolygonBody): Promise<OfflinePackage> {
  const area = 'polygon' in q ? await drawnArea(sql, q) : await areaOf(sql, q);
  // a drawn area: the lô whose geometry meets it (index by &&, the column untouched)
  const inArea = area.drawn !== null ? sql`p.geom && ${drawnGeom(sql, area.drawn)} AND ST_Intersects(p.geom, ${drawnGeom(sql, area.drawn)})` : area.tk !== null ? sql`p.tk = ${area.tk}` : sql`p.commune_code = ${area.commune}`;
  const [{ n }] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM forest_plot p WHERE ${inArea}`;
  if (n > OFFLINE_MAX_PLOTS) {
    throw unprocessable(
      `Vùng có ${n} lô, quá nhiều để mang theo một lần (tối đa ${OFFLINE_MAX_PLOTS}): hãy chọn từng tiểu khu`,
      `The area has ${n} lô, too many to carry at once (at most ${OFFLINE_MAX_PLOTS}): choose tiểu khu one by one`,
    );
  }
  const plots = await sql<(Box & { id: string; tk: number; khoanh: number; lo: string; dtich: number; commune: string; cx: number; cy: number; geojson: string })[]>`
    SELECT p.id, p.tk, p.khoanh, p.lo, p.dtich, c.name AS commune,
           ST_X(ST_PointOnSurface(p.geom)) AS cx, ST_Y(ST_PointOnSurface(p.geom)) AS cy,
           ST_XMin(p.geom) AS xmin, ST_YMin(p.geom) AS ymin, ST_XMax(p.geom) AS xmax, ST_YMax(p.geom) AS ymax,
           ST_AsGeoJSON(p.geom, ${PRECISION}) AS geojson
    FROM forest_plot p JOIN admin_unit c ON c.code = p.commune_code
    WHERE ${inArea}
    ORDER BY p.tk, p.khoanh, p.lo`;
  const tkNumbers = [...new Set(plots.map((p) => p.tk))];
  if (area.tk !== null && !tkNumbers.includes(area.tk)) tkNumbers.push(area.tk);
  const tieuKhu = await sql<(Box & { tk: number; area_ha: number; commune: string; cx: number; cy: number; geojson: string })[]>`
    SELECT t.tk, t.area_ha, c.name AS commune, ST_X(ST_PointOnSurface(t.geom)) AS cx, ST_Y(ST_PointOnSurface(t.geom)) AS cy,
           ST_XMin(t.geom) AS xmin, ST_YMin(t.geom) AS ymin, ST_XMax(t.geom) AS xmax, ST_YMax(t.geom) AS ymax,
           ST_AsGeoJSON(t.geom, ${PRECISION}) AS geojson
    FROM forest_tieu_khu t JOIN admin_unit c ON c.code = t.commune_code
    WHERE t.tk = ANY(${tkNumbers}::int[]) ORDER BY t.tk`;
  const khoanh = await sql<(Box & { tk: number; khoanh: number; area_ha: number; commune: string; cx: number; cy: number; geojson: string })[]>`
    SELECT k.tk, k.khoanh, k.area_ha, c.name AS commune, ST_X(ST_PointOnSurface(k.geom)) AS cx, ST_Y(ST_PointOnSurface(k.geom)) AS cy,
           ST_XMin(k.geom) AS xmin, ST_YMin(k.geom) AS ymin, ST_XMax(k.geom) AS xmax, ST_YMax(k.geom) AS ymax,
           ST_AsGeoJSON(k.geom, ${PRECISION}) AS geojson
    FROM forest_khoanh k JOIN admin_unit c ON c.code = k.commune_code
    WHERE k.tk = ANY(${tkNumbers}::int[]) ORDER BY k.tk, k.khoanh`;
  const communeCodes = [...new Set([...(area.commune ? [area.commune] : []), ...(area.drawn !== null ? await communesMeeting(sql, area.drawn) : []), ...(await communesOfTieuKhu(sql, tkNumbers))])];
  const communes = await sql<(Box & { code: string; name: string; full_name: string; d_code: string; d_name: string; p_code: string; p_name: string; name_search: string; cx: number; cy: number; geojson: string })[]>`
    SELECT c.code, c.name, c.full_name, d.code AS d_code, d.name AS d_name, p.code AS p_code, p.name AS p_name, c.name_search,
           ST_X(ST_PointOnSurface(c.geom)) AS cx, ST_Y(ST_PointOnSurface(c.geom)) AS cy,
           ST_XMin(c.geom) AS xmin, ST_YMin(c.geom) AS ymin, ST_XMax(c.geom) AS xmax, ST_YMax(c.geom) AS ymax,
           ST_AsGeoJSON(c.geom, ${PRECISION}) AS geojson
    FROM admin_unit c JOIN admin_unit d ON d.code = c.parent_code JOIN admin_unit p ON p.code = d.parent_code
    WHERE c.code = ANY(${communeCodes}::text[]) ORDER BY c.code`;
  const villages = await sql<{ code: string; name: string; name_search: string; commune: string; lon: number; lat: number }[]>`
    SELECT v.code, v.name, v.name_search, c.full_name AS commune, ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat
    FROM village v JOIN admin_unit c ON c.code = v.commune_code
    WHERE v.commune_code = ANY(${communeCodes}::text[]) ORDER BY v.code`;
  const versions = await sql<{ layer: string; version: string }[]>`SELECT layer, version FROM data_version`;

  const details = await plotDetails(sql, plots.map((p) => Number(p.id)));
  const geomOf = new Map(plots.map((p) => [Number(p.id), JSON.parse(p.geojson) as AreaGeometry]));
  const search: OfflineSearchEntry[] = [
    ...tieuKhu.map((t) => ({ hit: tieuKhuHit(t), code: { kind: 'tieukhu' as const, tk: t.tk } })),
    ...khoanh.map((k) => ({ hit: khoanhHit(k), code: { kind: 'khoanh' as const, tk: k.tk, khoanh: k.khoanh } })),
    ...plots.map((p) => ({ hit: plotHit(p), code: { kind: 'plot' as const, tk: p.tk, khoanh: p.khoanh, lo: p.lo.toLowerCase() } })),
    ...communes.map((c) => ({
      hit: { kind: 'commune' as const, id: c.code, label: c.full_name, sublabel: c.d_name, center: [c.cx, c.cy] as [number, number], bbox: bbox(c) },
      name: foldCompact(c.name_search),
    })),
    ...villages.map((v) => ({
      hit: { kind: 'village' as const, id: v.code, label: v.name, sublabel: v.commune, center: [v.lon, v.lat] as [number, number], bbox: null },
      name: foldCompact(v.name_search),
    })),
  ];
  return {
    area: { kind: area.drawn !== null ? 'drawn' : area.tk !== null ? 'tieukhu' : 'commune', code: area.code, label: area.label, bbox: area.bbox, ...(area.areaHa !== undefined ? { areaHa: area.areaHa } : {}) },
    generatedAt: new Date().toISOString(),
    dataVersions: Object.fromEntries(versions.map((v) => [v.layer, Number(v.version)])),
    plots: details.map((detail) => ({ detail, geometry: geomOf.get(detail.id)! })),
    tieuKhu: await Promise.all(tieuKhu.map(async (t) => ({ detail: await tieuKhuDetail(sql, t.tk), geometry: JSON.parse(t.geojson) as AreaGeometry }))),
    khoanh: khoanh.map((k) => ({ tk: k.tk, khoanh: k.khoanh, geometry: JSON.parse(k.geojson) as AreaGeometry })),
    communes: communes.map((c) => ({
      code: c.code,
      name: c.name,
      district: { code: c.d_code, name: c.d_name },
      province: { code: c.p_code, name: c.p_name },
      geometry: JSON.parse(c.geojson) as AreaGeometry,
    })),
    search,
  };
}

interface Area {
  tk: number | null;
  commune: string | null;
  /** a drawn area's GeoJSON text */
  drawn: string | null;
  areaHa?: number;
  code: string;
  label: string;
  bbox: [number, number, number, number];
}

async function areaOf(sql: Sql, q: OfflinePackageQuery): Promise<Area> {
  if (q.tieuKhu !== undefined) {
    const [t] = await sql<Box[]>`
      SELECT ST_XMin(geom) AS xmin, ST_YMin(geom) AS ymin, ST_XMax(geom) AS xmax, ST_YMax(geom) AS ymax FROM forest_tieu_khu WHERE tk = ${q.tieuKhu}`;
    if (!t) throw notFound({ vi: `tiểu khu ${q.tieuKhu}`, en: `Tiểu khu ${q.tieuKhu}` });
    return { tk: q.tieuKhu, commune: null, drawn: null, code: String(q.tieuKhu), label: `Tiểu khu ${q.tieuKhu}`, bbox: bbox(t) };
  }
  const code = q.commune!;
  const [c] = await sql<(Box & { full_name: string })[]>`
    SELECT full_name, ST_XMin(geom) AS xmin, ST_YMin(geom) AS ymin, ST_XMax(geom) AS xmax, ST_YMax(geom) AS ymax
    FROM admin_unit WHERE code = ${code} AND level = 'commune'`;
  if (!c) throw notFound({ vi: `xã có mã ${code}`, en: `Commune ${code}` });
  return { tk: null, commune: code, drawn: null, code, label: c.full_name, bbox: bbox(c) };
}

const drawnGeom = (sql: Sql, geojson: string) => sql`ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326)`;

/**
 * A drawn area, refused with a bilingual 422 when its ring is empty, open, has fewer than three
 * corners, leaves the province, crosses itself (PostGIS's reason given) or is wider than
 * OFFLINE_MAX_AREA_KM2. Its code is a digest of the ring: drawing the same area again (or
 * updating it) is the same prepared area.
 */
async function drawnArea(sql: Sql, q: OfflinePolygonBody): Promise<Area> {
  const ring = q.polygon.coordinates[0]!;
  const issue = drawnRingIssue(ring);
  if (issue) throw unprocessable(issue.vi, issue.en);
  const geojson = JSON.stringify({ type: 'Polygon', coordinates: [ring] });
  const [v] = await sql<(Box & { ok: boolean; reason: string; m2: number })[]>`
    SELECT ST_IsValid(g) AS ok, ST_IsValidReason(g) AS reason, ST_Area(g::geography) AS m2,
           ST_XMin(g) AS xmin, ST_YMin(g) AS ymin, ST_XMax(g) AS xmax, ST_YMax(g) AS ymax
    FROM (SELECT ${drawnGeom(sql, geojson)} AS g) x`;
  if (!v!.ok) {
    throw unprocessable(`Vùng vẽ không hợp lệ (tự cắt hoặc chồng lấn): ${v!.reason}`, `The drawn area is not a valid polygon (it crosses itself or overlaps): ${v!.reason}`);
  }
  const km2 = Number(v!.m2) / 1e6;
  if (km2 > OFFLINE_MAX_AREA_KM2) {
    const shown = Math.round(km2);
    throw unprocessable(
      `Vùng vẽ rộng ${shown} km², quá lớn để mang theo (tối đa ${OFFLINE_MAX_AREA_KM2} km²): hãy vẽ vùng nhỏ hơn`,
      `The drawn area is ${shown} km², too large to carry (at most ${OFFLINE_MAX_AREA_KM2} km²): draw a smaller area`,
    );
  }
  const areaHa = Math.round(Number(v!.m2) / 100) / 100;
  const code = createHash('sha256').update(JSON.stringify(ring)).digest('hex').slice(0, 12);
  return { tk: null, commune: null, drawn: geojson, areaHa, code, label: `Vùng vẽ ${areaHa.toLocaleString('vi-VN')} ha`, bbox: bbox(v!) };
}

/** The communes a drawn area meets (for "where am I" at its edge, where no lô lies). */
async function communesMeeting(sql: Sql, geojson: string): Promise<string[]> {
  const rows = await sql<{ code: string }[]>`
    SELECT c.code FROM admin_unit c WHERE c.level = 'commune' AND c.geom && ${drawnGeom(sql, geojson)} AND ST_Intersects(c.geom, ${drawnGeom(sql, geojson)})`;
  return rows.map((r) => r.code);
}

/** The communes the tiểu khu lie in (a tiểu khu's lô may reach into a neighbour). */
async function communesOfTieuKhu(sql: Sql, tks: number[]): Promise<string[]> {
  if (tks.length === 0) return [];
  const rows = await sql<{ code: string }[]>`
    SELECT DISTINCT commune_code AS code FROM forest_tieu_khu WHERE tk = ANY(${tks}::int[])
    UNION SELECT DISTINCT commune_code FROM forest_plot WHERE tk = ANY(${tks}::int[])`;
  return rows.map((r) => r.code);
}
