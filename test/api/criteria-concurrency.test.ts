/**
 * Two editors uploading the same criteria rows in opposite orders at the same moment (issue 13,
 * defect 2): on PostgreSQL each transaction locked its rows in file order, so each could hold one
 * row the other wanted — `deadlock detected`, a 500 for one of them. Rows are now locked in one
 * fixed order: the second upload waits for the first and succeeds after it (or gets a clear 409),
 * never a 500, and every acknowledged upload is in the database.
 *
 * On the embedded database (one connection) the uploads queue; the test holds there too.
 * Writes to a year no other test file reads (a year of the current set without an assessment, before
 * the years the edits and upload tests write), assessed for the test's duration (addTestAssessment).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestAssessment, authTestApp, createUser, demoPlaces, signedIn, TARGET, type AuthTestApp, type Client } from '../helpers/auth.ts';

const SOURCE = 'test: criteria-concurrency.test.ts';
let t: AuthTestApp;
let year: number;
let communes: string[];
let a: Client;
let b: Client;

beforeAll(async () => {
  t = await authTestApp();
  const places = await demoPlaces(t.sql);
  communes = [places.cityCommune, places.cityCommune2];
  // a year of the current commune criteria set without an assessment, other than the upload tests' year
  const [y] = await t.sql<{ year: number }[]>`
    SELECT y AS year FROM criteria_set cs, generate_series(cs.year_from, cs.year_to - 2) y
    WHERE cs.scope = 'commune' AND NOT EXISTS (SELECT 1 FROM assessment a WHERE a.scope = 'commune' AND a.year = y)
    ORDER BY cs.year_to DESC, y LIMIT 1`;
  year = y!.year;
  await addTestAssessment(t.sql, 'commune', year, SOURCE);
  await t.sql`DELETE FROM commune_criterion_status WHERE year = ${year} AND commune_code IN ${t.sql(communes)}`;
  for (const username of ['cc-editor-a', 'cc-editor-b']) {
    const [exists] = await t.sql`SELECT 1 FROM app_user WHERE username = ${username}`;
    if (!exists) await createUser(t.sql, { username, roles: ['editor'], scopes: ['608'] });
  }
  a = await signedIn(t.app, 'cc-editor-a');
  b = await signedIn(t.app, 'cc-editor-b');
});

afterAll(async () => {
  await t.sql`DELETE FROM commune_criterion_status WHERE year = ${year} AND commune_code IN ${t.sql(communes)}`;
  await t.sql`DELETE FROM assessment WHERE source_en = ${SOURCE}`;
});

describe(`concurrent criteria uploads in opposite orders (${TARGET})`, () => {
  it('never answer 500: the second waits and succeeds, or gets 409; what is acknowledged is stored', async () => {
    const statuses: number[] = [];
    for (let pair = 0; pair < 10; pair++) {
      // criteria 1..6 of two communes, different values per uploader so both have something to write
      const rows = (met: number) => communes.flatMap((code) => [1, 2, 3, 4, 5, 6].map((no) => `${code},${year},${no},${(met + no + pair) % 2}`));
      const forward = rows(0);
      const backward = rows(1).reverse();
      const csv = (lines: string[]) => `code,year,criterion,met\n${lines.join('\n')}\n`;
      const [ra, rb] = await Promise.all([
        a.post('/api/ntm/criteria/upload', { csv: csv(forward), fileName: `a-${pair}.csv` }),
        b.post('/api/ntm/criteria/upload', { csv: csv(backward), fileName: `b-${pair}.csv` }),
      ]);
      for (const r of [ra, rb]) {
        statuses.push(r.status);
        if (r.status !== 200) {
          const body = (await r.clone().json()) as { error: { code: string; message: { vi: string; en: string } } };
          expect(r.status, JSON.stringify(body)).toBe(409);
          expect(body.error.message.vi).toBeTruthy();
        }
      }
      // the database holds the values of one complete upload, the last one acknowledged
      const stored = await t.sql<{ code: string; no: number; met: boolean }[]>`
        SELECT commune_code AS code, criterion_no AS no, met FROM commune_criterion_status
        WHERE year = ${year} AND commune_code IN ${t.sql(communes)} AND criterion_no BETWEEN 1 AND 6`;
      expect(stored).toHaveLength(12);
      const valueOf = (met: number) => new Map(rows(met).map((l) => { const [code, , no, m] = l.split(','); return [`${code}/${no}`, m === '1'] as const; }));
      const storedMap = new Map(stored.map((s) => [`${s.code}/${s.no}`, s.met]));
      const matches = [0, 1].filter((m, i) => [ra, rb][i]!.status === 200 && [...valueOf(m)].every(([k, v]) => storedMap.get(k) === v));
      expect(matches.length, `pair ${pair}: stored values are one whole upload`).toBe(1);
    }
    expect(statuses).not.toContain(500);
  }, 300_000);
});
