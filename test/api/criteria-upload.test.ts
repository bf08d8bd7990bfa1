/**
 * Criteria status from a CSV upload: all or nothing in one transaction, a line-numbered
 * bilingual error report, the editor's scope checked per row, an audit row per changed status,
 * tile data versions bumped, and the change visible in the tiles at once.
 *
 * Writes go to UPLOAD_YEAR: a year of the current criteria sets that has no assessment in the
 * demo data and is not the year the edits tests write to, so the figures other files check stay.
 * The upload writes only to years the app shows (issue 12), so this file opens UPLOAD_YEAR as an
 * assessment (as an administrator would) and removes it, with its rows, when it is done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authTestApp, Client, createUser, dbFingerprint, demoPlaces, errorOf, signedIn, TARGET, type AuthTestApp } from '../helpers/auth.ts';
import { decodeTile, tileOf } from '../helpers/mvt.ts';
import type { CriteriaUploadResult, UploadRowError } from '../../server/domain/ntm.ts';

let t: AuthTestApp;
let places: Awaited<ReturnType<typeof demoPlaces>>;
let UPLOAD_YEAR: number;
const c: Record<string, Client> = {};

const TEST_SOURCE = 'test: criteria-upload.test.ts';

beforeAll(async () => {
  t = await authTestApp();
  places = await demoPlaces(t.sql);
  await t.sql`DELETE FROM assessment WHERE source_en = ${TEST_SOURCE}`; // a run that stopped half-way
  // the year before the commune set's last year (the edits tests use the last one), without an assessment
  const [y] = await t.sql<{ year: number }[]>`
    SELECT cs.year_to - 1 AS year FROM criteria_set cs
    WHERE cs.scope = 'commune'
      AND NOT EXISTS (SELECT 1 FROM assessment a WHERE a.year = cs.year_to - 1)
      AND EXISTS (SELECT 1 FROM criteria_set v WHERE v.scope = 'village' AND cs.year_to - 1 BETWEEN v.year_from AND v.year_to)
    ORDER BY cs.year_to DESC LIMIT 1`;
  UPLOAD_YEAR = y!.year;
  for (const scope of ['commune', 'village']) {
    await t.sql`
      INSERT INTO assessment (scope, year, as_of, criteria_set_id, source_vi, source_en)
      SELECT ${scope}, ${UPLOAD_YEAR}, ${`${UPLOAD_YEAR}-12-31`}::date, id, 'kiểm thử', ${TEST_SOURCE}
      FROM criteria_set WHERE scope = ${scope} AND ${UPLOAD_YEAR} BETWEEN year_from AND year_to`;
  }
  // a clean slate for this year's rows (re-runs on a kept database)
  await t.sql`DELETE FROM commune_criterion_status WHERE year = ${UPLOAD_YEAR} AND commune_code IN ${t.sql([places.cityCommune, places.cityCommune2, places.saThayCommune])}`;
  await t.sql`DELETE FROM village_criterion_status WHERE year = ${UPLOAD_YEAR} AND village_code = ${places.cityVillage}`;
  for (const [username, roles, scopes] of [
    ['up-viewer', ['viewer'], []],
    ['up-city', ['editor'], ['608']],
  ] as const) {
    await createUser(t.sql, { username, roles: [...roles], scopes: [...scopes] });
    c[username] = await signedIn(t.app, username);
  }
});

afterAll(async () => {
  await t.sql`DELETE FROM commune_criterion_status WHERE year = ${UPLOAD_YEAR} AND commune_code IN ${t.sql([places.cityCommune, places.cityCommune2, places.saThayCommune])}`;
  await t.sql`DELETE FROM village_criterion_status WHERE year = ${UPLOAD_YEAR} AND village_code = ${places.cityVillage}`;
  await t.sql`DELETE FROM assessment WHERE source_en = ${TEST_SOURCE}`;
});

const upload = (who: Client, csv: string) => who.post('/api/ntm/criteria/upload', { csv, fileName: 'test.csv' });
const statusOf = async (code: string, no: number) =>
  (await t.sql<{ met: boolean; evidence: string | null; evidence_date: string | null; version: number }[]>`
    SELECT met, evidence, evidence_date::text, version FROM commune_criterion_status WHERE commune_code = ${code} AND year = ${UPLOAD_YEAR} AND criterion_no = ${no}`)[0] ?? null;

describe(`criteria CSV upload: refusals (${TARGET})`, () => {
  it('refuses anonymous users (401) and users without the editor role (403), writing nothing', async () => {
    const before = await dbFingerprint(t.sql);
    const csv = `code,year,criterion,met\n${places.cityCommune},${UPLOAD_YEAR},1,1\n`;
    expect((await errorOf(await upload(new Client(t.app), csv))).status).toBe(401);
    expect((await errorOf(await upload(c['up-viewer']!, csv))).code).toBe('forbidden');
    expect(await dbFingerprint(t.sql)).toEqual(before);
  });

  it('refuses a file with bad rows with 422, one error per bad row with its line, in Vietnamese and English — and writes none of its good rows', async () => {
    const before = await dbFingerprint(t.sql);
    const lines = [
      'mã;năm;tiêu chí;đạt;minh chứng;ngày', // 1 Vietnamese header, semicolons
      `${places.cityCommune};${UPLOAD_YEAR};1;đạt;Quyết định số 12;2024-01-10`, // 2 good
      `${places.saThayCommune};${UPLOAD_YEAR};1;1;;`, // 3 out of scope (Sa Thầy)
      `${places.cityCommune2};${UPLOAD_YEAR};2;maybe;;`, // 4 bad met
      `${places.cityCommune2};${UPLOAD_YEAR};25;1;;`, // 5 no criterion 25
      `${places.cityCommune};${UPLOAD_YEAR};1;0;;`, // 6 duplicate of line 2
      `${places.cityVillageCommune}-99;${UPLOAD_YEAR};1;1;;`, // 7 unknown village
      `${places.cityCommune2};2010;3;1;;`, // 8 no criteria set for 2010
      `${places.cityCommune2};${UPLOAD_YEAR};4;1;;2999-01-01`, // 9 future evidence date
      `abc;${UPLOAD_YEAR};4;1;;`, // 10 bad code
      '', // 11 blank: skipped
      `"${places.cityCommune2}";${UPLOAD_YEAR};"5";"chưa đạt";"note; with ""quotes""";2024-02-30`, // 12 no such date
      ...(places.cityWard ? [`${places.cityWard};${UPLOAD_YEAR};1;1;;`] : []), // 13 a ward: not in the programme
    ];
    const res = await upload(c['up-city']!, lines.join('\r\n'));
    const e = await errorOf(res);
    expect([e.status, e.code]).toEqual([422, 'invalid_rows']);
    expect(e.vi).toContain('chưa ghi dòng nào');
    expect(e.en).toContain('nothing was written');
    const rows = e.body.rowErrors as UploadRowError[];
    const byLine = new Map<number, UploadRowError[]>();
    for (const r of rows) byLine.set(r.line, [...(byLine.get(r.line) ?? []), r]);
    expect([...byLine.keys()]).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 12, ...(places.cityWard ? [13] : [])]);
    expect(byLine.get(3)![0]!.message.en).toContain('outside your scope');
    expect(byLine.get(4)![0]!.column).toBe('met');
    expect(byLine.get(5)![0]!.message.vi).toContain('không có tiêu chí số 25');
    expect(byLine.get(6)![0]!.message.en).toContain('line 2');
    expect(byLine.get(7)![0]!.message.en).toContain('No village');
    expect(byLine.get(8)![0]!.message.en).toContain('No criteria set applies to 2010');
    expect(byLine.get(9)![0]!.column).toBe('evidenceDate');
    expect(byLine.get(10)![0]!.column).toBe('code');
    expect(byLine.get(12)![0]!.message.en).toBe('no such date');
    if (places.cityWard) expect(byLine.get(13)![0]!.message.en).toContain('not assessed on the commune NTM criteria');
    for (const r of rows) {
      expect(r.message.vi.length).toBeGreaterThan(0);
      expect(r.message.en.length).toBeGreaterThan(0);
    }
    expect(await dbFingerprint(t.sql)).toEqual(before);
    expect(await statusOf(places.cityCommune, 1)).toBeNull();
  });

  it('refuses a file without the required columns (line 1), an unterminated quote and an empty file', async () => {
    const before = await dbFingerprint(t.sql);
    const noMet = await errorOf(await upload(c['up-city']!, `code,year,criterion\n${places.cityCommune},${UPLOAD_YEAR},1\n`));
    expect(noMet.status).toBe(422);
    expect((noMet.body.rowErrors as UploadRowError[]).map((r) => [r.line, r.column])).toEqual([[1, 'met']]);
    const quote = await errorOf(await upload(c['up-city']!, `code,year,criterion,met\n${places.cityCommune},${UPLOAD_YEAR},1,"1\n`));
    expect((quote.body.rowErrors as UploadRowError[])[0]!.line).toBe(2);
    const empty = await errorOf(await upload(c['up-city']!, 'code,year,criterion,met\n'));
    expect((empty.body.rowErrors as UploadRowError[])[0]!.line).toBe(1);
    const notJson = await c['up-city']!.request('POST', '/api/ntm/criteria/upload', { raw: 'code,year\n', contentType: 'text/csv' });
    expect(notJson.status).toBe(415);
    expect(await dbFingerprint(t.sql)).toEqual(before);
  });
});

describe(`criteria CSV upload: writing (${TARGET})`, () => {
  it('writes every row of a good file in one transaction, audits each change, bumps the tile versions; the tile shows it at once', async () => {
    const [pt] = await t.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM admin_unit WHERE code = ${places.cityCommune2}) q`;
    const [z, x, y] = tileOf(pt!.lon, pt!.lat, 10);
    const tileMet = async () => {
      const res = await new Client(t.app).get(`/api/tiles/communes/${z}/${x}/${y}.mvt?year=${UPLOAD_YEAR}`);
      const layer = decodeTile(new Uint8Array(await res.arrayBuffer())).communes!;
      return Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find((f) => f.properties.code === places.cityCommune2)?.properties.criteria_met;
    };
    expect(await tileMet()).toBeUndefined(); // nothing recorded for that year yet
    const versions = { communes: t.deps.versions.get('communes'), villages: t.deps.versions.get('villages') };
    const [{ n: auditBefore }] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log`;

    const csv = [
      'code,year,criterion,met,evidence,evidence_date,ten (ignored)',
      `${places.cityCommune2},${UPLOAD_YEAR},1,1,Biên bản 5,2024-03-01,Xã A`,
      `${places.cityCommune2},${UPLOAD_YEAR},2,x,,,Xã A`,
      `${places.cityCommune2},${UPLOAD_YEAR},3,0,,,Xã A`,
      `${places.cityVillage},${UPLOAD_YEAR},1,đạt,,,Thôn B`,
    ].join('\n');
    const res = await upload(c['up-city']!, csv);
    expect(res.status).toBe(200);
    const r = (await res.json()) as CriteriaUploadResult;
    expect(r).toEqual({ rows: 4, changed: 4, unchanged: 0, communes: 1, villages: 1, years: [UPLOAD_YEAR], encoding: "utf-8" });

    expect(await statusOf(places.cityCommune2, 1)).toEqual({ met: true, evidence: 'Biên bản 5', evidence_date: '2024-03-01', version: 1 });
    expect((await statusOf(places.cityCommune2, 3))!.met).toBe(false);
    const audit = await t.sql<{ entity: string; entity_id: string; action: string; username: string; request_id: string }[]>`
      SELECT entity, entity_id, action, username, request_id FROM audit_log ORDER BY id DESC LIMIT 5`;
    const [{ n: auditAfter }] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log`;
    expect(auditAfter - auditBefore).toBe(5); // four statuses and the upload
    expect(audit.map((a) => a.entity).sort()).toEqual(['commune_criterion_status', 'commune_criterion_status', 'commune_criterion_status', 'criteria_upload', 'village_criterion_status']);
    expect(new Set(audit.map((a) => a.request_id)).size).toBe(1);
    expect(audit.every((a) => a.username === 'up-city')).toBe(true);
    expect(t.deps.versions.get('communes')).toBe(versions.communes + 1);
    expect(t.deps.versions.get('villages')).toBe(versions.villages + 1);
    expect(await tileMet()).toBe(2);
  });

  it('updates changed rows (version + 1), leaves equal ones, and writes nothing at all for an identical file', async () => {
    const csv = `code,year,criterion,met\n${places.cityCommune2},${UPLOAD_YEAR},3,1\n${places.cityCommune2},${UPLOAD_YEAR},2,1\n`;
    const first = (await (await upload(c['up-city']!, csv)).json()) as CriteriaUploadResult;
    // criterion 2 is met already, but its evidence is none in both: unchanged; criterion 3 turns met
    expect([first.changed, first.unchanged]).toEqual([1, 1]);
    expect(await statusOf(places.cityCommune2, 3)).toMatchObject({ met: true, version: 2 });
    const before = await dbFingerprint(t.sql);
    const again = (await (await upload(c['up-city']!, csv)).json()) as CriteriaUploadResult;
    expect([again.changed, again.unchanged]).toEqual([0, 2]);
    expect(await dbFingerprint(t.sql)).toEqual(before);
  });

  it('a single-criterion edit and the upload meet on the same version numbers (409 on a stale version)', async () => {
    const cur = (await statusOf(places.cityCommune2, 1))!;
    const stale = await c['up-city']!.put(`/api/communes/${places.cityCommune2}/criteria/${UPLOAD_YEAR}/1`, { met: false, version: cur.version - 1 });
    expect(stale.status).toBe(409);
    const ok = await c['up-city']!.put(`/api/communes/${places.cityCommune2}/criteria/${UPLOAD_YEAR}/1`, { met: false, version: cur.version });
    expect(ok.status).toBe(200);
  });
});

describe(`criteria CSV upload: encodings and dates (${TARGET}, issue 12)`, () => {
  const ascii = (s: string) => [...s].map((ch) => ch.charCodeAt(0));
  const bytes = (...parts: (string | number)[]) => Buffer.from(parts.flatMap((p) => (typeof p === 'string' ? ascii(p) : [p])));
  const sendFile = (who: Client, file: Buffer, extra: Record<string, unknown> = {}) =>
    who.post('/api/ntm/criteria/upload', { file: file.toString('base64'), fileName: 'excel.csv', ...extra });
  const evidenceOf = async (no: number) =>
    (await t.sql<{ evidence: string | null; evidence_date: string | null }[]>`
      SELECT evidence, evidence_date::text FROM commune_criterion_status WHERE commune_code = ${places.cityCommune} AND year = ${UPLOAD_YEAR} AND criterion_no = ${no}`)[0] ?? null;

  it('reads a file Excel saved in Windows-1258 (Vietnamese headers, evidence, dd/mm/yyyy date) and stores proper Unicode', async () => {
    // mã,năm,tiêu chí,đạt,minh chứng,ngày / <code>,<year>,6,đạt,Biên bản nghiệm thu,15/03/2024 — Windows-1258 bytes
    const file = bytes(
      'ma', 0xde, ',n', 0xe3, 'm,ti', 0xea, 'u chi', 0xec, ',', 0xf0, 'a', 0xf2, 't,minh ch', 0xfd, 0xec, 'ng,nga', 0xcc, 'y\r\n',
      `${places.cityCommune},${UPLOAD_YEAR},6,`, 0xf0, 'a', 0xf2, 't,Bi', 0xea, 'n ba', 0xd2, 'n nghi', 0xea, 0xf2, 'm thu,15/03/2024\r\n',
    );
    const res = await sendFile(c['up-city']!, file);
    expect(res.status).toBe(200);
    expect(((await res.json()) as CriteriaUploadResult & { encoding: string }).encoding).toBe('windows-1258');
    expect(await evidenceOf(6)).toEqual({ evidence: 'Biên bản nghiệm thu', evidence_date: '2024-03-15' });
  });

  it('reads TCVN3 (ABC) and VNI files too', async () => {
    // code,year,criterion,met,evidence / …,7,1,Biên bản nghiệm thu  (TCVN3: ê 0xAA, ả 0xB6, ệ 0xD6)
    const tcvn3 = bytes('code,year,criterion,met,evidence\n', `${places.cityCommune},${UPLOAD_YEAR},7,1,Bi`, 0xaa, 'n b', 0xb6, 'n nghi', 0xd6, 'm thu\n');
    expect((await sendFile(c['up-city']!, tcvn3)).status).toBe(200);
    expect((await evidenceOf(7))!.evidence).toBe('Biên bản nghiệm thu');
    // VNI: ê = e 0xE2, ả = a 0xFB, ệ = e 0xE4
    const vni = bytes('code,year,criterion,met,evidence\n', `${places.cityCommune},${UPLOAD_YEAR},8,1,Bie`, 0xe2, 'n ba', 0xfb, 'n nghie', 0xe4, 'm thu\n');
    expect((await sendFile(c['up-city']!, vni)).status).toBe(200);
    expect((await evidenceOf(8))!.evidence).toBe('Biên bản nghiệm thu');
  });

  it('refuses text that was already read in the wrong encoding (U+FFFD) and bytes it cannot decode, writing nothing', async () => {
    const before = await dbFingerprint(t.sql);
    const mangled = await errorOf(await upload(c['up-city']!, `code,year,criterion,met,evidence\n${places.cityCommune},${UPLOAD_YEAR},9,1,Bi\ufffdn ba\ufffdn\n`));
    expect([mangled.status, mangled.code]).toEqual([422, 'unreadable_text']);
    expect(mangled.vi).toContain('CSV UTF-8');
    expect(mangled.en).toContain('wrong encoding');
    const cyrillic = bytes('code,year,criterion,met,evidence\n', `${places.cityCommune},${UPLOAD_YEAR},9,1,`, 0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, '\n');
    const bad = await errorOf(await sendFile(c['up-city']!, cyrillic));
    expect([bad.status, bad.code]).toEqual([422, 'unreadable_text']);
    expect(bad.vi).toContain('Không đọc được');
    expect(await dbFingerprint(t.sql)).toEqual(before);
    expect(await evidenceOf(9)).toBeNull();
  });

  it('accepts dates as Vietnamese Excel types them (dd/mm/yyyy) and gives one message, not two, for a bad date', async () => {
    const ok = await upload(c['up-city']!, `code,year,criterion,met,evidence,date\n${places.cityCommune},${UPLOAD_YEAR},10,1,QĐ 5,5/1/2024\n`);
    expect(ok.status).toBe(200);
    expect(await evidenceOf(10)).toEqual({ evidence: 'QĐ 5', evidence_date: '2024-01-05' });
    const e = await errorOf(
      await upload(c['up-city']!, `code,year,criterion,met,date\n${places.cityCommune},${UPLOAD_YEAR},11,1,31/02/2024\n${places.cityCommune},${UPLOAD_YEAR},12,1,March 3\n`),
    );
    const rows = e.body.rowErrors as UploadRowError[];
    expect(rows.map((r) => [r.line, r.column, r.message.en])).toEqual([
      [2, 'evidenceDate', 'no such date'],
      [3, 'evidenceDate', 'date must be dd/mm/yyyy (or yyyy-mm-dd)'],
    ]);
  });
});

describe(`criteria CSV upload: no hidden writes (${TARGET}, issue 12)`, () => {
  it('refuses rows for a year the app does not show (no assessment that year), naming the years it knows', async () => {
    const [free] = await t.sql<{ year: number }[]>`
      SELECT y AS year FROM generate_series(2021, 2030) y
      WHERE EXISTS (SELECT 1 FROM criteria_set cs WHERE cs.scope = 'commune' AND y BETWEEN cs.year_from AND cs.year_to)
        AND EXISTS (SELECT 1 FROM criteria_set cs WHERE cs.scope = 'village' AND y BETWEEN cs.year_from AND cs.year_to)
        AND NOT EXISTS (SELECT 1 FROM assessment a WHERE a.year = y) ORDER BY y LIMIT 1`;
    const before = await dbFingerprint(t.sql);
    // the shape of the old static template: a commune row and a village row in a year nobody sees
    const e = await errorOf(await upload(c['up-city']!, `mã,năm,tiêu chí,đạt\r\n${places.cityCommune},${free!.year},10,1\r\n${places.cityVillage},${free!.year},3,0\r\n`));
    expect([e.status, e.code]).toEqual([422, 'invalid_rows']);
    const rows = e.body.rowErrors as UploadRowError[];
    expect(rows.map((r) => [r.line, r.column])).toEqual([[2, 'year'], [3, 'year']]);
    expect(rows[0]!.message.vi).toContain(`Năm ${free!.year} chưa có đợt đánh giá xã`);
    expect(rows[0]!.message.en).toContain('2023');
    expect(rows[1]!.message.en).toContain('no village assessment');
    expect(await dbFingerprint(t.sql)).toEqual(before);
  });

  it('the template is the current data: downloaded in upload format and uploaded unchanged, it changes nothing', async () => {
    const [{ year }] = await t.sql<{ year: number }[]>`SELECT max(year)::int AS year FROM assessment WHERE scope = 'village' AND source_en <> ${TEST_SOURCE}`;
    for (const lang of ['vi', 'en'] as const) {
      const res = await c['up-city']!.get(`/api/ntm/criteria.csv?year=${year}&units=608&lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      const csv = await res.text();
      const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe(lang === 'vi' ? 'mã;năm;tiêu chí;đạt;minh chứng;ngày;tên đơn vị;tên tiêu chí' : 'code,year,criterion,met,evidence,evidence date,unit name,criterion name');
      // every commune and village of Kon Tum city, every criterion of the year's sets
      const [{ communes, villages }] = await t.sql<{ communes: number; villages: number }[]>`
        SELECT (SELECT count(*)::int FROM commune_criterion_status s JOIN admin_unit u ON u.code = s.commune_code WHERE s.year = ${year} AND u.parent_code = '608') AS communes,
               (SELECT count(*)::int FROM village_criterion_status s JOIN village v ON v.code = s.village_code JOIN admin_unit u ON u.code = v.commune_code WHERE s.year = ${year} AND u.parent_code = '608') AS villages`;
      expect(lines.length - 1).toBe(communes + villages);
      expect(communes).toBeGreaterThan(0);
      expect(villages).toBeGreaterThan(0);
      const before = await dbFingerprint(t.sql);
      const r = await c['up-city']!.post('/api/ntm/criteria/upload', { file: Buffer.from(csv).toString('base64'), fileName: 'template.csv' });
      expect(r.status).toBe(200);
      const result = (await r.json()) as CriteriaUploadResult;
      expect([result.rows, result.changed]).toEqual([communes + villages, 0]);
      expect(await dbFingerprint(t.sql)).toEqual(before);
    }
  });

  it('has no template for a year without an assessment (404), and refuses a bad unit list (400)', async () => {
    expect((await c['up-city']!.get('/api/ntm/criteria.csv?year=2010')).status).toBe(404);
    expect((await c['up-city']!.get('/api/ntm/criteria.csv?year=2023&units=abc')).status).toBe(400);
  });
});
