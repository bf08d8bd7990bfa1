/**
 * A commune's or a village's status on one NTM criterion in one year: the single edit
 * (PUT /api/communes|villages/:code/criteria/:year/:no) and the CSV upload write through here, so
 * both meet on the same tables, version numbers, audit rows and tile layers.
 */
import type { Sql } from 'postgres';
import type { CriterionStatusInput, CriterionStatusRecord } from '../auth/contract.ts';
import { notFound, unprocessable, conflict } from '../http/errors.ts';
import type { WriteContext } from '../write/context.ts';
import { assertVersion, auditEach, withWrite } from '../write/transaction.ts';

/** Where each kind of status lives. Identifiers are constants of this table, never input. */
export const STATUS_KINDS = {
  commune: { scope: 'commune', table: 'commune_criterion_status', key: 'commune_code', layer: 'communes' },
  village: { scope: 'village', table: 'village_criterion_status', key: 'village_code', layer: 'villages' },
} as const;
export type StatusKind = keyof typeof STATUS_KINDS;

/** Village codes carry the commune's code and a number ('23335-04'); commune codes do not. */
export const kindOfCode = (code: string): StatusKind => (code.includes('-') ? 'village' : 'commune');

export interface StatusKey {
  unitCode: string;
  year: number;
  criterionNo: number;
}
export const statusEntityId = (k: StatusKey) => `${k.unitCode}/${k.year}/${k.criterionNo}`;

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

const COLUMNS = (tx: Sql, kind: StatusKind) =>
  tx`${tx(STATUS_KINDS[kind].key)} AS unit_code, year, criterion_no, met, evidence, evidence_date::text AS evidence_date, version`;

async function readStatus(tx: Sql, kind: StatusKind, key: StatusKey, lock: boolean): Promise<CriterionStatusRecord | null> {
  const k = STATUS_KINDS[kind];
  const [row] = await tx<StatusRow[]>`
    SELECT ${COLUMNS(tx, kind)} FROM ${tx(k.table)}
    WHERE ${tx(k.key)} = ${key.unitCode} AND year = ${key.year} AND criterion_no = ${key.criterionNo}
    ${lock ? tx`FOR UPDATE` : tx``}`;
  return row ? toRecord(row) : null;
}

const sameValues = (r: CriterionStatusRecord, b: { met: boolean; evidence: string | null; evidenceDate: string | null }) =>
  r.met === b.met && r.evidence === b.evidence && r.evidenceDate === b.evidenceDate;

// ---------- checks ----------

/** 422 unless the commune (the first unit of its scope chain) is scored on the commune NTM criteria. */
export async function assertCommuneAssessed(sql: Sql, unit: { code: string; fullName: string; level: string }): Promise<void> {
  const [u] = await sql<{ in_ntm_programme: boolean }[]>`SELECT in_ntm_programme FROM admin_unit WHERE code = ${unit.code}`;
  if (unit.level !== 'commune' || !u?.in_ntm_programme) {
    throw unprocessable(`${unit.fullName} không được đánh giá theo bộ tiêu chí NTM cấp xã`, `${unit.fullName} is not assessed on the commune NTM criteria`);
  }
}

/** The commune of a village (its editor's scope is checked on it), or 404. */
export async function villageCommune(sql: Sql, villageCode: string): Promise<string> {
  const [v] = await sql<{ commune_code: string }[]>`SELECT commune_code FROM village WHERE code = ${villageCode}`;
  if (!v) throw notFound({ vi: 'thôn', en: 'Village' });
  return v.commune_code;
}

/**
 * 422 unless a criteria set of this scope covers the year (the assessment's set when the year has
 * one) and the criterion belongs to it.
 */
export async function checkCriterion(sql: Sql, kind: StatusKind, year: number, no: number): Promise<void> {
  const [set] = await sql<{ id: string; has: boolean }[]>`
    SELECT cs.id, EXISTS (SELECT 1 FROM criterion c WHERE c.set_id = cs.id AND c.no = ${no}) AS has
    FROM criteria_set cs
    LEFT JOIN assessment a ON a.scope = cs.scope AND a.year = ${year}
    WHERE cs.scope = ${STATUS_KINDS[kind].scope}
      AND (a.criteria_set_id = cs.id OR (a.year IS NULL AND ${year} BETWEEN cs.year_from AND cs.year_to))
    ORDER BY cs.year_from DESC
    LIMIT 1`;
  if (!set) throw unprocessable(`Không có bộ tiêu chí nào áp dụng cho năm ${year}`, `No criteria set applies to ${year}`);
  if (!set.has) throw unprocessable(`Bộ tiêu chí ${set.id} không có tiêu chí số ${no}`, `Criteria set ${set.id} has no criterion ${no}`);
}

/** The last date evidence may carry: tomorrow in Vietnam (UTC+7), a day's grace for clocks. */
export const latestEvidenceDate = () => new Date(Date.now() + 7 * 3600_000 + 86_400_000).toISOString().slice(0, 10);

/** 422 for an evidence date in the future. */
export function checkEvidenceDate(evidenceDate: string | null): void {
  if (evidenceDate !== null && evidenceDate > latestEvidenceDate()) {
    throw unprocessable('Ngày của minh chứng không được ở tương lai', 'The evidence date cannot be in the future');
  }
}

// ---------- writes ----------

/**
 * Creates or replaces one status in one audited transaction: locks the row, checks the version,
 * writes, records before/after, bumps the layer's data version. Two writers of the same version:
 * one succeeds, the other gets 409 (for a new record the second INSERT finds the first's row).
 */
export async function writeStatus(
  w: WriteContext,
  kind: StatusKind,
  key: StatusKey,
  body: CriterionStatusInput,
): Promise<{ record: CriterionStatusRecord; created: boolean }> {
  const k = STATUS_KINDS[kind];
  const r = await withWrite(w, { entity: k.table, entityId: statusEntityId(key), layers: [k.layer] }, async (tx) => {
    const before = await readStatus(tx, kind, key, true);
    assertVersion(before, body.version);
    if (before && sameValues(before, body)) return { before, after: before, unchanged: true };
    let row: StatusRow | undefined;
    if (before) {
      [row] = await tx<StatusRow[]>`
        UPDATE ${tx(k.table)} SET met = ${body.met}, evidence = ${body.evidence}, evidence_date = ${body.evidenceDate}::date,
               version = version + 1
        WHERE ${tx(k.key)} = ${key.unitCode} AND year = ${key.year} AND criterion_no = ${key.criterionNo}
        RETURNING ${COLUMNS(tx, kind)}`;
    } else {
      [row] = await tx<StatusRow[]>`
        INSERT INTO ${tx(k.table)} (${tx(k.key)}, year, criterion_no, met, evidence, evidence_date, version)
        VALUES (${key.unitCode}, ${key.year}, ${key.criterionNo}, ${body.met}, ${body.evidence}, ${body.evidenceDate}::date, 1)
        ON CONFLICT DO NOTHING
        RETURNING ${COLUMNS(tx, kind)}`;
      if (!row) throw conflict(await readStatus(tx, kind, key, false)); // created concurrently
    }
    return { before, after: toRecord(row!) };
  });
  return { record: r.after as CriterionStatusRecord, created: r.before === null };
}

export interface StatusValues extends StatusKey {
  kind: StatusKind;
  met: boolean;
  evidence: string | null;
  evidenceDate: string | null;
}

/** Lock order of a bulk write: kind, unit, year, criterion — the same for every writer. */
function lockOrder(a: StatusValues, b: StatusValues): number {
  return a.kind.localeCompare(b.kind) || a.unitCode.localeCompare(b.unitCode) || a.year - b.year || a.criterionNo - b.criterionNo;
}

/**
 * Writes many statuses in ONE audited transaction (the CSV upload): an audit row per changed
 * status and one for the whole write (`entity`), the touched layers' data versions bumped.
 * Rows equal to the stored ones are left alone. Rows are locked in one fixed order whatever the
 * order of the file, so two uploads of the same rows wait for each other instead of deadlocking.
 * Returns how many rows changed.
 */
export async function writeStatuses(
  w: WriteContext,
  rows: StatusValues[],
  target: { entity: string; entityId: string },
  summarise: (changed: number) => unknown,
): Promise<number> {
  const layers = [...new Set(rows.map((r) => STATUS_KINDS[r.kind].layer))];
  const ordered = [...rows].sort(lockOrder);
  const r = await withWrite(w, { ...target, layers, action: 'create' }, async (tx) => {
    let changed = 0;
    for (const v of ordered) {
      const k = STATUS_KINDS[v.kind];
      const cur = await readStatus(tx, v.kind, v, true);
      if (cur && sameValues(cur, v)) continue;
      const [after] = await tx<StatusRow[]>`
        INSERT INTO ${tx(k.table)} (${tx(k.key)}, year, criterion_no, met, evidence, evidence_date, version)
        VALUES (${v.unitCode}, ${v.year}, ${v.criterionNo}, ${v.met}, ${v.evidence}, ${v.evidenceDate}::date, 1)
        ON CONFLICT (${tx(k.key)}, year, criterion_no) DO UPDATE
          SET met = EXCLUDED.met, evidence = EXCLUDED.evidence, evidence_date = EXCLUDED.evidence_date,
              version = ${tx(k.table)}.version + 1
        RETURNING ${COLUMNS(tx, v.kind)}`;
      await auditEach(tx, w, { action: cur ? 'update' : 'create', entity: k.table, entityId: statusEntityId(v), before: cur, after: toRecord(after!) });
      changed++;
    }
    return { before: null, after: summarise(changed), unchanged: changed === 0, changed };
  });
  return r.changed;
}
