import { Hono } from 'hono';
import { readJson } from '../http/validate.ts';
import { AreaQuery } from '../domain/planner.ts';
import { analyseArea } from '../services/area.ts';
import { smallBodies } from '../http/body-limit.ts';

/**
 * Area analysis, read-only:
 *
 *   POST /api/stats/area   a GeoJSON Polygon/MultiPolygon (or Feature), or {commune} | {tieuKhu} | {planId}
 *
 * Refused with a bilingual 422: more than MAX_AREA_VERTICES vertices, open rings, vertices outside
 * the province's bounding box, an invalid (self-intersecting) polygon.
 */
export const area = new Hono().post('/area', smallBodies(512 * 1024), async (c) => c.json(await analyseArea(c.var.sql, await readJson(c, AreaQuery))));
