/**
 * The text of an uploaded criteria CSV: bytes from the browser are decoded by what they are
 * (UTF-8, Windows-1258, TCVN3, VNI — server/text/encoding.ts), text from a script is checked
 * for the U+FFFD that a wrong decoding leaves. What cannot be read is refused, never stored.
 * And the other way: the current statuses in the upload format (criteriaTemplate).
 */
import type { Sql } from 'postgres';
import type { z } from 'zod';
import type { CriteriaUploadBody } from '../domain/ntm.ts';
import { HttpError } from '../http/errors.ts';
import { dateCell, toCsv, type CsvValue, type Lang } from '../domain/csv.ts';
import { detectAndDecode, TextDecodeError, type TextEncoding } from '../text/encoding.ts';

export function uploadText(body: z.output<typeof CriteriaUploadBody>): { text: string; encoding: TextEncoding } {
  try {
    const bytes = body.file !== undefined ? Buffer.from(body.file, 'base64') : new TextEncoder().encode(body.csv ?? '');
    const d = detectAndDecode(new Uint8Array(bytes), { declared: body.file !== undefined ? body.encoding : 'utf-8' });
    return { text: d.text, encoding: d.encoding };
  } catch (e) {
    if (e instanceof TextDecodeError) throw new HttpError(422, 'unreadable_text', e.vi, e.en);
    throw e;
  }
}

/** The columns of the upload format, in the language of the file (both are read back). */
const TEMPLATE_HEADER = {
  vi: ['mã', 'năm', 'tiêu chí', 'đạt', 'minh chứng', 'ngày', 'tên đơn vị', 'tên tiêu chí'],
  en: ['code', 'year', 'criterion', 'met', 'evidence', 'evidence date', 'unit name', 'criterion name'],
};
const MET_WORD = { vi: ['chưa đạt', 'đạt'], en: ['not met', 'met'] } as const;

interface TemplateRow {
  code: string;
  unit_name: string;
  criterion_no: number;
  criterion_name_vi: string;
  criterion_name_en: string;
  met: boolean;
  evidence: string | null;
  evidence_date: string | null;
}

/**
 * The current criteria statuses of a year in the upload format ("download → edit → upload"):
 * the commune rows when communes were assessed that year, the village rows when villages were,
 * limited to the units under `units` (province, district or commune codes; none: all). The
 * names are extra columns the upload ignores. An unchanged file uploaded back changes nothing;
 * a year the app does not show has no template (null).
 */
export async function criteriaTemplate(sql: Sql, q: { year: number; units: string[] | null; lang: Lang }): Promise<string | null> {
  const scopes = (await sql<{ scope: 'commune' | 'village' }[]>`SELECT scope FROM assessment WHERE year = ${q.year}`).map((a) => a.scope);
  if (scopes.length === 0) return null;
  const units = q.units ?? [];
  const all = units.length === 0;
  const communes = scopes.includes('commune')
    ? await sql<TemplateRow[]>`
        SELECT s.commune_code AS code, u.full_name AS unit_name, s.criterion_no, k.name_vi AS criterion_name_vi, k.name_en AS criterion_name_en,
               s.met, s.evidence, s.evidence_date::text AS evidence_date
        FROM commune_criterion_status s
        JOIN admin_unit u ON u.code = s.commune_code
        JOIN assessment a ON a.scope = 'commune' AND a.year = s.year
        JOIN criterion k ON k.set_id = a.criteria_set_id AND k.no = s.criterion_no
        WHERE s.year = ${q.year}
          AND (${all} OR u.code IN ${sql(all ? [''] : units)} OR u.parent_code IN ${sql(all ? [''] : units)}
               OR u.parent_code IN (SELECT code FROM admin_unit WHERE parent_code IN ${sql(all ? [''] : units)}))
        ORDER BY s.commune_code, s.criterion_no`
    : [];
  const villages = scopes.includes('village')
    ? await sql<TemplateRow[]>`
        SELECT s.village_code AS code, v.name || ' – ' || u.full_name AS unit_name, s.criterion_no, k.name_vi AS criterion_name_vi, k.name_en AS criterion_name_en,
               s.met, s.evidence, s.evidence_date::text AS evidence_date
        FROM village_criterion_status s
        JOIN village v ON v.code = s.village_code
        JOIN admin_unit u ON u.code = v.commune_code
        JOIN assessment a ON a.scope = 'village' AND a.year = s.year
        JOIN criterion k ON k.set_id = a.criteria_set_id AND k.no = s.criterion_no
        WHERE s.year = ${q.year}
          AND (${all} OR u.code IN ${sql(all ? [''] : units)} OR u.parent_code IN ${sql(all ? [''] : units)}
               OR u.parent_code IN (SELECT code FROM admin_unit WHERE parent_code IN ${sql(all ? [''] : units)}))
        ORDER BY s.village_code, s.criterion_no`
    : [];
  const rows: CsvValue[][] = [TEMPLATE_HEADER[q.lang]];
  for (const r of [...communes, ...villages]) {
    rows.push([r.code, q.year, r.criterion_no, MET_WORD[q.lang][r.met ? 1 : 0], r.evidence, dateCell(r.evidence_date), r.unit_name, q.lang === 'vi' ? r.criterion_name_vi : r.criterion_name_en]);
  }
  return toCsv(rows, q.lang);
}
