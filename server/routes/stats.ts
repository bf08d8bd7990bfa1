import { Hono } from 'hono';
import { NtmStatsQuery, PlantingStatsQuery, VillageStatsQuery } from '../domain/api.ts';
import { validate } from '../http/validate.ts';
import { ntmStats } from '../services/ntm-stats.ts';
import { villageStats } from '../services/village-stats.ts';
import { plantingStats } from '../services/planting-stats.ts';

export const stats = new Hono();

stats.get('/ntm', validate('query', NtmStatsQuery), async (c) => {
  const q = c.req.valid('query');
  return c.json(await ntmStats(c.var.sql, q.year, q.district ? 'district' : q.by, q.district));
});

stats.get('/villages', validate('query', VillageStatsQuery), async (c) => {
  const q = c.req.valid('query');
  return c.json(await villageStats(c.var.sql, q.unit, q.year, q.baseline, q.era));
});

stats.get('/planting', validate('query', PlantingStatsQuery), async (c) => {
  const q = c.req.valid('query');
  return c.json(await plantingStats(c.var.sql, q.plantingYear, q.by, q.unit, q.era));
});
