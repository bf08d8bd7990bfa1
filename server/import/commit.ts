/**
 * Commit and rollback of an import batch. A commit writes every staged row in ONE transaction
 * (with the rows it replaces saved in import_backup, one audit row for the batch, and the data
 * versions bumped so tiles refresh); a rollback by an administrator puts the saved rows back and
 * removes the rows the batch added, again in one transaction.
 */
import type { Sql } from 'postgres';
import { HttpError } from '../http/errors.ts';
import { recordAudit } from '../write/transaction.ts';
import type { DataVersions } from '../tiles/versions.ts';
import { ImportError } from './errors.ts';
import { TARGETS, type ImportMode, type ImportTarget } from './targets.ts';
import { criteriaRestore, criteriaWrite } from './criteria.ts';
import { PLOTS_GONE } from './replace.ts';
import { INSPECTIONS_WRITE, PLANTINGS_WRITE, RECORDS_RESTORE } from './records.ts';
import { REPORT_TARGETS, TABLE_SPECS, tableRestore, tableWrite, type ReportTarget } from './report-tables.ts';

export interface Actor {
  userId: number | null;
  username: string | null;
  requestId?: string | null;
  ip?: string | null;
}

interface BatchRow {
  id: string;
  target: ImportTarget;
  mode: ImportMode;
  status: string;
  file_name: string;
  checksum: string;
  counts: Record<string, number>;
}

/**
 * A lô's attributes as jsonb, without its geometry (saved apart, binary): `to_jsonb(x) - 'geom'`
 * gives the same, but to_jsonb writes the geometry as GeoJSON first (PostGIS's json cast) only for
 * it to be dropped — 5× the cost, 7 of the 24 CPU s of a 100,000-lô commit.
 */
const PLOT_ATTRS = `to_jsonb(jsonb_populate_record(x, '{"geom": null}')) - 'geom'`;

/** A lô that moved less than this (degrees, ~0.1 m) keeps its nearest-village distance. */
const MOVED_DEG = 1e-6;

/**
 * Writes of one target: save what is replaced, update, insert (and in replace mode save and remove
 * the rows in the file's scope it lacks). $1 = batch id. `entities`: what rollback restores.
 */
const WRITE: Record<ImportTarget, { entities: string[]; sql: string[] | ((mode: ImportMode) => string[]) }> = {
  communes: { entities: ['admin_unit'], sql: unitWrite('commune') },
  districts: { entities: ['admin_unit'], sql: unitWrite('district') },
  tieukhu: {
    entities: ['forest_tieu_khu'],
    sql: [
      `INSERT INTO import_backup (batch_id, entity, key, before)
       SELECT $1, 'forest_tieu_khu', x.tk::text, to_jsonb(x) FROM forest_tieu_khu x JOIN import_staged s ON s.key = x.tk::text
       WHERE s.batch_id = $1 AND s.action = 'update'`,
      `UPDATE forest_tieu_khu x SET commune_code = s.attrs->>'commune_code', geom = s.geom_fixed, area_ha = ST_Area(s.geom_fixed::geography) / 10000
       FROM import_staged s WHERE s.batch_id = $1 AND s.action = 'update' AND s.key = x.tk::text`,
      `INSERT INTO forest_tieu_khu (tk, commune_code, area_ha, geom)
       SELECT (s.attrs->>'tk')::int, s.attrs->>'commune_code', ST_Area(s.geom_fixed::geography) / 10000, s.geom_fixed
       FROM import_staged s WHERE s.batch_id = $1 AND s.action = 'insert'`,
      `INSERT INTO import_backup (batch_id, entity, key, before)
       SELECT $1, 'forest_tieu_khu', s.key, NULL FROM import_staged s WHERE s.batch_id = $1 AND s.action = 'insert'`,
    ],
  },
  khoanh: {
    entities: ['forest_khoanh'],
    sql: [
      `INSERT INTO import_backup (batch_id, entity, key, before)
       SELECT $1, 'forest_khoanh', s.key, to_jsonb(x) FROM forest_khoanh x JOIN import_staged s ON s.key = x.tk || '/' || x.khoanh
       WHERE s.batch_id = $1 AND s.action = 'update'`,
      `UPDATE forest_khoanh x SET commune_code = s.attrs->>'commune_code', geom = s.geom_fixed, area_ha = ST_Area(s.geom_fixed::geography) / 10000
       FROM import_staged s WHERE s.batch_id = $1 AND s.action = 'update' AND s.key = x.tk || '/' || x.khoanh`,
      `INSERT INTO forest_khoanh (tk, khoanh, commune_code, area_ha, geom)
       SELECT (s.attrs->>'tk')::int, (s.attrs->>'khoanh')::int, s.attrs->>'commune_code', ST_Area(s.geom_fixed::geography) / 10000, s.geom_fixed
       FROM import_staged s WHERE s.batch_id = $1 AND s.action = 'insert'`,
      `INSERT INTO import_backup (batch_id, entity, key, before)
       SELECT $1, 'forest_khoanh', s.key, NULL FROM import_staged s WHERE s.batch_id = $1 AND s.action = 'insert'`,
    ],
  },
  plots: {
    entities: ['forest_plot'],
    sql: (mode) => [
      // saved: the attributes as jsonb, the geometry binary (import_backup.geom, migration 033)
      `INSERT INTO import_backup (batch_id, entity, key, before, geom)
       SELECT $1, 'forest_plot', x.id::text, ${PLOT_ATTRS}, x.geom FROM forest_plot x JOIN import_staged s
         ON x.tk = (s.attrs->>'tk')::int AND x.khoanh = (s.attrs->>'khoanh')::int AND x.lo = s.attrs->>'lo'
       WHERE s.batch_id = $1 AND s.action = 'update'`,
      // nearest villages (migration 012) of the lô that move: dropped here, filled again below. A lô
      // whose outline moves by less than ~0.1 m (1e-6°; a re-import through another projection)
      // keeps its distance: recomputing every lô of a province is the slowest part of a commit otherwise
      `DELETE FROM forest_plot_access a USING forest_plot x, import_staged s
       WHERE s.batch_id = $1 AND s.action = 'update' AND x.tk = (s.attrs->>'tk')::int AND x.khoanh = (s.attrs->>'khoanh')::int AND x.lo = s.attrs->>'lo'
         AND a.plot_id = x.id AND ST_HausdorffDistance(x.geom, s.geom_fixed) > ${MOVED_DEG}`,
      `UPDATE forest_plot x SET
         commune_code = s.attrs->>'commune_code',
         dtich = coalesce((s.attrs->>'dtich')::numeric(10, 2), round((ST_Area(s.geom_fixed::geography) / 10000)::numeric, 2)),
         ldlr = coalesce(s.attrs->>'ldlr', x.ldlr),
         forest_function = coalesce(s.attrs->>'forest_function', x.forest_function),
         churung = coalesce(s.attrs->>'churung', x.churung),
         namtr = coalesce(nullif((s.attrs->>'namtr')::int, 0), x.namtr),
         loaicay = coalesce(s.attrs->>'loaicay', x.loaicay),
         geom = s.geom_fixed
       FROM import_staged s
       WHERE s.batch_id = $1 AND s.action = 'update' AND x.tk = (s.attrs->>'tk')::int AND x.khoanh = (s.attrs->>'khoanh')::int AND x.lo = s.attrs->>'lo'`,
      `WITH base AS (SELECT coalesce(max(id), 0) AS m FROM forest_plot),
       ins AS (
         INSERT INTO forest_plot (id, tk, khoanh, lo, commune_code, dtich, ldlr, forest_function, churung, namtr, loaicay, geom)
         SELECT base.m + row_number() OVER (ORDER BY s.row_no), (s.attrs->>'tk')::int, (s.attrs->>'khoanh')::int, s.attrs->>'lo', s.attrs->>'commune_code',
                coalesce((s.attrs->>'dtich')::numeric(10, 2), greatest(round((ST_Area(s.geom_fixed::geography) / 10000)::numeric, 2), 0.01)),
                s.attrs->>'ldlr', coalesce(s.attrs->>'forest_function', 'production'), s.attrs->>'churung', nullif((s.attrs->>'namtr')::int, 0), s.attrs->>'loaicay', s.geom_fixed
         FROM import_staged s, base WHERE s.batch_id = $1 AND s.action = 'insert'
         RETURNING id)
       INSERT INTO import_backup (batch_id, entity, key, before) SELECT $1, 'forest_plot', id::text, NULL FROM ins`,
      // replace: the lô of the file's communes it lacks, saved then removed (after the inserts, so a new id never meets a removed one's)
      ...(mode === 'replace'
        ? [
            `INSERT INTO import_backup (batch_id, entity, key, before, geom) SELECT $1, 'forest_plot', x.id::text, ${PLOT_ATTRS}, x.geom ${PLOTS_GONE}`,
            `DELETE FROM forest_plot d WHERE d.id IN (SELECT x.id ${PLOTS_GONE})`,
          ]
        : []),
      `SELECT atlas_refresh_plot_access()`,
    ],
  },
  criteria: {
    entities: ['commune_criterion_status', 'village_criterion_status'],
    sql: (mode) => [...criteriaWrite('commune', mode === 'replace'), ...criteriaWrite('village', mode === 'replace')],
  },
  plantings: { entities: ['planting'], sql: PLANTINGS_WRITE },
  // the report tables (issue 17): generated from their specs
  ...(Object.fromEntries(REPORT_TARGETS.map((id) => [id, { entities: [TABLE_SPECS[id].table], sql: (mode: ImportMode) => tableWrite(id, mode) }])) as Record<
    ReportTarget,
    { entities: string[]; sql: (mode: ImportMode) => string[] }
  >),
  inspections: { entities: ['inspection'], sql: INSPECTIONS_WRITE },
  villages: {
    entities: ['village'],
    sql: [
      `INSERT INTO import_backup (batch_id, entity, key, before)
       SELECT $1, 'village', x.code, to_jsonb(x) FROM village x JOIN import_staged s ON s.key = x.code WHERE s.batch_id = $1 AND s.action = 'update'`,
      `UPDATE village x SET name = s.attrs->>'name', name_search = s.attrs->>'name_search', commune_code = s.attrs->>'commune_code',
         kind = coalesce(s.attrs->>'kind', x.kind), ethnic_minority = coalesce((s.attrs->>'ethnic_minority')::boolean, x.ethnic_minority),
         main_ethnic = coalesce(s.attrs->>'main_ethnic', x.main_ethnic), households = coalesce((s.attrs->>'households')::int, x.households),
         geom = s.geom_fixed
       FROM import_staged s WHERE s.batch_id = $1 AND s.action = 'update' AND s.key = x.code`,
      `INSERT INTO village (code, name, kind, name_search, commune_code, ethnic_minority, main_ethnic, households, geom)
       SELECT s.key, s.attrs->>'name', coalesce(s.attrs->>'kind', 'thon'), s.attrs->>'name_search', s.attrs->>'commune_code',
              coalesce((s.attrs->>'ethnic_minority')::boolean, false), s.attrs->>'main_ethnic', (s.attrs->>'households')::int, s.geom_fixed
       FROM import_staged s WHERE s.batch_id = $1 AND s.action = 'insert'`,
      `INSERT INTO import_backup (batch_id, entity, key, before)
       SELECT $1, 'village', s.key, NULL FROM import_staged s WHERE s.batch_id = $1 AND s.action = 'insert'`,
      // the lô whose nearest village may have changed (it moved, or a new/moved one is now closer) are computed again
      `DELETE FROM forest_plot_access a USING forest_plot p, import_staged s
       WHERE s.batch_id = $1 AND s.action IN ('insert', 'update') AND p.id = a.plot_id
         AND (a.village_code = s.key OR a.village_code IS NULL
              OR (ST_DWithin(p.geom, s.geom_fixed, a.village_m / 100000.0) AND ST_Distance(p.geom::geography, s.geom_fixed::geography) < a.village_m))`,
      `SELECT atlas_refresh_plot_access()`,
    ],
  },
};

function unitWrite(level: 'commune' | 'district'): string[] {
  return [
    `INSERT INTO import_backup (batch_id, entity, key, before)
     SELECT $1, 'admin_unit', a.code, to_jsonb(a) FROM admin_unit a JOIN import_staged s ON s.key = a.code
     WHERE s.batch_id = $1 AND s.action = 'update' AND a.level = '${level}'`,
    `UPDATE admin_unit a SET geom = s.geom_fixed, area_ha = ST_Area(s.geom_fixed::geography) / 10000
     FROM import_staged s WHERE s.batch_id = $1 AND s.action = 'update' AND s.key = a.code AND a.level = '${level}'`,
  ];
}

/** Putting back what a batch replaced, and removing what it added. $1 = batch id. */
const RESTORE: Record<string, string[]> = {
  admin_unit: [
    `UPDATE admin_unit a SET geom = r.geom, area_ha = r.area_ha
     FROM import_backup b, LATERAL jsonb_populate_record(NULL::admin_unit, b.before) r
     WHERE b.batch_id = $1 AND b.entity = 'admin_unit' AND b.before IS NOT NULL AND a.code = b.key`,
  ],
  forest_tieu_khu: [
    `DELETE FROM forest_tieu_khu x USING import_backup b WHERE b.batch_id = $1 AND b.entity = 'forest_tieu_khu' AND b.before IS NULL AND x.tk::text = b.key`,
    `UPDATE forest_tieu_khu x SET commune_code = r.commune_code, area_ha = r.area_ha, geom = r.geom
     FROM import_backup b, LATERAL jsonb_populate_record(NULL::forest_tieu_khu, b.before) r
     WHERE b.batch_id = $1 AND b.entity = 'forest_tieu_khu' AND b.before IS NOT NULL AND x.tk::text = b.key`,
  ],
  forest_khoanh: [
    `DELETE FROM forest_khoanh x USING import_backup b WHERE b.batch_id = $1 AND b.entity = 'forest_khoanh' AND b.before IS NULL AND x.tk || '/' || x.khoanh = b.key`,
    `UPDATE forest_khoanh x SET commune_code = r.commune_code, area_ha = r.area_ha, geom = r.geom
     FROM import_backup b, LATERAL jsonb_populate_record(NULL::forest_khoanh, b.before) r
     WHERE b.batch_id = $1 AND b.entity = 'forest_khoanh' AND b.before IS NOT NULL AND x.tk || '/' || x.khoanh = b.key`,
  ],
  forest_plot: [
    `DELETE FROM forest_plot x USING import_backup b WHERE b.batch_id = $1 AND b.entity = 'forest_plot' AND b.before IS NULL AND x.id = b.key::bigint`,
    // the lô that move back get their nearest village again (those that barely moved keep it, as at commit)
    `DELETE FROM forest_plot_access a USING import_backup b, forest_plot x
     WHERE b.batch_id = $1 AND b.entity = 'forest_plot' AND b.before IS NOT NULL AND x.id = b.key::bigint AND a.plot_id = x.id
       AND ST_HausdorffDistance(x.geom, coalesce(b.geom, (b.before->>'geom')::geometry)) > ${MOVED_DEG}`,
    `UPDATE forest_plot x SET (tk, khoanh, lo, commune_code, dtich, ldlr, forest_function, churung, owner_kind, namtr, loaicay, geom) =
       (r.tk, r.khoanh, r.lo, r.commune_code, r.dtich, r.ldlr, r.forest_function, r.churung, r.owner_kind, r.namtr, r.loaicay, coalesce(b.geom, r.geom))
     FROM import_backup b, LATERAL jsonb_populate_record(NULL::forest_plot, b.before) r
     WHERE b.batch_id = $1 AND b.entity = 'forest_plot' AND b.before IS NOT NULL AND x.id = b.key::bigint`,
    // the lô a replace removed come back with their ids
    `INSERT INTO forest_plot (id, tk, khoanh, lo, commune_code, dtich, ldlr, forest_function, churung, owner_kind, namtr, loaicay, geom)
     SELECT r.id, r.tk, r.khoanh, r.lo, r.commune_code, r.dtich, r.ldlr, r.forest_function, r.churung, r.owner_kind, r.namtr, r.loaicay, coalesce(b.geom, r.geom)
     FROM import_backup b, LATERAL jsonb_populate_record(NULL::forest_plot, b.before) r
     WHERE b.batch_id = $1 AND b.entity = 'forest_plot' AND b.before IS NOT NULL AND NOT EXISTS (SELECT 1 FROM forest_plot x WHERE x.id = r.id)`,
    `SELECT atlas_refresh_plot_access()`,
  ],
  planting: RECORDS_RESTORE.planting,
  ...Object.fromEntries(REPORT_TARGETS.map((id) => [TABLE_SPECS[id].table, tableRestore(id)])),
  inspection: RECORDS_RESTORE.inspection,
  commune_criterion_status: criteriaRestore('commune'),
  village_criterion_status: criteriaRestore('village'),
  village: [
    `DELETE FROM village x USING import_backup b WHERE b.batch_id = $1 AND b.entity = 'village' AND b.before IS NULL AND x.code = b.key`,
    `UPDATE village x SET (name, kind, name_search, commune_code, ethnic_minority, main_ethnic, households, pilot_tier, geom) =
       (r.name, r.kind, r.name_search, r.commune_code, r.ethnic_minority, r.main_ethnic, r.households, r.pilot_tier, r.geom)
     FROM import_backup b, LATERAL jsonb_populate_record(NULL::village, b.before) r
     WHERE b.batch_id = $1 AND b.entity = 'village' AND b.before IS NOT NULL AND x.code = b.key`,
    `DELETE FROM forest_plot_access a USING forest_plot p, import_backup b, village v
     WHERE b.batch_id = $1 AND b.entity = 'village' AND p.id = a.plot_id AND v.code = b.key
       AND (a.village_code = b.key OR (ST_DWithin(p.geom, v.geom, a.village_m / 100000.0) AND ST_Distance(p.geom::geography, v.geom::geography) < a.village_m))`,
    `DELETE FROM forest_plot_access a WHERE a.village_code IS NULL`,
    `SELECT atlas_refresh_plot_access()`,
  ],
};

async function lockBatch(tx: Sql, id: number): Promise<BatchRow> {
  const [b] = await tx<BatchRow[]>`SELECT id, target, mode, status, file_name, checksum, counts FROM import_batch WHERE id = ${id} FOR UPDATE`;
  if (!b) throw new HttpError(404, 'not_found', `Không tìm thấy lần nhập ${id}`, `Import batch ${id} not found`);
  return b;
}

/** Commits a staged batch without errors; returns the counts written. */
export async function commitBatch(
  sql: Sql,
  versions: DataVersions,
  id: number,
  actor: Actor,
  onStep?: (step: string, ms: number) => void,
): Promise<Record<string, number>> {
  let apply: (() => void) | undefined;
  let tEnd = 0;
  const counts = await sql.begin(async (txn) => {
    const tx = txn as unknown as Sql;
    const b = await lockBatch(tx, id);
    if (b.status !== 'staged') {
      throw new HttpError(409, 'batch_not_staged', `Lần nhập ${id} đã ${b.status === 'committed' ? 'ghi' : 'hủy'} rồi`, `Import batch ${id} is ${b.status}, not staged`);
    }
    if ((b.counts.errors ?? 0) > 0) {
      throw new ImportError('batch_has_errors', `Còn ${b.counts.errors} lỗi trong báo cáo kiểm tra: sửa tệp rồi nhập lại`, `The validation report has ${b.counts.errors} errors: fix the file and import again`);
    }
    // marked first: the writes may read the committer (an inspection's created_by)
    await tx`UPDATE import_batch SET status = 'committed', committed_by = ${actor.userId}, committed_at = now() WHERE id = ${id}`;
    const w = WRITE[b.target];
    for (const q of typeof w.sql === 'function' ? w.sql(b.mode) : w.sql) {
      const t0 = performance.now();
      await tx.unsafe(q, q.includes('$1') ? [id] : []);
      onStep?.(q.replace(/\s+/g, ' ').trim().slice(0, 60), performance.now() - t0);
    }
    const written = { ...b.counts };
    const tAudit = performance.now();
    await recordAudit(tx, {
      userId: actor.userId,
      username: actor.username,
      action: 'create',
      entity: 'import_batch',
      entityId: String(id),
      before: null,
      after: {
        target: b.target,
        mode: b.mode,
        file: b.file_name,
        checksum: b.checksum,
        inserts: written.inserts ?? 0,
        updates: written.updates ?? 0,
        deletes: written.deletes ?? 0,
        read: written.read ?? 0,
      },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    // a report table without a tile layer (funding, plans…) is read afresh by every request: nothing to bump
    if (TARGETS[b.target].layers.length) apply = await versions.bump(tx, TARGETS[b.target].layers);
    onStep?.('audit, data versions', performance.now() - tAudit);
    tEnd = performance.now();
    return written;
  });
  onStep?.('COMMIT (deferred triggers)', performance.now() - tEnd);
  apply?.();
  // the staged copy has served (rollback reads import_backup): removed after the commit, outside its transaction
  const tDel = performance.now();
  await sql`DELETE FROM import_staged WHERE batch_id = ${id}`;
  onStep?.('staged rows removed', performance.now() - tDel);
  return counts;
}

/** Rolls a committed batch back (administrators): only the latest committed batch of its target. */
export async function rollbackBatch(sql: Sql, versions: DataVersions, id: number, actor: Actor): Promise<void> {
  let apply: (() => void) | undefined;
  await sql.begin(async (txn) => {
    const tx = txn as unknown as Sql;
    const b = await lockBatch(tx, id);
    if (b.status !== 'committed') {
      throw new HttpError(409, 'batch_not_committed', `Lần nhập ${id} chưa được ghi hoặc đã hoàn tác`, `Import batch ${id} is not committed (or already rolled back)`);
    }
    const [later] = await tx<{ id: string }[]>`
      SELECT id FROM import_batch WHERE target = ${b.target} AND status = 'committed' AND id > ${id} ORDER BY id LIMIT 1`;
    if (later) {
      throw new HttpError(409, 'batch_not_latest', `Hãy hoàn tác lần nhập sau (${later.id}) trước`, `Roll back the later import batch (${later.id}) first`);
    }
    try {
      for (const q of WRITE[b.target].entities.flatMap((e) => RESTORE[e]!)) await tx.unsafe(q, q.includes("$1") ? [id] : []);
    } catch (e) {
      if ((e as { code?: string }).code === '23503') {
        throw new HttpError(409, 'batch_in_use', 'Không hoàn tác được: dữ liệu đã nhập đang được dùng (trồng rừng, kế hoạch, thôn…)', 'Cannot roll back: the imported rows are in use (plantings, plans, villages…)');
      }
      throw e;
    }
    await tx`UPDATE import_batch SET status = 'rolled_back', rolled_back_by = ${actor.userId}, rolled_back_at = now() WHERE id = ${id}`;
    await recordAudit(tx, {
      userId: actor.userId,
      username: actor.username,
      action: 'update',
      entity: 'import_batch',
      entityId: String(id),
      before: { status: 'committed' },
      after: { status: 'rolled_back', target: b.target, file: b.file_name },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    if (TARGETS[b.target].layers.length) apply = await versions.bump(tx, TARGETS[b.target].layers);
  });
  apply?.();
}
