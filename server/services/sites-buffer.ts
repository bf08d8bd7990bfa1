/**
 * Village buffers: the lô within a radius of chosen villages, their total area, and the
 * buffer circles for the map. One query (server/sql/planner/buffer.sql).
 */
import type { Sql } from 'postgres';
import type { MultiPolygon, Polygon } from 'geojson';
import { sqlFile } from '../sql/load.ts';
import type { BufferQuery, BufferResponse, ForestFunction } from '../domain/planner.ts';
import { notFound } from '../http/errors.ts';
import { plotLabel } from '../domain/forest.ts';

interface Row {
  kind: 'village' | 'plot';
  code: string;
  name: string | null;
  commune_name: string;
  lon: number | null;
  lat: number | null;
  plots: number | null;
  area_ha: number;
  geojson: string;
  id: string | null;
  tk: number | null;
  khoanh: number | null;
  lo: string | null;
  ldlr: string | null;
  forest_function: ForestFunction | null;
  d: number | null;
  n: string | null;
  total_ha: number | null;
}

/** Lô within `km` of the villages; 404 when none of the village codes exists. */
export async function villageBuffers(sql: Sql, q: BufferQuery): Promise<BufferResponse> {
  const rows = await sql.unsafe<Row[]>(sqlFile('planner/buffer'), [q.villages, q.km, q.functions?.length ? q.functions : null, q.limit] as never[]);
  const villages = rows.filter((r) => r.kind === 'village');
  if (!villages.length) throw notFound({ vi: 'thôn đã chọn', en: 'The chosen villages were' });
  const plots = rows.filter((r) => r.kind === 'plot');
  const count = Number(villages[0]!.n ?? 0);
  return {
    km: q.km,
    villages: villages.map((v) => ({ code: v.code, name: v.name ?? v.code, communeName: v.commune_name, lon: v.lon!, lat: v.lat!, plotCount: v.plots ?? 0, areaHa: Math.round(v.area_ha * 100) / 100 })),
    count,
    totalAreaHa: Math.round((villages[0]!.total_ha ?? 0) * 100) / 100,
    rows: plots.map((p) => ({
      plotId: Number(p.id),
      label: plotLabel(p.tk!, p.khoanh!, p.lo!),
      communeName: p.commune_name,
      areaHa: p.area_ha,
      ldlr: p.ldlr!,
      forestFunction: p.forest_function!,
      villageCode: p.code,
      distanceM: p.d ?? 0,
      geometry: JSON.parse(p.geojson) as MultiPolygon,
    })),
    buffers: villages.map((v) => ({ code: v.code, geometry: JSON.parse(v.geojson) as Polygon | MultiPolygon })),
    truncated: count > plots.length,
  };
}
