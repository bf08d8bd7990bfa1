import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { authorize, namesForReader, requireScope } from '../auth/guards.ts';
import { INT4_MAX, readJson, readParams, readQuery } from '../http/validate.ts';
import { writeContext } from '../write/context.ts';
import { PlanBody } from '../domain/planner.ts';
import { UnitCode, Year } from '../domain/api.ts';
import { createPlan, deletePlan, listPlans, planOr404, updatePlan } from '../services/plans.ts';
import { attachment, tableCsv, tableXlsx, XLSX_TYPE } from '../services/forest-export.ts';
import { planGeoJson, planTable } from '../services/plan-export.ts';
import { smallBodies } from '../http/body-limit.ts';
import { PathId } from '../domain/bounds.ts';

/**
 * Planting plans:
 *
 *   GET    /api/plans?year=&unit=                 plans (a district lists its communes' plans too)
 *   POST   /api/plans                             create (planner, scope covering unitCode; idempotent with clientRequestId) → 201
 *   GET    /api/plans/:id                         one plan with its lô, total and target
 *   GET    /api/plans/:id.csv|.xlsx|.geojson      the plan as files (?lang=vi|en)
 *   PUT    /api/plans/:id                         replace (planner, scoped; `version` required; 409 with `current` when stale)
 *   DELETE /api/plans/:id?version=N               delete (planner, scoped; versioned)
 */
const ListQuery = z.object({ year: Year.optional(), unit: UnitCode.optional() }).strict();
const Ref = z.object({ ref: z.string().regex(/^\d{1,12}(\.(csv|xlsx|geojson))?$/, 'địa chỉ kế hoạch không hợp lệ / invalid plan address') });
const IdParam = z.object({ id: PathId() });
/** PUT replaces the plan the client edited: its version is required. */
const EditedPlanBody = PlanBody.extend({ version: z.number({ error: 'Cần phiên bản (version) của kế hoạch đã sửa / The version of the edited plan is required' }).int().min(0).max(INT4_MAX) });
const LangQuery = z.object({ lang: z.enum(['vi', 'en']).default('vi') });
const PLAN_BODY_LIMIT = 256 * 1024;

async function planFile(c: Context, id: number, format: 'csv' | 'xlsx' | 'geojson'): Promise<Response> {
  const { lang } = readQuery(c, LangQuery);
  const p = await planOr404(c.var.sql, id);
  const file = `ke-hoach-trong-rung-${p.year}-${p.id}`;
  if (format === 'geojson') {
    return c.body(JSON.stringify(await planGeoJson(c.var.sql, p)), 200, { 'Content-Type': 'application/geo+json; charset=utf-8', 'Content-Disposition': attachment(`${file}.geojson`) });
  }
  const t = planTable(p, lang);
  if (format === 'csv') return c.body(tableCsv(t, lang), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': attachment(`${file}.csv`) });
  const body = await tableXlsx(t, lang);
  return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': XLSX_TYPE, 'Content-Disposition': attachment(`${file}.xlsx`) });
}

export const plans = new Hono()
  .get('/', async (c) => c.json(await namesForReader(c, await listPlans(c.var.sql, readQuery(c, ListQuery)))))
  .post('/', smallBodies(PLAN_BODY_LIMIT), async (c) => {
    await authorize(c, 'planner');
    const body = await readJson(c, PlanBody);
    await requireScope(c, 'planner', body.unitCode);
    const r = await createPlan(await writeContext(c), body);
    return c.json(r.created ? r.plan : { ...r.plan, replayed: true }, r.created ? 201 : 200);
  })
  .get('/:ref', async (c) => {
    const { ref } = readQuery(c, Ref, c.req.param());
    const [id, ext] = ref.split('.') as [string, 'csv' | 'xlsx' | 'geojson' | undefined];
    if (ext) return planFile(c, Number(id), ext);
    return c.json(await namesForReader(c, await planOr404(c.var.sql, Number(id))));
  })
  .put('/:id', smallBodies(PLAN_BODY_LIMIT), async (c) => {
    const user = await authorize(c, 'planner');
    const { id } = readQuery(c, IdParam, c.req.param());
    const body = await readJson(c, EditedPlanBody);
    await requireScope(c, 'planner', body.unitCode);
    return c.json(await updatePlan(await writeContext(c), user.scopes, id, body));
  })
  .delete('/:id', async (c) => {
    const user = await authorize(c, 'planner');
    const { id } = readParams(c, IdParam);
    const { version } = readQuery(c, z.object({ version: z.coerce.number().int().min(1).max(INT4_MAX) }));
    await deletePlan(await writeContext(c), user.scopes, id, version);
    return c.json({ deleted: true, id });
  });
