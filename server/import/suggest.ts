/**
 * Name suggestions: rows are matched by official code only, never by name; where a row's code is
 * missing or not in the register, the units (or villages) whose name folds to the row's name are
 * offered as a warning so a person can put the code into the file. Folding is domain/text.ts's
 * (Đăk/Đắk/Đak, Ngọk/Ngọc, dropped spaces and kind prefixes: 'Xã ĐắkHà' ~ 'Đăk Hà').
 */
import type { Sql } from 'postgres';
import { foldCompact, shortUnitName } from '../domain/text.ts';
import type { TargetDef } from './targets.ts';

const fold = (name: string) => foldCompact(shortUnitName(name.trim()));

/** Adds a 'name_suggestion' warning to each unmatched row whose name matches known names. */
export async function suggestByName(tx: Sql, batchId: number, t: TargetDef): Promise<void> {
  if (!['communes', 'districts', 'villages'].includes(t.id)) return;
  await suggest(tx, batchId, t.id === 'villages' ? 'village' : t.id === 'communes' ? 'commune' : 'district', null, 'name');
}

/**
 * The same for a table of records that names its unit by an official code in `codeField` (the
 * report tables): rows whose code is missing or not in the register, with a name in `nameField`.
 */
export function suggestCodes(tx: Sql, batchId: number, kind: 'commune' | 'district' | 'village', codeField: string, nameField: string): Promise<void> {
  return suggest(tx, batchId, kind, codeField, nameField);
}

async function suggest(tx: Sql, batchId: number, kind: 'commune' | 'district' | 'village', codeField: string | null, nameField: string): Promise<void> {
  const code = codeField == null ? tx`s.key` : tx`s.attrs->>${codeField}`;
  const unmatched = await tx<{ row_no: number; key: string | null; code: string | null; name: string; commune: string | null }[]>`
    SELECT s.row_no, s.key, ${code} AS code, s.attrs->>${nameField} AS name, s.attrs->>'commune_code' AS commune
    FROM import_staged s
    WHERE s.batch_id = ${batchId} AND coalesce(s.attrs->>${nameField}, '') <> ''
      AND (${code} IS NULL OR ${kind === 'village'
        ? tx`NOT EXISTS (SELECT 1 FROM village v WHERE v.code = ${code})`
        : tx`NOT EXISTS (SELECT 1 FROM admin_unit a WHERE a.code = ${code} AND a.level = ${kind})`})
    ORDER BY s.row_no LIMIT 5000`;
  if (unmatched.length === 0) return;
  const known =
    kind === 'village'
      ? await tx<{ code: string; name: string; parent: string | null }[]>`SELECT code, name, commune_code AS parent FROM village`
      : await tx<{ code: string; name: string; parent: string | null }[]>`
          SELECT code, full_name AS name, parent_code AS parent FROM admin_unit WHERE level = ${kind}`;
  type Known = { code: string; name: string; parent: string | null };
  const byName = new Map<string, Known[]>();
  for (const k of known) {
    const f = fold(k.name);
    byName.set(f, [...(byName.get(f) ?? []), k]);
  }
  const issues = unmatched.flatMap((r) => {
    let hits: Known[] = byName.get(fold(r.name)) ?? [];
    // a village name repeats across communes: keep those of the row's commune when it names one
    if (kind === 'village' && r.commune && hits.some((h) => h.parent === r.commune)) hits = hits.filter((h) => h.parent === r.commune);
    if (hits.length === 0) return [];
    const list = hits.slice(0, 5).map((h) => `${h.name} (${h.code})`).join('; ');
    const why = r.code == null ? ['Thiếu mã', 'No code'] : [`Mã ${r.code} không có trong danh mục`, `Code ${r.code} is not in the register`];
    return [{
      row_no: r.row_no,
      key: r.key,
      vi: `${why[0]}; theo tên "${r.name}" có thể là: ${list} — hãy ghi mã vào tệp (không ghép theo tên)`,
      en: `${why[1]}; by the name "${r.name}" it may be: ${list} — put the code into the file (rows are never matched by name)`,
    }];
  });
  if (issues.length === 0) return;
  await tx`
    INSERT INTO import_issue (batch_id, row_no, key, severity, code, vi, en)
    SELECT ${batchId}, r.row_no, r.key, 'warning', 'name_suggestion', r.vi, r.en
    FROM json_to_recordset(${JSON.stringify(issues)}::text::json) AS r(row_no int, key text, vi text, en text)`;
}
