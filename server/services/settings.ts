import type { Sql } from 'postgres';
import { DEFAULT_THRESHOLDS, type SurvivalThresholds } from '../domain/classes.ts';

/**
 * Settings kept in the database (app_setting), so that an administrator changes them without a
 * deployment. Today: the survival thresholds that classify a new inspection.
 */

/** The survival thresholds in force (app_setting 'survival_thresholds'; 85 / 50 by default). */
export async function readThresholds(sql: Sql): Promise<SurvivalThresholds> {
  const [row] = await sql<{ value: SurvivalThresholds }[]>`SELECT value FROM app_setting WHERE key = 'survival_thresholds'`;
  return row?.value ?? DEFAULT_THRESHOLDS;
}

/** Stores new thresholds (inside the caller's transaction) and returns the ones they replace. */
export async function writeThresholds(tx: Sql, next: SurvivalThresholds): Promise<SurvivalThresholds> {
  const [current] = await tx<{ value: SurvivalThresholds }[]>`
    SELECT value FROM app_setting WHERE key = 'survival_thresholds' FOR UPDATE`;
  const value = { acceptedAbovePct: next.acceptedAbovePct, rejectedBelowPct: next.rejectedBelowPct };
  await tx`
    INSERT INTO app_setting (key, value) VALUES ('survival_thresholds', ${tx.json(value)})
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`;
  return current?.value ?? DEFAULT_THRESHOLDS;
}
