import { Hono } from 'hono';
import type { CriteriaSetInfo, MetaResponse } from '../domain/api.ts';
import { PROVINCE_BOUNDS, PROVINCE_CENTER } from '../domain/geo.ts';
import { listAssessments } from '../services/assessments.ts';
import { readThresholds } from '../services/settings.ts';
import { databaseUnavailable } from '../ops/availability.ts';

export const meta = new Hono();

/**
 * Liveness: the process answers. Stays 200 while the database is down (a restart would not help);
 * says whether the database is reachable. Readiness (/api/ready) is what a load balancer asks.
 */
meta.get('/health', (c) => {
  const { db } = c.var.deps;
  return c.json({
    status: 'ok',
    database: db.kind,
    databaseReachable: db.health.isUp,
    mvt: db.nativeMvt ? 'native' : 'encoded',
  }, 200, { 'Cache-Control': 'no-store' });
});

/** Readiness: 200 when the database answers a bounded SELECT 1, else 503 with Retry-After. */
meta.get('/ready', async (c) => {
  const { db } = c.var.deps;
  if (await db.health.check()) return c.json({ status: 'ready', database: db.kind }, 200, { 'Cache-Control': 'no-store' });
  return databaseUnavailable(c);
});

meta.get('/meta', async (c) => {
  const sql = c.var.sql;
  const { db, config } = c.var.deps;
  const [assessments, sets, criteria, plantingYears, thresholds] = await Promise.all([
    listAssessments(sql),
    sql<{ id: string; scope: 'commune' | 'village'; year_from: number; year_to: number; name_vi: string; name_en: string }[]>`
      SELECT id, scope, year_from, year_to, name_vi, name_en FROM criteria_set ORDER BY scope, year_from`,
    sql<{ set_id: string; no: number; name_vi: string; name_en: string }[]>`SELECT set_id, no, name_vi, name_en FROM criterion ORDER BY set_id, no`,
    sql<{ year: number }[]>`SELECT DISTINCT year FROM planting ORDER BY year`,
    readThresholds(sql),
  ]);
  const years = (scope: 'commune' | 'village') => assessments.filter((a) => a.scope === scope).map((a) => a.year);
  const criteriaSets: CriteriaSetInfo[] = sets.map((s) => ({
    id: s.id,
    scope: s.scope,
    yearFrom: s.year_from,
    yearTo: s.year_to,
    name: { vi: s.name_vi, en: s.name_en },
    criteria: criteria.filter((k) => k.set_id === s.id).map((k) => ({ no: k.no, name: { vi: k.name_vi, en: k.name_en } })),
  }));
  const communeYears = years('commune');
  const villageYears = years('village');
  const body: MetaResponse = {
    demo: true,
    database: db.kind,
    mvt: db.nativeMvt ? 'native' : 'encoded',
    bounds: PROVINCE_BOUNDS,
    center: PROVINCE_CENTER,
    commune: { years: communeYears, latestYear: communeYears.at(-1) ?? 0 },
    village: { years: villageYears, latestYear: villageYears.at(-1) ?? 0 },
    planting: { years: plantingYears.map((p) => p.year) },
    criteriaSets,
    assessments,
    thresholds,
    basemapStyleUrl: config.BASEMAP_STYLE_URL,
  };
  return c.json(body);
});
