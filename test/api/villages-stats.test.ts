/**
 * Village statistics per district and per commune/ward, against report 000's Kon Tum
 * city figures and the province count of ethnic-minority villages (004).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { VillageStatsWithDistricts } from '../../server/services/village-stats.ts';
import { testApi, TARGET } from '../helpers/api.ts';

const figures = JSON.parse(readFileSync(new URL('../fixtures/kontum-figures.json', import.meta.url), 'utf8'));
const city = figures.villages_kon_tum_city;

let api: Awaited<ReturnType<typeof testApi>>;
let province: VillageStatsWithDistricts;
beforeAll(async () => {
  api = await testApi();
  province = await api.get<VillageStatsWithDistricts>('/api/stats/villages?unit=62&year=2023&baseline=2022');
});

describe(`village statistics per district (${TARGET})`, () => {
  it('has a row per district adding up to the province: 617 ethnic-minority villages', () => {
    expect(province.byDistrict).toHaveLength(figures.province.districts.length);
    const sum = (k: 'villages' | 'pilotVillages' | 'criteriaMetTotal' | 'targeted') => province.byDistrict.reduce((s, d) => s + d[k], 0);
    expect(sum('villages')).toBe(figures.province.villages.ethnic_minority_villages_native);
    expect(sum('pilotVillages')).toBe(province.total.pilotVillages);
    expect(sum('criteriaMetTotal')).toBe(province.total.criteriaMetTotal);
    expect(sum('targeted')).toBe(province.total.targeted);
  });

  it('reproduces Kon Tum city in its district row: 60 villages, 18 pilots, 7.9 per pilot, +29 since 2022, five at 10/10', () => {
    const row = province.byDistrict.find((d) => d.code === '608')!;
    const p = city.pilot_village_status;
    expect([row.villages, row.pilotVillages, row.criteriaMetTotal, row.averagePerPilot, row.increaseSinceBaseline]).toEqual([
      city.ethnic_minority_villages, p.pilot_villages, p.criteria_met_total, p.average, p.increase_since_early_2022,
    ]);
    expect(row.atTen).toHaveLength(city.reported_10_of_10_in_2022.length);
    expect(row.targeted).toBe(city.targets_2023.villages_to_reach_standard);
  });

  it('splits the city into its 11 communes and 6 wards, per commune/ward adding up to the city', async () => {
    const s = await api.get<VillageStatsWithDistricts>('/api/stats/villages?unit=608&year=2023&baseline=2022');
    expect(s.byCommune.filter((c) => c.kind === 'xa')).toHaveLength(city.ethnic_minority_villages_in_communes.communes);
    expect(s.byCommune.filter((c) => c.kind !== 'xa')).toHaveLength(city.ethnic_minority_villages_in_wards.wards);
    expect(s.byCommune.reduce((n, c) => n + (c.increaseSinceBaseline ?? 0), 0)).toBe(city.pilot_village_status.increase_since_early_2022);
    expect(s.byDistrict).toHaveLength(1);
    expect(s.byDistrict[0]!.villages).toBe(s.total.villages);
  });

  it('answers 404 for a year without village data', async () => {
    expect((await api.app.request('http://localhost/api/stats/villages?unit=608&year=2019')).status).toBe(404);
  });
});
