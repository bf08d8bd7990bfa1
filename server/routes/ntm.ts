import { Hono, type Context } from 'hono';
import type { Sql } from 'postgres';
import { NtmExportQuery, NtmTablesQuery, type NtmTablesQueryInput } from '../domain/ntm.ts';
import { validate } from '../http/validate.ts';
import { listAssessments } from '../services/assessments.ts';
import { ntmTables } from '../services/ntm-tables.ts';
import { exportFileName, exportTables, tableCsv, tablesXlsx, type VillageExportInput } from '../services/ntm-export.ts';
import { villageStats } from '../services/village-stats.ts';
import { PROVINCE_CODE } from '../domain/geo.ts';
import type { NtmReportResponse } from '../domain/report-table.ts';
import { recordTables, recordTablesInput } from '../services/report-record-tables.ts';

/**
 * The NTM tables for leaders, per province (by district) or per district, any year:
 *
 *   GET /api/ntm/tables?year=2020[&district=608][&compare=2015]        JSON (NtmTablesResponse)
 *   GET /api/ntm/report?year=2020[&…][&lang=en]                        the figures and the seven tables laid out (NtmReportResponse)
 *   GET /api/ntm/tables.csv?year=2020&table=criteria[&lang=en]         one appendix table as CSV
 *   GET /api/ntm/tables.xlsx?year=2020[&district=…][&compare=…]        every table, one sheet each
 *
 * Each takes era=after (the units of 1 July 2025: per new unit, counts of its old xã; no district
 * nor compare); era=before, the default, is the report era, unchanged.
 *
 * Tables: criteria (x/N per criterion), bands, levels (NTM / nâng cao / kiểu mẫu and targets),
 * weakest, communes (the per-commune matrix), changes (with compare), villages (report 000).
 */
export const ntm = new Hono();

ntm.get('/tables', validate('query', NtmTablesQuery), async (c) => c.json(await ntmTables(c.var.sql, c.req.valid('query'))));

/**
 * The village figures to print beside the commune tables: the latest village assessment up to
 * the year, its increase since the earliest village year before it; per district for the
 * province, per commune/ward for a district. Null when villages were not assessed by then.
 */
async function villageInput(sql: Sql, q: NtmTablesQueryInput): Promise<VillageExportInput | null> {
  const years = (await listAssessments(sql)).filter((a) => a.scope === 'village').map((a) => a.year).sort((a, b) => a - b);
  const year = years.filter((y) => y <= q.year).at(-1);
  if (year === undefined) return null;
  const baseline = years.find((y) => y < year);
  if (q.era === 'after') {
    // from 1 July 2025: per unit of that day, for the province (no districts)
    const stats = await villageStats(sql, PROVINCE_CODE, year, baseline, 'after');
    return { stats, byDistrict: stats.byUnit2025 ?? [], era: 'after' };
  }
  const stats = await villageStats(sql, q.district ?? PROVINCE_CODE, year, baseline);
  return { stats, byDistrict: q.district ? null : stats.byDistrict };
}

async function tablesFor(c: Context, q: NtmTablesQueryInput & { lang: 'vi' | 'en' }) {
  const t = await ntmTables(c.var.sql, q);
  const villages = await villageInput(c.var.sql, q);
  // the report records: under era=after the village and commune tables are regrouped by new unit,
  // funding and capital stay by former district (server/services/report-record-tables.ts)
  const records = await recordTablesInput(c.var.sql, q);
  return { t, tables: [...exportTables(t, villages, q.lang), ...recordTables(records, q.lang)] };
}

/** What the screen shows: the same seven tables as the files, in the user's language. */
ntm.get('/report', validate('query', NtmExportQuery), async (c) => {
  const { t, tables } = await tablesFor(c, c.req.valid('query'));
  return c.json({ data: t, tables } satisfies NtmReportResponse);
});

const disposition = (name: string) => `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`;

ntm.get('/tables.csv', validate('query', NtmExportQuery), async (c) => {
  const q = c.req.valid('query');
  const { t, tables } = await tablesFor(c, q);
  const table = tables.find((x) => x.id === q.table)!;
  return c.body(tableCsv(table, q.lang), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': disposition(exportFileName(t, table, 'csv')),
    'Cache-Control': 'no-store',
  });
});

ntm.get('/tables.xlsx', validate('query', NtmExportQuery), async (c) => {
  const q = c.req.valid('query');
  const { t, tables } = await tablesFor(c, q);
  const body = await tablesXlsx(tables, q.lang);
  return c.body(body as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'Content-Disposition': disposition(exportFileName(t, null, 'xlsx')),
    'Cache-Control': 'no-store',
  });
});
