/**
 * Concurrent writers (issue 13): the same version sent twenty times at once → one success and
 * 409s; the same client request id ten times at once → recorded once; two editors uploading the
 * same two criteria rows in opposite orders → never a 5xx (rows locked in one fixed order).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestAssessment, authTestApp, createUser, demoPlaces, signedIn, TARGET, type AuthTestApp, type Client } from '../helpers/auth.ts';

let t: AuthTestApp;
let editorA: Client;
let editorB: Client;
let planner: Client;
let places: Awaited<ReturnType<typeof demoPlaces>>;
const SOURCE = 'test: reliability/concurrency.test.ts';
let year: number;

beforeAll(async () => {
  t = await authTestApp();
  places = await demoPlaces(t.sql);
  // a year of the current criteria sets without an assessment: nothing the report figures read
  const [y] = await t.sql<{ year: number }[]>`
    SELECT year_to AS year FROM criteria_set cs WHERE scope = 'commune'
      AND NOT EXISTS (SELECT 1 FROM assessment a WHERE a.scope = 'commune' AND a.year = cs.year_to)
    ORDER BY year_to DESC LIMIT 1`;
  year = y!.year;
  // uploads refuse years the app does not show: the test assesses the year while it runs
  await addTestAssessment(t.sql, 'commune', year, SOURCE);
  await createUser(t.sql, { username: 'rel-editor-a', roles: ['editor'], scopes: ['608'] });
  await createUser(t.sql, { username: 'rel-editor-b', roles: ['editor'], scopes: ['608'] });
  await createUser(t.sql, { username: 'rel-planner', roles: ['planner'], scopes: ['608'] });
  editorA = await signedIn(t.app, 'rel-editor-a', undefined, '10.13.1.1');
  editorB = await signedIn(t.app, 'rel-editor-b', undefined, '10.13.1.2');
  planner = await signedIn(t.app, 'rel-planner', undefined, '10.13.1.3');
}, 120_000);

afterAll(async () => {
  await t.sql`DELETE FROM commune_criterion_status WHERE year = ${year} AND commune_code = ${places.cityCommune} AND criterion_no IN (10, 11)`;
  await t.sql`DELETE FROM assessment WHERE source_en = ${SOURCE}`;
});

const counts = (statuses: number[]) => statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});

describe(`concurrent writers (${TARGET})`, () => {
  it('the same version twenty times at once: one success, nineteen 409s, one audit row each', async () => {
    const path = `/api/communes/${places.cityCommune2}/criteria/${year}/18`;
    const first = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? editorA : editorB).put(path, { met: i % 3 === 0, evidence: `lần ${i}`, version: 0 })),
    );
    expect(counts(first.map((r) => r.status))).toEqual({ 201: 1, 409: 19 });
    const second = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? editorA : editorB).put(path, { met: true, evidence: `sửa ${i}`, version: 1 })));
    expect(counts(second.map((r) => r.status))).toEqual({ 200: 1, 409: 19 });
    const [row] = await t.sql<{ version: number }[]>`
      SELECT version FROM commune_criterion_status WHERE commune_code = ${places.cityCommune2} AND year = ${year} AND criterion_no = 18`;
    expect(row!.version).toBe(2);
    const [audit] = await t.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM audit_log WHERE entity = 'commune_criterion_status' AND entity_id = ${`${places.cityCommune2}/${year}/18`}`;
    expect(audit!.n).toBe(2);
  });

  it('the same client request id ten times at once: one plan, one audit row, every answer the same plan', async () => {
    const key = `rel-${TARGET}-${Date.now().toString(36)}`;
    const body = { name: `Kế hoạch đồng thời ${key}`, year: 2030, unitCode: places.cityCommune, sites: [], clientRequestId: key };
    const answers = await Promise.all(Array.from({ length: 10 }, () => planner.post('/api/plans', body)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 201), JSON.stringify(statuses)).toBe(true);
    const ids = new Set(await Promise.all(answers.map(async (r) => ((await r.json()) as { id: number }).id)));
    expect(ids.size).toBe(1);
    const [n] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM planting_plan WHERE client_request_id = ${key}`;
    expect(n!.n).toBe(1);
    const [a] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'planting_plan' AND entity_id = ${String([...ids][0])}`;
    expect(a!.n).toBe(1);
  });

  // rows are locked in one fixed order (services/criteria-status.ts): opposite orders wait, never deadlock
  it('two editors uploading the same rows in opposite orders: never a 5xx', async () => {
    const line = (no: number, met: number) => `${places.cityCommune},${year},${no},${met}`;
    const statuses: number[] = [];
    for (let round = 0; round < 10; round++) {
      const ab = `code,year,criterion,met\n${line(10, round % 2)}\n${line(11, round % 2)}\n`;
      const ba = `code,year,criterion,met\n${line(11, (round + 1) % 2)}\n${line(10, (round + 1) % 2)}\n`;
      const pair = await Promise.all([
        editorA.post('/api/ntm/criteria/upload', { csv: ab, fileName: 'a.csv' }),
        editorB.post('/api/ntm/criteria/upload', { csv: ba, fileName: 'b.csv' }),
      ]);
      statuses.push(...pair.map((r) => r.status));
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.some((s) => s === 200 || s === 201)).toBe(true);
  });
});
