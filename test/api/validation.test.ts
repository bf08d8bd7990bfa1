/**
 * One validator for every route (issue 11): a request whose path, query or body does not fit the
 * route's schema gets the same answer everywhere — 400 `invalid_input`, the same bilingual message,
 * and the offending fields in `issues`. (422 is kept for well-formed requests that the records
 * refuse: a criterion the year's set lacks, counts that do not add up, a stale idempotency key.)
 *
 * The table below names a bad input for EVERY route of the app; a route added without a row
 * fails the first test, so new routes are covered by construction. Nothing is written. Both databases.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { authTestApp, createUser, dbFingerprint, demoPlaces, signedIn, TARGET, type AuthTestApp, type Client } from '../helpers/auth.ts';

let t: AuthTestApp;
let su: Client;
let places: Awaited<ReturnType<typeof demoPlaces>>;

type Case = { method: string; route: string; path: () => string; body?: unknown } | { method: string; route: string; none: string };

/** Every route: a request with input that does not fit its schema, or why it takes none. */
const cases: Case[] = [
  { method: 'GET', route: '/api/health', none: 'no input' },
  { method: 'GET', route: '/api/meta', none: 'no input' },
  { method: 'GET', route: '/api/tiles/:file{[a-z][a-z0-9]+\\.json}', none: 'the layer name is a lookup (404 for an unknown one)' },
  { method: 'GET', route: '/api/tiles/:layer/:z/:x/:file', path: () => '/api/tiles/communes/8/203/117.mvt?year=abc' },
  { method: 'GET', route: '/api/stats/ntm', path: () => '/api/stats/ntm?year=abc' },
  { method: 'GET', route: '/api/stats/villages', path: () => '/api/stats/villages?year=abc' },
  { method: 'GET', route: '/api/stats/planting', path: () => '/api/stats/planting?plantingYear=abc' },
  // the era of issue 17: 'before' or 'after' only
  { method: 'GET', route: '/api/stats/villages', path: () => '/api/stats/villages?year=2023&era=later' },
  { method: 'GET', route: '/api/stats/planting', path: () => '/api/stats/planting?plantingYear=2022&era=2025' },
  { method: 'GET', route: '/api/communes/:code', path: () => '/api/communes/abc' },
  { method: 'GET', route: '/api/villages', path: () => '/api/villages?year=abc' },
  { method: 'GET', route: '/api/villages/:code', path: () => '/api/villages/abc' },
  { method: 'GET', route: '/api/units2025', none: 'no input' },
  { method: 'GET', route: '/api/units2025/:code', path: () => '/api/units2025/abc' },
  // report records (NTM funding, village infrastructure, scattered trees, village plans and standing)
  { method: 'GET', route: '/api/reports/ntm-funding', path: () => '/api/reports/ntm-funding?from=2020&to=2016' },
  { method: 'GET', route: '/api/reports/village-infrastructure', path: () => '/api/reports/village-infrastructure?by=tinh' },
  { method: 'GET', route: '/api/reports/scattered-trees', path: () => '/api/reports/scattered-trees?year=abc' },
  { method: 'GET', route: '/api/reports/village-plans', path: () => '/api/reports/village-plans?unit=abc' },
  { method: 'GET', route: '/api/reports/village-standing', path: () => '/api/reports/village-standing?asOf=3/2025' },
  { method: 'GET', route: '/api/ocop/counts', path: () => '/api/ocop/counts?by=village' },
  { method: 'GET', route: '/api/capital', path: () => '/api/capital?year=1999' },
  { method: 'GET', route: '/api/plots/:id', path: () => '/api/plots/abc' },
  { method: 'GET', route: '/api/search', path: () => '/api/search?q=' },
  { method: 'GET', route: '/api/locate', path: () => '/api/locate?lon=abc&lat=14' },
  { method: 'POST', route: '/api/auth/login', path: () => '/api/auth/login', body: { username: 5, password: 'x' } },
  { method: 'POST', route: '/api/auth/logout', none: 'no input' },
  { method: 'GET', route: '/api/auth/me', none: 'no input' },
  { method: 'POST', route: '/api/auth/password', path: () => '/api/auth/password', body: { currentPassword: 5 } },
  { method: 'GET', route: '/api/admin/users', none: 'no input' },
  { method: 'POST', route: '/api/admin/users', path: () => '/api/admin/users', body: { username: 5 } },
  { method: 'PATCH', route: '/api/admin/users/:id', path: () => `/api/admin/users/${su.me!.user!.id}`, body: { version: 'x' } },
  { method: 'POST', route: '/api/admin/users/:id/password', path: () => `/api/admin/users/${su.me!.user!.id}/password`, body: { version: 'x' } },
  { method: 'GET', route: '/api/admin/units', none: 'no input' },
  { method: 'GET', route: '/api/admin/audit', path: () => '/api/admin/audit?limit=abc' },
  { method: 'GET', route: '/api/admin/audit.csv', path: () => '/api/admin/audit.csv?from=abc' },
  { method: 'GET', route: '/api/admin/settings/survival-thresholds', none: 'no input' },
  { method: 'PUT', route: '/api/admin/settings/survival-thresholds', path: () => '/api/admin/settings/survival-thresholds', body: { acceptedAbovePct: 'x' } },
  { method: 'PUT', route: '/api/communes/:code/criteria/:year/:no', path: () => `/api/communes/${places.cityCommune}/criteria/2025/1`, body: { met: 'x', version: 0 } },
  { method: 'PUT', route: '/api/villages/:code/criteria/:year/:no', path: () => `/api/villages/${places.cityVillage}/criteria/2025/1`, body: { met: 'x', version: 0 } },
  { method: 'GET', route: '/api/ntm/tables', path: () => '/api/ntm/tables?year=abc' },
  { method: 'GET', route: '/api/ntm/tables', path: () => '/api/ntm/tables?year=2023&era=after7' },
  { method: 'GET', route: '/api/ntm/tables.csv', path: () => '/api/ntm/tables.csv?year=abc&table=criteria' },
  { method: 'GET', route: '/api/ntm/tables.xlsx', path: () => '/api/ntm/tables.xlsx?year=abc' },
  { method: 'POST', route: '/api/ntm/criteria/upload', path: () => '/api/ntm/criteria/upload', body: { csv: 5 } },
  { method: 'POST', route: '/api/inspections', path: () => '/api/inspections', body: { plantingId: 'x' } },
  { method: 'GET', route: '/api/inspections/:id', path: () => '/api/inspections/abc' },
  { method: 'GET', route: '/api/inspections/:id/photos/:no', path: () => '/api/inspections/1/photos/abc' },
  { method: 'POST', route: '/api/uploads', path: () => '/api/uploads', body: { size: 'x', contentType: 'image/jpeg', sha256: 'abc' } },
  { method: 'GET', route: '/api/uploads/:id', path: () => '/api/uploads/abc' },
  { method: 'PUT', route: '/api/uploads/:id', path: () => '/api/uploads/abc', body: {} },
  { method: 'GET', route: '/api/forest/worklist', path: () => '/api/forest/worklist?funding=loan' },
  { method: 'GET', route: '/api/forest/worklist.csv', path: () => '/api/forest/worklist.csv?funding=loan' },
  { method: 'GET', route: '/api/forest/worklist.xlsx', path: () => '/api/forest/worklist.xlsx?funding=loan' },
  { method: 'GET', route: '/api/forest/worklist.gpkg', path: () => '/api/forest/worklist.gpkg?funding=loan' },
  { method: 'GET', route: '/api/forest/worklist.shp.zip', path: () => '/api/forest/worklist.shp.zip?funding=loan' },
  { method: 'GET', route: '/api/forest/worklist.kml', path: () => '/api/forest/worklist.kml?funding=loan' },
  { method: 'GET', route: '/api/forest/worklist.gpx', path: () => '/api/forest/worklist.gpx?funding=loan' },
  { method: 'GET', route: '/api/forest/planting.csv', path: () => '/api/forest/planting.csv?plantingYear=abc' },
  { method: 'GET', route: '/api/forest/planting.xlsx', path: () => '/api/forest/planting.xlsx?plantingYear=abc' },
  { method: 'GET', route: '/api/forest/units', none: 'no input' },
  { method: 'GET', route: '/api/forest/progress', path: () => '/api/forest/progress?year=abc' },
  { method: 'GET', route: '/api/forest/progress', path: () => '/api/forest/progress?year=2022&era=new' },
  { method: 'GET', route: '/api/sites/units', none: 'no input' },
  { method: 'POST', route: '/api/sites/search', path: () => '/api/sites/search', body: { limit: 'x' } },
  { method: 'GET', route: '/api/sites/buffer', path: () => `/api/sites/buffer?villages=${places.cityVillage}&km=abc` },
  { method: 'POST', route: '/api/sites/buffer', path: () => '/api/sites/buffer', body: () => ({ villages: [places.cityVillage], km: 'abc' }) },
  { method: 'GET', route: '/api/plans', path: () => '/api/plans?year=abc' },
  { method: 'POST', route: '/api/plans', path: () => '/api/plans', body: { name: 5 } },
  { method: 'GET', route: '/api/plans/:ref', path: () => '/api/plans/abc' },
  { method: 'PUT', route: '/api/plans/:id', path: () => '/api/plans/1', body: { name: 5 } },
  { method: 'DELETE', route: '/api/plans/:id', path: () => '/api/plans/1?version=abc' },
  { method: 'POST', route: '/api/stats/area', path: () => '/api/stats/area', body: { commune: 5 } },
  { method: 'GET', route: '/metrics', none: 'no input (Prometheus text)' },
  { method: 'GET', route: '/api/ready', none: 'no input' },
  { method: 'GET', route: '/api/tiles/versions', none: 'no input' },
  { method: 'GET', route: '/api/tiles/:layer/features/:id', path: () => '/api/tiles/districts/features/a%20b' },
  { method: 'GET', route: '/api/tieukhu/:no', path: () => '/api/tieukhu/abc' },
  { method: 'GET', route: '/api/offline/package', path: () => '/api/offline/package?tieuKhu=568&commune=23350' },
  { method: 'POST', route: '/api/offline/package', path: () => '/api/offline/package', body: { polygon: { type: 'Point', coordinates: [108, 14.5] } } },
  { method: 'GET', route: '/api/ntm/report', path: () => '/api/ntm/report?year=abc' },
  { method: 'GET', route: '/api/ntm/criteria.csv', path: () => '/api/ntm/criteria.csv?year=abc' },
  { method: 'GET', route: '/api/style.json', path: () => '/api/style.json?year=abc' },
  // OGC API – Features: its parameters are refused with 400 invalid_input naming the OGC parameter
  // (the standard's wording; test/api/ogc.test.ts), and the collection ids are lookups (404)
  { method: 'GET', route: '/api/ogc', none: 'no input' },
  { method: 'GET', route: '/api/ogc/api', none: 'no input' },
  { method: 'GET', route: '/api/ogc/conformance', none: 'no input' },
  { method: 'GET', route: '/api/ogc/collections', none: 'no input' },
  { method: 'GET', route: '/api/ogc/collections/:id', none: 'the collection id is a lookup (404)' },
  { method: 'GET', route: '/api/ogc/collections/:id/schema', none: 'the collection id is a lookup (404)' },
  { method: 'GET', route: '/api/ogc/collections/:id/items', none: 'OGC parameters: 400 naming the parameter (ogc.test.ts)' },
  { method: 'GET', route: '/api/ogc/collections/:id/items/:featureId', none: 'the feature id is a lookup (404)' },
  { method: 'POST', route: '/api/import', path: () => '/api/import?target=nonsense&name=a.zip', body: {} },
  { method: 'GET', route: '/api/import', none: 'no input' },
  { method: 'GET', route: '/api/import/targets', none: 'no input' },
  { method: 'GET', route: '/api/import/:id', path: () => '/api/import/abc' },
  { method: 'GET', route: '/api/import/:id/report.csv', path: () => '/api/import/abc/report.csv' },
  { method: 'GET', route: '/api/import/:id/staged.geojson', path: () => '/api/import/abc/staged.geojson' },
  { method: 'POST', route: '/api/import/:id/commit', path: () => '/api/import/abc/commit', body: {} },
  { method: 'POST', route: '/api/import/:id/rollback', path: () => '/api/import/abc/rollback', body: {} },
  { method: 'GET', route: '/api/views', none: 'no input' },
  { method: 'POST', route: '/api/views', path: () => '/api/views', body: { name: 'x', query: 'year=2023&evil=1' } },
  { method: 'GET', route: '/api/views/:id', path: () => '/api/views/abc' },
  { method: 'PUT', route: '/api/views/:id', path: () => '/api/views/1', body: { name: '', query: '', version: 1 } },
  { method: 'DELETE', route: '/api/views/:id', path: () => '/api/views/1?version=abc' },
  { method: 'GET', route: '/api/briefings', none: 'no input' },
  { method: 'POST', route: '/api/briefings', path: () => '/api/briefings', body: { title: 'x', items: [{ title: 'a', query: '<script>' }] } },
  { method: 'GET', route: '/api/briefings/:id', path: () => '/api/briefings/-1' },
  { method: 'PUT', route: '/api/briefings/:id', path: () => '/api/briefings/1', body: { title: 'x', items: [] } },
  { method: 'DELETE', route: '/api/briefings/:id', path: () => '/api/briefings/1?version=0' },
  { method: 'GET', route: '/api/import-jobs/options', none: 'no input' },
  { method: 'POST', route: '/api/import-jobs', path: () => '/api/import-jobs?name=a%2Fb.zip', body: {} },
  { method: 'GET', route: '/api/import-jobs/preview/:batch/:z/:x/:y', path: () => '/api/import-jobs/preview/abc/1/1/1.mvt' },
  { method: 'GET', route: '/api/import-jobs/:id', path: () => '/api/import-jobs/abc' },
  { method: 'GET', route: '/api/import-jobs/:id/inspect', path: () => '/api/import-jobs/abc/inspect' },
  { method: 'POST', route: '/api/import-jobs/:id/stage', path: () => '/api/import-jobs/abc/stage', body: { target: 'plots' } },
  { method: 'POST', route: '/api/import-jobs/:id/commit', path: () => '/api/import-jobs/abc/commit', body: {} },
  { method: 'POST', route: '/api/import-jobs/:id/cancel', path: () => '/api/import-jobs/abc/cancel', body: {} },
];

beforeAll(async () => {
  t = await authTestApp();
  places = await demoPlaces(t.sql);
  const [exists] = await t.sql`SELECT 1 FROM app_user WHERE username = 'val-everything'`;
  if (!exists) await createUser(t.sql, { username: 'val-everything', roles: ['admin', 'editor', 'inspector', 'planner'], scopes: ['62'] });
  su = await signedIn(t.app, 'val-everything');
});

describe(`one validator for every route (${TARGET})`, () => {
  it('the table names every route of the app', () => {
    const routes = new Set(t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
    const listed = new Set(cases.map((c) => `${c.method} ${c.route}`));
    expect([...routes].filter((r) => !listed.has(r)), 'routes without a row').toEqual([]);
    expect([...listed].filter((r) => !routes.has(r)), 'rows without a route').toEqual([]);
  });

  it('answers input that does not fit the schema with 400 invalid_input and one bilingual message, writing nothing', async () => {
    const before = await dbFingerprint(t.sql);
    const answers: string[] = [];
    const messages = new Set<string>();
    for (const c of cases) {
      if ('none' in c) continue;
      const path = c.path();
      const res = c.method === 'GET' || c.method === 'DELETE' ? await su.request(c.method, path) : await su.request(c.method, path, { body: typeof c.body === 'function' ? (c.body as () => unknown)() : c.body });
      const body = (await res.json()) as { error?: { code: string; message: { vi: string; en: string }; issues?: unknown[] } };
      answers.push(`${c.method} ${path} → ${res.status} ${body.error?.code} ${body.error?.issues?.length ? 'issues' : 'no issues'}`);
      if (body.error) messages.add(JSON.stringify(body.error.message));
    }
    expect(answers.filter((a) => !/→ 400 invalid_input issues$/.test(a))).toEqual([]);
    expect([...messages]).toHaveLength(1);
    expect(await dbFingerprint(t.sql)).toEqual(before);
  });

  it('keeps 400 invalid_json for a body that is not JSON and 415 for one that is not declared JSON', async () => {
    const path = `/api/communes/${places.cityCommune}/criteria/2025/1`;
    const broken = await su.request('PUT', path, { raw: '{"met":' });
    expect([broken.status, ((await broken.json()) as { error: { code: string } }).error.code]).toEqual([400, 'invalid_json']);
    expect((await su.request('PUT', path, { raw: '{}', contentType: 'text/plain' })).status).toBe(415);
  });
});
