/**
 * Items of an OGC API – Features collection as a GeoJSON FeatureCollection: bbox (in any offered
 * CRS), property filters (equality), the year where it applies, limit/offset paging and output in
 * the requested CRS. One SQL statement per page; the features are serialised by PostgreSQL.
 */
import type { Sql } from 'postgres';
import type { OgcCollection, OgcProperty } from './collections.ts';
import type { OgcCrs } from './crs.ts';

export const OGC_DEFAULT_LIMIT = 100;
export const OGC_MAX_LIMIT = 10_000;

export interface ItemsQuery {
  bbox?: [number, number, number, number];
  bboxCrs: OgcCrs;
  crs: OgcCrs;
  limit: number;
  offset: number;
  year: number | null;
  /** property name → value, already converted to the property's type */
  filters: Record<string, string | number | boolean>;
  /** one feature by id */
  id?: string;
  /** add "anchor": [lon, lat] (a point on the surface, WGS 84) to each feature, for exports */
  anchor?: boolean;
}

export interface ItemsPage {
  /** serialised GeoJSON features */
  features: string[];
  numberMatched: number;
}

/** The SQL text of the collection's rows matching the query, with bound parameters ($1 = year). */
function whereClause(c: OgcCollection, q: ItemsQuery, params: unknown[]): string {
  // $1 is referenced here so its type is known even in collections without a year.
  const parts = [`(${c.where})`, '($1::int IS NULL OR $1::int IS NOT NULL)'];
  if (q.bbox) {
    const [a, b, cc, d] = q.bboxCrs.latFirst ? [q.bbox[1], q.bbox[0], q.bbox[3], q.bbox[2]] : q.bbox;
    params.push(a, b, cc, d);
    const n = params.length;
    const env = `ST_MakeEnvelope($${n - 3}::float8, $${n - 2}::float8, $${n - 1}::float8, $${n}::float8, ${q.bboxCrs.srid})`;
    // The envelope is transformed (once), never the indexed column.
    const e = q.bboxCrs.srid === 4326 ? env : `ST_Transform(${env}, 4326)`;
    parts.push(`g.geom && ${e}`, `ST_Intersects(g.geom, ${e})`);
  }
  for (const [name, value] of Object.entries(q.filters)) {
    const p = c.properties[name] as OgcProperty;
    params.push(value);
    parts.push(`(${p.sql}) = $${params.length}::${p.type === 'integer' ? 'bigint' : p.type === 'boolean' ? 'boolean' : 'text'}`);
  }
  if (q.id !== undefined) {
    params.push(q.id);
    parts.push(`(${c.idSql})::text = $${params.length}::text`);
  }
  return parts.join(' AND ');
}

function geometrySql(crs: OgcCrs): string {
  let g = crs.srid === 4326 ? 'g.geom' : `ST_Transform(g.geom, ${crs.srid})`;
  if (crs.latFirst) g = `ST_FlipCoordinates(${g})`;
  return `ST_AsGeoJSON(${g}, ${crs.digits})::json`;
}

/** One page of features and the number matched. */
export async function queryItems(sql: Sql, c: OgcCollection, q: ItemsQuery): Promise<ItemsPage> {
  const params: unknown[] = [q.year];
  const where = whereClause(c, q, params);
  const props = Object.entries(c.properties)
    .map(([name, p]) => `'${name}', ${p.sql}`)
    .join(', ');
  const countSql = `SELECT count(*)::int AS n FROM ${c.from} WHERE ${where}`;
  const pageParams = [...params, q.limit, q.offset];
  const n = pageParams.length;
  const pageSql = `
    SELECT json_build_object(
      'type', 'Feature',
      'id', ${c.idSql},
      'geometry', ${geometrySql(q.crs)},
      'properties', json_build_object(${props})${q.anchor ? `,
      'anchor', json_build_array(round(ST_X(ST_PointOnSurface(g.geom))::numeric, 7), round(ST_Y(ST_PointOnSurface(g.geom))::numeric, 7))` : ''}
    )::text AS f
    FROM ${c.from}
    WHERE ${where}
    ORDER BY ${c.idSql}
    LIMIT $${n - 1}::int OFFSET $${n}::int`;
  const [count, rows] = await Promise.all([
    sql.unsafe<{ n: number }[]>(countSql, params as never[]),
    sql.unsafe<{ f: string }[]>(pageSql, pageParams as never[]),
  ]);
  return { features: rows.map((r) => r.f), numberMatched: count[0]?.n ?? 0 };
}

/** The collection's extent in CRS84, or null when it is empty. */
export async function collectionExtent(sql: Sql, c: OgcCollection): Promise<[number, number, number, number] | null> {
  const rows = await sql.unsafe<{ x0: number | null; y0: number; x1: number; y1: number }[]>(
    `SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
     FROM (SELECT ST_Extent(g.geom) AS e FROM ${c.from} WHERE (${c.where}) AND ($1::int IS NULL OR $1::int IS NOT NULL)) t`,
    [null] as never[],
  );
  const r = rows[0];
  if (!r || r.x0 == null) return null;
  const round = (v: number, up: boolean) => (up ? Math.ceil(v * 1e6) : Math.floor(v * 1e6)) / 1e6;
  return [round(r.x0, false), round(r.y0, false), round(r.x1, true), round(r.y1, true)];
}
