/**
 * The NTM bands of the report (19 / 15–18 / 10–14 / 5–9 / 0–4 criteria met) are written twice:
 * COMMUNE_BANDS in server/domain/classes.ts (map colours, legend, tables) and the FILTERs of
 * server/sql/stats/ntm-units.sql (the counts per district). This proves they agree for every
 * count from 0 to 19: one commune per count in a scratch year, the SQL's bands against
 * communeBand(), then everything rolled back. Both databases.
 */
import { describe, expect, it } from 'vitest';
import type { Sql } from 'postgres';
import { testApi, TARGET } from '../helpers/api.ts';
import { COMMUNE_BANDS, communeBand } from '../../server/domain/classes.ts';
import { ntmUnitRows } from '../../server/services/ntm-units.ts';

const SCRATCH_YEAR = 2099;
class Rollback extends Error {}

describe(`NTM band breaks: SQL and TypeScript agree (${TARGET})`, () => {
  it('counts each commune in the band communeBand() gives it, for 0…19 criteria met', async () => {
    const { db } = await testApi();
    let checked = false;
    await db.sql
      .begin(async (t) => {
        const tx = t as unknown as Sql;
        const communes = await tx<{ code: string; parent_code: string }[]>`
          SELECT code, parent_code FROM admin_unit WHERE level = 'commune' AND in_ntm_programme ORDER BY code`;
        expect(communes.length).toBeGreaterThan(20);
        const met = new Map(communes.map((c, i) => [c.code, i % 20])); // 0..19, then again
        const rows = communes.flatMap((c) =>
          Array.from({ length: 19 }, (_, k) => ({ commune_code: c.code, year: SCRATCH_YEAR, criterion_no: k + 1, met: k < met.get(c.code)! })),
        );
        await tx`INSERT INTO commune_criterion_status ${tx(rows)}`;
        const units = await ntmUnitRows(tx, SCRATCH_YEAR);
        const province = units.find((u) => u.district_code === null)!;
        const expected = Object.fromEntries(COMMUNE_BANDS.map((b) => [b.id, 0])) as Record<string, number>;
        for (const m of met.values()) expected[communeBand(m)]!++;
        const sqlBands = { '19': province.band_19, '15-18': province.band_15_18, '10-14': province.band_10_14, '5-9': province.band_5_9, '0-4': province.band_0_4 };
        expect(sqlBands).toEqual(expected);
        // and per district
        for (const u of units.filter((x) => x.district_code !== null)) {
          const exp = Object.fromEntries(COMMUNE_BANDS.map((b) => [b.id, 0])) as Record<string, number>;
          for (const c of communes.filter((x) => x.parent_code === u.district_code)) exp[communeBand(met.get(c.code)!)]!++;
          expect({ '19': u.band_19, '15-18': u.band_15_18, '10-14': u.band_10_14, '5-9': u.band_5_9, '0-4': u.band_0_4 }, u.district_code!).toEqual(exp);
        }
        checked = true;
        throw new Rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof Rollback)) throw e;
      });
    expect(checked).toBe(true);
    const [left] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM commune_criterion_status WHERE year = ${SCRATCH_YEAR}`;
    expect(left!.n).toBe(0);
  });
});
