import { Hono } from 'hono';
import { readJson, readQuery } from '../http/validate.ts';
import { BufferQuery, SiteSearch } from '../domain/planner.ts';
import { searchSites, siteUnits } from '../services/sites.ts';
import { villageBuffers } from '../services/sites-buffer.ts';
import { smallBodies } from '../http/body-limit.ts';

/**
 * The planner's site finder, read-only (no role needed to read, like the map):
 *
 *   GET  /api/sites/units           districts and communes (the finder's choices)
 *   POST /api/sites/search          constraints (SiteSearch) → matching lô with area, distances, score parts, totals, target
 *   GET  /api/sites/buffer?villages=a,b&km=2[&functions=production]   lô within km of the villages
 *   POST /api/sites/buffer          the same as JSON {villages: [...], km, functions?}
 *
 * One SQL query per request (server/sql/planner/*.sql), parameters bound.
 */
export const sites = new Hono()
  .get('/units', async (c) => c.json(await siteUnits(c.var.sql)))
  .post('/search', smallBodies(64 * 1024), async (c) => c.json(await searchSites(c.var.sql, await readJson(c, SiteSearch))))
  .get('/buffer', async (c) => {
    const raw = c.req.queries();
    const q = readQuery(c, BufferQuery, {
      villages: raw.villages?.join(',') ?? '',
      km: raw.km?.[0],
      ...(raw.functions ? { functions: raw.functions.flatMap((f) => f.split(',')) } : {}),
      ...(raw.limit ? { limit: raw.limit[0] } : {}),
    });
    return c.json(await villageBuffers(c.var.sql, q));
  })
  .post('/buffer', smallBodies(16 * 1024), async (c) => c.json(await villageBuffers(c.var.sql, await readJson(c, BufferQuery))));
