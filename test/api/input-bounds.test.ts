/**
 * Valid-looking input that the database or a geometry library cannot take must be refused with a
 * bilingual 4xx before it gets there, never answered with a 500 (issue 13, defect 4): integers
 * beyond the column's range, degenerate polygons, points where the VN-2000 projection is undefined,
 * tile coordinates written as anything but plain digits. Read-only. Both databases.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Sql } from 'postgres';
import { testApi, TARGET } from '../helpers/api.ts';

let app: Hono;
let sql: Sql;

async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await app.request(`http://localhost${path}`, method === 'GET' ? {} : { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  let json: { error?: { code: string; message: { vi: string; en: string } } } | null = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* an MVT or empty body */
  }
  return { status: res.status, json, text };
}

/** A refusal: 4xx with a code and both messages. */
function expectRefused(r: Awaited<ReturnType<typeof call>>, what: string) {
  expect(r.status, `${what} → ${r.status} ${r.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(r.status, `${what} → ${r.status} ${r.text.slice(0, 300)}`).toBeLessThan(500);
  expect(r.json?.error?.message.vi, what).toBeTruthy();
  expect(r.json?.error?.message.en, what).toBeTruthy();
}

beforeAll(async () => {
  const t = await testApi();
  app = t.app;
  sql = t.db.sql;
});

describe(`numbers beyond their column, degenerate geometry (${TARGET})`, () => {
  it('refuses a tiểu khu number beyond int4 in area analysis and the site finder', async () => {
    expectRefused(await call('POST', '/api/stats/area', { tieuKhu: 2147483648 }), 'area tieuKhu 2^31');
    expectRefused(await call('POST', '/api/sites/search', { tieuKhu: [2147483648] }), 'sites tieuKhu [2^31]');
    expectRefused(await call('POST', '/api/stats/area', { planId: 2 ** 63 }), 'area planId 2^63');
    expectRefused(await call('POST', '/api/sites/search', { planId: 9223372036854775807 }), 'sites planId 2^63-1');
  });

  it('refuses polygons without a usable ring before they reach the checks', async () => {
    for (const g of [
      { type: 'Polygon', coordinates: [[]] },
      { type: 'Polygon', coordinates: [] },
      { type: 'MultiPolygon', coordinates: [[[]]] },
      { type: 'Polygon', coordinates: [[[108, 14.3]]] },
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[]] } },
    ]) {
      expectRefused(await call('POST', '/api/stats/area', g), JSON.stringify(g));
    }
  });

  it('analyses every commune by its code on both databases', async () => {
    const communes = await sql<{ code: string }[]>`SELECT code FROM admin_unit WHERE level = 'commune' ORDER BY code`;
    const failed: string[] = [];
    for (const { code } of communes) {
      const r = await call('POST', '/api/stats/area', { commune: code });
      if (r.status !== 200) failed.push(`${code} → ${r.status} ${r.text.slice(0, 120)}`);
    }
    expect(failed).toEqual([]);
  }, 600_000);
});

describe(`where am I: points the projection cannot take (${TARGET})`, () => {
  it('refuses positions far from Vietnam with a bilingual 4xx, never a 500', async () => {
    const points: [number, number][] = [[17, 0], [-170, 0], [-162, 0], [-154, 0], [10, 0], [18, 0], [26, 0], [-72.5, 0], [180, 90], [-180, -90]];
    for (const [lon, lat] of points) expectRefused(await call('GET', `/api/locate?lon=${lon}&lat=${lat}`), `locate ${lon},${lat}`);
  });

  it('still locates points in and around Kon Tum', async () => {
    for (const [lon, lat] of [[108, 14.35], [106, 10.8], [105.8, 21.0], [107.2, 15.5]]) {
      expect((await call('GET', `/api/locate?lon=${lon}&lat=${lat}`)).status, `${lon},${lat}`).toBe(200);
    }
  });
});

describe(`tile coordinates are plain digits (${TARGET})`, () => {
  it('refuses 1e3, 0x10, " 1", "+1", "1.0" as z, x or y', async () => {
    for (const bad of ['1e3', '0x10', ' 1', '%201', '+1', '1.0', '01e0']) {
      const e = encodeURIComponent(bad).replace('%25', '%');
      expectRefused(await call('GET', `/api/tiles/communes/${e}/0/0.mvt`), `z=${bad}`);
      expectRefused(await call('GET', `/api/tiles/communes/10/${e}/0.mvt`), `x=${bad}`);
      expectRefused(await call('GET', `/api/tiles/communes/10/0/${e}.mvt`), `y=${bad}`);
    }
    expect((await call('GET', '/api/tiles/communes/8/203/117.mvt')).status).toBe(200);
  });
});
