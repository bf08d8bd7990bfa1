import { describe, expect, it } from 'vitest';
import type { CriteriaSetInfo } from '../../../server/domain/api.ts';
import { criteriaSetFor, effectiveYears } from './years.ts';

const meta = { commune: { years: [2015, 2020, 2022, 2023], latestYear: 2023 }, village: { years: [2022, 2023] } };

describe('effectiveYears', () => {
  it('keeps a year with data and pairs it with the village year', () => {
    expect(effectiveYears(2022, meta)).toEqual({ commune: 2022, village: 2022 });
    expect(effectiveYears(2020, meta)).toEqual({ commune: 2020, village: 2022 });
  });
  it('falls back to the latest year for a missing or unknown year', () => {
    expect(effectiveYears(null, meta)).toEqual({ commune: 2023, village: 2023 });
    expect(effectiveYears(2019, meta)).toEqual({ commune: 2023, village: 2023 });
  });
  it('has no village year without village data', () => {
    expect(effectiveYears(2020, { ...meta, village: { years: [] } }).village).toBeNull();
  });
});

describe('criteriaSetFor', () => {
  const set = (id: string, scope: 'commune' | 'village', yearFrom: number, yearTo: number): CriteriaSetInfo => ({
    id, scope, yearFrom, yearTo, name: { vi: id, en: id }, criteria: [],
  });
  const sets = [set('c2016', 'commune', 2016, 2020), set('c2021', 'commune', 2021, 2025), set('v', 'village', 2021, 2025)];
  it('picks the set in force for the year and scope', () => {
    expect(criteriaSetFor(sets, 'commune', 2020)?.id).toBe('c2016');
    expect(criteriaSetFor(sets, 'commune', 2021)?.id).toBe('c2021');
    expect(criteriaSetFor(sets, 'village', 2023)?.id).toBe('v');
  });
  it('returns null outside every set', () => {
    expect(criteriaSetFor(sets, 'commune', 2015)).toBeNull();
  });
});

describe('missingYears', () => {
  it('names the years without an assessment between the first and the last', async () => {
    const { missingYears } = await import('./years.ts');
    expect(missingYears([2015, 2016, 2017, 2018, 2019, 2020, 2022, 2023])).toEqual([2021]);
    expect(missingYears([])).toEqual([]);
  });
});
