/**
 * Replace mode, checked before anything is written: which stored rows in the file's scope the file
 * lacks (they would be removed: listed as warnings), and which of those cannot go (errors). A lô
 * with a planting or an inspection, or named by a plan, is never removed by an import: the
 * planting history is the offices' record. Scopes: plots — the communes of the file's lô;
 * criteria — each commune/village and year of the file.
 */
import type { Sql } from 'postgres';
import type { TargetDef } from './targets.ts';
import { isReportTarget, validateTableReplace } from './report-tables.ts';

/** Stored lô in the communes of the file (valid rows) that the file does not name. SQL, $1 = batch id, alias x. */
export const PLOTS_GONE = `
  FROM forest_plot x
  WHERE x.commune_code IN (SELECT s.attrs->>'commune_code' FROM import_staged s WHERE s.batch_id = $1 AND s.action IN ('insert', 'update'))
    AND NOT EXISTS (SELECT 1 FROM import_staged s WHERE s.batch_id = $1 AND s.action IN ('insert', 'update')
                      AND x.tk = (s.attrs->>'tk')::int AND x.khoanh = (s.attrs->>'khoanh')::int AND x.lo = s.attrs->>'lo')`;

/** Stored statuses of the file's unit-years that the file does not name (both tables). */
const criteriaGone = (kind: 'commune' | 'village') => `
  FROM ${kind}_criterion_status x
  WHERE (x.${kind}_code, x.year) IN (SELECT s.attrs->>'code', (s.attrs->>'year')::int FROM import_staged s
                                      WHERE s.batch_id = $1 AND s.action IN ('insert', 'update') AND s.attrs->>'kind' = '${kind}')
    AND NOT EXISTS (SELECT 1 FROM import_staged s WHERE s.batch_id = $1 AND s.action IN ('insert', 'update') AND s.attrs->>'kind' = '${kind}'
                      AND s.attrs->>'code' = x.${kind}_code AND (s.attrs->>'year')::int = x.year AND (s.attrs->>'criterion')::int = x.criterion_no)`;
export const CRITERIA_GONE = { commune: criteriaGone('commune'), village: criteriaGone('village') };

/** Lists what a replace would remove (warnings) and what it may not (errors); returns how many rows it removes. */
export async function validateReplace(tx: Sql, batchId: number, t: TargetDef): Promise<number> {
  const add = (severity: 'error' | 'warning', code: string, key: string, vi: string, en: string, from: string) =>
    tx.unsafe(
      `INSERT INTO import_issue (batch_id, row_no, key, severity, code, vi, en) SELECT $1::bigint, NULL, ${key}, '${severity}', '${code}', ${vi}, ${en} ${from}`,
      [batchId],
    );
  if (isReportTarget(t.id)) return validateTableReplace(tx, batchId, t.id);
  if (t.id === 'plots') {
    const lo = `x.tk || '/' || x.khoanh || '/' || x.lo`;
    await add('warning', 'replace_removes', lo, `'Lô ' || ${lo} || ' (xã ' || x.commune_code || ') không có trong tệp: sẽ bị xóa (thay thế)'`,
      `'Lô ' || ${lo} || ' (commune ' || x.commune_code || ') is not in the file: it will be removed (replace)'`, PLOTS_GONE);
    await add('error', 'replace_in_use', lo,
      `'Lô ' || ${lo} || ' không có trong tệp nhưng có ' || concat_ws(', ', CASE WHEN EXISTS (SELECT 1 FROM planting g WHERE g.plot_id = x.id) THEN 'đợt trồng rừng' END, CASE WHEN EXISTS (SELECT 1 FROM inspection i WHERE i.plot_id = x.id) THEN 'nghiệm thu' END, CASE WHEN EXISTS (SELECT 1 FROM planting_plan_site p WHERE p.plot_id = x.id) THEN 'kế hoạch trồng' END) || ': không xóa được; thêm lô vào tệp hoặc nhập theo kiểu cập nhật'`,
      `'Lô ' || ${lo} || ' is not in the file but has ' || concat_ws(', ', CASE WHEN EXISTS (SELECT 1 FROM planting g WHERE g.plot_id = x.id) THEN 'plantings' END, CASE WHEN EXISTS (SELECT 1 FROM inspection i WHERE i.plot_id = x.id) THEN 'inspections' END, CASE WHEN EXISTS (SELECT 1 FROM planting_plan_site p WHERE p.plot_id = x.id) THEN 'planting plans' END) || ': it cannot be removed; add it to the file or import in merge mode'`,
      `${PLOTS_GONE} AND (EXISTS (SELECT 1 FROM planting g WHERE g.plot_id = x.id) OR EXISTS (SELECT 1 FROM inspection i WHERE i.plot_id = x.id)
           OR EXISTS (SELECT 1 FROM planting_plan_site p WHERE p.plot_id = x.id))`);
    const [n] = await tx.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n ${PLOTS_GONE}`, [batchId]);
    return n!.n;
  }
  if (t.id === 'criteria') {
    let total = 0;
    for (const kind of ['commune', 'village'] as const) {
      const key = `x.${kind}_code || '/' || x.year || '/' || x.criterion_no`;
      await add('warning', 'replace_removes', key,
        `'${kind === 'commune' ? 'Xã' : 'Thôn'} ' || x.${kind}_code || ', năm ' || x.year || ': tiêu chí ' || x.criterion_no || ' không có trong tệp, sẽ bị xóa (thay thế)'`,
        `'${kind === 'commune' ? 'Commune' : 'Village'} ' || x.${kind}_code || ', ' || x.year || ': criterion ' || x.criterion_no || ' is not in the file and will be removed (replace)'`,
        CRITERIA_GONE[kind]);
      const [n] = await tx.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n ${CRITERIA_GONE[kind]}`, [batchId]);
      total += n!.n;
    }
    return total;
  }
  return 0;
}
