/**
 * The first scoped, audited, versioned writes: commune and village criterion status.
 * Every role and scope rule allowed and refused; versions and 409; concurrent writers; the audit
 * row in the same transaction; tile data versions bumped.
 *
 * Writes go to EDIT_YEAR, a year of the current criteria sets that the demo data have no
 * assessment for, so the report figures other test files check are untouched.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CriterionStatusRecord } from '../../server/auth/contract.ts';
import { authTestApp, Client, createUser, demoPlaces, errorOf, signedIn, TARGET, type AuthTestApp } from '../helpers/auth.ts';
import { decodeTile, tileOf } from '../helpers/mvt.ts';

let t: AuthTestApp;
let places: Awaited<ReturnType<typeof demoPlaces>>;
let EDIT_YEAR: number;
const c: Record<string, Client> = {};

beforeAll(async () => {
  t = await authTestApp();
  places = await demoPlaces(t.sql);
  const [y] = await t.sql<{ year: number }[]>`
    SELECT cs.year_to AS year FROM criteria_set cs
    WHERE cs.scope = 'commune' AND NOT EXISTS (SELECT 1 FROM assessment a WHERE a.scope = 'commune' AND a.year = cs.year_to)
      AND EXISTS (SELECT 1 FROM criteria_set v WHERE v.scope = 'village' AND cs.year_to BETWEEN v.year_from AND v.year_to)
    ORDER BY cs.year_to DESC LIMIT 1`;
  EDIT_YEAR = y!.year;
  const users: [string, Parameters<typeof createUser>[1]['roles'], string[]][] = [
    ['ed-viewer', ['viewer'], []],
    ['ed-planner', ['planner'], ['608']],
    ['ed-inspector', ['inspector'], ['608']],
    ['ed-admin', ['admin'], []],
    ['ed-city', ['editor'], ['608']],
    ['ed-commune', ['editor'], [places.cityCommune]],
    ['ed-village-commune', ['editor'], [places.cityVillageCommune]],
    ['ed-province', ['editor'], ['62']],
    ['ed-multi', ['viewer', 'inspector', 'editor'], ['616']],
  ];
  for (const [username, roles, scopes] of users) {
    await createUser(t.sql, { username, roles, scopes });
    c[username] = await signedIn(t.app, username);
  }
});

const communePath = (code: string, no: number, year = EDIT_YEAR) => `/api/communes/${code}/criteria/${year}/${no}`;
const villagePath = (code: string, no: number, year = EDIT_YEAR) => `/api/villages/${code}/criteria/${year}/${no}`;
const stored = async (table: 'commune' | 'village', code: string, no: number, year = EDIT_YEAR) => {
  const rows =
    table === 'commune'
      ? await t.sql`SELECT met, evidence, evidence_date::text, version FROM commune_criterion_status WHERE commune_code = ${code} AND year = ${year} AND criterion_no = ${no}`
      : await t.sql`SELECT met, evidence, evidence_date::text, version FROM village_criterion_status WHERE village_code = ${code} AND year = ${year} AND criterion_no = ${no}`;
  return rows[0] ?? null;
};
const auditCount = async () => Number((await t.sql<{ n: string }[]>`SELECT count(*)::text AS n FROM audit_log`)[0]!.n);

describe(`commune criterion status: roles and scopes (${TARGET})`, () => {
  it('refuses anonymous writers with 401', async () => {
    const e = await errorOf(await new Client(t.app).put(communePath(places.cityCommune, 1), { met: true, version: 0 }));
    expect([e.status, e.code]).toEqual([401, 'not_signed_in']);
    expect(await stored('commune', places.cityCommune, 1)).toBeNull();
  });

  it('refuses viewers, planners, inspectors and administrators (no editor role) with 403', async () => {
    for (const who of ['ed-viewer', 'ed-planner', 'ed-inspector', 'ed-admin']) {
      const e = await errorOf(await c[who]!.put(communePath(places.cityCommune, 1), { met: true, version: 0 }));
      expect([e.status, e.code], who).toEqual([403, 'forbidden']);
      expect(e.vi, who).toBe('Tài khoản không có quyền biên tập tiêu chí');
    }
    expect(await stored('commune', places.cityCommune, 1)).toBeNull();
  });

  it('lets an editor of the district write in its communes, and refuses another district (403 out_of_scope)', async () => {
    const ok = await c['ed-city']!.put(communePath(places.cityCommune, 1), { met: true, evidence: 'Biên bản kiểm tra số 12', evidenceDate: '2024-03-15', version: 0 });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual({
      unitCode: places.cityCommune,
      year: EDIT_YEAR,
      criterionNo: 1,
      met: true,
      evidence: 'Biên bản kiểm tra số 12',
      evidenceDate: '2024-03-15',
      version: 1,
    } satisfies CriterionStatusRecord);

    const e = await errorOf(await c['ed-city']!.put(communePath(places.saThayCommune, 1), { met: true, version: 0 }));
    expect([e.status, e.code]).toEqual([403, 'out_of_scope']);
    expect(e.vi).toMatch(/ngoài phạm vi được giao/);
    expect(e.en).toMatch(/do not cover/);
    expect(await stored('commune', places.saThayCommune, 1)).toBeNull();
  });

  it('lets an editor scoped to one commune write there and nowhere else', async () => {
    expect((await c['ed-commune']!.put(communePath(places.cityCommune, 2), { met: false, version: 0 })).status).toBe(201);
    const e = await errorOf(await c['ed-commune']!.put(communePath(places.cityCommune2, 2), { met: false, version: 0 }));
    expect([e.status, e.code]).toEqual([403, 'out_of_scope']);
  });

  it('lets a province-wide editor write anywhere, and a multi-role user only within their scope', async () => {
    expect((await c['ed-province']!.put(communePath(places.saThayCommune, 3), { met: true, version: 0 })).status).toBe(201);
    expect((await c['ed-multi']!.put(communePath(places.saThayCommune, 4), { met: true, version: 0 })).status).toBe(201);
    expect((await errorOf(await c['ed-multi']!.put(communePath(places.cityCommune, 4), { met: true, version: 0 }))).code).toBe('out_of_scope');
  });

  it('answers 404 for an unknown commune and 422 for what cannot be scored', async () => {
    expect((await errorOf(await c['ed-province']!.put(communePath('99999', 1), { met: true, version: 0 }))).status).toBe(404);
    if (places.cityWard) {
      const ward = await errorOf(await c['ed-city']!.put(communePath(places.cityWard, 1), { met: true, version: 0 }));
      expect(ward.status).toBe(422);
      expect(ward.en).toMatch(/not assessed on the commune NTM criteria/);
    }
    const district = await errorOf(await c['ed-province']!.put(communePath('608', 1), { met: true, version: 0 }));
    expect(district.status).toBe(422);
    expect((await errorOf(await c['ed-city']!.put(communePath(places.cityCommune, 20), { met: true, version: 0 }))).en).toMatch(/has no criterion 20/);
    expect((await errorOf(await c['ed-city']!.put(communePath(places.cityCommune, 1, 2005), { met: true, version: 0 }))).en).toMatch(/No criteria set applies to 2005/);
    const future = await errorOf(await c['ed-city']!.put(communePath(places.cityCommune, 5), { met: true, evidenceDate: '2999-01-01', version: 0 }));
    expect([future.status, future.en]).toEqual([422, 'The evidence date cannot be in the future']);
    // a body that does not fit the schema: 400 invalid_input, like every route (test/api/validation.test.ts)
    for (const body of [{ met: 'yes', version: 0 }, { met: true }, { met: true, version: 0, evidenceDate: '2024-02-30' }, { met: true, version: 0, extra: 1 }]) {
      expect((await c['ed-city']!.put(communePath(places.cityCommune, 5), body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await c['ed-city']!.put(`/api/communes/${places.cityCommune}/criteria/${EDIT_YEAR}/abc`, { met: true, version: 0 })).status).toBe(400);
    expect(await stored('commune', places.cityCommune, 5)).toBeNull();
  });
});

describe(`village criterion status: roles and scopes (${TARGET})`, () => {
  it('refuses anonymous and non-editors', async () => {
    expect((await new Client(t.app).put(villagePath(places.cityVillage, 1), { met: true, version: 0 })).status).toBe(401);
    for (const who of ['ed-viewer', 'ed-planner', 'ed-inspector', 'ed-admin']) {
      expect((await errorOf(await c[who]!.put(villagePath(places.cityVillage, 1), { met: true, version: 0 }))).code, who).toBe('forbidden');
    }
  });

  it("allows editors whose scope covers the village's commune or district, refuses the others", async () => {
    expect((await c['ed-city']!.put(villagePath(places.cityVillage, 1), { met: true, version: 0 })).status).toBe(201);
    expect((await c['ed-village-commune']!.put(villagePath(places.cityVillage, 2), { met: true, version: 0 })).status).toBe(201);
    expect((await errorOf(await c['ed-city']!.put(villagePath(places.saThayVillage, 1), { met: true, version: 0 }))).code).toBe('out_of_scope');
    expect((await errorOf(await c['ed-village-commune']!.put(villagePath(places.saThayVillage, 1), { met: true, version: 0 }))).code).toBe('out_of_scope');
    expect((await c['ed-multi']!.put(villagePath(places.saThayVillage, 1), { met: false, version: 0 })).status).toBe(201);
    expect(await stored('village', places.saThayVillage, 1)).toMatchObject({ met: false, version: 1 });
  });

  it('answers 404 for an unknown village and 422 for a criterion the village set lacks', async () => {
    expect((await errorOf(await c['ed-province']!.put(villagePath('99999-99', 1), { met: true, version: 0 }))).status).toBe(404);
    expect((await errorOf(await c['ed-city']!.put(villagePath(places.cityVillage, 11), { met: true, version: 0 }))).en).toMatch(/has no criterion 11/);
  });
});

describe(`versions, conflicts and the audit trail (${TARGET})`, () => {
  it('creates with version 0, updates with the current version, and answers 409 with the record to a stale one', async () => {
    const path = communePath(places.cityCommune, 6);
    const created = (await (await c['ed-city']!.put(path, { met: false, version: 0 })).json()) as CriterionStatusRecord;
    expect(created.version).toBe(1);
    const updated = await c['ed-city']!.put(path, { met: true, evidence: 'Quyết định 45/QĐ-UBND', evidenceDate: '2024-06-01', version: 1 });
    expect(updated.status).toBe(200);
    expect(((await updated.json()) as CriterionStatusRecord).version).toBe(2);

    const n = await auditCount();
    for (const stale of [0, 1, 7]) {
      const e = await errorOf(await c['ed-city']!.put(path, { met: false, version: stale }));
      expect([e.status, e.code], `version ${stale}`).toEqual([409, 'version_conflict']);
      expect(e.vi).toMatch(/người khác thay đổi/);
      expect(e.body.current).toMatchObject({ unitCode: places.cityCommune, met: true, evidence: 'Quyết định 45/QĐ-UBND', version: 2 });
    }
    expect(await auditCount()).toBe(n);
    expect(await stored('commune', places.cityCommune, 6)).toEqual({ met: true, evidence: 'Quyết định 45/QĐ-UBND', evidence_date: '2024-06-01', version: 2 });
  });

  it('records who, what, before and after, and the request id, for every write', async () => {
    const path = communePath(places.cityCommune, 7);
    const first = await c['ed-city']!.put(path, { met: false, version: 0 });
    const second = await c['ed-city']!.put(path, { met: true, evidence: 'Đã đạt', version: 1 });
    const requestId = second.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    const rows = await t.sql<{ username: string; user_id: number; action: string; entity: string; entity_id: string; before: unknown; after: unknown; request_id: string }[]>`
      SELECT username, user_id, action, entity, entity_id, before, after, request_id FROM audit_log
      WHERE entity = 'commune_criterion_status' AND entity_id = ${`${places.cityCommune}/${EDIT_YEAR}/7`} ORDER BY id`;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ username: 'ed-city', action: 'create', before: null, after: { met: false, version: 1 }, request_id: first.headers.get('x-request-id') });
    expect(rows[1]).toMatchObject({
      username: 'ed-city',
      user_id: c['ed-city']!.me!.user!.id,
      action: 'update',
      before: { met: false, evidence: null, version: 1 },
      after: { met: true, evidence: 'Đã đạt', version: 2 },
      request_id: requestId,
    });
  });

  it('writes nothing (no version, no audit row) when the values are the ones stored', async () => {
    const path = communePath(places.cityCommune, 8);
    await c['ed-city']!.put(path, { met: true, version: 0 });
    const n = await auditCount();
    const same = await c['ed-city']!.put(path, { met: true, version: 1 });
    expect(same.status).toBe(200);
    expect(((await same.json()) as CriterionStatusRecord).version).toBe(1);
    expect(await auditCount()).toBe(n);
  });

  it('two concurrent writers of the same version: exactly one succeeds, the other gets 409', async () => {
    const path = communePath(places.cityCommune, 9);
    await c['ed-city']!.put(path, { met: false, version: 0 });
    const n = await auditCount();
    const other = await signedIn(t.app, 'ed-province');
    const results = await Promise.all([
      c['ed-city']!.put(path, { met: true, evidence: 'A', version: 1 }),
      other.put(path, { met: true, evidence: 'B', version: 1 }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    const winner = (await results.find((r) => r.status === 200)!.json()) as CriterionStatusRecord;
    const loser = await errorOf(results.find((r) => r.status === 409)!);
    expect(loser.body.current).toEqual(winner);
    expect(await stored('commune', places.cityCommune, 9)).toMatchObject({ evidence: winner.evidence, version: 2 });
    expect(await auditCount()).toBe(n + 1);
  });

  it('two concurrent creators: exactly one 201, one 409', async () => {
    const path = villagePath(places.cityVillage, 3);
    const other = await signedIn(t.app, 'ed-province');
    const results = await Promise.all([c['ed-city']!.put(path, { met: true, version: 0 }), other.put(path, { met: false, version: 0 })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await stored('village', places.cityVillage, 3)).toMatchObject({ version: 1 });
    const [{ n }] = (await t.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM audit_log WHERE entity = 'village_criterion_status' AND entity_id = ${`${places.cityVillage}/${EDIT_YEAR}/3`}`) as unknown as [{ n: number }];
    expect(n).toBe(1);
  });

  it('rolls the change back when the audit row cannot be written (same transaction)', async () => {
    const path = communePath(places.cityCommune, 10);
    const entityId = `${places.cityCommune}/${EDIT_YEAR}/10`;
    // a test-only trigger that makes exactly this audit insert fail
    await t.sql.unsafe(`
      CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.entity_id = '${entityId}' THEN RAISE EXCEPTION 'audit refused by the test'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_refuse_audit();`);
    const versionBefore = t.deps.versions.get('communes');
    try {
      const res = await c['ed-city']!.put(path, { met: true, version: 0 });
      const e = await errorOf(res);
      expect(e.status).toBe(500);
      expect(e.code).toBe('internal');
      expect(JSON.stringify(e.body)).not.toMatch(/audit refused|trigger|plpgsql|audit_log/); // no internals leaked
    } finally {
      await t.sql.unsafe('DROP TRIGGER test_refuse_audit ON audit_log; DROP FUNCTION test_refuse_audit();');
    }
    expect(await stored('commune', places.cityCommune, 10)).toBeNull();
    expect(t.deps.versions.get('communes')).toBe(versionBefore);
  });
});

describe(`map data versions (${TARGET})`, () => {
  it('a commune write bumps the communes layer version: the tile changes (new ETag, new criteria count)', async () => {
    const [pt] = await t.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM admin_unit WHERE code = ${places.cityCommune2}) q`;
    const [z, x, y] = tileOf(pt!.lon, pt!.lat, 10);
    const url = `/api/tiles/communes/${z}/${x}/${y}.mvt?year=${EDIT_YEAR}`;
    const read = async () => {
      const res = await new Client(t.app).get(url);
      const layer = decodeTile(new Uint8Array(await res.arrayBuffer())).communes!;
      const f = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find((g) => g.properties.code === places.cityCommune2);
      return { etag: res.headers.get('etag'), met: f?.properties.criteria_met };
    };
    const before = await read();
    const [{ n: metBefore }] = (await t.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM commune_criterion_status WHERE commune_code = ${places.cityCommune2} AND year = ${EDIT_YEAR} AND met`) as unknown as [{ n: number }];
    const v = t.deps.versions.get('communes');
    expect((await c['ed-city']!.put(communePath(places.cityCommune2, 11), { met: true, version: 0 })).status).toBe(201);
    expect(t.deps.versions.get('communes')).toBe(v + 1);
    const after = await read();
    expect(after.etag).not.toBe(before.etag);
    expect(after.met).toBe(metBefore + 1);
  });

  it('a village write bumps the villages layer version', async () => {
    const v = t.deps.versions.get('villages');
    const communes = t.deps.versions.get('communes');
    expect((await c['ed-city']!.put(villagePath(places.cityVillage, 4), { met: true, version: 0 })).status).toBe(201);
    expect(t.deps.versions.get('villages')).toBe(v + 1);
    expect(t.deps.versions.get('communes')).toBe(communes);
    const [row] = await t.sql<{ version: string }[]>`SELECT version::text FROM data_version WHERE layer = 'villages'`;
    expect(Number(row!.version)).toBe(v + 1);
  });
});
