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
