import { Hono } from 'hono';
import { authorize } from '../auth/guards.ts';
import { CriteriaUploadBody } from '../domain/ntm.ts';
import { readJson } from '../http/validate.ts';
import { uploadCriteria } from '../services/criteria-upload.ts';
import { writeContext } from '../write/context.ts';

/**
 * Criteria status in bulk an editor uploads a CSV; any bad row refuses the whole file
 * with 422 and a line-numbered report, a good file is written in one transaction
 * (services/criteria-upload.ts).
 *
 *   POST /api/ntm/criteria/upload   {csv: "<file text>", fileName?: "…"}   (JSON, like every write)
 */
export const criteriaUpload = new Hono().post('/criteria/upload', async (c) => {
  const user = await authorize(c, 'editor');
  const body = await readJson(c, CriteriaUploadBody);
  return c.json(await uploadCriteria(await writeContext(c), user.scopes, body.csv, body.fileName));
});
