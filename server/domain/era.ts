/**
 * Which map of units a screen, a table, a statistic or an export shows: 'before' the
 * reorganisation of 1 July 2025 (the 102 old communes under their districts, the reports' era,
 * the default) or 'after' it (the 40 new communes and wards, no district level). The one
 * definition shared by the API's `era` parameter, the map's era switch (derived from its layers,
 * web/src/layers/units2025/era.ts) and the tables' and dashboard's screens. Pure: shared with the browser.
 */
import { z } from 'zod';

export const ERAS = ['before', 'after'] as const;
export type Era = (typeof ERAS)[number];

/** The `era` query parameter: absent means 'before' (every answer of the report era stays as it was). */
export const EraParam = z.enum(ERAS, { error: 'era phải là "before" (trước 1/7/2025) hoặc "after" (từ 1/7/2025) / era must be "before" or "after"' }).default('before');

export const isEra = (s: unknown): s is Era => s === 'before' || s === 'after';
