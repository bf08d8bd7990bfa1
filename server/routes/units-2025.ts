import { Hono } from 'hono';
import { z } from 'zod';
import { UnitCode } from '../domain/api.ts';
import { validate } from '../http/validate.ts';
import { listUnits2025, unit2025Detail } from '../services/units-2025.ts';

/**
 * The units of 1 July 2025 (read-only): GET /api/units2025 lists them with their old units;
 * GET /api/units2025/:code is one unit with its old units' history (NTM, villages, planting).
 */
export const units2025 = new Hono()
  .get('/', async (c) => c.json(await listUnits2025(c.var.sql)))
  .get('/:code', validate('param', z.object({ code: UnitCode })), async (c) => c.json(await unit2025Detail(c.var.sql, c.req.valid('param').code)));
