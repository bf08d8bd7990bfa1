import { Hono } from 'hono';
import { OfflinePackageQuery, OfflinePolygonBody } from '../domain/offline.ts';
import { namesForReader } from '../auth/guards.ts';
import { smallBodies } from '../http/body-limit.ts';
import { readJson, validate } from '../http/validate.ts';
import { offlinePackage } from '../services/offline-package.ts';

/**
 * GET /api/offline/package?tieuKhu=568 | ?commune=23350 — what a phone carries into the forest
 * (domain/offline.ts). POST /api/offline/package {polygon} — the same for an area drawn on the
 * map (a polygon does not fit a query string; the POST reads only). Readable by whoever may read
 * the lô panels; who recorded an inspection is named to signed-in users only, as in the lô panel.
 */
export const offline = new Hono()
  .get('/package', validate('query', OfflinePackageQuery), async (c) => c.json(await namesForReader(c, await offlinePackage(c.var.sql, c.req.valid('query')))))
  .post('/package', smallBodies(64 * 1024), async (c) => c.json(await namesForReader(c, await offlinePackage(c.var.sql, await readJson(c, OfflinePolygonBody)))));
