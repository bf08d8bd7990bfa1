/**
 * Planting plans: a planner's named selection of lô for a planting year within a unit
 * of their scope. Read, create (idempotent), replace (versioned, 409 on a stale version), delete
 * (versioned) — each write one audited transaction through withWrite().
 */
import type { Sql } from 'postgres';
import { assertVersion, withWrite } from '../write/transaction.ts';
import type { WriteContext } from '../write/context.ts';
import { assertScope } from '../auth/guards.ts';
import { HttpError, notFound, unprocessable } from '../http/errors.ts';
import type { ForestFunction, PlanBody, PlanRecord, PlanSite, PlanSummary } from '../domain/planner.ts';
import { plotLabel } from '../domain/forest.ts';
import type { Unit2025Ref } from '../domain/units-2025.ts';
import { unit2025Column } from './inspections.ts';

interface HeadRow {
  id: string;
  name: string;
  year: number;
  unit_code: string;
  unit_name: string;
  species: string | null;
  funding: 'state' | 'self' | null;
  households: number | null;
  note: string | null;
  version: number;
  site_count: number;
  total_ha: number;
  target_ha: number | null;
  created_by: string | null;
  updated_at: Date;
  unit_2025: Unit2025Ref | null;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

function summaryOf(r: HeadRow): PlanSummary {
  return {
    id: Number(r.id),
    name: r.name,
    year: r.year,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    species: r.species,
    funding: r.funding,
    households: r.households,
    note: r.note,
    version: r.version,
    siteCount: r.site_count,
    totalHa: round2(r.total_ha),
    targetHa: r.target_ha,
    createdBy: r.created_by,
    updatedAt: new Date(r.updated_at).toISOString(),
    unit2025: r.unit_2025,
  };
}

const headSelect = (sql: Sql) => sql`
  SELECT pp.id, pp.name, pp.year, pp.unit_code, u.name AS unit_name, pp.species, pp.funding, pp.households, pp.note, pp.version,
         (SELECT count(*)::int FROM planting_plan_site s WHERE s.plan_id = pp.id) AS site_count,
         (SELECT coalesce(sum(s.area_ha), 0)::float8 FROM planting_plan_site s WHERE s.plan_id = pp.id) AS total_ha,
         (SELECT t.target_ha::float8 FROM planting_target t WHERE t.unit_code = pp.unit_code AND t.year = pp.year) AS target_ha,
         cu.username AS created_by, pp.updated_at, ${unit2025Column(sql, sql`pp.unit_2025_code`)} AS unit_2025
  FROM planting_plan pp
  JOIN admin_unit u ON u.code = pp.unit_code
  LEFT JOIN app_user cu ON cu.id = pp.created_by`;

/** Plans, newest year first, optionally of one year and/or one unit (a district lists its communes' plans too). */
export async function listPlans(sql: Sql, q: { year?: number; unit?: string }): Promise<PlanSummary[]> {
  const rows = await sql<HeadRow[]>`
    ${headSelect(sql)}
    WHERE (${q.year ?? null}::int IS NULL OR pp.year = ${q.year ?? null}::int)
      AND (${q.unit ?? null}::text IS NULL OR pp.unit_code = ${q.unit ?? null}::text OR u.parent_code = ${q.unit ?? null}::text)
    ORDER BY pp.year DESC, u.name, pp.name, pp.id`;
  return rows.map(summaryOf);
}

/** One plan with its lô, or null. */
export async function getPlan(sql: Sql, id: number): Promise<PlanRecord | null> {
  const [head] = await sql<HeadRow[]>`${headSelect(sql)} WHERE pp.id = ${id}`;
  if (!head) return null;
  const sites = await sql<{ plot_id: string; tk: number; khoanh: number; lo: string; commune_code: string; commune_name: string; ldlr: string; forest_function: ForestFunction; dtich: number; area_ha: number; cx: number; cy: number }[]>`
    SELECT s.plot_id, p.tk, p.khoanh, p.lo, p.commune_code, c.name AS commune_name, p.ldlr, p.forest_function,
           p.dtich::float8 AS dtich, s.area_ha::float8 AS area_ha,
           ST_X(ST_PointOnSurface(p.geom)) AS cx, ST_Y(ST_PointOnSurface(p.geom)) AS cy
    FROM planting_plan_site s JOIN forest_plot p ON p.id = s.plot_id JOIN admin_unit c ON c.code = p.commune_code
    WHERE s.plan_id = ${id}
    ORDER BY p.tk, p.khoanh, p.lo`;
  return {
    ...summaryOf(head),
    sites: sites.map(
      (s): PlanSite => ({
        plotId: Number(s.plot_id),
        label: plotLabel(s.tk, s.khoanh, s.lo),
        communeCode: s.commune_code,
        communeName: s.commune_name,
        ldlr: s.ldlr,
        forestFunction: s.forest_function,
        lotAreaHa: s.dtich,
        areaHa: s.area_ha,
        center: [s.cx, s.cy],
      }),
    ),
  };
}

/** The plan or a 404. */
export async function planOr404(sql: Sql, id: number): Promise<PlanRecord> {
  const p = await getPlan(sql, id);
  if (!p) throw notFound({ vi: `kế hoạch trồng rừng ${id}`, en: `Planting plan ${id}` });
  return p;
}

/**
 * 422 unless every lô exists, lies in the plan's unit, is given at most its own area, and is in no
 * other plan of the same year (a lô counts once against the year's target).
 */
async function checkSites(sql: Sql, body: PlanBody, planId: number | null): Promise<void> {
  if (!body.sites.length) return;
  const rows = await sql<{ plot_id: string; found: boolean; inside: boolean; dtich: number | null; area: number | null; label: string | null; other_plan: string | null }[]>`
    SELECT x."plotId" AS plot_id, p.id IS NOT NULL AS found,
           coalesce(c.code = ${body.unitCode} OR c.parent_code = ${body.unitCode} OR ${body.unitCode} = '62', false) AS inside,
           p.dtich::float8 AS dtich, x."areaHa"::float8 AS area,
           CASE WHEN p.id IS NULL THEN NULL ELSE 'TK ' || p.tk || ' · K ' || p.khoanh || ' · L ' || p.lo END AS label,
           (SELECT pp.name FROM planting_plan_site s JOIN planting_plan pp ON pp.id = s.plan_id
            WHERE s.plot_id = p.id AND pp.year = ${body.year} AND (${planId}::bigint IS NULL OR pp.id <> ${planId}::bigint) LIMIT 1) AS other_plan
    FROM jsonb_to_recordset(${sql.json(body.sites as never)}) AS x("plotId" bigint, "areaHa" numeric)
    LEFT JOIN forest_plot p ON p.id = x."plotId"
    LEFT JOIN admin_unit c ON c.code = p.commune_code`;
  const missing = rows.filter((r) => !r.found).map((r) => r.plot_id);
  if (missing.length) throw unprocessable(`Không có lô mã ${missing.join(', ')}`, `No lô with id ${missing.join(', ')}`);
  const outside = rows.filter((r) => !r.inside).map((r) => r.label);
  if (outside.length) {
    throw unprocessable(`Lô ngoài đơn vị của kế hoạch: ${outside.join('; ')}`, `Lô outside the plan's unit: ${outside.join('; ')}`);
  }
  const tooBig = rows.filter((r) => r.area != null && r.dtich != null && r.area > r.dtich + 1e-9);
  if (tooBig.length) {
    const list = tooBig.map((r) => `${r.label} (${r.area} > ${r.dtich} ha)`).join('; ');
    throw unprocessable(`Diện tích trồng lớn hơn diện tích lô: ${list}`, `Planting area above the lô's area: ${list}`);
  }
  const taken = rows.filter((r) => r.other_plan);
  if (taken.length) {
    const list = taken.map((r) => `${r.label} → ${r.other_plan}`).join('; ');
    throw unprocessable(`Lô đã có trong kế hoạch khác của năm ${body.year}: ${list}`, `Lô already in another ${body.year} plan: ${list}`);
  }
}

/**
 * Writes the plan's lô. Another plan of the year saved at the same moment may have taken one of
 * them after checkSites looked (the unique index of migration 011 holds the line): 409, nothing written.
 */
async function insertSites(tx: Sql, planId: number, body: PlanBody): Promise<void> {
  if (!body.sites.length) return;
  try {
    await tx`
      INSERT INTO planting_plan_site (plan_id, year, plot_id, area_ha)
      SELECT ${planId}, ${body.year}, p.id, coalesce(x."areaHa", p.dtich)
      FROM jsonb_to_recordset(${tx.json(body.sites as never)}) AS x("plotId" bigint, "areaHa" numeric)
      JOIN forest_plot p ON p.id = x."plotId"`;
  } catch (err) {
    if ((err as { code?: string; constraint_name?: string }).constraint_name === 'planting_plan_site_plot_year_key') {
      throw new HttpError(
        409,
        'plot_taken',
        `Một lô vừa được đưa vào kế hoạch khác của năm ${body.year}: hãy tải lại và chọn lại`,
        `A lô was just put into another ${body.year} plan: reload and choose again`,
      );
    }
    throw err;
  }
}

/** The fields a plan's write compares (for "nothing changed"). */
function comparable(p: { name: string; year: number; unitCode: string; species: string | null; funding: string | null; households: number | null; note: string | null; sites: { plotId: number; areaHa: number }[] }) {
  return JSON.stringify([p.name, p.year, p.unitCode, p.species, p.funding, p.households, p.note, [...p.sites].map((s) => [s.plotId, round2(s.areaHa)]).sort((a, b) => a[0]! - b[0]!)]);
}

/**
 * Creates a plan (planner role with a scope covering its unit): 201 with the plan. A retried
 * request (same clientRequestId) returns the first plan with `replayed: true`, writing nothing.
 */
export async function createPlan(w: WriteContext, body: PlanBody): Promise<{ plan: PlanRecord; created: boolean }> {
  const byKey = async (sql: Sql) => {
    if (!body.clientRequestId) return null;
    const [r] = await sql<{ id: string }[]>`SELECT id FROM planting_plan WHERE client_request_id = ${body.clientRequestId}`;
    return r ? planOr404(sql, Number(r.id)) : null;
  };
  const prior = await byKey(w.sql);
  if (prior) return { plan: prior, created: false };
  const r = await withWrite(w, { entity: 'planting_plan', action: 'create' }, async (tx) => {
    await checkSites(tx, body, null);
    const [row] = await tx<{ id: string }[]>`
      INSERT INTO planting_plan (name, year, unit_code, species, funding, households, note, client_request_id, created_by, updated_by)
      VALUES (${body.name}, ${body.year}, ${body.unitCode}, ${body.species ?? null}, ${body.funding ?? null}, ${body.households ?? null},
              ${body.note ?? null}, ${body.clientRequestId ?? null}, ${w.actor.id}, ${w.actor.id})
      ON CONFLICT (client_request_id) DO NOTHING
      RETURNING id`;
    if (!row) {
      const twin = (await byKey(tx))!; // a concurrent copy of this request committed first
      return { before: null, after: twin, unchanged: true as const, created: false };
    }
    const id = Number(row.id);
    await insertSites(tx, id, body);
    const after = await planOr404(tx, id);
    return { before: null, after, entityId: String(id), created: true };
  });
  return { plan: r.after as PlanRecord, created: r.created };
}

/**
 * Replaces a plan (name, year, unit, details and the whole list of lô). The planner's scope must
 * cover both the plan's unit and the new one; `version` must be the one edited (409 otherwise,
 * with the current plan). Sending the stored values changes nothing.
 */
export async function updatePlan(w: WriteContext, scopes: readonly string[], id: number, body: PlanBody & { version: number }): Promise<PlanRecord> {
  const r = await withWrite(w, { entity: 'planting_plan', entityId: String(id) }, async (tx) => {
    const [lock] = await tx<{ id: string }[]>`SELECT id FROM planting_plan WHERE id = ${id} FOR UPDATE`;
    if (!lock) throw notFound({ vi: `kế hoạch trồng rừng ${id}`, en: `Planting plan ${id}` });
    const before = await planOr404(tx, id);
    await assertScope(tx, scopes, 'planner', before.unitCode);
    assertVersion(before, body.version);
    await checkSites(tx, body, id);
    const next = { ...body, species: body.species ?? null, funding: body.funding ?? null, households: body.households ?? null, note: body.note ?? null };
    const sites = await tx<{ plotId: number; areaHa: number }[]>`
      SELECT x."plotId"::bigint::float8 AS "plotId", coalesce(x."areaHa", p.dtich)::float8 AS "areaHa"
      FROM jsonb_to_recordset(${tx.json(body.sites as never)}) AS x("plotId" bigint, "areaHa" numeric) JOIN forest_plot p ON p.id = x."plotId"`;
    if (comparable({ ...next, sites }) === comparable(before)) return { before, after: before, unchanged: true as const };
    // the old lô go first, so a change of year never collides with them
    await tx`DELETE FROM planting_plan_site WHERE plan_id = ${id}`;
    await tx`
      UPDATE planting_plan SET name = ${body.name}, year = ${body.year}, unit_code = ${body.unitCode}, species = ${next.species},
             funding = ${next.funding}, households = ${next.households}, note = ${next.note},
             version = version + 1, updated_by = ${w.actor.id}, updated_at = now()
      WHERE id = ${id}`;
    await insertSites(tx, id, body);
    return { before, after: await planOr404(tx, id) };
  });
  return r.after as PlanRecord;
}

/** Deletes a plan and its lô list (versioned like an update). */
export async function deletePlan(w: WriteContext, scopes: readonly string[], id: number, version: number): Promise<void> {
  await withWrite(w, { entity: 'planting_plan', entityId: String(id), action: 'delete' }, async (tx) => {
    const [lock] = await tx<{ id: string }[]>`SELECT id FROM planting_plan WHERE id = ${id} FOR UPDATE`;
    if (!lock) throw notFound({ vi: `kế hoạch trồng rừng ${id}`, en: `Planting plan ${id}` });
    const before = await planOr404(tx, id);
    await assertScope(tx, scopes, 'planner', before.unitCode);
    assertVersion(before, version);
    await tx`DELETE FROM planting_plan WHERE id = ${id}`;
    return { before, after: null };
  });
}
