import { Hono, type Context } from 'hono';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { CriterionStatusBody, type CriterionStatusInput, type CriterionStatusRecord } from '../auth/contract.ts';
import { authErrors } from '../auth/errors.ts';
import { authorize, requireScope } from '../auth/guards.ts';
import { readJson, readQuery } from '../auth/input.ts';
import { assertVersion, withWrite } from '../auth/write.ts';
import { UnitCode, VillageCode, Year } from '../domain/api.ts';
import { notFound } from '../http/errors.ts';
import { smallBodies } from './auth.ts';

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
 */

/** Where each kind of status lives (identifiers are constants of this file, never input). */
const KINDS = {
  commune: { scope: 'commune', table: 'commune_criterion_status', key: 'commune_code', layer: 'communes' },
  village: { scope: 'village', table: 'village_criterion_status', key: 'village_code', layer: 'villages' },
} as const;
type Kind = (typeof KINDS)[keyof typeof KINDS];

const CriterionNo = z.coerce.number().int().min(1).max(99);
const CommuneParams = z.object({ code: UnitCode, year: Year, no: CriterionNo });
const VillageParams = z.object({ code: VillageCode, year: Year, no: CriterionNo });

interface StatusKey {
  unitCode: string;
  year: number;
  criterionNo: number;
}

interface StatusRow {
  unit_code: string;
  year: number;
  criterion_no: number;
  met: boolean;
  evidence: string | null;
  evidence_date: string | null;
  version: number;
}

const toRecord = (r: StatusRow): CriterionStatusRecord => ({
  unitCode: r.unit_code,
  year: r.year,
  criterionNo: r.criterion_no,
  met: r.met,
  evidence: r.evidence,
  evidenceDate: r.evidence_date,
  version: r.version,
});

const RETURNING = (tx: Sql, k: Kind) =>
  tx`${tx(k.key)} AS unit_code, year, criterion_no, met, evidence, evidence_date::text AS evidence_date, version`;

async function readStatus(tx: Sql, k: Kind, key: StatusKey, lock: boolean): Promise<CriterionStatusRecord | null> {
  const [row] = await tx<StatusRow[]>`
    SELECT ${RETURNING(tx, k)} FROM ${tx(k.table)}
    WHERE ${tx(k.key)} = ${key.unitCode} AND year = ${key.year} AND criterion_no = ${key.criterionNo}
    ${lock ? tx`FOR UPDATE` : tx``}`;
  return row ? toRecord(row) : null;
}

/**
 * 422 unless a criteria set of this scope covers the year (the assessment's set when the year has
 * one) and the criterion belongs to it.
 */
async function checkCriterion(sql: Sql, k: Kind, year: number, no: number): Promise<void> {
  const [set] = await sql<{ id: string; has: boolean }[]>`
    SELECT cs.id, EXISTS (SELECT 1 FROM criterion c WHERE c.set_id = cs.id AND c.no = ${no}) AS has
    FROM criteria_set cs
    LEFT JOIN assessment a ON a.scope = cs.scope AND a.year = ${year}
    WHERE cs.scope = ${k.scope}
      AND (a.criteria_set_id = cs.id OR (a.year IS NULL AND ${year} BETWEEN cs.year_from AND cs.year_to))
    ORDER BY cs.year_from DESC
    LIMIT 1`;
  if (!set) {
    throw authErrors.unprocessable(`Không có bộ tiêu chí nào áp dụng cho năm ${year}`, `No criteria set applies to ${year}`);
  }
  if (!set.has) {
    throw authErrors.unprocessable(`Bộ tiêu chí ${set.id} không có tiêu chí số ${no}`, `Criteria set ${set.id} has no criterion ${no}`);
  }
}

/** 422 for an evidence date after today (Vietnam time, a day's grace for clocks). */
function checkEvidenceDate(body: CriterionStatusInput): void {
  if (body.evidenceDate === null) return;
  const tomorrow = new Date(Date.now() + 7 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
  if (body.evidenceDate > tomorrow) {
    throw authErrors.unprocessable('Ngày của minh chứng không được ở tương lai', 'The evidence date cannot be in the future');
  }
}

const sameValues = (r: CriterionStatusRecord, b: CriterionStatusInput) =>
  r.met === b.met && r.evidence === b.evidence && r.evidenceDate === b.evidenceDate;

/**
 * Creates or replaces one status in one audited transaction: locks the row, checks the version,
 * writes, records before/after, bumps the layer's data version. Two writers of the same version:
 * one succeeds, the other gets 409 (for a new record the second INSERT finds the first's row).
 */
async function writeStatus(c: Context, k: Kind, key: StatusKey, body: CriterionStatusInput): Promise<{ record: CriterionStatusRecord; created: boolean }> {
  const entityId = `${key.unitCode}/${key.year}/${key.criterionNo}`;
  const r = await withWrite(c, { entity: k.table, entityId, layers: [k.layer] }, async (tx) => {
    const before = await readStatus(tx, k, key, true);
    assertVersion(before, body.version);
    if (before && sameValues(before, body)) return { before, after: before, unchanged: true };
    let row: StatusRow | undefined;
    if (before) {
      [row] = await tx<StatusRow[]>`
        UPDATE ${tx(k.table)} SET met = ${body.met}, evidence = ${body.evidence}, evidence_date = ${body.evidenceDate}::date,
               version = version + 1
        WHERE ${tx(k.key)} = ${key.unitCode} AND year = ${key.year} AND criterion_no = ${key.criterionNo}
        RETURNING ${RETURNING(tx, k)}`;
    } else {
      [row] = await tx<StatusRow[]>`
        INSERT INTO ${tx(k.table)} (${tx(k.key)}, year, criterion_no, met, evidence, evidence_date, version)
        VALUES (${key.unitCode}, ${key.year}, ${key.criterionNo}, ${body.met}, ${body.evidence}, ${body.evidenceDate}::date, 1)
        ON CONFLICT DO NOTHING
        RETURNING ${RETURNING(tx, k)}`;
      if (!row) throw authErrors.conflict(await readStatus(tx, k, key, false)); // created concurrently
    }
    return { before, after: toRecord(row!) };
  });
  return { record: r.after as CriterionStatusRecord, created: r.before === null };
}

/** Mounted at /api: the body limit is per route, so other /api routes keep theirs. */
const EDIT_BODY_LIMIT = 32 * 1024;

export const edits = new Hono()
  .put('/communes/:code/criteria/:year/:no', smallBodies(EDIT_BODY_LIMIT), async (c) => {
    await authorize(c, 'editor');
    const p = readQuery(c, CommuneParams, c.req.param());
    const chain = await requireScope(c, 'editor', p.code);
    const body = await readJson(c, CriterionStatusBody);
    const [unit] = await c.var.sql<{ in_ntm_programme: boolean }[]>`SELECT in_ntm_programme FROM admin_unit WHERE code = ${p.code}`;
    if (chain[0]!.level !== 'commune' || !unit?.in_ntm_programme) {
      throw authErrors.unprocessable(
        `${chain[0]!.fullName} không được đánh giá theo bộ tiêu chí NTM cấp xã`,
        `${chain[0]!.fullName} is not assessed on the commune NTM criteria`,
      );
    }
    await checkCriterion(c.var.sql, KINDS.commune, p.year, p.no);
    checkEvidenceDate(body);
    const r = await writeStatus(c, KINDS.commune, { unitCode: p.code, year: p.year, criterionNo: p.no }, body);
    return c.json(r.record, r.created ? 201 : 200);
  })
  .put('/villages/:code/criteria/:year/:no', smallBodies(EDIT_BODY_LIMIT), async (c) => {
    await authorize(c, 'editor');
    const p = readQuery(c, VillageParams, c.req.param());
    const [village] = await c.var.sql<{ commune_code: string }[]>`SELECT commune_code FROM village WHERE code = ${p.code}`;
    if (!village) throw notFound({ vi: 'thôn', en: 'Village' });
    await requireScope(c, 'editor', village.commune_code);
    const body = await readJson(c, CriterionStatusBody);
    await checkCriterion(c.var.sql, KINDS.village, p.year, p.no);
    checkEvidenceDate(body);
    const r = await writeStatus(c, KINDS.village, { unitCode: p.code, year: p.year, criterionNo: p.no }, body);
    return c.json(r.record, r.created ? 201 : 200);
  });
