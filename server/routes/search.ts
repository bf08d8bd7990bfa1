import { Hono } from 'hono';
import { SearchQuery } from '../domain/api.ts';
import { LocatablePoint } from '../domain/forest.ts';
import { validate } from '../http/validate.ts';
import { search } from '../services/search.ts';
import { locate } from '../services/locate.ts';

export const searchRoutes = new Hono()
  .get('/search', validate('query', SearchQuery), async (c) => {
    const q = c.req.valid('query');
    return c.json(await search(c.var.sql, q.q, q.limit));
  })
  .get('/locate', validate('query', LocatablePoint), async (c) => {
    const { lon, lat } = c.req.valid('query');
    return c.json(await locate(c.var.sql, lon, lat));
  });
