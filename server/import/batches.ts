/**
 * Reading import batches: the list, a batch's target and the units its rows belong to (an editor's
 * scope is checked against them at commit), and the staged rows as GeoJSON for the map's preview.
 */
import type { Sql } from 'postgres';
import { HttpError } from '../http/errors.ts';
import type { ImportTarget } from './targets.ts';

/** Units a batch's rows belong to (commune codes, or district codes), for an editor's scope; a report table's row names its own (scope_unit). */
export async function batchUnits(sql: Sql, id: number, target: ImportTarget): Promise<string[]> {
  const rows =
    target === 'communes' || target === 'districts'
      ? await sql<{ u: string }[]>`SELECT DISTINCT key AS u FROM import_staged WHERE batch_id = ${id} AND action <> 'skip' AND key IS NOT NULL`
      : await sql<{ u: string }[]>`SELECT DISTINCT coalesce(attrs->>'scope_unit', attrs->>'commune_code') AS u FROM import_staged
                                  WHERE batch_id = ${id} AND action <> 'skip' AND coalesce(attrs->>'scope_unit', attrs->>'commune_code') IS NOT NULL`;
  return rows.map((r) => r.u);
}

export async function batchTarget(sql: Sql, id: number): Promise<ImportTarget> {
  const [b] = await sql<{ target: ImportTarget }[]>`SELECT target FROM import_batch WHERE id = ${id}`;
  if (!b) throw new HttpError(404, 'not_found', `Không tìm thấy lần nhập ${id}`, `Import batch ${id} not found`);
  return b.target;
}

/** The latest hundred batches, newest first. */
export async function listBatches(sql: Sql) {
  const rows = await sql<{ id: string; target: string; status: string; file_name: string; counts: unknown; created_at: Date }[]>`
    SELECT id, target, status, file_name, counts, created_at FROM import_batch ORDER BY id DESC LIMIT 100`;
  return rows.map((r) => ({ id: Number(r.id), target: r.target, status: r.status, fileName: r.file_name, counts: r.counts, createdAt: r.created_at.toISOString() }));
}

/** A batch's staged rows as a GeoJSON FeatureCollection (text), repaired geometry where there is one, with their counts of errors and warnings. */
export async function stagedGeoJson(sql: Sql, id: number): Promise<string> {
  const [r] = await sql<{ fc: string }[]>`
    SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'id', s.row_no,
      'geometry', ST_AsGeoJSON(coalesce(s.geom_fixed, s.geom), 7)::json,
      'properties', json_build_object('row', s.row_no, 'key', s.key, 'action', s.action,
        'errors', (SELECT count(*) FROM import_issue i WHERE i.batch_id = s.batch_id AND i.row_no = s.row_no AND i.severity = 'error'),
        'warnings', (SELECT count(*) FROM import_issue i WHERE i.batch_id = s.batch_id AND i.row_no = s.row_no AND i.severity = 'warning'))
    ) ORDER BY s.row_no) FILTER (WHERE s.geom IS NOT NULL), '[]'::json))::text AS fc
    FROM import_staged s WHERE s.batch_id = ${id}`;
  return r!.fc;
}
