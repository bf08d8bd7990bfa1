import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { AppDeps } from './http/context.ts';
import './http/context.ts';
import { errorBody, handleError } from './http/errors.ts';
import { serverRequestId } from './http/request-id.ts';
import { closeAfterRefusedBody } from './http/listen.ts';
import { meta } from './routes/meta.ts';
import { tiles } from './routes/tiles.ts';
import { stats } from './routes/stats.ts';
import { units2025 } from './routes/units-2025.ts';
import { reports } from './routes/reports.ts';
import { communes, plots, villages } from './routes/details.ts';
import { searchRoutes } from './routes/search.ts';
import { authGate } from './auth/middleware.ts';
import { authRoutes } from './routes/auth.ts';
import { admin } from './routes/admin.ts';
import { edits } from './routes/edits.ts';
import { ntm } from './routes/ntm.ts';
import { criteriaUpload } from './routes/criteria-upload.ts';
import { inspections } from './routes/inspections.ts';
import { uploads } from './routes/uploads.ts';
import { forest } from './routes/forest.ts';
import { sites } from './routes/sites.ts';
import { plans } from './routes/plans.ts';
import { area } from './routes/area.ts';
import { databaseAvailability } from './ops/availability.ts';
import { Metrics } from './ops/metrics.ts';
import { requestLog } from './ops/request-log.ts';
import { offline } from './routes/offline.ts';
import { tieukhu } from './routes/tieukhu.ts';
import { ogc } from './routes/ogc.ts';
import { style } from './routes/style.ts';
import { importRoutes } from './routes/import.ts';
import { briefings, views } from './routes/views.ts';
import { importJobRoutes, runningJobSession } from './routes/import-jobs.ts';
import { capital, ocop } from './routes/ocop.ts';

/**
 * The API, composed: one sub-app per resource. Reads like a table of contents.
 * Static files of the web app are served by main.ts, not here, so tests call the API in-process.
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use('*', closeAfterRefusedBody()); // a 413 ends its connection
  app.use('*', serverRequestId()); // generated here, never the client's
  const metrics = new Metrics(deps);
  app.use('*', requestLog(deps.config.LOG_LEVEL)); // ops: one JSON line per request
  app.use('*', metrics.observe()); // ops: counts and durations per route
  app.get('/metrics', (c) => metrics.handler(c)); // ops: Prometheus; keep it off the public internet (docs/operations.md)
  app.use('/api/*', secureHeaders({ crossOriginResourcePolicy: 'same-origin' }));
  const limit = bodyLimit({
    maxSize: 2 * 1024 * 1024,
    onError: (c) => c.json(errorBody(c, 'body_too_large', 'Dữ liệu gửi lên quá lớn (tối đa 2 MB)', 'Request body too large (2 MB at most)'), 413),
  });
  // file imports stream to disk with their own cap (routes/import.ts, routes/import-jobs.ts)
  app.use('/api/*', (c, next) => (c.req.method === 'POST' && (c.req.path === '/api/import' || c.req.path === '/api/import-jobs') ? next() : limit(c, next)));
  app.use('/api/*', async (c, next) => {
    c.set('deps', deps);
    c.set('sql', deps.db.sql);
    await next();
  });
  app.use('/api/*', databaseAvailability((c) => c.var.deps.db.health)); // 503 at once while the database is down (ops)
  app.use('/api/import-jobs/*', runningJobSession()); // a running import's progress and cancel answer while its transaction holds the embedded database
  app.use('/api/*', authGate()); // CSRF + Origin on writes; sign-in for reads when REQUIRE_LOGIN_FOR_READ

  app.route('/api', meta); // /api/health (liveness), /api/ready (readiness), /api/meta
  app.route('/api/tiles', tiles);
  app.route('/api/stats', stats);
  app.route('/api/communes', communes);
  app.route('/api/villages', villages);
  app.route('/api/units2025', units2025); // the units of 1 July 2025 and their old units' history
  app.route('/api/reports', reports); // report records: NTM funding, village infrastructure, scattered trees, village plans and standing
  app.route('/api/plots', plots);
  app.route('/api', searchRoutes); // /api/search, /api/locate
  app.route('/api/tieukhu', tieukhu); // a tiểu khu for its panel
  app.route('/api/offline', offline); // the offline package of a tiểu khu or a commune (phones in the forest)
  app.route('/api/auth', authRoutes); // sign-in, sign-out, me, own password
  app.route('/api/admin', admin); // users, roles, scopes, audit (administrators)
  app.route('/api', edits); // PUT /api/communes|villages/:code/criteria/:year/:no (editors, scoped)
  app.route('/api/ntm', ntm); // NTM tables per province/district, CSV and XLSX exports
  app.route('/api/ntm', criteriaUpload); // POST /api/ntm/criteria/upload: criteria status from a CSV (editors, scoped, all or nothing)
  app.route('/api/inspections', inspections); // nghiệm thu: POST (inspectors, scoped, idempotent), GET one, photos
  app.route('/api/uploads', uploads); // photos uploaded resumably in chunks before their inspection (inspectors, own uploads)
  app.route('/api/forest', forest); // replanting worklist, planting table exports, progress against targets
  app.route('/api/sites', sites); // planner: site search, village buffers (read-only)
  app.route('/api/plans', plans); // planting plans: CRUD (planners, scoped, versioned), CSV/XLSX/GeoJSON
  app.route('/api/stats', area); // POST /api/stats/area: area analysis of a drawn polygon, commune, tiểu khu or plan
  app.route('/api', style); // GET /api/style.json: the app's MapLibre style for QGIS and other clients
  app.route('/api/ogc', ogc); // OGC API – Features for GIS clients (QGIS, GDAL): read-only collections
  app.route('/api/views', views); // saved views: the map's share link, named (planners, editors, admins write)
  app.route('/api/briefings', briefings); // briefings: ordered views with notes, for presentation and print
  app.route('/api/import-jobs', importJobRoutes); // the import screen: upload once, inspect, stage and commit as jobs with progress and cancel
  app.route('/api/import', importRoutes); // file imports: upload → validation report → commit / rollback (admin, scoped editors)

  app.route('/api/ocop', ocop); // OCOP products counted by unit and star
  app.route('/api/capital', capital); // the national target programmes' capital by district

  app.all('/api/*', (c) => c.json(errorBody(c, 'not_found', 'Không có địa chỉ API này', 'No such API endpoint'), 404));
  app.onError(handleError);
  return app;
}
