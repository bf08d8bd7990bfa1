/**
 * NTM tables, changes between years, exports and the criteria CSV upload: the zod schemas of
 * their inputs and the types of their answers, shared by the server (server/routes/ntm.ts,
 * criteria-upload.ts) and the web (web/src/ntm/).
 */
import { z } from 'zod';
import { EraParam } from './era.ts';
import { UnitCode, VillageCode, Year, type VillageStatsResponse } from './api.ts';
import type { NtmLevel } from './classes.ts';

// ---------- tables ----------

export const NtmTablesQuery = z.object({
  year: Year,
  /** one district (its communes' figures); absent: the province by district */
  district: UnitCode.optional(),
  /** a second year: communes that gained or lost criteria between `compare` and `year` */
  compare: Year.optional(),
  /** 'after': the units of 1 July 2025 (per new unit, counts of its old xã); 'before' (default): the report era */
  era: EraParam,
});
export type NtmTablesQueryInput = z.output<typeof NtmTablesQuery>;

export const NTM_TABLE_IDS = [
  'criteria', 'bands', 'levels', 'weakest', 'communes', 'changes', 'villages',
  // report records: funding 2016–2020, village infrastructure, village plans and standing, the programmes'
  // capital by district 2022–2023 (server/services/report-record-tables.ts)
  'funding', 'infrastructure', 'village_plans', 'capital',
  // era=after: the units of 1 July 2025 (server/services/ntm-export.ts)
  'units2025_criteria', 'units2025_levels', 'units2025_years',
] as const;
export type NtmTableId = (typeof NTM_TABLE_IDS)[number];

export const NtmExportQuery = NtmTablesQuery.extend({
  /** CSV: which table (one table per file); XLSX holds them all, one sheet each */
  table: z.enum(NTM_TABLE_IDS).default('criteria'),
  lang: z.enum(['vi', 'en']).default('vi'),
});

export type Bands = { '19': number; '15-18': number; '10-14': number; '5-9': number; '0-4': number };
export const BAND_IDS = ['19', '15-18', '10-14', '5-9', '0-4'] as const;

/** One column of the tables: the province, a district, or (for a district) the district itself. */
export interface NtmTableUnit {
  code: string;
  name: string;
  communes: number;
  perCriterion: Record<string, number>;
  bands: Bands;
  totalCriteria: number;
  /** to one decimal, as the reports print it (14,8) */
  averageCriteria: number;
  meetingAll: number;
  /** meeting all criteria but not yet recognised by decision */
  meetingNotRecognised: number;
  recognised: number;
  levels: { ntm: number; advanced: number; model: number };
}

export interface NtmCommuneRow {
  code: string;
  name: string;
  districtCode: string;
  districtName: string;
  criteriaMet: number;
  met: number[];
  level: NtmLevel;
  recognisedOn: string | null;
  rankInDistrict: number;
  rankInProvince: number;
}

export interface NtmTargetRow {
  year: number;
  level: 'ntm' | 'advanced' | 'model' | 'district_ntm';
  unitCode: string;
  /** named communes planned for that year (003), or a count target (004) */
  communes: { code: string; name: string; districtName: string; reached: boolean }[];
  minCount: number;
  maxCount: number | null;
  /** recognised at that level (cumulative) in the table's year; null when not counted (districts) */
  current: number | null;
  note: { vi: string; en: string } | null;
}

export interface NtmChange {
  code: string;
  name: string;
  districtName: string;
  from: number;
  to: number;
  gained: number[];
  lost: number[];
}

export interface NtmTablesResponse {
  year: number;
  asOf: string;
  criteriaSet: { id: string; name: { vi: string; en: string } };
  criteria: { no: number; name: { vi: string; en: string } }[];
  /** the province (or the district asked for) */
  scope: { code: string; name: string; level: 'province' | 'district' };
  total: NtmTableUnit;
  /** the districts of the province (empty for one district) */
  units: NtmTableUnit[];
  /** the scope's communes with their criteria (the per-commune appendix table) */
  communes: NtmCommuneRow[];
  /** criteria ranked from the fewest communes meeting them */
  weakest: { no: number; name: { vi: string; en: string }; met: number; of: number; share: number }[];
  targets: NtmTargetRow[];
  /**
   * Per-criterion targets of the scope (communes to meet each criterion) for the nearest target
   * year at or after the table's year within its criteria set; null when there are none.
   */
  criterionTargets: { year: number; perCriterion: Record<string, number>; source: string } | null;
  changes: { from: number; to: number; gained: NtmChange[]; lost: NtmChange[] } | null;
  source: { vi: string; en: string };
  /** era=after only: the 40 units of 1 July 2025, each with counts of its old xã (absent in the report era) */
  units2025?: NtmUnit2025Row[];
}

/**
 * One unit of 1 July 2025 in the NTM tables (era=after): how many of its old xã (in the NTM
 * programme) met each criterion and reached each level, in the table's year and in every
 * commune year. Counts only ("3/5 xã cũ"): a merged unit was never assessed, so no average.
 */
export interface NtmUnit2025Row {
  code: string;
  /** 'Phường Kon Tum' */
  name: string;
  kind: 'xa' | 'phuong';
  /** old units of every kind merged into it */
  oldUnits: number;
  /** of them, old xã in the NTM programme: the denominator of every count */
  oldXa: number;
  /** old xã with a criteria record in the year */
  withData: number;
  meetsAll: number;
  totalCriteria: number;
  /** recognised at each level in the year (cumulative: nâng cao and kiểu mẫu count as NTM too) */
  levels: { ntm: number; advanced: number; model: number };
  /** criterion number → old xã meeting it in the year */
  perCriterion: Record<string, number>;
  /** every commune assessment year: old xã with a record, meeting all, at each level */
  years: { year: number; withData: number; meetsAll: number; ntm: number; advanced: number; model: number }[];
}

// ---------- criteria CSV upload ----------

/** Body of POST /api/ntm/criteria/upload: the CSV text as read from the file. */
export const CriteriaUploadBody = z
  .strictObject({
    /** the file as text (scripts; a browser sends `file`, since reading a file as text assumes UTF-8) */
    csv: z.string().min(1, 'tệp CSV trống / the CSV file is empty').max(1_000_000, 'tệp CSV quá lớn (tối đa 1 MB) / CSV too large (1 MB at most)').optional(),
    /** the file's bytes in base64: the server finds their encoding (server/text/encoding.ts) */
    file: z.base64('tệp không đúng dạng base64 / file is not base64').min(1, 'tệp CSV trống / the CSV file is empty').max(1_400_000, 'tệp CSV quá lớn (tối đa 1 MB) / CSV too large (1 MB at most)').optional(),
    /** the encoding the user chose; absent or 'auto': detected */
    encoding: z.enum(['auto', 'utf-8', 'windows-1258', 'tcvn3', 'vni']).optional(),
    fileName: z.string().max(200).optional(),
  })
  .refine((b) => (b.csv === undefined) !== (b.file === undefined), { error: 'gửi "csv" hoặc "file" (một trong hai) / send either "csv" or "file"' });

const MET_TRUE = new Set(['1', 'true', 'x', 'đạt', 'dat', 'co', 'có', 'yes', 'y', 'met']);
const MET_FALSE = new Set(['0', 'false', '', 'chưa đạt', 'chua dat', 'không đạt', 'khong dat', 'không', 'khong', 'no', 'n', 'not met']);

/** A met/not met cell: 1/0, true/false, x/empty, đạt/chưa đạt, có/không, yes/no. */
export const MetCell = z
  .string()
  .transform((s) => s.trim().toLowerCase().normalize('NFC'))
  .refine((s) => MET_TRUE.has(s) || MET_FALSE.has(s), { error: 'cột "đạt" phải là 1/0, đạt/chưa đạt / "met" must be 1/0, true/false' })
  .transform((s) => MET_TRUE.has(s));

const DATE_FORMAT = 'ngày phải có dạng dd/mm/yyyy (hoặc yyyy-mm-dd) / date must be dd/mm/yyyy (or yyyy-mm-dd)';
const NO_SUCH_DATE = 'ngày không tồn tại / no such date';

/**
 * An evidence date as people type it: dd/mm/yyyy (what Vietnamese Excel writes; also d/m/yyyy,
 * dd-mm-yyyy, dd.mm.yyyy) or ISO yyyy-mm-dd; empty is none. One message per bad cell: the format,
 * or a date that does not exist (31/02).
 */
const DateCell = z
  .string()
  .trim()
  .transform((s, ctx) => {
    if (s === '') return null;
    const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
    const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
    const [y, m, d] = iso ? [iso[1]!, iso[2]!, iso[3]!] : vn ? [vn[3]!, vn[2]!, vn[1]!] : [];
    if (!y) {
      ctx.addIssue({ code: 'custom', message: DATE_FORMAT });
      return z.NEVER;
    }
    const out = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    const date = new Date(`${out}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== out) {
      ctx.addIssue({ code: 'custom', message: NO_SUCH_DATE });
      return z.NEVER;
    }
    return out;
  });

/** One row of the upload after its header is mapped (values are the CSV's strings). */
export const CriteriaUploadRow = z.object({
  code: z.string().trim().pipe(z.union([z.string().regex(/^\d{5}$/), VillageCode], { error: 'mã xã (5 số) hoặc mã thôn (xxxxx-nn) không hợp lệ / invalid commune or village code' })),
  year: z.string().trim().regex(/^\d{4}$/, 'năm không hợp lệ / invalid year').transform(Number).pipe(z.number().int().min(2000, 'năm không hợp lệ / invalid year').max(2100, 'năm không hợp lệ / invalid year')),
  criterion: z.string().trim().regex(/^\d{1,2}$/, 'số tiêu chí không hợp lệ / invalid criterion number').transform(Number).pipe(z.number().int().min(1, 'số tiêu chí không hợp lệ / invalid criterion number')),
  met: MetCell,
  evidence: z.string().trim().max(2000, 'minh chứng quá dài (tối đa 2000 ký tự) / evidence too long (2000 characters at most)').transform((s) => (s === '' ? null : s)),
  evidenceDate: DateCell,
});
export type CriteriaUploadRowValue = z.output<typeof CriteriaUploadRow>;

/** Header names accepted for each column (folded: lower case, no diacritics, single spaces). */
export const UPLOAD_HEADERS: Record<keyof z.input<typeof CriteriaUploadRow>, string[]> = {
  code: ['code', 'ma', 'ma xa', 'ma thon', 'ma don vi', 'commune code', 'village code', 'unit code'],
  year: ['year', 'nam'],
  criterion: ['criterion', 'tieu chi', 'so tieu chi', 'tieu chi so', 'criterion no'],
  met: ['met', 'dat', 'ket qua', 'status'],
  evidence: ['evidence', 'minh chung', 'ghi chu', 'note'],
  evidenceDate: ['evidence date', 'evidence_date', 'ngay', 'ngay minh chung', 'date'],
};

/** One refused row of an upload: its line in the file and why, in both languages. */
export interface UploadRowError {
  line: number;
  column: string | null;
  message: { vi: string; en: string };
}

export interface CriteriaUploadResult {
  rows: number;
  changed: number;
  unchanged: number;
  communes: number;
  villages: number;
  years: number[];
  /** the encoding the file was read in (server/text/encoding.ts) */
  encoding?: string;
}

/** The village statistics with a row per district as well (GET /api/stats/villages). */
/** byDistrict: per district (report era; empty with era=after); byUnit2025: per unit of 1 July 2025 (era=after only). */
export type VillageStatsWithDistricts = VillageStatsResponse & { byDistrict: VillageStatsResponse['byCommune']; byUnit2025?: VillageStatsResponse['byCommune'] };
