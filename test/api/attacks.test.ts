/**
 * Obvious attacks, each refused (or, for free text, stored verbatim as text) with no other change
 * to the database: SQL meta-characters in every text field and parameter, oversized bodies,
 * forged or tampered cookies, missing or foreign CSRF tokens, other origins, form posts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CriterionStatusRecord, UserRecord } from '../../server/auth/contract.ts';
import { newSessionToken } from '../../server/auth/tokens.ts';
import { exifWithGps, hasGps, jpeg, png } from '../helpers/images.ts';
import { authTestApp, Client, createUser, dbFingerprint, demoPlaces, signedIn, TARGET, TEST_PASSWORD, type AuthTestApp } from '../helpers/auth.ts';

let t: AuthTestApp;
let admin: Client;
let editor: Client;
let places: Awaited<ReturnType<typeof demoPlaces>>;
let year: number;
let victim: UserRecord;

const SQL_META = [
  "' OR '1'='1",
  "'; DROP TABLE audit_log; --",
  "admin'--",
  '" OR ""="',
  "1; UPDATE app_user SET disabled = true",
  "') UNION SELECT password_hash FROM app_user --",
  '%_\\',
  '$1::text',
  "$$; DELETE FROM user_role; $$",
  '\\x00',
];

beforeAll(async () => {
  t = await authTestApp();
  places = await demoPlaces(t.sql);
  const [y] = await t.sql<{ year: number }[]>`
    SELECT year_to AS year FROM criteria_set cs WHERE scope = 'commune'
      AND NOT EXISTS (SELECT 1 FROM assessment a WHERE a.scope = 'commune' AND a.year = cs.year_to)
    ORDER BY year_to DESC LIMIT 1`;
  year = y!.year;
  await createUser(t.sql, { username: 'atk-admin', roles: ['admin'] });
  await createUser(t.sql, { username: 'atk-editor', roles: ['editor'], scopes: ['608'] });
  victim = await createUser(t.sql, { username: 'atk-victim', roles: ['viewer'] });
  admin = await signedIn(t.app, 'atk-admin');
  editor = await signedIn(t.app, 'atk-editor');
});

/** Runs `attack` and checks the database did not change. */
async function unchanged(attack: () => Promise<void>) {
  const before = await dbFingerprint(t.sql);
  await attack();
  expect(await dbFingerprint(t.sql)).toEqual(before);
}

describe(`SQL meta-characters (${TARGET})`, () => {
  it('in sign-in username and password: refused, nothing changes', async () => {
    await unchanged(async () => {
      for (const s of SQL_META) {
        const c = new Client(t.app, `10.66.0.${SQL_META.indexOf(s)}`);
        expect((await c.login(s, s)).status, s).toBe(401);
        // the victim's account locks after a few failures (429): still nothing changes
        expect([401, 429], s).toContain((await c.login('atk-victim', s)).status);
      }
    });
    await t.sql`DELETE FROM login_throttle WHERE key = 'user:atk-victim'`;
  });

  it('in identifiers (username, roles, scopes, path parameters): refused with 4xx, nothing changes', async () => {
    await unchanged(async () => {
      for (const s of SQL_META) {
        expect((await admin.post('/api/admin/users', { username: s, displayName: 'X', roles: ['viewer'] })).status, s).toBe(400);
        expect((await admin.post('/api/admin/users', { username: 'atk-new', displayName: 'X', roles: [s] })).status, s).toBe(400);
        expect((await admin.post('/api/admin/users', { username: 'atk-new', displayName: 'X', roles: ['editor'], scopes: [s] })).status, s).toBe(400);
        const e = encodeURIComponent(s);
        expect([400, 404], s).toContain((await admin.patch(`/api/admin/users/${e}`, { version: 1, displayName: 'X' })).status);
        expect([400, 404], s).toContain((await admin.post(`/api/admin/users/${e}/password`, {})).status);
        expect([400, 404], s).toContain((await editor.put(`/api/communes/${e}/criteria/${year}/1`, { met: true, version: 0 })).status);
        expect([400, 404], s).toContain((await editor.put(`/api/communes/${places.cityCommune}/criteria/${e}/1`, { met: true, version: 0 })).status);
        expect([400, 404], s).toContain((await editor.put(`/api/villages/${e}/criteria/${year}/1`, { met: true, version: 0 })).status);
        expect((await editor.put(`/api/communes/${places.cityCommune}/criteria/${year}/1`, { met: s, version: 0 })).status, s).toBe(400);
        expect((await editor.put(`/api/communes/${places.cityCommune}/criteria/${year}/1`, { met: true, version: s })).status, s).toBe(400);
        expect((await editor.put(`/api/communes/${places.cityCommune}/criteria/${year}/1`, { met: true, version: 0, evidenceDate: s })).status, s).toBe(400);
      }
    });
  });

  it('in audit filters: refused or matched literally, nothing changes', async () => {
    await unchanged(async () => {
      for (const s of SQL_META) {
        const e = encodeURIComponent(s);
        for (const key of ['username', 'entity', 'action', 'from', 'to', 'before', 'limit']) {
          const res = await admin.get(`/api/admin/audit?${key}=${e}`);
          expect(res.status, `${key}=${s}`).toBe(400);
        }
        for (const key of ['entityId', 'requestId']) {
          const res = await admin.get(`/api/admin/audit?${key}=${e}`);
          if (res.status === 200) expect(((await res.json()) as { rows: unknown[] }).rows, `${key}=${s}`).toEqual([]);
          else expect(res.status, `${key}=${s}`).toBe(400);
          expect([200, 400]).toContain((await admin.get(`/api/admin/audit.csv?${key}=${e}`)).status);
        }
      }
    });
  });

  it('in free text (display name, evidence): stored verbatim as text, nothing else changes', async () => {
    for (const s of SQL_META.filter((x) => !x.includes('\\x00'))) {
      const before = await dbFingerprint(t.sql);
      const [v] = await t.sql<{ version: number }[]>`SELECT version FROM app_user WHERE id = ${victim.id}`;
      const res = await admin.patch(`/api/admin/users/${victim.id}`, { version: v!.version, displayName: s });
      expect(res.status, s).toBe(200);
      const [row] = await t.sql<{ display_name: string; disabled: boolean }[]>`SELECT display_name, disabled FROM app_user WHERE id = ${victim.id}`;
      expect(row, s).toEqual({ display_name: s.trim(), disabled: false });
      const after = await dbFingerprint(t.sql);
      // only the victim row and one audit row changed
      expect({ ...after, app_user: '', audit_log: '' }).toEqual({ ...before, app_user: '', audit_log: '' });
    }

    const path = `/api/communes/${places.cityCommune}/criteria/${year}/12`;
    let version = 0;
    for (const s of SQL_META) {
      const before = await dbFingerprint(t.sql);
      const res = await editor.put(path, { met: true, evidence: `Minh chứng ${s}`, version });
      expect(res.status, s).toBe(version === 0 ? 201 : 200);
      const rec = (await res.json()) as CriterionStatusRecord;
      expect(rec.evidence).toBe(`Minh chứng ${s}`);
      version = rec.version;
      const after = await dbFingerprint(t.sql);
      expect({ ...after, commune_status: '', audit_log: '', data_version: '' }).toEqual({ ...before, commune_status: '', audit_log: '', data_version: '' });
    }
  });

  it('control characters (NUL) in text: refused, nothing changes', async () => {
    await unchanged(async () => {
      expect((await editor.put(`/api/communes/${places.cityCommune}/criteria/${year}/13`, { met: true, evidence: 'a\u0000b', version: 0 })).status).toBe(400);
      expect((await admin.patch(`/api/admin/users/${victim.id}`, { version: 1, displayName: 'a\u0000b' })).status).toBe(400);
    });
  });
});

describe(`oversized and malformed bodies (${TARGET})`, () => {
  it('refuses oversized bodies with 413 before reading them, nothing changes', async () => {
    await unchanged(async () => {
      const big = 'x'.repeat(40 * 1024);
      const huge = 'x'.repeat(3 * 1024 * 1024);
      const cases: [Client, string, string, unknown][] = [
        [editor, 'PUT', `/api/communes/${places.cityCommune}/criteria/${year}/14`, { met: true, evidence: big, version: 0 }],
        [editor, 'PUT', `/api/villages/${places.cityVillage}/criteria/${year}/5`, { met: true, evidence: huge, version: 0 }],
        [admin, 'POST', '/api/admin/users', { username: 'atk-big', displayName: 'X', roles: ['viewer'], password: huge }],
        [admin, 'PATCH', `/api/admin/users/${victim.id}`, { version: 1, displayName: 'x'.repeat(70 * 1024) }],
        [new Client(t.app), 'POST', '/api/auth/login', { username: 'atk-victim', password: 'x'.repeat(20 * 1024) }],
      ];
      for (const [c, method, path, body] of cases) {
        const res = await c.request(method, path, { body });
        expect(res.status, `${method} ${path}`).toBe(413);
        const e = (await res.json()) as { error: { code: string; message: { vi: string; en: string } } };
        expect(e.error.code).toBe('body_too_large');
        expect(e.error.message.vi).toMatch(/quá lớn/);
      }
      // a long but allowed evidence (2,000 characters) is a 400 only above its own limit
      expect((await editor.put(`/api/communes/${places.cityCommune}/criteria/${year}/14`, { met: true, evidence: 'y'.repeat(2001), version: 0 })).status).toBe(400);
    });
  });

  it('refuses form posts, text/plain and broken JSON (415 / 400), nothing changes', async () => {
    await unchanged(async () => {
      const path = `/api/communes/${places.cityCommune}/criteria/${year}/15`;
      expect((await editor.request('PUT', path, { raw: 'met=true&version=0', contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
      expect((await editor.request('PUT', path, { raw: '{"met":true,"version":0}', contentType: 'text/plain' })).status).toBe(415);
      expect((await editor.request('PUT', path, { raw: '{"met":true,' })).status).toBe(400);
      expect((await editor.request('PUT', path, { raw: '{"__proto__":{"admin":true},"met":true,"version":0}' })).status).toBe(400);
      expect((await admin.request('POST', '/api/admin/users', { raw: '[]' })).status).toBe(400); // schema faults are 400 invalid_input on every route (test/api/validation.test.ts); 422 is for rules on the records
    });
  });
});

describe(`forged sessions and cross-site requests (${TARGET})`, () => {
  const write = (c: Client, headers: Record<string, string> = {}, noCsrf = false) =>
    c.put(`/api/communes/${places.cityCommune}/criteria/${year}/16`, { met: true, version: 0 }, { headers, noCsrf });

  it('a forged, tampered or junk session cookie is anonymous: 401, nothing changes', async () => {
    await unchanged(async () => {
      const real = editor.token!;
      const tampered = (real[0] === 'A' ? 'B' : 'A') + real.slice(1);
      for (const cookie of [`atlas_session=${newSessionToken()}`, `atlas_session=${tampered}`, "atlas_session=' OR '1'='1", 'atlas_session=', `atlas_session=${real}x`]) {
        const res = await write(editor, { Cookie: cookie });
        expect(res.status, cookie).toBe(401);
        expect((await t.app.request('http://localhost/api/admin/users', { headers: { Cookie: cookie } })).status, cookie).toBe(401);
      }
    });
  });

  it('a signed-in request without the CSRF token, or with another session’s, is refused (403 csrf)', async () => {
    const other = await signedIn(t.app, 'atk-admin');
    await unchanged(async () => {
      for (const [headers, noCsrf] of [
        [{}, true],
        [{ 'X-CSRF-Token': '' }, true],
        [{ 'X-CSRF-Token': other.csrf! }, true],
        [{ 'X-CSRF-Token': `${editor.csrf!}x` }, true],
      ] as [Record<string, string>, boolean][]) {
        const res = await write(editor, headers, noCsrf);
        expect(res.status, JSON.stringify(headers)).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf');
      }
      expect((await admin.post('/api/admin/users', { username: 'atk-csrf', displayName: 'X', roles: ['viewer'] }, { noCsrf: true })).status).toBe(403);
      expect((await admin.post(`/api/admin/users/${victim.id}/password`, {}, { noCsrf: true })).status).toBe(403);
      expect((await other.post('/api/auth/logout', {}, { noCsrf: true })).status).toBe(403);
    });
    expect((await other.post('/api/auth/logout')).status).toBe(200);
  });

  it('a write from another origin is refused (403 bad_origin) even with a valid session and token', async () => {
    await unchanged(async () => {
      const attempts: Record<string, string>[] = [{ Origin: 'http://evil.example' }, { Referer: 'http://evil.example/x' }, { 'Sec-Fetch-Site': 'cross-site' }, { Origin: 'null' }];
      for (const headers of attempts) {
        const res = await write(editor, headers);
        expect(res.status, JSON.stringify(headers)).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_origin');
      }
      const login = await new Client(t.app).request('POST', '/api/auth/login', { body: { username: 'atk-victim', password: 'x' }, headers: { Origin: 'http://evil.example' } });
      expect(login.status).toBe(403);
    });
  });

  it('error answers leak no internals (no SQL, stack, file names)', async () => {
    const path = `/api/communes/${places.cityCommune}/criteria/${year}/17`;
    expect((await editor.put(path, { met: true, evidence: "x'); SELECT pg_sleep(10); --", version: 0 })).status).toBe(201);
    const answers = [
      await editor.put(path, { met: false, version: 0 }), // 409
      await editor.put(path, { met: 'x', version: 1 }), // 400 (schema)
      await editor.request('PUT', path, { raw: '{', contentType: 'application/json' }), // 400
      await editor.put(`/api/communes/99999/criteria/${year}/17`, { met: true, version: 0 }), // 404
      await new Client(t.app).put(path, { met: true, version: 1 }), // 401
    ];
    expect(answers.map((r) => r.status)).toEqual([409, 400, 400, 404, 401]);
    for (const res of answers) {
      const text = await res.text();
      expect(text).not.toMatch(/postgres|syntax|relation|stack|at [A-Za-z.]+ \(|\.ts:\d+|node_modules/i);
      expect(JSON.parse(text).error.message.vi).toBeTruthy();
    }
  });
});

/** Issue 13 #6: the audit request id is the server's; a client's X-Request-Id is never stored as it. */
describe(`request ids (${TARGET})`, () => {
  it('generates the audit request id on the server, whatever X-Request-Id the client sends', async () => {
    for (const [i, forged] of ['=forged-by-client', 'abc', '00000000-0000-4000-8000-000000000000'].entries()) {
      const res = await admin.post('/api/admin/users', { username: `atk-reqid-${i}`, displayName: 'Req', roles: ['viewer'] }, { headers: { 'X-Request-Id': forged } });
      expect(res.status).toBe(201);
      const answered = res.headers.get('x-request-id');
      expect(answered).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(answered).not.toBe(forged);
      const { user } = (await res.json()) as { user: UserRecord };
      const [row] = await t.sql<{ request_id: string }[]>`
        SELECT request_id FROM audit_log WHERE entity = 'app_user' AND entity_id = ${String(user.id)} AND action = 'create'`;
      expect(row!.request_id).toBe(answered);
    }
    const [stored] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE request_id = '=forged-by-client'`;
    expect(stored!.n).toBe(0);
  });
});

/** Issue 13 #7: X-Forwarded-* count only when the deployment trusts a proxy (AUTH_TRUST_PROXY). */
describe(`proxy headers (${TARGET})`, () => {
  const put = (c: Client, headers: Record<string, string>) =>
    c.put(`/api/communes/${places.cityCommune}/criteria/${year}/16`, { met: 'not a boolean', version: 0 }, { headers });

  it('X-Forwarded-Host does not satisfy the origin check without a trusted proxy', async () => {
    await unchanged(async () => {
      const res = await put(editor, { Origin: 'http://evil.example', 'X-Forwarded-Host': 'evil.example' });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_origin');
    });
  });

  it('X-Forwarded-Host names the public host behind a trusted proxy', async () => {
    const proxied = await authTestApp({ auth: { trustProxy: true } });
    const c = await signedIn(proxied.app, 'atk-editor');
    await unchanged(async () => {
      // the origin check passes; the route then refuses the bad body (400 invalid_input), not the origin (403)
      expect((await put(c, { Origin: 'https://atlas.example.vn', 'X-Forwarded-Host': 'atlas.example.vn' })).status).toBe(400);
      expect((await put(c, { Origin: 'https://evil.example', 'X-Forwarded-Host': 'atlas.example.vn' })).status).toBe(403);
    });
  });

  it('X-Forwarded-Proto turns on the Secure cookie only behind a trusted proxy', async () => {
    const secureOf = async (app: Client['app']) => {
      const res = await new Client(app, '10.13.7.1').login('atk-victim-none'); // any answer: only the cookie matters
      expect(res.status).toBe(401);
      const c = new Client(app, '10.13.7.2');
      const ok = await c.request('POST', '/api/auth/login', { body: { username: 'atk-editor', password: TEST_PASSWORD }, headers: { 'X-Forwarded-Proto': 'https' } });
      expect(ok.status).toBe(200);
      return /;\s*Secure/i.test(ok.headers.getSetCookie().find((l) => l.startsWith('atlas_session=')) ?? '');
    };
    expect(await secureOf(t.app)).toBe(false);
    expect(await secureOf((await authTestApp({ auth: { trustProxy: true } })).app)).toBe(true);
  });
});

/** Issue 13 #9: inspection photos are images by their bytes, bounded, and keep a position only when shared. */
describe(`inspection photos (${TARGET})`, () => {
  let inspector: Client;
  let targets: { plantingId: number; year: number }[] = [];
  let seq = 0;
  const inspection = (g: { plantingId: number; year: number }, photos: unknown[], gps?: [number, number]) => ({
    plantingId: g.plantingId,
    inspectedOn: `${g.year + 1}-11-21`,
    stage: 1,
    lastInspectionId: null,
    clientRequestId: `atk-photo-${TARGET}-${Date.now().toString(36)}-${++seq}`,
    plots: [{ areaM2: 100, planted: 16, surviving: 14 }],
    ...(gps ? { gps } : {}),
    photos,
  });

  beforeAll(async () => {
    // uninspected plantings outside Kon Tum city, from the far end of the list (the inspection tests take the first)
    const rows = await t.sql<{ id: string; year: number; district: string }[]>`
      SELECT g.id, g.year, c.parent_code AS district
      FROM planting g JOIN forest_plot p ON p.id = g.plot_id JOIN admin_unit c ON c.code = p.commune_code
      WHERE c.parent_code <> '608' AND g.withdrawn_on IS NULL
        AND NOT EXISTS (SELECT 1 FROM inspection i WHERE i.planting_id = g.id)
        AND g.year = (SELECT max(year) FROM planting WHERE year < 2026)
        AND NOT EXISTS (SELECT 1 FROM planting h WHERE h.plot_id = g.plot_id AND h.year > g.year)
      ORDER BY c.parent_code DESC, g.id DESC LIMIT 3`;
    targets = rows.map((r) => ({ plantingId: Number(r.id), year: r.year }));
    await createUser(t.sql, { username: 'atk-inspector', roles: ['inspector'], scopes: ['62'] });
    inspector = await signedIn(t.app, 'atk-inspector');
  });

  it('refuses what is not a JPEG/PNG/WebP by its bytes, or is too large in pixels: 422, nothing written', async () => {
    await unchanged(async () => {
      const bad: [string, Buffer][] = [
        ['image/png', Buffer.from('<html><body onload="alert(1)">x</body></html>')],
        ['image/jpeg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
        ['image/webp', Buffer.from('MZ\x90\x00 not an image', 'latin1')],
        ['image/png', png(6000, 1)],
        ['image/jpeg', jpeg(5000, 5000)],
      ];
      for (const [contentType, bytes] of bad) {
        const res = await inspector.post('/api/inspections', inspection(targets[0]!, [{ contentType, dataBase64: bytes.toString('base64') }]));
        const text = await res.text();
        expect(res.status, text).toBe(422);
        expect(JSON.parse(text).error).toMatchObject({ code: 'invalid_photo', message: { vi: expect.stringMatching(/^Ảnh 1: /) } });
      }
    });
  });

  it('strips the GPS position of a photo unless the inspection shares its position; stores the type from the bytes', async () => {
    const photo = jpeg(64, 48, { exif: exifWithGps() });
    const send = async (g: { plantingId: number; year: number }, gps?: [number, number]) => {
      const res = await inspector.post('/api/inspections', inspection(g, [{ contentType: 'image/png', dataBase64: photo.toString('base64') }], gps));
      const text = await res.text();
      expect(res.status, text).toBe(201);
      const url = (JSON.parse(text) as { inspection: { photos: { url: string }[] } }).inspection.photos[0]!.url;
      const got = await inspector.get(url);
      expect(got.headers.get('content-type')).toBe('image/jpeg'); // what the bytes are, not what was declared
      return Buffer.from(await got.arrayBuffer());
    };
    const withoutPosition = await send(targets[1]!);
    expect(hasGps(withoutPosition)).toBe(false);
    expect(withoutPosition.subarray(0, 3)).toEqual(photo.subarray(0, 3));
    const [pos] = await t.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(ST_PointOnSurface(p.geom)) AS lon, ST_Y(ST_PointOnSurface(p.geom)) AS lat
      FROM planting g JOIN forest_plot p ON p.id = g.plot_id WHERE g.id = ${targets[2]!.plantingId}`;
    const withPosition = await send(targets[2]!, [pos!.lon, pos!.lat]);
    expect(hasGps(withPosition)).toBe(true); // kept deliberately: the position is evidence of the visit
  });
});
