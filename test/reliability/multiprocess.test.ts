/**
 * Two API processes on one PostgreSQL (issue 13): a write through one is in the tiles and the
 * statistics served by the other within 1 s, a session made on one is good on the other, and
 * failed sign-ins counted on both lock the account on both. The database is a PostgreSQL 15
 * cluster of the test's own (see outage.test.ts); skipped with a message when that cannot be made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { openDatabase } from '../../server/db/connect.ts';
import { seedDemo } from '../../server/db/seed.ts';
import type { NtmStatsResponse } from '../../server/domain/api.ts';
import { createUser } from '../helpers/auth.ts';
import { clusterUnavailable, createCluster, type Cluster } from './helpers/cluster.ts';
import { spawnServer, type ChildServer } from './helpers/child.ts';
import { HttpClient } from './helpers/http.ts';

const missing = clusterUnavailable();
if (missing && process.env.CI) throw new Error(`multi-process test cannot run in CI: ${missing}`);
if (missing) console.warn(`[multiprocess.test] skipped: ${missing}`);

const PASSWORD = 'Hai máy chủ, một cơ sở dữ liệu!';

describe.skipIf(Boolean(missing))('two API processes on one PostgreSQL', () => {
  let cluster: Cluster;
  let a: ChildServer;
  let b: ChildServer;
  let year: number;
  let commune: { code: string; met: boolean; version: number };

  beforeAll(async () => {
    cluster = await createCluster();
    cluster.start();
    const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
    await admin`CREATE EXTENSION postgis`;
    await admin.end();
    const db = await openDatabase({ DATABASE_URL: cluster.url, DB_POOL_MAX: 2 });
    try {
      await seedDemo(db.sql);
      await createUser(db.sql, { username: 'mp-editor', roles: ['editor'], scopes: ['62'], password: PASSWORD });
      await createUser(db.sql, { username: 'mp-victim', roles: ['viewer'], password: PASSWORD });
      const [y] = await db.sql<{ year: number }[]>`SELECT max(year) AS year FROM assessment WHERE scope = 'commune'`;
      year = y!.year;
      const [c] = await db.sql<{ code: string; met: boolean; version: number }[]>`
        SELECT commune_code AS code, met, version FROM commune_criterion_status WHERE year = ${year} AND criterion_no = 1 ORDER BY commune_code LIMIT 1`;
      commune = c!;
    } finally {
      await db.close();
    }
    [a, b] = await Promise.all([spawnServer({ DATABASE_URL: cluster.url }), spawnServer({ DATABASE_URL: cluster.url })]);
  }, 300_000);

  afterAll(async () => {
    for (const s of [a, b]) {
      if (s && s.proc.exitCode === null && s.proc.signalCode === null) {
        s.proc.kill('SIGTERM');
        await s.exited;
      }
    }
    cluster?.destroy();
  }, 60_000);

  it('a session made on one process is good on the other', async () => {
    const onA = new HttpClient(a.url);
    await onA.login('mp-editor', PASSWORD);
    const onB = new HttpClient(b.url);
    onB.cookie = onA.cookie;
    const me = await onB.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe('mp-editor');
  });

  it('a write through one process is in the tiles and statistics of the other within 1 s', async () => {
    const onA = new HttpClient(a.url);
    await onA.login('mp-editor', PASSWORD);
    const onB = new HttpClient(b.url);
    const statsPath = `/api/stats/ntm?year=${year}`;
    const tilePath = '/api/tiles/communes/8/204/117.mvt';
    const statsBefore = (await (await onB.get(statsPath)).json()) as NtmStatsResponse;
    await (await onB.get(statsPath)).arrayBuffer(); // now cached on B
    const tileBefore = await onB.get(tilePath);
    expect(tileBefore.status).toBe(200);
    const etagBefore = tileBefore.headers.get('etag');
    await tileBefore.arrayBuffer();

    const res = await onA.request('PUT', `/api/communes/${commune.code}/criteria/${year}/1`, { met: !commune.met, version: commune.version });
    expect(res.status, await res.clone().text()).toBe(200);
    await res.arrayBuffer();
    const written = Date.now();

    // statistics: the very next request on B has the new figure (the version is read per request)
    const statsAfter = (await (await onB.get(statsPath)).json()) as NtmStatsResponse;
    expect(statsAfter.province.perCriterion['1']).toBe(statsBefore.province.perCriterion['1']! + (commune.met ? -1 : 1));

    // tiles: B's tile data version follows within 1 s, so its tile gets a new ETag (and new content)
    let etagAfter = etagBefore;
    while (etagAfter === etagBefore && Date.now() - written < 3_000) {
      await new Promise((r) => setTimeout(r, 50));
      const t = await onB.get(tilePath);
      etagAfter = t.headers.get('etag');
      await t.arrayBuffer();
    }
    const ms = Date.now() - written;
    expect(etagAfter).not.toBe(etagBefore);
    expect(ms, `B served the new tile ${ms} ms after the write`).toBeLessThan(1_000);
  });

  it('failed sign-ins counted on both processes lock the account on both', async () => {
    const tries: number[] = [];
    for (let i = 0; i < 6; i++) {
      const s = i % 2 === 0 ? a : b;
      const r = await new HttpClient(s.url).request('POST', '/api/auth/login', { username: 'mp-victim', password: `wrong ${i}` });
      tries.push(r.status);
      await r.arrayBuffer();
    }
    expect(tries).toContain(429);
    for (const s of [a, b]) {
      const r = await new HttpClient(s.url).request('POST', '/api/auth/login', { username: 'mp-victim', password: PASSWORD });
      expect(r.status).toBe(429);
      await r.arrayBuffer();
    }
  });
});
