import type { Sql } from 'postgres';
import type { TieuKhuDetail } from '../domain/api.ts';
import { notFound } from '../http/errors.ts';
import { sqlFile } from '../sql/load.ts';

/** A tiểu khu for its panel (GET /api/tieukhu/:no): commune, area, khoảnh, lô by class, planted and accepted area. */
export async function tieuKhuDetail(sql: Sql, tk: number): Promise<TieuKhuDetail> {
  const [r] = await sql.unsafe<
    {
      tk: number; area_ha: number; commune_code: string; commune_name: string; district_code: string; district_name: string;
      cx: number; cy: number; xmin: number; ymin: number; xmax: number; ymax: number;
      khoanh: TieuKhuDetail['khoanh']; by_class: TieuKhuDetail['byClass']; plot_count: number; planted_ha: number; accepted_ha: number;
    }[]
  >(sqlFile('forest/tieukhu-detail'), [tk]);
  if (!r) throw notFound({ vi: `tiểu khu ${tk}`, en: `Tiểu khu ${tk}` });
  return {
    tk: r.tk,
    label: `Tiểu khu ${r.tk}`,
    commune: { code: r.commune_code, name: r.commune_name },
    district: { code: r.district_code, name: r.district_name },
    areaHa: Math.round(r.area_ha * 100) / 100,
    centroid: [r.cx, r.cy],
    bbox: [r.xmin, r.ymin, r.xmax, r.ymax],
    khoanh: r.khoanh.map((k) => ({ khoanh: k.khoanh, areaHa: Number(k.areaHa), plots: Number(k.plots) })),
    plots: r.plot_count,
    byClass: r.by_class,
    plantedHa: r.planted_ha,
    acceptedHa: r.accepted_ha,
  };
}
