/**
 * Acceptance inspections (nghiệm thu) recorded from the field: read one with its sample plots and
 * photos, and record a new one — idempotent (client request id), conflict-checked (the newest
 * inspection the inspector saw), audited, in one transaction. The HTTP side is routes/inspections.ts.
 */
import type { Fragment, Sql } from 'postgres';
import type { WriteContext } from '../write/context.ts';
import { withWrite } from '../write/transaction.ts';
import { DEFAULT_THRESHOLDS, type SurvivalClass, type SurvivalThresholds } from '../domain/classes.ts';
import { resolvePlots, type InspectionBody, type InspectionConflict, type InspectionRecord, type InspectionResponse } from '../domain/forest.ts';
import type { InspectionOut } from '../domain/api.ts';
import { assessSurvival } from '../domain/survival.ts';
import type { Unit2025Ref } from '../domain/units-2025.ts';
import { conflict, HttpError, notFound, unprocessable } from '../http/errors.ts';
import { plotLabel } from '../domain/forest.ts';
import { preparePhoto } from './photos.ts';
import { markAttached, takeUploads } from './uploads.ts';
import { readThresholds } from './settings.ts';

/** The planting an inspection is about, with its lô and commune (scope check). */
export interface PlantingTarget {
  id: number;
  plotId: number;
  year: number;
  communeCode: string;
  withdrawnOn: string | null;
}

/** The planting and its lô, or 404. */
export async function plantingTarget(sql: Sql, plantingId: number, lock = false): Promise<PlantingTarget> {
  const [g] = await sql<{ id: string; plot_id: string; year: number; commune_code: string; withdrawn_on: string | null }[]>`
    SELECT g.id, g.plot_id, g.year, p.commune_code, g.withdrawn_on::text AS withdrawn_on
    FROM planting g JOIN forest_plot p ON p.id = g.plot_id
    WHERE g.id = ${plantingId}
    ${lock ? sql`FOR UPDATE OF g` : sql``}`;
  if (!g) throw notFound({ vi: `đợt trồng có mã ${plantingId}`, en: `Planting ${plantingId}` });
  return { id: Number(g.id), plotId: Number(g.plot_id), year: g.year, communeCode: g.commune_code, withdrawnOn: g.withdrawn_on };
}

/**
 * The one mapping of an inspection row to what the API shows (InspectionOut): the columns to
 * select (table alias `i`) and the function that turns a row into the answer. The lô detail's
 * history and GET /api/inspections/:id both use it.
 */
export const inspectionColumns = (sql: Sql) => sql`
  i.id, i.planting_id, i.inspected_on::text AS inspected_on, i.stage, i.team, i.survival_pct::float8 AS survival_pct,
  i.result, i.note, ST_X(i.gps) AS lon, ST_Y(i.gps) AS lat,
  coalesce((SELECT json_agg(json_build_object('no', s.no, 'area_m2', s.area_m2, 'planted', s.planted, 'surviving', s.surviving) ORDER BY s.no)
            FROM sample_plot s WHERE s.inspection_id = i.id), '[]') AS plots,
  coalesce((SELECT json_agg(json_build_object('no', f.no, 'caption', f.caption) ORDER BY f.no)
            FROM inspection_photo f WHERE f.inspection_id = i.id), '[]') AS photos,
  (SELECT u.display_name FROM app_user u WHERE u.id = i.created_by) AS recorded_by_name,
  ${unit2025Column(sql, sql`i.unit_2025_code`)} AS unit_2025`;

/** A new unit as the API names it ({ code, name, fullName }) from a code column, null when null. */
export const unit2025Column = (sql: Sql, code: Fragment) => sql`
  (SELECT json_build_object('code', n.code, 'name', n.name, 'fullName', n.full_name) FROM admin_unit_2025 n WHERE n.code = ${code})`;

export interface InspectionOutRow {
  id: string;
  planting_id: string;
  inspected_on: string;
  stage: number;
  team: string | null;
  survival_pct: number;
  result: InspectionOut['result'];
  note: string | null;
  lon: number | null;
  lat: number | null;
  plots: { no: number; area_m2: number | string; planted: number; surviving: number }[];
  photos: { no: number; caption: string | null }[];
  recorded_by_name: string | null;
  unit_2025: Unit2025Ref | null;
}

export function toInspectionOut(r: InspectionOutRow): InspectionOut {
  return {
    id: Number(r.id),
    plantingId: Number(r.planting_id),
    inspectedOn: r.inspected_on,
    stage: r.stage,
    team: r.team,
    survivalPct: r.survival_pct,
    result: r.result,
    gps: r.lon === null || r.lat === null ? null : [r.lon, r.lat],
    note: r.note,
    samplePlots: r.plots.map((s) => ({ no: s.no, areaM2: Number(s.area_m2), planted: s.planted, surviving: s.surviving })),
    photos: r.photos.map((f) => photoOut(Number(r.id), f)),
    recordedBy: r.recorded_by_name,
    unit2025: r.unit_2025,
  };
}

interface InspectionRecordRow extends InspectionOutRow {
  plot_id: string;
  tk: number;
  khoanh: number;
  lo: string;
  commune_code: string;
  gps_distance_m: number | null;
  thresholds: SurvivalThresholds | null;
  recorded_by: string | null;
  created_at: Date;
}

/** One inspection with its sample plots, photos and the computation redone from the plots. */
export async function inspectionRecord(sql: Sql, id: number): Promise<InspectionRecord | null> {
  const [r] = await sql<InspectionRecordRow[]>`
    SELECT ${inspectionColumns(sql)}, i.plot_id, p.tk, p.khoanh, p.lo, p.commune_code, i.thresholds, i.created_at,
           CASE WHEN i.gps IS NULL THEN NULL ELSE round(ST_Distance(i.gps::geography, p.geom::geography)::numeric, 1)::float8 END AS gps_distance_m,
           u.username AS recorded_by
    FROM inspection i
    JOIN forest_plot p ON p.id = i.plot_id
    LEFT JOIN app_user u ON u.id = i.created_by
    WHERE i.id = ${id}`;
  if (!r) return null;
  const out = toInspectionOut(r);
  const thresholds = r.thresholds ?? DEFAULT_THRESHOLDS;
  const assessment = out.samplePlots.length
    ? assessSurvival(out.samplePlots, thresholds)
    : { plots: 0, planted: 0, surviving: 0, areaM2: 0, survivalPct: r.survival_pct, survivingPerHa: 0, designPerHa: 0, result: r.result };
  return {
    ...out,
    plotId: Number(r.plot_id),
    plotLabel: plotLabel(r.tk, r.khoanh, r.lo),
    communeCode: r.commune_code,
    gpsDistanceM: r.gps_distance_m,
    assessment,
    thresholds,
    recordedBy: r.recorded_by,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** The class a planting shows (the rule of migration 013: withdrawn, its latest inspection's result, or not inspected). */
export async function plantingClass(sql: Sql, plantingId: number): Promise<SurvivalClass> {
  const [r] = await sql<{ cls: SurvivalClass }[]>`
    SELECT atlas_planting_class(g.withdrawn_on, (SELECT li.result FROM atlas_latest_inspection(g.id) li)) AS cls
    FROM planting g WHERE g.id = ${plantingId}`;
  return r?.cls ?? 'not_inspected';
}

/** The newest recorded inspection of a planting (highest id: the last one written), for conflicts. */
async function conflictState(sql: Sql, plantingId: number): Promise<InspectionConflict> {
  const [last] = await sql<{ id: string }[]>`SELECT max(id) AS id FROM inspection WHERE planting_id = ${plantingId}`;
  const lastId = last?.id == null ? null : Number(last.id);
  const latest = lastId == null ? null : await inspectionRecord(sql, lastId);
  return { plantingId, lastInspectionId: lastId, latest };
}

/** The inspection already recorded under a client request id, if any. */
async function byClientRequestId(sql: Sql, clientRequestId: string): Promise<{ id: number; plantingId: number } | null> {
  const [r] = await sql<{ id: string; planting_id: string }[]>`SELECT id, planting_id FROM inspection WHERE client_request_id = ${clientRequestId}`;
  return r ? { id: Number(r.id), plantingId: Number(r.planting_id) } : null;
}

function reusedKey(): HttpError {
  return new HttpError(
    422,
    'idempotency_key_reused',
    'Mã gửi (clientRequestId) này đã dùng cho một đợt trồng khác',
    'This clientRequestId was already used for another planting',
  );
}

/** A retried submission: the first result, unchanged (200). */
export async function replay(sql: Sql, clientRequestId: string, plantingId: number): Promise<InspectionResponse | null> {
  const prior = await byClientRequestId(sql, clientRequestId);
  if (!prior) return null;
  if (prior.plantingId !== plantingId) throw reusedKey();
  const inspection = (await inspectionRecord(sql, prior.id))!;
  return { inspection, replayed: true, cls: await plantingClass(sql, plantingId) };
}

/** 422 for inspections that cannot be recorded on this planting (withdrawn, dated before planting). */
export function checkRecordable(g: PlantingTarget, body: { inspectedOn: string }): void {
  if (g.withdrawnOn) {
    throw unprocessable(
      `Đợt trồng năm ${g.year} đã rút khỏi kế hoạch (${g.withdrawnOn}): không nghiệm thu`,
      `The ${g.year} planting was withdrawn (${g.withdrawnOn}): it is not inspected`,
    );
  }
  if (Number(body.inspectedOn.slice(0, 4)) < g.year) {
    throw unprocessable(
      `Ngày kiểm tra ${body.inspectedOn} trước năm trồng ${g.year}`,
      `Inspection date ${body.inspectedOn} is before the planting year ${g.year}`,
    );
  }
}

type ParsedBody = Omit<InspectionBody, 'photos'> & {
  photos: ({ contentType: string; dataBase64: string; caption?: string | null } | { uploadId: string; caption?: string | null })[];
};

/**
 * Records an inspection in one audited transaction: locks the planting, returns the first result
 * for a clientRequestId already recorded (200, nothing written), answers 409 with the current state
 * when an inspection was recorded since the one the client saw, computes survival and the class from
 * the plots under the thresholds in force, writes the inspection, its plots and photos (inline, or
 * uploads taken and marked attached in this same transaction), and bumps the 'plots' tile version.
 */
export async function recordInspection(w: WriteContext, body: ParsedBody): Promise<{ response: InspectionResponse; created: boolean }> {
  // inline photos (entries saved by an older app) checked and cleaned before the transaction (CPU
  // work holds no locks); uploaded ones are taken inside it. Position kept only when shared.
  const keepLocation = body.gps != null;
  const inline = await Promise.all(
    body.photos.map(async (ph, i) => ('dataBase64' in ph ? await preparePhoto(Buffer.from(ph.dataBase64, 'base64'), i + 1, { keepLocation }) : null)),
  );
  const uploaded = body.photos.flatMap((ph, i) => ('uploadId' in ph ? [{ uploadId: ph.uploadId, no: i + 1 }] : []));
  const r = await withWrite(w, { entity: 'inspection', layers: ['plots'], action: 'create' }, async (tx) => {
    const g = await plantingTarget(tx, body.plantingId, true);
    const prior = await replay(tx, body.clientRequestId, g.id); // a concurrent twin committed first
    if (prior) return { before: null, after: prior, unchanged: true as const };
    checkRecordable(g, body);
    const state = await conflictState(tx, g.id);
    if (state.lastInspectionId !== (body.lastInspectionId ?? null)) throw conflict(state);

    // the uploads named: the user's own, complete, not attached elsewhere (locked until commit)
    const taken = await takeUploads(tx, w.actor.id, uploaded, keepLocation);
    const photos = body.photos.map((ph, i) => ({ ...(inline[i] ?? taken.find((t) => t.uploadId === (ph as { uploadId: string }).uploadId)!), caption: ph.caption ?? null }));

    const thresholds = await readThresholds(tx);
    const plots = resolvePlots(body.plots);
    const a = assessSurvival(plots, thresholds);
    const gps = body.gps ?? null;
    const [row] = await tx<{ id: string }[]>`
      INSERT INTO inspection (planting_id, plot_id, inspected_on, stage, team, survival_pct, result, gps, note,
                              client_request_id, created_by, thresholds)
      VALUES (${g.id}, ${g.plotId}, ${body.inspectedOn}::date, ${body.stage}, ${body.team ?? null}, ${a.survivalPct}, ${a.result},
              ${gps ? tx`ST_SetSRID(ST_MakePoint(${gps[0]}, ${gps[1]}), 4326)` : null}, ${body.note ?? null},
              ${body.clientRequestId}, ${w.actor.id}, ${tx.json(thresholds as unknown as Parameters<Sql['json']>[0])})
      ON CONFLICT (client_request_id) DO NOTHING
      RETURNING id`;
    if (!row) {
      const again = await replay(tx, body.clientRequestId, g.id);
      return { before: null, after: again!, unchanged: true as const };
    }
    const id = Number(row.id);
    await tx`
      INSERT INTO sample_plot ${tx(plots.map((p, i) => ({ inspection_id: id, no: i + 1, area_m2: p.areaM2, planted: p.planted, surviving: p.surviving })))}`;
    for (const [i, ph] of photos.entries()) {
      await tx`
        INSERT INTO inspection_photo (inspection_id, no, content_type, data, caption)
        VALUES (${id}, ${i + 1}, ${ph.contentType}, ${ph.data}, ${ph.caption})`;
    }
    await markAttached(tx, id, uploaded);
    const inspection = (await inspectionRecord(tx, id))!;
    const response: InspectionResponse = { inspection, replayed: false, cls: await plantingClass(tx, g.id) };
    return { before: null, after: response, entityId: String(id) };
  });
  const response = r.after as InspectionResponse;
  return { response, created: !r.unchanged };
}

/** A photo of an inspection (bytes and type), or 404. */
export async function inspectionPhoto(sql: Sql, id: number, no: number): Promise<{ contentType: string; data: Uint8Array }> {
  const [p] = await sql<{ content_type: string; data: Uint8Array }[]>`
    SELECT content_type, data FROM inspection_photo WHERE inspection_id = ${id} AND no = ${no}`;
  if (!p) throw notFound({ vi: 'ảnh', en: 'Photo' });
  return { contentType: p.content_type, data: p.data };
}

/** A photo of an inspection as the API lists it: its number, where to fetch it, its caption. */
export function photoOut(inspectionId: number, f: { no: number; caption: string | null }) {
  return { no: f.no, url: `/api/inspections/${inspectionId}/photos/${f.no}`, caption: f.caption };
}
