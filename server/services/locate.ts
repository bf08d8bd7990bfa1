import type { Sql } from 'postgres';
import type { LocateResponse } from '../domain/api.ts';
import { plotLabel } from '../domain/forest.ts';
import { VN2000_KONTUM_SRID } from '../geo/vn2000.ts';

/**
 * "Where am I": a WGS 84 point (checked against LOCATE_EXTENT by the route) in VN-2000, with the
 * commune, district, tiểu khu, khoảnh and lô it falls in. The point is a bound parameter; indexed
 * geometry columns are compared untransformed.
 */
export async function locate(sql: Sql, lon: number, lat: number): Promise<LocateResponse> {
  const [r] = await sql<{ x: number; y: number; commune_code: string | null; commune_name: string | null; district_code: string | null; district_name: string | null; tk: number | null; khoanh: number | null; plot_id: string | null; plot_tk: number | null; plot_khoanh: number | null; plot_lo: string | null }[]>`
    WITH pt AS (SELECT ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326) AS g)
    SELECT ST_Y(ST_Transform(pt.g, ${VN2000_KONTUM_SRID}::int)) AS x, ST_X(ST_Transform(pt.g, ${VN2000_KONTUM_SRID}::int)) AS y,
           c.code AS commune_code, c.name AS commune_name, d.code AS district_code, d.name AS district_name,
           (SELECT t.tk FROM forest_tieu_khu t WHERE ST_Intersects(t.geom, pt.g) LIMIT 1) AS tk,
           (SELECT k.khoanh FROM forest_khoanh k WHERE ST_Intersects(k.geom, pt.g) LIMIT 1) AS khoanh,
           p.id AS plot_id, p.tk AS plot_tk, p.khoanh AS plot_khoanh, p.lo AS plot_lo
    FROM pt
    LEFT JOIN admin_unit c ON c.level = 'commune' AND ST_Intersects(c.geom, pt.g)
    LEFT JOIN admin_unit d ON d.code = c.parent_code
    LEFT JOIN LATERAL (SELECT f.id, f.tk, f.khoanh, f.lo FROM forest_plot f WHERE ST_Intersects(f.geom, pt.g) LIMIT 1) p ON true
    LIMIT 1`;
  return {
    lon,
    lat,
    vn2000: { x: r!.x, y: r!.y, zone: "107°30′ (TM-3)", srid: VN2000_KONTUM_SRID },
    province: r!.commune_code ? { code: '62', name: 'Kon Tum' } : null,
    district: r!.district_code ? { code: r!.district_code, name: r!.district_name! } : null,
    commune: r!.commune_code ? { code: r!.commune_code, name: r!.commune_name! } : null,
    tieukhu: r!.tk,
    khoanh: r!.khoanh,
    plot: r!.plot_id ? { id: Number(r!.plot_id), label: plotLabel(r!.plot_tk!, r!.plot_khoanh!, r!.plot_lo!) } : null,
  };
}
