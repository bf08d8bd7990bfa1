import { Hono } from 'hono';
import { z } from 'zod';
import { authorize } from '../auth/guards.ts';
import { UnitCode, Year } from '../domain/api.ts';
import { CriteriaUploadBody } from '../domain/ntm.ts';
import { attachment, CSV_TYPE } from '../domain/csv.ts';
import { HttpError } from '../http/errors.ts';
import { readJson, validate } from '../http/validate.ts';
import { criteriaTemplate, uploadText } from '../services/criteria-csv.ts';
import { uploadCriteria } from '../services/criteria-upload.ts';
import { writeContext } from '../write/context.ts';

/**
 * Criteria status in bulk: an editor uploads a CSV; any bad row refuses the whole file with 422 and
 * a line-numbered report, a good file is written in one transaction (services/criteria-upload.ts).
 *
 *   POST /api/ntm/criteria/upload   {file: "<bytes, base64>", encoding?: "auto"|…, fileName?: "…"}
 *                                   or {csv: "<file text>", …}   (JSON, like every write)
 * The bytes may be UTF-8, Windows-1258, TCVN3 or VNI (what Excel and the old fonts save): they
 * are decoded by what they are, and a file that cannot be read is refused (services/criteria-csv.ts).
 */

/** GET /api/ntm/criteria.csv?year=2023[&units=608,616][&lang=vi]: the current statuses in the upload format. */
const TemplateQuery = z.object({
  year: Year,
  units: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : null))
    .pipe(z.array(UnitCode).max(50).nullable()),
  lang: z.enum(['vi', 'en']).default('vi'),
});

export const criteriaUpload = new Hono();

criteriaUpload.get('/criteria.csv', validate('query', TemplateQuery), async (c) => {
  const q = c.req.valid('query');
  const csv = await criteriaTemplate(c.var.sql, q);
  if (csv == null) throw new HttpError(404, 'no_assessment', `Năm ${q.year} không có đợt đánh giá nào`, `No assessment in ${q.year}`);
  const name = `tieu-chi-NTM_${q.year}${q.units ? `_${q.units.join('-')}` : ''}.csv`;
  return c.body(csv, 200, { 'Content-Type': CSV_TYPE, 'Content-Disposition': attachment(name), 'Cache-Control': 'no-store' });
});

criteriaUpload.post('/criteria/upload', async (c) => {
  const user = await authorize(c, 'editor');
  const body = await readJson(c, CriteriaUploadBody);
  const { text, encoding } = uploadText(body);
  return c.json({ ...(await uploadCriteria(await writeContext(c), user.scopes, text, body.fileName)), encoding });
});
