/**
 * The units of 1 July 2025 (Resolution 1677/NQ-UBTVQH15): what the API says of a new unit, built
 * only from its old units' own records (GET /api/units2025/:code). Shared by server and web.
 */
/**
 * The new unit a record was made in: inspections and plans made on/after UNITS_2025_FROM carry it
 * (migrations 051–052), older ones have null and keep only their old unit. Shown as
 * "Xã Đăk Long (từ 7/2025)" beside the old commune.
 */
export interface Unit2025Ref {
  code: string;
  name: string;
  fullName: string;
}

/** The kind of an old commune-level unit. */
export type OldUnitKind = 'xa' | 'phuong' | 'thi_tran';

/** The date the new units took effect: records made from it on belong to a new unit. */
export const UNITS_2025_FROM = '2025-07-01';

export interface OldUnit {
  code: string;
  name: string;
  fullName: string;
  kind: OldUnitKind;
  districtCode: string | null;
  districtName: string | null;
  inNtmProgramme: boolean;
  /** its own NTM record by assessment year (empty for wards and towns, outside the programme) */
  history: { year: number; criteriaMet: number; level: 'none' | 'ntm' | 'advanced' | 'model'; recognised: boolean }[];
}

/** One year of a new unit's NTM history: counts of its old xã, never an average. */
export interface Unit2025NtmYear {
  year: number;
  /** old units in the NTM programme (xã) */
  oldXa: number;
  /** of them, those with a criteria record that year */
  withData: number;
  meetsAll: number;
  /** criteria met, summed over the old xã */
  totalCriteria: number;
  /** recognised levels, cumulative: an advanced commune also counts as NTM */
  levelNtm: number;
  levelAdvanced: number;
  levelModel: number;
  /** criterion number → old xã meeting it */
  perCriterion: Record<string, number>;
}

export interface Unit2025PlantingYear {
  year: number;
  plantings: number;
  plantedHa: number;
  acceptedHa: number;
  replantHa: number;
  rejectedHa: number;
  notInspectedHa: number;
  withdrawnHa: number;
}

export interface Unit2025Detail {
  code: string;
  name: string;
  fullName: string;
  kind: 'xa' | 'phuong';
  provinceName: string;
  effectiveFrom: string;
  areaHa: number | null;
  oldUnits: OldUnit[];
  villages: { total: number; ethnicMinority: number; pilot: number };
  forest: { plots: number; areaHa: number };
  ntm: Unit2025NtmYear[];
  planting: Unit2025PlantingYear[];
}

/** A row of GET /api/units2025: a new unit and the codes of its old units. */
export interface Unit2025Summary {
  code: string;
  name: string;
  fullName: string;
  kind: 'xa' | 'phuong';
  oldCodes: string[];
}
