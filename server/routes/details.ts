import { Hono } from 'hono';
import { z } from 'zod';
import { PlotId, UnitCode, VillageCode, VillagesQuery, Year } from '../domain/api.ts';
import { namesForReader } from '../auth/guards.ts';
import { validate } from '../http/validate.ts';
import { communeDetail } from '../services/commune-detail.ts';
import { villageDetail, villagesGeoJson } from '../services/village-detail.ts';
import { plotDetail } from '../services/plot-detail.ts';

const YearQuery = z.object({ year: Year.optional() });

export const communes = new Hono().get('/:code', validate('param', z.object({ code: UnitCode })), validate('query', YearQuery), async (c) =>
  c.json(await communeDetail(c.var.sql, c.req.valid('param').code, c.req.valid('query').year)),
);

export const villages = new Hono()
  .get('/', validate('query', VillagesQuery), async (c) => {
    const q = c.req.valid('query');
    return c.json(await villagesGeoJson(c.var.sql, q.year, q.commune));
  })
  .get('/:code', validate('param', z.object({ code: VillageCode })), validate('query', YearQuery), async (c) =>
    c.json(await villageDetail(c.var.sql, c.req.valid('param').code, c.req.valid('query').year)),
  );

export const plots = new Hono().get('/:id', validate('param', z.object({ id: PlotId })), async (c) =>
  // who recorded each inspection is shown to signed-in users only (auth/guards.ts namesForReader)
  c.json(await namesForReader(c, await plotDetail(c.var.sql, c.req.valid('param').id))),
);
