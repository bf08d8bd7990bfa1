import type { CriteriaSetInfo, MetaResponse } from '../../../server/domain/api.ts';
import { villageYearFor } from './layers.ts';

export interface EffectiveYears {
  /** Year of the commune assessment shown (the URL's year when assessed, else the latest). */
  commune: number;
  /** Year of the village assessment shown with it (villageYearFor). */
  village: number | null;
}

/**
 * The assessment years the map shows for the year asked in the URL: an unknown or missing
 * year falls back to the latest commune year with data.
 * @example effectiveYears(2030, {commune: {years: [2020, 2023], latestYear: 2023}, village: {years: [2023]}}) // {commune: 2023, village: 2023}
 */
export function effectiveYears(
  asked: number | null,
  meta: { commune: Pick<MetaResponse['commune'], 'years' | 'latestYear'>; village: Pick<MetaResponse['village'], 'years'> },
): EffectiveYears {
  const commune = asked != null && meta.commune.years.includes(asked) ? asked : meta.commune.latestYear;
  return { commune, village: villageYearFor(commune, meta.village.years) };
}

/**
 * The criteria set in force for a scope and year (the 2016-2020 or 2021-2025 commune set, the
 * village set), or null when none covers the year.
 */
export function criteriaSetFor(sets: readonly CriteriaSetInfo[], scope: 'commune' | 'village', year: number): CriteriaSetInfo | null {
  return sets.find((s) => s.scope === scope && s.yearFrom <= year && year <= s.yearTo) ?? null;
}

/**
 * Years between the first and last assessed that have no assessment (2021: the commune criteria
 * sets changed and communes were not assessed), so screens can say why a year is missing.
 * @example missingYears([2015, 2016, 2020, 2022, 2023]) // [2017, 2018, 2019, 2021]
 */
export function missingYears(years: readonly number[]): number[] {
  if (years.length === 0) return [];
  const out: number[] = [];
  for (let y = Math.min(...years); y < Math.max(...years); y++) if (!years.includes(y)) out.push(y);
  return out;
}
