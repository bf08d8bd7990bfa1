import type { Sql } from 'postgres';
import { HttpError } from '../http/errors.ts';

export interface Assessment {
  scope: 'commune' | 'village';
  year: number;
  asOf: string;
  criteriaSetId: string;
  source: { vi: string; en: string };
}

export async function listAssessments(sql: Sql): Promise<Assessment[]> {
  const rows = await sql<{ scope: 'commune' | 'village'; year: number; as_of: Date; criteria_set_id: string; source_vi: string; source_en: string }[]>`
    SELECT scope, year, as_of, criteria_set_id, source_vi, source_en FROM assessment ORDER BY scope, year`;
  return rows.map((r) => ({
    scope: r.scope,
    year: r.year,
    asOf: isoDate(r.as_of),
    criteriaSetId: r.criteria_set_id,
    source: { vi: r.source_vi, en: r.source_en },
  }));
}

/** The assessment of a scope and year, or a 404 naming the years that have data. */
export async function requireAssessment(sql: Sql, scope: 'commune' | 'village', year: number): Promise<Assessment> {
  const all = (await listAssessments(sql)).filter((a) => a.scope === scope);
  const found = all.find((a) => a.year === year);
  if (!found) {
    const years = all.map((a) => a.year).join(', ') || '—';
    throw new HttpError(
      404,
      'no_assessment',
      `Không có số liệu ${scope === 'commune' ? 'xã' : 'thôn'} năm ${year} (các năm có số liệu: ${years})`,
      `No ${scope} data for ${year} (years with data: ${years})`,
    );
  }
  return found;
}

export async function criteriaOf(sql: Sql, setId: string) {
  const rows = await sql<{ no: number; name_vi: string; name_en: string }[]>`
    SELECT no, name_vi, name_en FROM criterion WHERE set_id = ${setId} ORDER BY no`;
  return rows.map((r) => ({ no: r.no, name: { vi: r.name_vi, en: r.name_en } }));
}

/** Dates as YYYY-MM-DD in the calendar of the stored value (no time-zone shift). */
export function isoDate(d: Date | string | null): string {
  if (d === null) return '';
  if (typeof d === 'string') return d.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The latest year with a commune assessment (the default year of the style and the OGC collections), null if none. */
export async function latestCommuneYear(sql: Sql): Promise<number | null> {
  const [r] = await sql<{ y: number | null }[]>`SELECT max(year)::int AS y FROM assessment WHERE scope = 'commune'`;
  return r?.y ?? null;
}
