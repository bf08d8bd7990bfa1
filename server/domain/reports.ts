/**
 * The HTTP contract of the report records (migrations 047–050): NTM funding by source, village
 * cultural infrastructure, scattered-tree planting and its inspection, village plans and the
 * village standing of a date. Served under /api/reports (server/routes/reports.ts).
 */
import { z } from 'zod';
import { UnitCode, type VillageDetail, Year } from './api.ts';

/** The leaves of report 004's funding breakdown, in the report's order. */
export const FUNDING_SOURCES = ['central', 'local_counterpart', 'carried_over', 'integrated_programmes', 'credit', 'enterprises', 'people_and_community'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
/** The report's lines: the state budget line is the sum of its three parts. */
export type FundingLine = 'state_budget_direct' | FundingSource;
export const FUNDING_LINES: { key: FundingLine; parent: FundingLine | null }[] = [
  { key: 'state_budget_direct', parent: null },
  { key: 'central', parent: 'state_budget_direct' },
  { key: 'local_counterpart', parent: 'state_budget_direct' },
  { key: 'carried_over', parent: 'state_budget_direct' },
  { key: 'integrated_programmes', parent: null },
  { key: 'credit', parent: null },
  { key: 'enterprises', parent: null },
  { key: 'people_and_community', parent: null },
];

export const NtmFundingQuery = z.object({ from: Year.default(2016), to: Year.default(2020) })
  .refine((q) => q.to >= q.from, { message: 'năm cuối phải không nhỏ hơn năm đầu / the last year must not be before the first', path: ['to'] });
export interface NtmFundingResponse {
  periodFrom: number;
  periodTo: number;
  /** billion đồng (tỷ đồng), exact to the million */
  total: number;
  lines: { key: FundingLine; parent: FundingLine | null; amount: number; sharePct: number }[];
  districts: { code: string; name: string; total: number; amounts: Record<FundingLine, number> }[];
}

export const ReportUnitQuery = z.object({ unit: UnitCode.default('62') });
export const InfrastructureQuery = ReportUnitQuery.extend({ by: z.enum(['district', 'commune', 'unit2025']).default('district') });
export interface InfrastructureCounts {
  villages: number;
  ethnicMinorityVillages: number;
  nhaRong: number;
  cultureHouse: number;
  sportsGround: number;
  cultureHouseAndSportsGround: number;
  culturalAreaRecognised: number;
  communes: number;
  communesWithCultureHouse: number;
  communeCultureHousesAtStandard: number;
}
export interface InfrastructureResponse {
  unit: { code: string; name: string };
  asOf: string | null;
  total: InfrastructureCounts;
  rows: (InfrastructureCounts & { code: string; name: string })[];
}

export const ScatteredTreesQuery = ReportUnitQuery.extend({ year: Year.default(2022) });
export interface ScatteredTreesResponse {
  year: number;
  unit: { code: string; name: string };
  inspections: { districtCode: string; districtName: string; decision: string | null; finding: { vi: string; en: string } }[];
  total: { units: number; unitsInspected: number; treesPlanted: number; treesAlive: number; survivalPct: number | null; unitsNotSelfChecked: number };
  rows: { code: string; name: string; kind: string; treesPlanted: number; treesAlive: number | null; survivalPct: number | null; inspectedOn: string | null; selfChecked: boolean | null }[];
}

export const VillagePlansQuery = ReportUnitQuery.extend({ year: Year.default(2023) });
export interface VillagePlansResponse {
  year: number;
  unit: { code: string; name: string };
  units: number;
  built: { code: string; name: string; kind: string }[];
  missing: { code: string; name: string; kind: string }[];
}

export const VillageStandingQuery = ReportUnitQuery.extend({ asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày không hợp lệ / invalid date').optional() });
export interface VillageStandingResponse {
  unit: { code: string; name: string };
  asOf: string | null;
  pilotVillages: number;
  villagesAtStandard: number;
  byDistrict: { code: string; name: string; pilotVillages: number; villagesAtStandard: number }[];
}

/** One village's infrastructure in its panel. */
export type VillageInfrastructure = NonNullable<VillageDetail['infrastructure']>;
