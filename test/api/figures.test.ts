/**
 * Every figure of the provincial reports that concerns communes, villages or planting, read
 * through the HTTP API's own aggregation (test/fixtures/kontum-figures.json is the project's copy
 * of ../shared/facts/kontum-figures.json).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { NtmStatsResponse, NtmUnitStats, PlantingStatsResponse, VillageStatsResponse } from '../../server/domain/api.ts';
import type { InfrastructureResponse, NtmFundingResponse, ScatteredTreesResponse, VillagePlansResponse, VillageStandingResponse } from '../../server/domain/reports.ts';
import type { CapitalRow, OcopCountRow, OcopCounts, ProgrammeCapital } from '../../server/domain/ocop.ts';
import { foldName } from '../../server/domain/text.ts';
import { testApi, TARGET } from '../helpers/api.ts';

const figures = JSON.parse(readFileSync(new URL('../fixtures/kontum-figures.json', import.meta.url), 'utf8'));
const same = (a: string, b: string) => foldName(a) === foldName(b);
const names = (list: { name: string }[]) => list.map((x) => foldName(x.name)).sort();
const folded = (list: string[]) => list.map(foldName).sort();

let api: Awaited<ReturnType<typeof testApi>>;
beforeAll(async () => {
  api = await testApi();
});

describe(`report figures through the API (${TARGET})`, () => {
  describe('NTM, December 2020 (report 004)', () => {
    const f = figures.ntm_status_2020_12;
    let s: NtmStatsResponse;
    const district = (name: string): NtmUnitStats => {
      const d = s.districts.find((x) => same(x.name, name.replace(/^Thành phố /, '')));
      if (!d) throw new Error(`district ${name} missing`);
      return d;
    };
    beforeAll(async () => {
      s = await api.get<NtmStatsResponse>('/api/stats/ntm?year=2020&by=district');
    });

    it('counts 85 rural communes in the programme, split by district as the report does', () => {
      expect(s.province.communes).toBe(figures.province.rural_communes_in_ntm_programme);
      for (const [name, n] of Object.entries(figures.province.rural_communes_per_district)) {
        if (typeof n !== 'number') continue;
        expect(district(name).communes, name).toBe(n);
      }
    });

    it('reproduces the communes meeting each of the 19 criteria', () => {
      for (const [no, n] of Object.entries(f.communes_meeting_each_criterion)) {
        expect(s.province.perCriterion[no], `criterion ${no}`).toBe(n);
      }
    });

    it('reproduces every district breakdown the report states', () => {
      for (const [no, byDistrict] of Object.entries(f.district_breakdowns_stated)) {
        if (no === 'note') continue;
        for (const [name, pair] of Object.entries(byDistrict as Record<string, [number, number]>)) {
          const d = district(name);
          expect(d.perCriterion[no], `criterion ${no} in ${name}`).toBe(pair[0]);
          // The report once writes Tu Mơ Rông 4/9 for criterion 2; the district has 11 communes.
          const ofN = no === '2' && name === 'Tu Mơ Rông' ? 11 : pair[1];
          expect(d.communes, `communes of ${name}`).toBe(ofN);
        }
      }
    });

    it('reproduces the bands, the 28 NTM communes, the two below 10 and the average 14.8', () => {
      expect(s.province.bands['19']).toBe(f.commune_bands['19']);
      expect(s.province.bands['15-18']).toBe(f.commune_bands['15-18']);
      expect(s.province.bands['10-14']).toBe(f.commune_bands['10-14']);
      expect(s.province.bands['5-9']).toBe(f.commune_bands['8-9']);
      expect(s.province.bands['0-4']).toBe(f.commune_bands.below_5);
      expect(s.province.recognised).toBe(f.communes_ntm_recognised);
      expect(s.province.meetingAll).toBe(28);
      for (const [name, communes] of Object.entries(f.ntm_communes_by_district as Record<string, string[]>)) {
        expect(names(district(name).ntmCommunes), name).toEqual(folded(communes));
      }
      expect(names(s.province.belowTen)).toEqual(folded(f.communes_below_10_criteria.map((x: string) => x.replace(/ \(.*\)$/, ''))));
      for (const b of s.province.belowTen) expect(b.criteriaMet).toBeGreaterThanOrEqual(8);
      expect(s.province.totalCriteria).toBe(1258);
      expect(s.province.averageCriteria).toBe(f.average_criteria_per_commune);
    });

    it('ranks income (10) and poverty (11) among the weakest criteria', () => {
      expect(s.weakest.slice(0, 2).map((w) => w.no).sort()).toEqual([10, 11]);
    });
  });

  it('reproduces 2015: 9 NTM communes, average 9.0, 41 communes below 5 criteria', async () => {
    const s = await api.get<NtmStatsResponse>('/api/stats/ntm?year=2015');
    const f = figures.ntm_status_2020_12;
    expect(s.province.recognised).toBe(f.ntm_communes_2015);
    expect(s.province.averageCriteria.toFixed(1)).toBe(f.average_criteria_per_commune_2015.toFixed(1));
    expect(s.province.bands['0-4']).toBe(f.communes_below_5_criteria_2015);
  });

  it('reproduces March 2022: 35 NTM communes, average 15.88', async () => {
    const s = await api.get<NtmStatsResponse>('/api/stats/ntm?year=2022');
    const f = figures.ntm_status_later['2022_03'];
    expect(s.province.recognised).toBe(f.communes_ntm);
    expect(s.province.averageCriteria).toBe(f.average_criteria_per_commune);
  });

  it('reproduces early 2023: 42 at 19/19, 36 recognised, 3 nâng cao, average 16.0', async () => {
    const s = await api.get<NtmStatsResponse>('/api/stats/ntm?year=2023');
    const f = figures.ntm_status_later['2023_early'];
    expect(s.province.meetingAll).toBe(f.communes_meeting_19_of_19);
    expect(s.province.recognised).toBe(f.communes_ntm_recognised);
    expect(s.province.levels.advanced).toBe(f.communes_ntm_advanced);
    expect(s.province.averageCriteria.toFixed(1)).toBe(f.average_criteria_per_commune.toFixed(1));
  });

  it('lists the 2023 targets by name and the 2025 count targets', async () => {
    const s = await api.get<NtmStatsResponse>('/api/stats/ntm?year=2023');
    const t = figures.ntm_status_later.targets_2023;
    const of = (level: string) => s.targets.find((x) => x.year === 2023 && x.level === level)!;
    const flat = (o: Record<string, string[]>) => Object.values(o).flat();
    expect(names(of('ntm').communes)).toEqual(folded(flat(t.new_ntm_communes)));
    expect(names(of('advanced').communes)).toEqual(folded(flat(t.new_advanced_ntm_communes)));
    expect(names(of('model').communes)).toEqual(folded(flat(t.new_model_ntm_communes)));
    const t25 = s.targets.filter((x) => x.year === 2025);
    expect(t25.find((x) => x.level === 'ntm')?.minCount).toBe(figures.ntm_status_later.targets_2025.ntm_communes_at_least);
  });

  describe('ethnic-minority villages of Kon Tum city (report 000)', () => {
    const f = figures.villages_kon_tum_city;
    let s: VillageStatsResponse;
    beforeAll(async () => {
      s = await api.get<VillageStatsResponse>('/api/stats/villages?unit=608&year=2023&baseline=2022');
    });

    it('has 60 villages: 47 in 11 communes and 13 in 6 wards', () => {
      expect(s.total.villages).toBe(f.ethnic_minority_villages);
      expect([s.inCommunes.villages, s.inCommunes.units]).toEqual([f.ethnic_minority_villages_in_communes.villages, f.ethnic_minority_villages_in_communes.communes]);
      expect([s.inWards.villages, s.inWards.units]).toEqual([f.ethnic_minority_villages_in_wards.villages, f.ethnic_minority_villages_in_wards.wards]);
    });

    it('reproduces 18 pilot villages, 143 criteria, 7.9 / 8.9 / 6.0 and the increases 29 / 16 / 13', () => {
      const p = f.pilot_village_status;
      expect(s.total.pilotVillages).toBe(p.pilot_villages);
      expect(s.total.criteriaMetTotal).toBe(p.criteria_met_total);
      expect(s.total.averagePerPilot).toBe(p.average);
      expect(s.total.increaseSinceBaseline).toBe(p.increase_since_early_2022);
      expect([s.inCommunes.pilotVillages, s.inCommunes.criteriaMetTotal, s.inCommunes.averagePerPilot, s.inCommunes.increaseSinceBaseline])
        .toEqual([p.in_communes.villages, p.in_communes.criteria_met_total, p.in_communes.average, p.in_communes.increase]);
      expect([s.inWards.pilotVillages, s.inWards.criteriaMetTotal, s.inWards.averagePerPilot, s.inWards.increaseSinceBaseline])
        .toEqual([p.in_wards.villages, p.in_wards.criteria_met_total, p.in_wards.average, p.in_wards.increase]);
    });

    it('names the five villages at 10/10 and the recognised one', () => {
      const expected = f.reported_10_of_10_in_2022 as { village: string; commune: string; recognised?: boolean }[];
      expect(s.total.atTen.map((v) => `${foldName(v.name)}|${foldName(v.communeName)}`).sort())
        .toEqual(expected.map((v) => `${foldName(v.village)}|${foldName(v.commune)}`).sort());
      expect(names(s.total.recognised)).toEqual(folded(expected.filter((v) => v.recognised).map((v) => v.village)));
    });

    it('targets 27 villages in 2023: 20 in communes and 7 in wards', () => {
      const t = f.targets_2023;
      expect(s.total.targeted).toBe(t.villages_to_reach_standard);
      expect(s.inCommunes.targeted).toBe(t.in_communes);
      expect(s.inWards.targeted).toBe(t.in_wards);
    });
  });

  it('has the province village counts of the 2020 footnote and 2023 status', async () => {
    const s = await api.get<VillageStatsResponse>('/api/stats/villages?unit=62&year=2023');
    expect(s.total.villages).toBe(figures.province.villages.ethnic_minority_villages_native);
    expect(s.total.recognised.length).toBe(figures.ntm_status_later['2023_early'].villages_ntm);
  });

  describe('forest planting acceptance of Kon Tum city (report 000, section III)', () => {
    const f = figures.forest_planting_kon_tum_city;
    const byName = (s: PlantingStatsResponse, name: string) => s.rows.find((r) => same(r.name, name));

    it('reproduces the 2021 planting table by commune', async () => {
      const s = await api.get<PlantingStatsResponse>('/api/stats/planting?plantingYear=2021&by=commune&unit=608');
      const a = f.acceptance_2021_planting_year2;
      expect(s.total.plantedHa).toBe(a.planted_ha);
      expect(s.total.inspectedHa).toBe(a.inspected_ha);
      expect(s.total.acceptedHa).toBe(a.accepted_ha);
      expect(s.total.rejectedHa).toBe(a.rejected_ha);
      expect(s.total.notInspectedHa).toBe(a.not_inspected_ha);
      expect(s.total.replantHa).toBe(0);
      for (const [name, ha] of Object.entries(a.accepted_by_commune_ha)) expect(byName(s, name)?.acceptedHa, name).toBe(ha);
      for (const [name, ha] of Object.entries(a.rejected_by_commune_ha)) expect(byName(s, name)?.rejectedHa, name).toBe(ha);
      for (const [name, ha] of Object.entries(a.not_inspected_by_commune_ha)) {
        expect(byName(s, name)?.notInspectedHa, name).toBe(ha);
        expect(byName(s, name)?.withdrawnHa, name).toBe(ha);
      }
    });

    it('reproduces the 2022 planting: 10.61 ha at 62.83 % survival', async () => {
      const s = await api.get<PlantingStatsResponse>('/api/stats/planting?plantingYear=2022&by=commune&unit=608');
      expect(s.total.plantedHa).toBe(f.acceptance_2022_planting.area_ha);
      expect(s.total.survivalPct).toBe(f.acceptance_2022_planting.survival_pct);
      expect(s.total.replantHa).toBe(f.acceptance_2022_planting.area_ha);
    });

    it('holds the 63 ha target of 2023', async () => {
      const s = await api.get<PlantingStatsResponse>('/api/stats/planting?plantingYear=2023&by=commune&unit=608');
      expect(s.total.targetHa).toBe(f.target_2023_ha);
    });
  });
  // ---- report records: NTM funding, village infrastructure, scattered trees, village plans and standing ----
  it('reproduces the NTM funding 2016–2020 by source, to the million (report 004)', async () => {
    const f = figures.ntm_funding_2016_2020_billion_vnd;
    const s = await api.get<NtmFundingResponse>('/api/reports/ntm-funding?from=2016&to=2020');
    expect(s.total).toBe(f.total);
    const line = (k: string) => s.lines.find((l) => l.key === k)!.amount;
    for (const k of ['state_budget_direct', 'central', 'local_counterpart', 'carried_over', 'integrated_programmes', 'credit', 'enterprises', 'people_and_community']) {
      expect(line(k), k).toBe(f[k]);
    }
    expect(s.districts).toHaveLength(10);
    // The district split sums exactly to the report, source by source.
    const thousandths = (x: number) => Math.round(x * 1000);
    expect(s.districts.reduce((a, d) => a + thousandths(d.total), 0)).toBe(thousandths(f.total));
    expect(s.districts.reduce((a, d) => a + thousandths(d.amounts.central), 0)).toBe(thousandths(f.central));
  });

  it('reproduces the village cultural infrastructure of 2020 (report 004)', async () => {
    const f = figures.province.villages;
    const s = await api.get<InfrastructureResponse>('/api/reports/village-infrastructure?unit=62&by=district');
    expect(s.total.villages).toBe(f.villages_and_residential_groups);
    expect(s.total.ethnicMinorityVillages).toBe(f.ethnic_minority_villages_native);
    expect(s.total.nhaRong).toBe(f.with_communal_house_nha_rong);
    expect(s.total.culturalAreaRecognised).toBe(f.culture_recognised_residential_areas);
    expect(s.total.cultureHouseAndSportsGround).toBe(f.villages_with_culture_house_and_sports_ground);
    expect(s.total.communesWithCultureHouse).toBe(f.communes_with_culture_house);
    expect(s.total.communeCultureHousesAtStandard).toBe(f.commune_culture_houses_at_standard);
    expect(s.total.communes).toBe(figures.province.rural_communes_in_ntm_programme);
    expect(s.rows).toHaveLength(10);
    // The same villages counted by commune and by unit of 2025 give the same totals.
    for (const by of ['commune', 'unit2025']) {
      const t = await api.get<InfrastructureResponse>(`/api/reports/village-infrastructure?unit=62&by=${by}`);
      expect(t.total.nhaRong, by).toBe(f.with_communal_house_nha_rong);
      expect(t.total.cultureHouseAndSportsGround, by).toBe(f.villages_with_culture_house_and_sports_ground);
      expect(t.total.communesWithCultureHouse, by).toBe(f.communes_with_culture_house);
    }
  });

  it('reproduces the 2022 scattered-tree inspection of Kon Tum city: 21 units, with the finding (report 000)', async () => {
    const f = figures.scattered_trees_kon_tum_city.inspection_2022;
    const s = await api.get<ScatteredTreesResponse>('/api/reports/scattered-trees?unit=608&year=2022');
    expect(s.total.unitsInspected).toBe(f.units_inspected);
    expect(s.total.units).toBe(figures.province.kon_tum_city_units.all_units_count);
    expect(s.inspections.map((i) => i.finding.vi)).toEqual([f.finding_vi]);
    // "tỷ lệ sống … đạt rất thấp" in some units; "một số xã, phường chưa tổ chức tự kiểm tra"
    expect(s.rows.filter((r) => r.survivalPct !== null && r.survivalPct < 50).length).toBeGreaterThan(0);
    expect(s.total.unitsNotSelfChecked).toBeGreaterThan(0);
    expect(s.total.unitsNotSelfChecked).toBeLessThan(f.units_inspected);
  });

  it('names the units that built their 2023 village plans and those that did not (report 000)', async () => {
    const f = figures.villages_kon_tum_city;
    const s = await api.get<VillagePlansResponse>('/api/reports/village-plans?unit=608&year=2023');
    expect(s.units).toBe(17);
    expect(names(s.built)).toEqual(folded(f.plans_2023_built));
    expect(names(s.missing)).toEqual(folded(f.plans_2023_missing));
  });

  it('has the village standing of March 2025: 84 pilot villages, about 110 at the standard', async () => {
    const f = figures.villages_kon_tum_city.province_2025_03;
    const s = await api.get<VillageStandingResponse>('/api/reports/village-standing?unit=62&asOf=2025-03-31');
    expect(s.asOf).toBe('2025-03-31');
    expect(s.pilotVillages).toBe(f.pilot_villages);
    expect(s.villagesAtStandard).toBe(Number(String(f.villages_reached_standard).replace(/\D/g, '')));
    expect(s.byDistrict.reduce((a, d) => a + d.pilotVillages, 0)).toBe(f.pilot_villages);
  });
  // ---- OCOP products and the programmes' capital (issue 17) ----
  describe('OCOP products (reports 000, 001)', () => {
    const f = figures.ocop;
    const KT_CITY = '608';

    it('counts 188 valid products at 3 stars or more: 1 five-star, 6 potential five-star, 16 four-star, 165 three-star', async () => {
      const { rows: [p] } = await api.get<OcopCounts>('/api/ocop/counts?by=province');
      expect(p).toMatchObject({
        rated: f.province_2023_products_3_star_or_more, star5: f.five_star, star5Potential: f.potential_five_star,
        star4: f.four_star, star3: f.three_star,
      });
    });

    it('counts 27 products of 15 producers registered in Kon Tum city in 2023', async () => {
      const s = await api.get<OcopCounts>('/api/ocop/counts?by=district&year=2023');
      const city = s.rows.find((r) => r.code === KT_CITY)!;
      expect(city.registered).toBe(f.kon_tum_city_2023_registered.products);
      expect(city.registeredProducers).toBe(f.kon_tum_city_2023_registered.entities);
      // the registrations of 2023 are the city's only: no other district registered in the demo data
      expect(s.rows.filter((r) => r.code !== KT_CITY).every((r) => r.registered === 0)).toBe(true);
    });

    it('gives the same totals by old district, by old commune and by unit of 1/7/2025', async () => {
      const total = (rows: OcopCountRow[]) => ['rated', 'star5', 'star5Potential', 'star4', 'star3', 'registered'].map(
        (k) => rows.reduce((a, r) => a + (r[k as keyof OcopCountRow] as number), 0));
      const [d, c, n] = await Promise.all(['district', 'commune', 'unit2025'].map((by) => api.get<OcopCounts>(`/api/ocop/counts?by=${by}`)));
      const expected = [f.province_2023_products_3_star_or_more, f.five_star, f.potential_five_star, f.four_star, f.three_star,
        f.province_2023_products_3_star_or_more + f.kon_tum_city_2023_registered.products];
      expect(total(d!.rows)).toEqual(expected);
      expect(total(c!.rows)).toEqual(expected);
      expect(total(n!.rows)).toEqual(expected);
      expect(d!.rows).toHaveLength(10);
      expect(c!.rows).toHaveLength(102);
      expect(n!.rows).toHaveLength(40);
    });
  });

  describe('national target programmes capital (report 002)', () => {
    const f = figures.national_target_programme_capital_2023;
    const pct = (rows: CapitalRow[], year: number, name: string) => {
      const r = rows.find((x) => x.year === year && same(x.districtName, name.replace(/^Huyện /, '')));
      if (!r) throw new Error(`${name} ${year} missing`);
      return r;
    };

    it('reproduces the shares of 2023 central capital allocated in detail by district', async () => {
      const { rows } = await api.get<ProgrammeCapital>('/api/capital?year=2023');
      expect(rows).toHaveLength(10);
      for (const [name, v] of Object.entries(f.share_of_2023_central_capital_allocated_in_detail_pct as Record<string, number>)) {
        expect(pct(rows, 2023, name).allocatedPct, name).toBe(v);
        expect(pct(rows, 2023, name).source).toBe('report_002');
      }
      // the report names the lowest shares: no district it does not name is below them
      const named = Object.keys(f.share_of_2023_central_capital_allocated_in_detail_pct).map(foldName);
      const others = rows.filter((r) => !named.includes(foldName(r.districtName)));
      expect(Math.min(...others.map((r) => r.allocatedPct))).toBeGreaterThan(Math.max(...Object.values(f.share_of_2023_central_capital_allocated_in_detail_pct as Record<string, number>)));
    });

    it('reproduces 2022: Kon Plông 71.6 %, Đăk Hà 66 %, the other districts all of it', async () => {
      const { rows } = await api.get<ProgrammeCapital>('/api/capital?year=2022');
      const named = f.share_of_2022_central_capital_allocated_pct as Record<string, number>;
      for (const [name, v] of Object.entries(named)) expect(pct(rows, 2022, name).allocatedPct, name).toBe(v);
      expect(rows.filter((r) => r.allocatedPct < 100).map((r) => foldName(r.districtName)).sort()).toEqual(Object.keys(named).map(foldName).sort());
    });
  });
});
