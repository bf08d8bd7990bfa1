/**
 * Name search without diacritics and with the spelling variants of the reports (facts/README.md):
 * "Đắk" (official list), "Đăk" (reports), "dak" (typed), "Ngọk"/"Ngọc", names with spaces dropped.
 * Expected codes are read from the database by exact official name, never hard-coded.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchResponse } from '../../server/domain/api.ts';
import { testApi, TARGET } from '../helpers/api.ts';

let api: Awaited<ReturnType<typeof testApi>>;
const codeOf: Record<string, string> = {};
beforeAll(async () => {
  api = await testApi();
  const rows = await api.db.sql<{ code: string; name: string; level: string }[]>`
    SELECT code, name, level FROM admin_unit WHERE name IN ('Đắk Rơ Wa', 'Ngọk Bay', 'Đắk Hà', 'Sa Thầy')`;
  for (const r of rows) codeOf[`${r.level}:${r.name}`] = r.code;
  const villages = await api.db.sql<{ code: string; name: string }[]>`SELECT code, name FROM village WHERE name IN ('Kon Klor', 'Kon Tum Kơ Pơng')`;
  for (const v of villages) codeOf[`village:${v.name}`] = v.code;
});

const search = (q: string) => api.get<SearchResponse>(`/api/search?q=${encodeURIComponent(q)}`);
const first = async (q: string, kind: string) => (await search(q)).hits.find((h) => h.kind === kind)?.id;

describe(`name search with folding and spelling variants (${TARGET})`, () => {
  it('finds the commune Đắk Rơ Wa as "dak ro wa", "Đắk Rơ Wa", "Đăk Rơ Wa", "DAK RO WA", "Dak Rowa" and "ĐăkRơWa"', async () => {
    const code = codeOf['commune:Đắk Rơ Wa'];
    expect(code).toBeDefined();
    for (const q of ['dak ro wa', 'Đắk Rơ Wa', 'Đăk Rơ Wa', 'DAK RO WA', 'Đak Rơ Wa', 'ĐăkRơWa', 'dak rowa']) {
      expect(await first(q, 'commune'), q).toBe(code);
    }
  });

  it('treats Ngọk and Ngọc as one word (Ngọk Bay, Kon Tum city)', async () => {
    const code = codeOf['commune:Ngọk Bay'];
    for (const q of ['Ngọc Bay', 'ngok bay', 'Ngọk Bay', 'ngoc bay']) expect(await first(q, 'commune'), q).toBe(code);
  });

  it('finds the district Đắk Hà before its homonymous commune and township, written "Đăk Hà" or "dak ha"', async () => {
    const code = codeOf['district:Đắk Hà'];
    for (const q of ['Đăk Hà', 'dak ha', 'Đắk Hà']) {
      const hits = (await search(q)).hits;
      expect(hits[0]?.kind, q).toBe('district');
      expect(hits[0]?.id, q).toBe(code);
      expect(hits.filter((h) => h.kind === 'commune').length, q).toBeGreaterThanOrEqual(1);
    }
  });

  it('finds the villages of report 000 without diacritics: "kon klor", "kon tum ko pong"', async () => {
    expect(await first('kon klor', 'village')).toBe(codeOf['village:Kon Klor']);
    expect(await first('kon tum ko pong', 'village')).toBe(codeOf['village:Kon Tum Kơ Pơng']);
    expect(await first('Kon Tum Kơ Pơng', 'village')).toBe(codeOf['village:Kon Tum Kơ Pơng']);
  });

  it('finds nothing for a name that is not there, and refuses an empty query', async () => {
    expect((await search('zzzz xyz')).hits).toEqual([]);
    expect((await api.app.request('http://localhost/api/search?q=')).status).toBe(400);
  });
});

// field (issue 12): names typed with their kind, and forest codes that do not exist
describe(`names typed with their kind, and near misses of forest codes (${TARGET})`, () => {
  it('finds "Xã Đắk Nhoong", "phường Quyết Thắng", "thị trấn Plei Kần" and "thôn Kon Klor" first', async () => {
    const units = await api.db.sql<{ code: string; full_name: string }[]>`
      SELECT code, full_name FROM admin_unit WHERE full_name IN ('Xã Đắk Nhoong', 'Phường Quyết Thắng', 'Thị trấn Plei Kần')`;
    expect(units.length).toBe(3);
    const byName = Object.fromEntries(units.map((u) => [u.full_name, u.code]));
    for (const [q, name] of [['Xã Đắk Nhoong', 'Xã Đắk Nhoong'], ['xa dak nhoong', 'Xã Đắk Nhoong'], ['phường Quyết Thắng', 'Phường Quyết Thắng'], ['thị trấn Plei Kần', 'Thị trấn Plei Kần'], ['TT Plei Kần', 'Thị trấn Plei Kần']]) {
      const hits = (await search(q!)).hits;
      expect(hits[0]?.id, q).toBe(byName[name!]);
    }
    const village = (await search('thôn Kon Klor')).hits[0];
    expect(village).toMatchObject({ kind: 'village', id: codeOf['village:Kon Klor'] });
  });

  it('suggests the nearest existing lô, khoảnh or tiểu khu for a code that does not exist', async () => {
    const [k] = await api.db.sql<{ n: number }[]>`SELECT max(khoanh)::int AS n FROM forest_khoanh WHERE tk = 568`;
    const missingK = k!.n + 50;
    const r = await search(`TK 568 K ${missingK} L 1`);
    expect(r.hits).toEqual([]);
    expect(r.suggestions?.length).toBeGreaterThan(0);
    expect(r.suggestions![0]).toMatchObject({ kind: 'khoanh', label: `TK 568 · K ${k!.n}` });

    const [lo] = await api.db.sql<{ khoanh: number }[]>`SELECT khoanh FROM forest_plot WHERE tk = 568 ORDER BY khoanh LIMIT 1`;
    const r2 = await search(`TK 568 K ${lo!.khoanh} L 999`);
    expect(r2.hits).toEqual([]);
    expect(r2.suggestions!.every((h) => h.kind === 'plot' && h.label.startsWith(`TK 568 · K ${lo!.khoanh} · L `))).toBe(true);

    const [tk] = await api.db.sql<{ tk: number }[]>`SELECT max(tk)::int AS tk FROM forest_tieu_khu`;
    const r3 = await search(`TK ${tk!.tk + 3}`);
    expect(r3.suggestions![0]).toMatchObject({ kind: 'tieukhu', label: `Tiểu khu ${tk!.tk}` });
    // an existing code has no suggestions
    expect((await search('TK 568')).suggestions).toBeUndefined();
  });
});
