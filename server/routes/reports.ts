import { Hono } from 'hono';
import { InfrastructureQuery, NtmFundingQuery, ScatteredTreesQuery, VillagePlansQuery, VillageStandingQuery } from '../domain/reports.ts';
import { validate } from '../http/validate.ts';
import { ntmFunding, scatteredTrees, villageInfrastructure, villagePlans, villageStanding } from '../services/report-records.ts';

/**
 * The report records (read-only, open like the statistics): NTM funding by source, village
 * cultural infrastructure, scattered trees and their inspection, village plans, village standing.
 */
export const reports = new Hono()
  .get('/ntm-funding', validate('query', NtmFundingQuery), async (c) => {
    const q = c.req.valid('query');
    return c.json(await ntmFunding(c.var.sql, q.from, q.to));
  })
  .get('/village-infrastructure', validate('query', InfrastructureQuery), async (c) => {
    const q = c.req.valid('query');
    return c.json(await villageInfrastructure(c.var.sql, q.unit, q.by));
  })
  .get('/scattered-trees', validate('query', ScatteredTreesQuery), async (c) => {
    const q = c.req.valid('query');
    return c.json(await scatteredTrees(c.var.sql, q.unit, q.year));
  })
  .get('/village-plans', validate('query', VillagePlansQuery), async (c) => {
    const q = c.req.valid('query');
    return c.json(await villagePlans(c.var.sql, q.unit, q.year));
  })
  .get('/village-standing', validate('query', VillageStandingQuery), async (c) => {
    const q = c.req.valid('query');
    return c.json(await villageStanding(c.var.sql, q.unit, q.asOf));
  });
