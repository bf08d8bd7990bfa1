import { Hono } from 'hono';
import { z } from 'zod';
import { validate } from '../http/validate.ts';
import { tieuKhuDetail } from '../services/tieukhu-detail.ts';

/** GET /api/tieukhu/:no — a tiểu khu for its panel. */
export const tieukhu = new Hono().get(
  '/:no',
  validate('param', z.object({ no: z.coerce.number({ error: 'Số tiểu khu phải là số / The tiểu khu number must be a number' }).int().min(1).max(99_999) })),
  async (c) => c.json(await tieuKhuDetail(c.var.sql, c.req.valid('param').no)),
);
