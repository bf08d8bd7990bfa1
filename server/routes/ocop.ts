import { Hono } from 'hono';
import { CapitalQuery, OcopCountsQuery } from '../domain/ocop.ts';
import { validate } from '../http/validate.ts';
import { ocopCounts, programmeCapital } from '../services/ocop.ts';

/** GET /api/ocop/counts?by=district|commune|unit2025|province&year=2023: OCOP products by unit and star (read-only). */
export const ocop = new Hono().get('/counts', validate('query', OcopCountsQuery), async (c) => {
  const q = c.req.valid('query');
  return c.json(await ocopCounts(c.var.sql, q.by, q.year ?? null));
});

/** GET /api/capital?year=2023: the national target programmes' capital by district (read-only). */
export const capital = new Hono().get('/', validate('query', CapitalQuery), async (c) => {
  return c.json(await programmeCapital(c.var.sql, c.req.valid('query').year ?? null));
});
