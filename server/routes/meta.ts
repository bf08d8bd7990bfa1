import { Hono } from 'hono';
import { metaResponse } from '../services/meta.ts';
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
  const { db, config } = c.var.deps;
  return c.json(await metaResponse(c.var.sql, { database: db.kind, nativeMvt: db.nativeMvt, basemapStyleUrl: config.BASEMAP_STYLE_URL }));
});
