/**
 * The access-rule table (issue 13): for every route of the API (from the app's own route list —
 * a new route fails here until it is given its rule) and every kind of caller, allowed or refused
 * as the rule says: 401 anonymous, 403 without the role, and neither for the right role.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Role } from '../../server/auth/contract.ts';
import { authTestApp, Client, createUser, signedIn, TARGET, type AuthTestApp } from '../helpers/auth.ts';
import { apiRoutes, fill, routeKey } from './helpers.ts';

/** 'open': anyone (the map is public by default); 'user': any signed-in user; a role: that role; a list: any of those roles. */
type Rule = 'open' | 'user' | Role | Role[];

/** Imports: administrators, and editors within their scope (checked at commit). */
const IMPORTERS: Role[] = ['admin', 'editor'];
/** Saved views and briefings: those who prepare meetings. */
const MEETINGS: Role[] = ['planner', 'editor', 'admin'];

const RULES: Record<string, Rule> = {
  'GET /api/health': 'open',
  'GET /api/meta': 'open',
  'GET /api/tiles/:file{[a-z][a-z0-9]+\\.json}': 'open',
  'GET /api/tiles/:layer/:z/:x/:file': 'open',
  'GET /api/stats/ntm': 'open',
  'GET /api/stats/villages': 'open',
  'GET /api/stats/planting': 'open',
  'GET /api/communes/:code': 'open',
  'GET /api/villages': 'open',
  'GET /api/villages/:code': 'open',
  'GET /api/units2025': 'open',
  'GET /api/units2025/:code': 'open',
  // report records
  'GET /api/reports/ntm-funding': 'open',
  'GET /api/reports/village-infrastructure': 'open',
  'GET /api/reports/scattered-trees': 'open',
  'GET /api/reports/village-plans': 'open',
  'GET /api/reports/village-standing': 'open',
  'GET /api/ocop/counts': 'open',
  'GET /api/capital': 'open',
  'GET /api/plots/:id': 'open',
  'GET /api/search': 'open',
  'GET /api/locate': 'open',
  'POST /api/auth/login': 'open',
  'POST /api/auth/logout': 'open',
  'GET /api/auth/me': 'open',
  'POST /api/auth/password': 'user',
  'GET /api/admin/users': 'admin',
  'POST /api/admin/users': 'admin',
  'PATCH /api/admin/users/:id': 'admin',
  'POST /api/admin/users/:id/password': 'admin',
  'GET /api/admin/units': 'admin',
  'GET /api/admin/audit': 'admin',
  'GET /api/admin/audit.csv': 'admin',
  'GET /api/admin/settings/survival-thresholds': 'admin',
  'PUT /api/admin/settings/survival-thresholds': 'admin',
  'PUT /api/communes/:code/criteria/:year/:no': 'editor',
  'PUT /api/villages/:code/criteria/:year/:no': 'editor',
  'GET /api/ntm/tables': 'open',
  'GET /api/ntm/tables.csv': 'open',
  'GET /api/ntm/tables.xlsx': 'open',
  'POST /api/ntm/criteria/upload': 'editor',
  'POST /api/inspections': 'inspector',
  'GET /api/inspections/:id': 'open',
  'GET /api/inspections/:id/photos/:no': 'open',
  // resumable photo uploads: inspectors, each their own (another's upload is 404, uploads.test.ts)
  'POST /api/uploads': 'inspector',
  'GET /api/uploads/:id': 'inspector',
  'PUT /api/uploads/:id': 'inspector',
  'GET /api/forest/worklist': 'open',
  'GET /api/forest/worklist.csv': 'open',
  'GET /api/forest/worklist.xlsx': 'open',
  'GET /api/forest/worklist.gpkg': 'open',
  'GET /api/forest/worklist.shp.zip': 'open',
  'GET /api/forest/worklist.kml': 'open',
  'GET /api/forest/worklist.gpx': 'open',
  'GET /api/forest/planting.csv': 'open',
  'GET /api/forest/planting.xlsx': 'open',
  'GET /api/forest/units': 'open',
  'GET /api/forest/progress': 'open',
  'GET /api/sites/units': 'open',
  'POST /api/sites/search': 'open',
  'GET /api/sites/buffer': 'open',
  'POST /api/sites/buffer': 'open',
  'GET /api/plans': 'open',
  'POST /api/plans': 'planner',
  'GET /api/plans/:ref': 'open',
  'PUT /api/plans/:id': 'planner',
  'DELETE /api/plans/:id': 'planner',
  'POST /api/stats/area': 'open',
  'GET /api/ready': 'open',
  'GET /api/tiles/versions': 'open',
  'GET /api/tiles/:layer/features/:id': 'open',
  'GET /api/tieukhu/:no': 'open',
  'GET /api/offline/package': 'open',
  'POST /api/offline/package': 'open',
  'GET /api/ntm/report': 'open',
  'GET /api/ntm/criteria.csv': 'open',
  'GET /api/style.json': 'open',
  // OGC API – Features: open like the map; the plans collection answers only signed-in users (ogc.test.ts)
  'GET /api/ogc': 'open',
  'GET /api/ogc/api': 'open',
  'GET /api/ogc/conformance': 'open',
  'GET /api/ogc/collections': 'open',
  'GET /api/ogc/collections/:id': 'open',
  'GET /api/ogc/collections/:id/schema': 'open',
  'GET /api/ogc/collections/:id/items': 'open',
  'GET /api/ogc/collections/:id/items/:featureId': 'open',
  'POST /api/import': IMPORTERS,
  'GET /api/import': IMPORTERS,
  'GET /api/import/targets': IMPORTERS,
  'GET /api/import/:id': IMPORTERS,
  'GET /api/import/:id/report.csv': IMPORTERS,
  'GET /api/import/:id/staged.geojson': IMPORTERS,
  'POST /api/import/:id/commit': IMPORTERS,
  'POST /api/import/:id/rollback': 'admin',
  // saved views and briefings: read like the map; written by those who prepare meetings
  'GET /api/views': 'open',
  'POST /api/views': MEETINGS,
  'GET /api/views/:id': 'open',
  'PUT /api/views/:id': MEETINGS,
  'DELETE /api/views/:id': MEETINGS,
  'GET /api/briefings': 'open',
  'POST /api/briefings': MEETINGS,
  'GET /api/briefings/:id': 'open',
  'PUT /api/briefings/:id': MEETINGS,
  'DELETE /api/briefings/:id': MEETINGS,
  'GET /api/import-jobs/options': IMPORTERS,
  'POST /api/import-jobs': IMPORTERS,
  'GET /api/import-jobs/preview/:batch/:z/:x/:y': IMPORTERS,
  'GET /api/import-jobs/:id': IMPORTERS,
  'GET /api/import-jobs/:id/inspect': IMPORTERS,
  'POST /api/import-jobs/:id/stage': IMPORTERS,
  'POST /api/import-jobs/:id/commit': IMPORTERS,
  'POST /api/import-jobs/:id/cancel': IMPORTERS,
};

const ROLES: Role[] = ['viewer', 'planner', 'inspector', 'editor', 'admin'];
const routes = apiRoutes(createApp({ config: { LOG_LEVEL: 'silent' } } as never)) // only the route list is read;
let t: AuthTestApp;
const callers: Record<string, Client> = {};

beforeAll(async () => {
  t = await authTestApp();
  callers.anonymous = new Client(t.app, '10.13.2.1');
  for (const role of ROLES) {
    await createUser(t.sql, { username: `rel-acl-${role}`, roles: [role], scopes: role === 'viewer' || role === 'admin' ? [] : ['62'] });
    callers[role] = await signedIn(t.app, `rel-acl-${role}`, undefined, '10.13.2.2');
  }
}, 120_000);

/** The expected answer class of one caller on one rule. */
function expected(rule: Rule, caller: string): 'allowed' | 401 | 403 {
  if (rule === 'open') return 'allowed';
  if (caller === 'anonymous') return 401;
  if (rule === 'user') return 'allowed';
  if (Array.isArray(rule)) return (rule as string[]).includes(caller) ? 'allowed' : 403;
  return caller === rule ? 'allowed' : 403;
}

describe(`access rules: every route × every kind of caller (${TARGET})`, () => {
  it('every route of the API has a rule in this table (a new route must be given one)', () => {
    expect(routes.map(routeKey).filter((k) => !(k in RULES))).toEqual([]);
    expect(Object.keys(RULES).filter((k) => !routes.some((r) => routeKey(r) === k))).toEqual([]);
  });

  for (const r of routes) {
    const rule = RULES[routeKey(r)] ?? 'admin';
    it(`${routeKey(r)} → ${String(rule)}`, async () => {
      // ids that do not exist and an empty body: a permitted call reaches validation, never a change
      const path = fill(r.path, { code: '23329', year: '2023', no: '1', layer: 'communes', z: '7', x: '101', file: r.path.includes('.json') ? 'communes.json' : '56.mvt', id: '999999999', ref: '999999999' });
      const wrong: string[] = [];
      for (const [who, client] of Object.entries(callers)) {
        if (r.path === '/api/auth/logout' && who !== 'anonymous') continue; // would sign the caller out
        const res = await client.request(r.method, path, r.method === 'GET' ? {} : { body: {} });
        const want = expected(rule, who);
        const ok = want === 'allowed' ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === want;
        if (!ok) wrong.push(`${who}: ${res.status} (expected ${want})`);
        await res.arrayBuffer();
      }
      expect(wrong).toEqual([]);
    });
  }
});
