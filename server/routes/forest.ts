import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { readQuery } from '../http/validate.ts';
import { PlantingExportQuery, ProgressQuery, WorklistQuery } from '../domain/forest.ts';
import { attachment, tableCsv, tableXlsx, XLSX_TYPE, type ExportLang, type ExportTable } from '../services/forest-export.ts';
import { replantWorklist, worklistTable } from '../services/forest-worklist.ts';
import { plantedUnits, plantingStats } from '../services/planting-stats.ts';
import { plantingTable } from '../services/planting-export.ts';
import { plantingProgress } from '../services/planting-progress.ts';
import { worklistFile as worklistGisFile } from '../services/gis-export.ts';

/**
 * Forest reports, read-only:
 *
 *   GET /api/forest/worklist[.csv|.xlsx]   lô needing replanting (trồng dặm): ?plantingYear&unit&funding&includeRejected&limit&lang
 *   GET /api/forest/worklist.gpkg|.shp.zip|.kml|.gpx   the same lô with their outlines (docs/exports.md)
 *   GET /api/forest/planting.csv|.xlsx     the acceptance table of a planting year (= /api/stats/planting): ?plantingYear&by&unit&lang
 *   GET /api/forest/progress               planting against the year's targets: ?year&unit
 *   GET /api/forest/units                  districts and communes with planted forest (filter choices)
 */
const LangQuery = z.object({ lang: z.enum(['vi', 'en']).default('vi') });

async function sendTable<R>(c: Context, t: ExportTable<R>, lang: ExportLang, format: 'csv' | 'xlsx', file: string): Promise<Response> {
  if (format === 'csv') {
    return c.body(tableCsv(t, lang), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': attachment(`${file}.csv`) });
  }
  const body = await tableXlsx(t, lang);
  return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': XLSX_TYPE, 'Content-Disposition': attachment(`${file}.xlsx`) });
}

const worklistQuery = (c: Context) => readQuery(c, WorklistQuery.extend(LangQuery.shape));

async function worklistFile(c: Context, format: 'csv' | 'xlsx'): Promise<Response> {
  const q = worklistQuery(c);
  const w = await replantWorklist(c.var.sql, q);
  const file = `trong-dam${q.plantingYear ? `-${q.plantingYear}` : ''}${q.unit ? `-${q.unit}` : ''}`;
  return sendTable(c, worklistTable(w, q.lang), q.lang, format, file);
}

async function plantingFile(c: Context, format: 'csv' | 'xlsx'): Promise<Response> {
  const q = readQuery(c, PlantingExportQuery.extend(LangQuery.shape));
  const s = await plantingStats(c.var.sql, q.plantingYear, q.by, q.unit, q.era);
  const file = `nghiem-thu-${q.plantingYear}${q.unit ? `-${q.unit}` : ''}-${q.era === 'after' ? 'xa-moi' : q.by}`;
  return sendTable(c, plantingTable(s, q.lang), q.lang, format, file);
}

async function worklistGis(c: Context, format: 'gpkg' | 'shp' | 'kml' | 'gpx'): Promise<Response> {
  const q = worklistQuery(c);
  const f = await worklistGisFile(c.var.sql, await replantWorklist(c.var.sql, q), format, q.lang);
  return c.body(typeof f.body === 'string' ? f.body : (f.body as Uint8Array<ArrayBuffer>), 200, { 'Content-Type': f.type, 'Content-Disposition': attachment(f.fileName) });
}

export const forest = new Hono()
  .get('/worklist', async (c) => c.json(await replantWorklist(c.var.sql, worklistQuery(c))))
  .get('/worklist.csv', (c) => worklistFile(c, 'csv'))
  .get('/worklist.xlsx', (c) => worklistFile(c, 'xlsx'))
  .get('/worklist.gpkg', (c) => worklistGis(c, 'gpkg'))
  .get('/worklist.shp.zip', (c) => worklistGis(c, 'shp'))
  .get('/worklist.kml', (c) => worklistGis(c, 'kml'))
  .get('/worklist.gpx', (c) => worklistGis(c, 'gpx'))
  .get('/planting.csv', (c) => plantingFile(c, 'csv'))
  .get('/planting.xlsx', (c) => plantingFile(c, 'xlsx'))
  .get('/units', async (c) => c.json(await plantedUnits(c.var.sql)))
  .get('/progress', async (c) => {
    const q = readQuery(c, ProgressQuery);
    return c.json(await plantingProgress(c.var.sql, q.year, q.unit, q.era));
  });
