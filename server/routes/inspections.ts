import { Hono } from 'hono';
import { z } from 'zod';
import { authorize, namesForReader, requireScope } from '../auth/guards.ts';
import { readJson, readQuery } from '../http/validate.ts';
import { INSPECTION_BODY_LIMIT, InspectionBody } from '../domain/forest.ts';
import { notFound } from '../http/errors.ts';
import { checkRecordable, inspectionPhoto, inspectionRecord, plantingTarget, recordInspection, replay } from '../services/inspections.ts';
import { smallBodies } from '../http/body-limit.ts';
import { writeContext } from '../write/context.ts';
import { PathId } from '../domain/bounds.ts';

/**
 * Acceptance inspections (nghiệm thu).
 *
 *   POST /api/inspections                     record one (inspector, scope = the lô's commune)
 *   GET  /api/inspections/:id                 one inspection with its plots and computed survival
 *   GET  /api/inspections/:id/photos/:no      a photo taken with it
 *
 * POST answers 201 with the new inspection, or 200 with the first result when the same
 * clientRequestId was recorded before (a retry from a poor connection); 409 `version_conflict` with
 * `current` (the planting's newest inspection) when another inspection was recorded since the one
 * the client saw (`lastInspectionId`); 422 with the plot's number when its counts do not add up.
 */
const IdParam = z.object({ id: PathId() });
const PhotoParam = IdParam.extend({ no: PathId(20) });

export const inspections = new Hono()
  .post('/', smallBodies(INSPECTION_BODY_LIMIT), async (c) => {
    await authorize(c, 'inspector');
    const body = await readJson(c, InspectionBody);
    const g = await plantingTarget(c.var.sql, body.plantingId);
    await requireScope(c, 'inspector', g.communeCode);
    const prior = await replay(c.var.sql, body.clientRequestId, g.id);
    if (prior) return c.json(prior, 200);
    checkRecordable(g, body);
    const r = await recordInspection(await writeContext(c), body);
    return c.json(r.response, r.created ? 201 : 200);
  })
  .get('/:id', async (c) => {
    const { id } = readQuery(c, IdParam, c.req.param());
    const r = await inspectionRecord(c.var.sql, id);
    if (!r) throw notFound({ vi: `lần kiểm tra ${id}`, en: `Inspection ${id}` });
    return c.json(await namesForReader(c, r));
  })
  .get('/:id/photos/:no', async (c) => {
    const { id, no } = readQuery(c, PhotoParam, c.req.param());
    const p = await inspectionPhoto(c.var.sql, id, no);
    return c.body(p.data as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': p.contentType, 'Cache-Control': 'private, max-age=86400', 'X-Content-Type-Options': 'nosniff' });
  });
