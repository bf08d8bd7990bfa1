/**
 * Hostile and malformed input over EVERY route of the API, generated from the app's own route list
 * (issue 13): hostile path parameters, query strings and bodies, anonymous and signed in with every
 * role. No answer may be a 5xx, and the database must not change (row counts and largest ids of
 * every table). Plus the exact probes of issue 13 #4.
 *
 * A case that is known to fail is marked `it.fails` with its issue item in KNOWN, so that the suite
 * says so and turns red the day it is fixed (then the entry goes).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Client } from '../helpers/auth.ts';
import { authTestApp, Client as AnonClient, TARGET, type AuthTestApp } from '../helpers/auth.ts';
import { apiRoutes, fill, fingerprint, routeKey, superUser, type ApiRoute } from './helpers.ts';

let t: AuthTestApp;
let su: Client;
let routes: ApiRoute[] = [];

/** Hostile values for path parameters and query strings. */
const HOSTILE = [
  "'; DROP TABLE audit_log; --",
  '-1',
  '0',
  '2147483648',
  '99999999999999999999999',
  '1e3',
  '0x10',
  ' 1',
  'NaN',
  '../../../etc/passwd',
  '%00',
  'x'.repeat(2000),
  '[object Object]',
  'Đắk Hà\u0000',
];

/** Hostile bodies (raw text sent as application/json). */
const BODIES = [
  '',
  '{',
  'null',
  '[]',
  '"text"',
  '{}',
  '{"__proto__":{"admin":true}}',
  JSON.stringify({ version: 2147483648, year: -1, tieuKhu: 2147483648, id: 'x', code: "' OR 1=1 --", plots: 'many', geometry: { type: 'Polygon', coordinates: [[[0, 0]]] } }),
  JSON.stringify({ year: 1e308, no: 1.5, met: 'yes', evidence: 1, username: ['a'], roles: 'admin', limit: -5 }),
  '[' .repeat(2000) + ']'.repeat(2000),
];

/**
 * Routes that answer 5xx to some of this input today, and who fixes them. Keyed by route, with
 * the engines it fails on. Remove an entry when its fix lands (the test then runs as a plain `it`).
 */
const KNOWN: Record<string, { item: string; engines: ('embedded' | 'postgres')[] }> = {};

const QUERY_KEYS = ['year', 'limit', 'unit', 'q', 'lon', 'lat', 'tieuKhu', 'before', 'version', 'plantingYear', 'district', 'commune', 'radius'];

beforeAll(async () => {
  t = await authTestApp();
  su = await superUser(t.app, t.sql, 'rel-everything');
  routes = apiRoutes(t.app);
}, 120_000);

/** Every request of one route: hostile params, hostile queries, hostile bodies. */
function requestsFor(r: ApiRoute): { path: string; raw?: string }[] {
  const out: { path: string; raw?: string }[] = [];
  for (const v of HOSTILE) out.push({ path: fill(r.path, v) });
  const plain = fill(r.path, { code: '23329', year: '2023', no: '1', layer: 'communes', z: '7', x: '101', file: r.path.includes('.json') ? 'communes.json' : '56.mvt', id: '999999999', ref: '999999999' });
  // (ids that do not exist: a well-formed body then reaches the handler without changing anyone's record)
  for (const v of HOSTILE) out.push({ path: `${plain}?${QUERY_KEYS.map((k) => `${k}=${encodeURIComponent(v)}`).join('&')}` });
  out.push({ path: `${plain}?year=2023&year=2024&limit=1&limit=abc` });
  if (r.method !== 'GET') for (const b of BODIES) out.push({ path: plain, raw: b });
  return out;
}

describe(`no 5xx and no change for hostile input on every route (${TARGET})`, () => {
  it('the route list is the app’s own (a new route is covered without editing this file)', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.map(routeKey)).toContain('POST /api/stats/area');
  });

  // one test per route, generated after beforeAll has the app: vitest needs the names up front, so
  // the route list is read from a fresh app at collection time (no database needed for that)
  for (const r of collectRoutes()) {
    const known = KNOWN[routeKey(r)];
    const test = known?.engines.includes(TARGET) ? it.fails : it;
    test(`${routeKey(r)}${known ? ` — known: ${known.item}` : ''}`, async () => {
      const before = await fingerprint(t.sql);
      const failures: string[] = [];
      for (const client of [new AnonClient(t.app, '10.13.0.1'), su]) {
        for (const req of requestsFor(r)) {
          if (r.path === '/api/auth/logout' && client === su) continue; // would end the session the loop uses
          const res = await client.request(r.method, req.path, req.raw !== undefined ? { raw: req.raw } : {});
          if (res.status >= 500) failures.push(`${res.status} ${r.method} ${req.path.slice(0, 160)} ${req.raw?.slice(0, 80) ?? ''}`);
          await res.arrayBuffer();
        }
      }
      expect(failures).toEqual([]);
      expect(await fingerprint(t.sql)).toEqual(before);
    });
  }
});

/** The exact probes of issue 13 #4 (valid-looking input that gave 500). */
const PROBES: { method: 'GET' | 'POST'; path: string; body?: unknown; known?: string; engines?: ('embedded' | 'postgres')[] }[] = [
  { method: 'POST', path: '/api/stats/area', body: { tieuKhu: 2147483648 } },
  { method: 'POST', path: '/api/sites/search', body: { tieuKhu: [2147483648] } },
  { method: 'POST', path: '/api/stats/area', body: { type: 'Polygon', coordinates: [[]] } },
  { method: 'GET', path: '/api/locate?lon=17&lat=0' },
  { method: 'GET', path: '/api/locate?lon=-160&lat=0' },
  { method: 'GET', path: '/api/tiles/communes/1e3/0/0.mvt' },
  { method: 'GET', path: '/api/tiles/communes/0x10/0/0.mvt' },
  { method: 'GET', path: '/api/tiles/communes/%201/0/0.mvt' },
  // last: on the embedded database a geometry error here used to leave the connection unusable
  { method: 'POST', path: '/api/stats/area', body: { commune: '23350' } },
];

describe(`issue 13 #4 probes (${TARGET})`, () => {
  it('tile coordinates written other than as plain integers are refused', async () => {
    for (const z of ['1e3', '0x10', '%201']) {
      const res = await su.get(`/api/tiles/communes/${z}/0/0.mvt`);
      expect(res.status, z).toBe(400);
    }
  });
  for (const p of PROBES) {
    const failsHere = p.known && (p.engines ?? ['embedded', 'postgres']).includes(TARGET);
    const test = failsHere ? it.fails : it;
    test(`${p.method} ${p.path} ${p.body ? JSON.stringify(p.body) : ''} → 4xx or 2xx, never 5xx${failsHere ? ` — known: ${p.known}` : ''}`, async () => {
      const before = await fingerprint(t.sql);
      const res = await su.request(p.method, p.path, p.body !== undefined ? { body: p.body } : {});
      expect(res.status, await res.text()).toBeLessThan(500);
      expect(await fingerprint(t.sql)).toEqual(before);
    });
  }
});

/** The route list at collection time, from an app without a database (routes are static). */
function collectRoutes(): ApiRoute[] {
  return apiRoutes(createApp({ config: { LOG_LEVEL: 'silent' } } as never)) // only the route list is read;
}
