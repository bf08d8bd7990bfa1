/**
 * OCOP products and the national target programmes' capital: the API's queries and answers
 * (GET /api/ocop/counts, GET /api/capital). Pure: the browser loads it too.
 */
import { z } from 'zod';
import { Year } from './api.ts';

/** The units OCOP products are counted by: old districts and communes, the units of 1/7/2025, the province. */
export const OCOP_COUNT_UNITS = ['province', 'district', 'commune', 'unit2025'] as const;
export type OcopCountUnit = (typeof OCOP_COUNT_UNITS)[number];

export const OcopCountsQuery = z.object({
  by: z.enum(OCOP_COUNT_UNITS).default('district'),
  /** registrations of this year are counted apart (report 000: registered in 2023); absent: every year */
  year: Year.optional(),
});

/** One unit's OCOP products: valid ratings by star, and products registered for rating in the year asked. */
export interface OcopCountRow {
  code: string;
  name: string;
  /** valid products at 3 stars or more */
  rated: number;
  star5: number;
  /** rated 4 stars by the province, proposed to the Ministry as 5-star */
  star5Potential: number;
  star4: number;
  star3: number;
  /** products registered for rating in the year asked (every year when none is asked) */
  registered: number;
  /** their producers (chủ thể), each counted once */
  registeredProducers: number;
}

export interface OcopCounts {
  by: OcopCountUnit;
  year: number | null;
  rows: OcopCountRow[];
}

export const CapitalQuery = z.object({ year: z.coerce.number().int().min(2021).max(2025).optional() });

/** One district's share of a year's central capital allocated in detail and disbursed. */
export interface CapitalRow {
  districtCode: string;
  districtName: string;
  year: number;
  allocatedPct: number;
  disbursedPct: number;
  asOf: string;
  /** 'report_002': the report's figure; 'illustrative': demo value where the report is silent */
  source: 'report_002' | 'illustrative' | 'import';
}

export interface ProgrammeCapital {
  years: number[];
  rows: CapitalRow[];
}
