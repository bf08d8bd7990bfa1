import { Hono } from 'hono';
import { z } from 'zod';
import { CriterionStatusBody } from '../auth/contract.ts';
import { authorize, requireScope } from '../auth/guards.ts';
import { UnitCode, VillageCode, Year } from '../domain/api.ts';
import { smallBodies } from '../http/body-limit.ts';
import { readJson, readParams } from '../http/validate.ts';
import { assertCommuneAssessed, checkCriterion, checkEvidenceDate, villageCommune, writeStatus } from '../services/criteria-status.ts';
import { writeContext } from '../write/context.ts';

/**
 * Scoped, audited, versioned writes: an editor sets a commune's or a
 * village's status on one criterion for one year.
 *
 *   PUT /api/communes/:code/criteria/:year/:no   {met, evidence, evidenceDate, version}
 *   PUT /api/villages/:code/criteria/:year/:no
 *
 * PUT replaces the record (evidence omitted = none). `version` is the one the client edited
 * (0 when the record does not exist yet): a stale one gets 409 with the current record. The
 * editor's scope must cover the commune (or the village's commune): 403 otherwise.
 * The rules and the write are services/criteria-status.ts.
 */
const CriterionNo = z.coerce.number().int().min(1).max(99);
const CommuneParams = z.object({ code: UnitCode, year: Year, no: CriterionNo });
const VillageParams = z.object({ code: VillageCode, year: Year, no: CriterionNo });

/** Mounted at /api: the body limit is per route, so other /api routes keep theirs. */
const EDIT_BODY_LIMIT = 32 * 1024;

export const edits = new Hono()
  .put('/communes/:code/criteria/:year/:no', smallBodies(EDIT_BODY_LIMIT), async (c) => {
    await authorize(c, 'editor');
    const p = readParams(c, CommuneParams);
    const chain = await requireScope(c, 'editor', p.code);
    const body = await readJson(c, CriterionStatusBody);
    await assertCommuneAssessed(c.var.sql, chain[0]!);
    await checkCriterion(c.var.sql, 'commune', p.year, p.no);
    checkEvidenceDate(body.evidenceDate);
    const r = await writeStatus(await writeContext(c), 'commune', { unitCode: p.code, year: p.year, criterionNo: p.no }, body);
    return c.json(r.record, r.created ? 201 : 200);
  })
  .put('/villages/:code/criteria/:year/:no', smallBodies(EDIT_BODY_LIMIT), async (c) => {
    await authorize(c, 'editor');
    const p = readParams(c, VillageParams);
    await requireScope(c, 'editor', await villageCommune(c.var.sql, p.code));
    const body = await readJson(c, CriterionStatusBody);
    await checkCriterion(c.var.sql, 'village', p.year, p.no);
    checkEvidenceDate(body.evidenceDate);
    const r = await writeStatus(await writeContext(c), 'village', { unitCode: p.code, year: p.year, criterionNo: p.no }, body);
    return c.json(r.record, r.created ? 201 : 200);
  });
